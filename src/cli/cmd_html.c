/*
 * cmd_html.c - `techzine html` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_html(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
