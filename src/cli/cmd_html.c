/*
 * cmd_html.c - `techzine html ISSUE.xml [-o DIR] [--base-url URL]
 * [--lang nl|en]`: render the e-mail edition once, fill its slots with
 * preview values and write DIR/newsletter.html, DIR/newsletter.txt and the
 * web version DIR/web/. The HTML must stay under 100 KB (Gmail clips):
 * above that the files are still written, but the command names the
 * biggest stories and exits 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../listserver/config.h"
#include "../listserver/webform.h"
#include "../web/edition.h"
#include "../web/web.h"
#include "../util/banned.h"

/* Fill one template with the preview values and write it to dir/name. */
static int write_filled(const struct tz_template *t, const struct tz_slot_values *v,
			const char *dir, const char *name, size_t *size, struct tz_error *err)
{
	struct tz_buf out;
	char *path = tz_path_join(dir, name);
	int rc = -1;

	tz_buf_init(&out, 0);
	if (!path || tz_template_fill(t, v, &out))
		tz_error_nomem(err);
	else if (!tz_write_file_if_changed(path, out.data, out.len, err))
		rc = 0;
	*size = out.len;
	tz_buf_release(&out);
	free(path);
	return rc;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --list-server FILE: the sign-up form (framed from the list server) in
 * the web version's index.html and as web/aanmelden.html. */
static int add_signup_form(const char *config, const char *webdir)
{
	struct ls_config c;
	struct tz_diags d;
	struct tz_error err;
	int rc = TZ_EXIT_OK;
	tz_diags_init(&d);
	tz_error_clear(&err);
	if (ls_config_load(&c, config, "subscribers", &d) || !c.signup) {
		if (!d.errors)
			tz_diags_add(&d, TZ_SEV_ERROR, config, 0,
				     "the list server has no <signup>: there is no form to show");
		tz_print_diags(&d, 0);
		rc = TZ_EXIT_CONTENT;
	} else if (ls_webform_write(&c, webdir, &err))
		rc = tz_report(&err);
	ls_config_release(&c);
	tz_diags_release(&d);
	return rc;
}

/* Print the size verdict; returns 1 when over the limit. */
static int size_report(const struct tz_issue *issue, const struct tz_edition_options *opt,
		       size_t html_size)
{
	struct tz_error err;
	size_t n = 0, total = 0, *sizes;
	const struct tz_story **st;

	if (html_size <= TZ_NEWSLETTER_MAX_HTML)
		return 0;
	for (size_t i = 0; i < issue->nsections; i++)
		n += issue->sections[i].nstories;
	sizes = tz_calloc(n ? n : 1, sizeof(*sizes));
	st = tz_calloc(n ? n : 1, sizeof(struct tz_story *));
	fprintf(stderr, "techzine: newsletter.html is %zu KB, over the %zu KB limit (Gmail clips at about 102 KB)\n",
		(html_size + 1023) / 1024, TZ_NEWSLETTER_MAX_HTML / 1024);
	tz_error_clear(&err);
	if (sizes && st && !tz_edition_story_sizes(issue, opt, sizes, &total, &err)) {
		size_t k = 0;
		for (size_t i = 0; i < issue->nsections; i++)
			for (size_t j = 0; j < issue->sections[i].nstories; j++)
				st[k++] = issue->sections[i].stories[j];
		fputs("techzine: shorten these stories' leads to a short teaser (biggest first):\n", stderr);
		for (int shown = 0; shown < 5; shown++) {
			size_t best = n;
			for (size_t i = 0; i < n; i++)
				if (sizes[i] && (best == n || sizes[i] > sizes[best]))
					best = i;
			if (best == n)
				break;
			fprintf(stderr, "  %s (%zu KB, %s:%ld)\n", st[best]->id, (sizes[best] + 1023) / 1024,
				st[best]->src.file ? st[best]->src.file : issue->path, st[best]->src.line);
			sizes[best] = 0;
		}
	}
	free(sizes);
	free(st);
	return 1;
}

int cmd_html(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"base-url", required_argument, NULL, 'b'},
		{"lang", required_argument, NULL, 'l'},
		{"list-server", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tz_edition_options eo = {NULL, NULL};
	struct tz_edition ed;
	struct tz_slot_values v;
	struct tz_diags diags;
	struct tz_issue *issue = NULL;
	struct tz_error err;
	struct tz_buf view, unsub, prefs;
	struct timespec t0;
	const char *outdir = NULL, *list_server = NULL;
	char *dir = NULL, *webdir = NULL;
	size_t html_size = 0, text_size = 0, nweb = 0;
	int c, rc = TZ_EXIT_OK, rendered = 0;
	double render_s = 0;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'b':
			eo.base_url = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "nl") != 0 && strcmp(optarg, "en") != 0)
				return tz_usage_error("html", "--lang must be nl or en, not '%s'", optarg);
			eo.lang = optarg;
			break;
		case 's':
			list_server = optarg;
			break;
		case 'h':
			fputs(tz_command_find("html")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("html", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("html", "expected exactly one ISSUE.xml");
	tz_error_clear(&err);
	tz_buf_init(&view, 0);
	tz_buf_init(&unsub, 0);
	tz_buf_init(&prefs, 0);
	tz_diags_init(&diags);
	issue = tz_issue_load(argv[optind], &diags);
	tz_diags_sort(&diags);
	tz_print_diags(&diags, 1);
	if (!issue) {
		fprintf(stderr, "%s: %zu error%s\n", argv[optind], diags.errors,
			diags.errors == 1 ? "" : "s");
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
		goto out;
	}
	tz_warn_not_ready(issue, "newsletter");
	if (outdir) {
		dir = tz_strdup(outdir);
	} else {
		char *o = tz_path_join("out", issue->slug ? issue->slug : "issue");
		dir = o;
	}
	webdir = dir ? tz_path_join(dir, "web") : NULL;
	if (!dir || !webdir) {
		rc = tz_report((tz_error_nomem(&err), &err));
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (tz_edition_render(issue, &eo, &ed, &err)) {
		rc = tz_report(&err);
		goto out;
	}
	rendered = 1;
	render_s = seconds_since(&t0);
	/* preview values: what a subscriber without a name would get */
	if (tz_edition_view_url(issue, &eo, &view, &err)) {
		rc = tz_report(&err);
		goto out;
	}
	{
		size_t vl = view.len, cut = vl;
		const char *tail = strcmp(ed.lang, issue->lang ? issue->lang : "nl") ? "/en/index.html"
										: "/index.html";
		if (vl >= strlen(tail))
			cut = vl - strlen(tail);
		if (tz_buf_add(&unsub, view.data, cut) || tz_buf_adds(&unsub, "/u/VOORBEELD") ||
		    tz_buf_add(&prefs, view.data, cut) || tz_buf_adds(&prefs, "/p/VOORBEELD")) {
			rc = tz_report((tz_error_nomem(&err), &err));
			goto out;
		}
	}
	memset(&v, 0, sizeof(v));
	v.v[TZ_SLOT_GREETING_NAME] = tz_edition_greeting_name(&ed, NULL);
	v.v[TZ_SLOT_UNSUBSCRIBE_URL] = unsub.data;
	v.v[TZ_SLOT_PREFERENCES_URL] = prefs.data;
	v.v[TZ_SLOT_VIEW_URL] = view.data;
	if (tz_mkdirs(dir, &err) ||
	    write_filled(&ed.html, &v, dir, "newsletter.html", &html_size, &err) ||
	    write_filled(&ed.text, &v, dir, "newsletter.txt", &text_size, &err) ||
	    tz_web_write(issue, webdir, &nweb, &err) ||
	    tz_preview_write(dir, view.data, &err)) {
		rc = tz_report(&err);
		goto out;
	}
	if (list_server && add_signup_form(list_server, webdir) != TZ_EXIT_OK) {
		rc = TZ_EXIT_CONTENT;
		goto out;
	}
	printf("%s/newsletter.html  %zu bytes (%.1f KB of %zu KB), rendered in %.1f ms\n", dir,
	       html_size, (double)html_size / 1024.0, TZ_NEWSLETTER_MAX_HTML / 1024, render_s * 1000.0);
	printf("%s/newsletter.txt   %zu bytes\n", dir, text_size);
	printf("%s/  %zu files\n", webdir, nweb);
	printf("%s/newsletter-preview.html  the e-mail with the pictures from web/images/: open it in a browser to preview (the sent e-mail links them on %s)\n",
	       dir, issue->mail.base_url ? issue->mail.base_url : "the website");
	if (size_report(issue, &eo, html_size))
		rc = TZ_EXIT_CONTENT;
	if (tz_flush_stream(stdout, "stdout", &err) && rc == TZ_EXIT_OK)
		rc = tz_report(&err);
out:
	if (rendered)
		tz_edition_release(&ed);
	tz_buf_release(&view);
	tz_buf_release(&unsub);
	tz_buf_release(&prefs);
	free(webdir);
	free(dir);
	tz_issue_free(issue);
	tz_diags_release(&diags);
	return rc;
}
