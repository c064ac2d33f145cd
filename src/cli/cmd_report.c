/*
 * cmd_report.c - `techzine report`: what happened to an issue's send,
 * from the journals, lists, suppression file, bounce log and click
 * counters (src/report/), as one HTML page, JSON, and a text summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "../list/list.h"
#include "../model/load.h"
#include "../util/alloc.h"
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

/* Which story a newsletter link belongs to: each story's web page
 * (<base-url>/<id>.html, where "Lees verder" and the headline go) and the
 * links in its lead. Only when the issue file can be read; without it the
 * clicks are counted per link alone. */
static int add_runs_links(struct tz_rpt_kvs *links, const struct tz_runs *r, const char *headline)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->items[i].href && !tz_rpt_kvs_find(links, r->items[i].href)) {
			if (tz_rpt_kvs_add(links, r->items[i].href, 0))
				return -1;
			struct tz_rpt_kv *kv = tz_rpt_kvs_find(links, r->items[i].href);
			if (!(kv->extra = tz_strdup(headline)))
				return -1;
		}
	return 0;
}

static int story_links(const char *arg, const char *issue_id, struct tz_rpt_kvs *links)
{
	char path[1200];
	struct tz_diags d;
	size_t l = strlen(arg);
	if (l > 4 && !strcmp(arg + l - 4, ".xml"))
		snprintf(path, sizeof path, "%s", arg);
	else
		snprintf(path, sizeof path, "issues/%s/issue.xml", issue_id);
	if (access(path, R_OK))
		return 0;
	tz_diags_init(&d);
	struct tz_issue *is = tz_issue_load(path, &d);
	tz_diags_release(&d);
	if (!is)
		return 0;
	int rc = 0;
	for (size_t s = 0; s < is->nsections && !rc; s++)
		for (size_t k = 0; k < is->sections[s].nstories && !rc; k++) {
			const struct tz_story *st = is->sections[s].stories[k];
			char url[1200];
			snprintf(url, sizeof url, "%s/%s.html", is->mail.base_url ? is->mail.base_url : "",
				 st->id);
			if (tz_rpt_kvs_add(links, url, 0)) {
				rc = -1;
				break;
			}
			struct tz_rpt_kv *kv = tz_rpt_kvs_find(links, url);
			if (!kv->extra && !(kv->extra = tz_strdup(st->text.headline)))
				rc = -1;
			if (!rc)
				rc = add_runs_links(links, &st->text.lead, st->text.headline);
		}
	tz_issue_free(is);
	return rc;
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
	char clicks_dir[1024];
	snprintf(clicks_dir, sizeof clicks_dir, "%s/clicks", sub_dir);
	struct tz_rpt_kvs links = {0};
	if (story_links(argv[optind], issue, &links)) {
		tz_rpt_kvs_release(&links);
		tz_error_nomem(&err);
		return tz_report(&err);
	}
	tz_today(today);
	tz_error_clear(&err);
	tz_campaign_init(&c);
	struct tz_rpt_inputs in = {issue, out_dir, sub_dir, list, today, clicks_dir, &links};
	int crc = tz_campaign_collect(&c, &in, &err);
	tz_rpt_kvs_release(&links);
	if (crc) {
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
