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
#include "cli/version.h"
#include "util/datadir.h"
#include "model/xmlsafe.h"
#include "util/banned.h"

/* Run one command (argv[0] its name) as `techzine NAME ...` does; the
 * preview's fork server runs its build steps with it too. */
int tz_run_command(int argc, char **argv)
{
	const struct tz_command *c = tz_command_find(argv[0]);
	int rc;

	if (!c) {
		fprintf(stderr, "techzine: '%s' is not a techzine command; see 'techzine help'\n",
			argv[0]);
		return TZ_EXIT_USAGE;
	}
	xmlInitParser();
	rc = c->fn(argc, argv);
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

int main(int argc, char **argv)
{
	/* techzine --data-dir DIR COMMAND ...: the data folder (datadir.h) */
	while (argc >= 2 && !strncmp(argv[1], "--data-dir", 10)) {
		const char *v = argv[1][10] == '=' ? argv[1] + 11 : NULL;
		int used = 1;
		if (!v && argv[1][10] == 0 && argc >= 3)
			v = argv[2], used = 2;
		if (!v || !v[0]) {
			fprintf(stderr, "techzine: --data-dir needs a folder (the one with schema/ "
					"and layouts/)\n");
			return TZ_EXIT_USAGE;
		}
		tz_data_dir_set(v);
		argv[used] = argv[0];
		argv += used;
		argc -= used;
	}
	if (argc < 2) {
		tz_print_overview(stderr);
		return TZ_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		if (tz_print_version(stdout) || fflush(stdout)) {
			fprintf(stderr, "techzine: cannot write standard output: %s\n",
				strerror(errno ? errno : EIO));
			return TZ_EXIT_IO;
		}
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(argc - 1, argv + 1);
	return tz_run_command(argc - 1, argv + 1);
}
