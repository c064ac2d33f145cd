/*
 * cmd_help.c - `techzine help [COMMAND]`, driven by the command table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "manpage.h"
#include "../util/banned.h"

void tz_print_overview(FILE *fp)
{
	fprintf(fp, "usage: techzine <command> [options]\n"
		    "       techzine --version | help [COMMAND]\n\ncommands:\n");
	for (const struct tz_command *c = tz_commands; c->name; c++)
		fprintf(fp, "  %-20s %s\n", c->name, c->summary);
	fprintf(fp, "\nexit status: 0 ok, 1 content errors, 2 usage, 3 I/O or "
		    "dependency failure,\n4 not every recipient delivered, 5 "
		    "interrupted (resumable)\n");
}

int cmd_help(int argc, char **argv)
{
	const struct tz_command *c;

	if (argc < 2) {
		tz_print_overview(stdout);
		return 0;
	}
	/* help --man [COMMAND]: the manual page in roff (the build writes
	 * them; see manpage.c) */
	if (!strcmp(argv[1], "--man")) {
		c = argc > 2 ? tz_command_find(argv[2]) : NULL;
		if (argc > 2 && !c) {
			fprintf(stderr, "techzine: '%s' is not a techzine command; see 'techzine help'\n",
				argv[2]);
			return 2;
		}
		return tz_man_write(stdout, c) ? 3 : 0;
	}
	c = tz_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "techzine: '%s' is not a techzine command; see 'techzine help'\n",
			argv[1]);
		return 2;
	}
	fputs(c->usage, stdout);
	return 0;
}
