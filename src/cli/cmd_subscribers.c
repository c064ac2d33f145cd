/*
 * cmd_subscribers.c - `techzine subscribers` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_subscribers(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
