/*
 * cmd_check.c - `techzine check [--print] [--quiet] ISSUE.xml`: load the
 * issue with every check and print all findings as file:line: message.
 * Extra checks (print preflight, newsletter size) register in check_hooks;
 * --mail prints the sender's DNS records (check_mail.c).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../listserver/config.h"
#include "../model/load.h"
#include "../model/ready.h"
#include "../util/banned.h"

/* check --server FILE: the list server's configuration (schema/server.rng
 * and the checks the server makes before it starts). */
static int check_server(const char *path, int quiet)
{
	struct ls_config cfg;
	struct tz_diags d;
	int rc;
	tz_diags_init(&d);
	rc = ls_config_load(&cfg, path, "subscribers", &d);
	tz_diags_sort(&d);
	tz_print_diags(&d, quiet);
	if (rc || d.errors) {
		fprintf(stderr, "%s: %zu error%s\n", path, d.errors, d.errors == 1 ? "" : "s");
		rc = d.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
	} else {
		if (!quiet)
			printf("%s: ok (%s, %zu trusted prox%s, clicks %s)\n", path,
			       cfg.signup ? "sign-up on" : "no sign-up", cfg.nproxies,
			       cfg.nproxies == 1 ? "y" : "ies", cfg.track_clicks ? "counted" : "off");
		rc = TZ_EXIT_OK;
	}
	ls_config_release(&cfg);
	tz_diags_release(&d);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"print", no_argument, NULL, 'p'},
		{"proof", no_argument, NULL, 'P'},
		{"quiet", no_argument, NULL, 'q'},
		{"server", required_argument, NULL, 's'},
		{"mail", no_argument, NULL, 'm'},
		{"relay", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tz_diags diags;
	struct tz_issue *issue;
	struct tz_error err;
	int c, print = 0, quiet = 0, rc, failed = 0, failed_server = 0, mail = 0, proof = 0;
	const char *server = NULL, *relay = NULL;
	size_t nstories = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "pqh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			server = optarg;
			break;
		case 'P':
			proof = 1;
			break;
		case 'p':
			print = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'm':
			mail = 1;
			break;
		case 'r':
			relay = optarg;
			break;
		case 'h':
			fputs(tz_command_find("check")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("check", "unknown option");
		}
	}
	if (server && optind == argc)
		return check_server(server, quiet);
	if (optind != argc - 1)
		return tz_usage_error("check", "expected exactly one ISSUE.xml");
	if (server && check_server(server, quiet) != TZ_EXIT_OK)
		failed_server = 1;
	tz_diags_init(&diags);
	issue = tz_issue_load(argv[optind], &diags);
	tz_error_clear(&err);
	if (issue) {
		/* --proof (build): unfinished parts are warnings, for proofs */
		tz_check_ready(issue, proof ? TZ_SEV_WARNING : TZ_SEV_ERROR, &diags);
		failed = tz_check_extra(issue, print, quiet, &diags, &err) < 0 ||
			 (mail && tz_check_mail(issue, relay, quiet, &diags, &err) < 0);
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
	return rc == TZ_EXIT_OK && failed_server ? TZ_EXIT_CONTENT : rc;
}
