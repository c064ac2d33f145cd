/*
 * cmd_check.c - `techzine check [--print] [--quiet] ISSUE.xml`: load the
 * issue with every check and print all findings as file:line: message.
 * Extra checks (print preflight, newsletter size) register in check_hooks.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../model/load.h"
#include "../model/ready.h"
#include "../util/banned.h"

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"print", no_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tz_diags diags;
	struct tz_issue *issue;
	struct tz_error err;
	int c, print = 0, quiet = 0, rc, failed = 0;
	size_t nstories = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "pqh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			print = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(tz_command_find("check")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("check", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("check", "expected exactly one ISSUE.xml");
	tz_diags_init(&diags);
	issue = tz_issue_load(argv[optind], &diags);
	tz_error_clear(&err);
	if (issue) {
		tz_check_ready(issue, TZ_SEV_ERROR, &diags);
		failed = tz_check_extra(issue, print, quiet, &diags, &err) < 0;
		for (size_t i = 0; i < issue->nsections; i++)
			nstories += issue->sections[i].nstories;
	}
	tz_diags_sort(&diags);
	tz_print_diags(&diags, quiet);
	if (failed) {
		rc = tz_report(&err);
	} else if (diags.errors || !issue) {
		fprintf(stderr, "%s: %zu error%s, %zu warning%s\n", argv[optind], diags.errors,
			diags.errors == 1 ? "" : "s", diags.warnings,
			diags.warnings == 1 ? "" : "s");
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
	} else {
		if (!quiet)
			printf("%s: ok (%zu sections, %zu stories, %zu warning%s)\n", argv[optind],
			       issue->nsections, nstories, diags.warnings,
			       diags.warnings == 1 ? "" : "s");
		rc = TZ_EXIT_OK;
	}
	tz_issue_free(issue);
	tz_diags_release(&diags);
	return rc;
}
