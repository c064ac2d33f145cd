/*
 * cmd_bounces.c - `techzine bounces` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_bounces(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
