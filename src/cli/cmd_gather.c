/*
 * cmd_gather.c - `techzine gather` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_gather(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
