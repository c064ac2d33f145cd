/*
 * cmd_pdf.c - `techzine pdf ISSUE.xml [-o FILE] [--layout FILE] [--marks]
 * [--no-bleed]`: the print edition (PDF/X-1a, CMYK, 3 mm bleed) or, with
 * --no-bleed, the screen version (RGB, links, no bleed or marks).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../model/load.h"
#include "../print/pdf.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static void print_summary(const char *path, const struct tz_pdf_report *r, int screen)
{
	printf("%s  %d pages (%d pad), %.2f MB, %s, laid out in %.0f ms, written in %.0f ms\n",
	       path, r->pages, r->pad_pages, (double)r->bytes / (1024.0 * 1024.0),
	       screen ? "screen (RGB, links)" : "PDF/X-1a:2001 (CMYK)", r->layout_ms, r->write_ms);
	printf("  %zu stories, %zu lines, %zu images placed (%u converted, %u from cache), "
	       "layout %s\n",
	       r->stories, r->lines, r->images_used, r->cache_misses, r->cache_hits,
	       r->layout_name);
	{
		double low = 0;
		for (size_t i = 0; i < r->images_used; i++)
			if (i == 0 || r->images[i].ppi < low)
				low = r->images[i].ppi;
		if (screen)
			printf("  preflight: %zu overset, %zu missing glyphs\n", r->overset,
			       r->missing_glyphs);
		else
			printf("  preflight: largest ink coverage %.0f %% (limit %d %%), lowest image "
			       "resolution %.0f ppi, %zu overset, %zu missing glyphs; details: "
			       "techzine check --print\n",
			       r->max_ink, r->ink_limit, low, r->overset, r->missing_glyphs);
	}
}

int cmd_pdf(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"layout", required_argument, NULL, 'l'},
		{"marks", no_argument, NULL, 'm'},
		{"no-bleed", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tz_pdf_options o;
	struct tz_pdf_report rep;
	struct tz_diags diags;
	struct tz_error err;
	struct tz_issue *issue = NULL;
	struct tz_buf out, cache;
	char *dir = NULL;
	int c, rc;

	memset(&o, 0, sizeof(o));
	memset(&rep, 0, sizeof(rep));
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:l:mnh", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.output = optarg;
			break;
		case 'l':
			o.layout_path = optarg;
			break;
		case 'm':
			o.marks = 1;
			break;
		case 'n':
			o.screen = 1;
			break;
		case 'h':
			fputs(tz_command_find("pdf")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("pdf", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("pdf", "expected exactly one ISSUE.xml");
	if (o.screen && o.marks)
		return tz_usage_error("pdf", "--marks is for the print version; drop --no-bleed");
	tz_diags_init(&diags);
	tz_error_clear(&err);
	tz_buf_init(&out, 4096);
	tz_buf_init(&cache, 4096);
	issue = tz_issue_load(argv[optind], &diags);
	if (!issue) {
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
		goto report;
	}
	tz_warn_not_ready(issue, "PDF");
	if (!o.output) {
		if (tz_buf_addf(&out, "out/%s/techzine-%s%s.pdf", issue->slug, issue->slug,
				o.screen ? "-screen" : "")) {
			rc = TZ_EXIT_IO;
			goto report;
		}
		o.output = out.data;
	}
	dir = tz_dirname(o.output);
	if (!dir || tz_buf_addf(&cache, "%s/.cache/images", dir)) {
		rc = TZ_EXIT_IO;
		goto report;
	}
	if (tz_mkdirs(dir, &err)) {
		rc = tz_report(&err);
		goto report;
	}
	o.cache_dir = cache.data;
	rc = tz_pdf_render(issue, &o, &rep, &diags, &err);
	if (rc < 0) {
		rc = tz_report(&err);
		goto report;
	}
	rc = rc ? TZ_EXIT_CONTENT : TZ_EXIT_OK;
report:
	tz_diags_sort(&diags);
	tz_print_diags(&diags, 0);
	if (rc == TZ_EXIT_OK)
		print_summary(o.output, &rep, o.screen);
	else if (diags.errors)
		fprintf(stderr, "techzine pdf: %zu error%s, nothing written\n", diags.errors,
			diags.errors == 1 ? "" : "s");
	free(dir);
	tz_pdf_report_release(&rep);
	tz_buf_release(&out);
	tz_buf_release(&cache);
	tz_issue_free(issue);
	tz_diags_release(&diags);
	if (rc == TZ_EXIT_OK && fflush(stdout) != 0)
		rc = TZ_EXIT_IO;
	return rc;
}
