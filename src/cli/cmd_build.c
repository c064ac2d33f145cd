/*
 * cmd_build.c - `techzine build` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_build(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
