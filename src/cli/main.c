/*
 * main.c - techzine's entry point: find the command in the table, run it,
 * and make sure stdout reached its destination (a full disk is an error).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <fontconfig/fontconfig.h>
#include <libxml/parser.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "model/xmlsafe.h"
#include "util/banned.h"

int main(int argc, char **argv)
{
	const struct tz_command *c;
	int rc;

	if (argc < 2) {
		tz_print_overview(stderr);
		return TZ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("techzine %s\n", TZ_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	c = tz_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "techzine: '%s' is not a techzine command; see 'techzine help'\n",
			argv[1]);
		return TZ_EXIT_USAGE;
	}
	xmlInitParser();
	rc = c->fn(argc - 1, argv + 1);
	tz_xml_cleanup();
	xmlCleanupParser();
#ifndef NDEBUG
	/* Debug builds free fontconfig's process-lifetime caches, so a leak
	 * report (valgrind, LeakSanitizer) is clean without a suppression file;
	 * release builds leave them to the exit, as every fontconfig user does.
	 * Every command has released its fonts by now (FcFini asserts that). */
	FcFini();
#endif
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "techzine: cannot write standard output: %s\n",
			strerror(errno ? errno : EIO));
		return rc ? rc : TZ_EXIT_IO;
	}
	return rc;
}
