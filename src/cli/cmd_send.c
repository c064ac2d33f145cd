/*
 * cmd_send.c - `techzine send` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_send(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
