/*
 * cmd_report.c - `techzine report`: what happened to an issue's send,
 * from the journals, lists, suppression file, bounce log and click
 * counters (src/report/), as one HTML page, JSON, and a text summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../list/list.h"
#include "../report/campaign.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define CMD "report"

/* "issues/2026-12/issue.xml", "issues/2026-12" or "2026-12" -> "2026-12". */
static int issue_id(const char *arg, char *out, size_t n)
{
	const char *end = arg + strlen(arg), *start;
	size_t len;
	if (end - arg > 10 && !strcmp(end - 10, "/issue.xml"))
		end -= 10;
	while (end > arg && end[-1] == '/')
		end--;
	start = end;
	while (start > arg && start[-1] != '/')
		start--;
	len = (size_t)(end - start);
	if (len != 7 || start[4] != '-' || strspn(start, "0123456789") < 4 ||
	    strspn(start + 5, "0123456789") < 2 || len >= n)
		return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"list", required_argument, NULL, 'l'}, {"output", required_argument, NULL, 'o'},
		{"json", no_argument, NULL, 'j'},       {"out-dir", required_argument, NULL, 'O'},
		{"dir", required_argument, NULL, 'd'},  {NULL, 0, NULL, 0}};
	const char *list = NULL, *output = NULL, *out_dir = "out", *sub_dir = "subscribers";
	int json = 0, opt, rc;
	char issue[16], today[11], path[1200];
	struct tz_campaign c;
	struct tz_error err;
	struct tz_buf page, text;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l': list = optarg; break;
		case 'o': output = optarg; break;
		case 'j': json = 1; break;
		case 'O': out_dir = optarg; break;
		case 'd': sub_dir = optarg; break;
		default: return tz_usage_error(CMD, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return tz_usage_error(CMD, "give one issue (issues/2026-12/issue.xml or 2026-12)");
	if (issue_id(argv[optind], issue, sizeof issue))
		return tz_usage_error(CMD, "'%s' does not name an issue: give issues/YYYY-MM/issue.xml "
					   "or YYYY-MM", argv[optind]);
	if (list) { /* a list name or its file: subscribers/demo.csv -> demo */
		const char *slash = strrchr(list, '/');
		static char name[128];
		snprintf(name, sizeof name, "%s", slash ? slash + 1 : list);
		size_t l = strlen(name);
		if (l > 4 && !strcmp(name + l - 4, ".csv"))
			name[l - 4] = '\0';
		if (!name[0] || strchr(name, '.'))
			return tz_usage_error(CMD, "--list wants a list name such as 'demo'");
		list = name;
	}
	tz_today(today);
	tz_error_clear(&err);
	tz_campaign_init(&c);
	struct tz_rpt_inputs in = {issue, out_dir, sub_dir, list, today, NULL};
	if (tz_campaign_collect(&c, &in, &err)) {
		tz_campaign_release(&c);
		return tz_report(&err);
	}
	tz_buf_init(&page, 0);
	tz_buf_init(&text, 0);
	rc = json ? tz_campaign_json(&c, &page) : tz_campaign_html(&c, &page);
	if (!rc)
		rc = tz_campaign_text(&c, &text);
	if (rc) {
		tz_error_nomem(&err);
		goto fail;
	}
	if (json && !output) {
		fwrite(page.data, 1, page.len, stdout);
	} else {
		if (output)
			snprintf(path, sizeof path, "%s", output);
		else
			snprintf(path, sizeof path, "%s/%s/report.%s", out_dir, issue, json ? "json" : "html");
		if (tz_write_file_atomic(path, page.data, page.len, &err))
			goto fail;
		fputs(text.data, stdout);
		printf("  written: %s\n", path);
	}
	if (tz_flush_stream(stdout, "standard output", &err))
		goto fail;
	tz_buf_release(&page);
	tz_buf_release(&text);
	tz_campaign_release(&c);
	return TZ_EXIT_OK;
fail:
	tz_buf_release(&page);
	tz_buf_release(&text);
	tz_campaign_release(&c);
	return tz_report(&err);
}
