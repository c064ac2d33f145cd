/*
 * cmd_unsubscribe_server.c - `techzine unsubscribe-server` (placeholder until its issue lands).
 */
#include "cli.h"
#include "commands.h"
#include "../util/banned.h"

int cmd_unsubscribe_server(int argc, char **argv)
{
	(void)argc;
	return tz_not_yet(argv[0]);
}
