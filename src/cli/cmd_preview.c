/*
 * cmd_preview.c - `techzine preview`: the issue as the printer and a
 * subscriber will see it, rebuilt on every save (src/preview/).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../model/load.h"
#include "../preview/preview.h"
#include "../util/banned.h"

#define CMD "preview"

int cmd_preview(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"allow-remote", no_argument, NULL, 'R'},
		{"open", no_argument, NULL, 'O'},
		{"smtp", required_argument, NULL, 's'},
		{"test-to", required_argument, NULL, 't'},
		{"insecure-no-tls", no_argument, NULL, 'k'},
		{"once", no_argument, NULL, '1'},
		/* internal: the cold start's second renderer (pages_helper.c) */
		{"render-pages", required_argument, NULL, 'P'},
		{NULL, 0, NULL, 0}};
	struct tz_preview_config c;
	struct tz_error err;
	const char *render_pages = NULL;
	int opt;

	memset(&c, 0, sizeof c);
	c.listen = "127.0.0.1:8090";
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l': c.listen = optarg; break;
		case 'R': c.allow_remote = 1; break;
		case 'O': c.open_browser = 1; break;
		case 's': c.smtp = optarg; break;
		case 'k': c.insecure_no_tls = 1; break;
		case '1': c.once = 1; break;
		case 'P': render_pages = optarg; break;
		case 't':
			if (c.ntests >= TZ_PREVIEW_MAX_TESTS)
				return tz_usage_error(CMD, "at most %d --test-to addresses",
						      TZ_PREVIEW_MAX_TESTS);
			c.tests[c.ntests++] = optarg;
			break;
		default: return tz_usage_error(CMD, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return tz_usage_error(CMD, "give one issue file (issues/YYYY-MM/issue.xml)");
	tz_error_clear(&err);
	if (render_pages)
		return tz_preview_helper_main(render_pages, argv[optind], &err) ? tz_report(&err)
										: TZ_EXIT_OK;
	c.issue_path = argv[optind];
	c.data_dir = tz_data_dir();
	c.run = tz_run_command; /* the build steps, forked without exec */
	tz_error_clear(&err);
	int rc = tz_preview_run(&c, &err);
	if (rc < 0)
		return tz_report(&err);
	return rc ? TZ_EXIT_CONTENT : TZ_EXIT_OK;
}
