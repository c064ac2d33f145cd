/*
 * cmd_gather.c - `techzine gather`: fetch the partner feeds listed in
 * issues/sources.xml into story drafts in issues/inbox/, one line of
 * progress per feed. The work is in src/feed/gather.c; this file parses
 * options, prints, and maps the outcome to the exit status:
 * 0 every feed fine, 1 some feed failed (or the feed list is wrong),
 * 3 the inbox or cache could not be written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "cli.h"
#include "commands.h"
#include "../feed/cache.h"
#include "../feed/gather.h"
#include "../feed/sources.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static void print_result(const struct tz_gather_feed *r)
{
	const char *id = r->source->id;

	switch (r->state) {
	case TZ_FEED_NOT_MODIFIED:
		printf("%s: not modified\n", id);
		break;
	case TZ_FEED_FAILED:
		printf("%s: failed: %s\n", id, r->why);
		break;
	case TZ_FEED_OK:
		printf("%s: %zu new item%s", id, r->new_items, r->new_items == 1 ? "" : "s");
		if (r->seen_items)
			printf(" (%zu already seen)", r->seen_items);
		if (r->skipped_items)
			printf(" (%zu skipped)", r->skipped_items);
		putchar('\n');
		break;
	}
	if (r->notes.len) {
		for (const char *p = r->notes.data; *p;) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			printf("  %s: note: %.*s\n", id, (int)n, p);
			p += n + (e ? 1 : 0);
		}
	}
}

int cmd_gather(int argc, char **argv)
{
	static const struct option opts[] = {
		{"sources", required_argument, NULL, 's'},
		{"inbox", required_argument, NULL, 'i'},
		{"cache", required_argument, NULL, 'c'},
		{"timeout", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *sources_path = "issues/sources.xml", *inbox = "issues/inbox";
	char *cache_path = NULL;
	struct tz_gather_opts o;
	struct tz_sources sources;
	struct tz_cache cache;
	struct tz_diags diags;
	struct tz_error err;
	struct tz_gather_feed *results = NULL;
	long timeout = 0;
	size_t failed = 0, fresh = 0;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 's':
			sources_path = optarg;
			break;
		case 'i':
			inbox = optarg;
			break;
		case 'c':
			free(cache_path);
			cache_path = tz_strdup(optarg);
			break;
		case 't':
			timeout = strtol(optarg, &end, 10);
			if (*end || end == optarg || timeout < 1 || timeout > 3600) {
				free(cache_path);
				return tz_usage_error("gather", "--timeout wants 1..3600 seconds");
			}
			break;
		case 'h':
			free(cache_path);
			fputs(tz_command_find("gather")->usage, stdout);
			return 0;
		default:
			free(cache_path);
			return tz_usage_error("gather", "unknown option");
		}
	}
	if (optind != argc) {
		free(cache_path);
		return tz_usage_error("gather", "unexpected argument '%s'", argv[optind]);
	}
	if (!cache_path)
		cache_path = tz_path_join(inbox, ".gather-cache.tsv");
	tz_error_clear(&err);
	if (!cache_path)
		return tz_report((tz_error_nomem(&err), &err));

	tz_diags_init(&diags);
	if (tz_sources_load(sources_path, &sources, &diags)) {
		tz_print_diags(&diags, 0);
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
		tz_diags_release(&diags);
		tz_xml_cleanup();
		free(cache_path);
		return rc;
	}
	tz_diags_release(&diags);
	tz_xml_cleanup();

	tz_cache_init(&cache);
	if (tz_cache_load(&cache, cache_path, &err)) {
		rc = tz_report(&err);
		goto out;
	}
	tz_gather_opts_default(&o, inbox);
	if (timeout)
		o.fetch.timeout_ms = timeout * 1000;
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		tz_error_set(&err, TZ_ERR_DEPENDENCY, NULL, 0, "cannot initialise libcurl");
		rc = tz_report(&err);
		goto out;
	}
	results = tz_calloc(sources.n ? sources.n : 1, sizeof(*results));
	if (!results) {
		rc = tz_report((tz_error_nomem(&err), &err));
		goto out_curl;
	}
	rc = tz_gather(&sources, &cache, &o, results, &err);
	for (size_t i = 0; i < sources.n; i++) {
		print_result(&results[i]);
		failed += results[i].state == TZ_FEED_FAILED;
		fresh += results[i].new_items;
	}
	if (rc) {
		/* what was written is remembered, so the next run does not repeat it */
		struct tz_error cerr;
		tz_error_clear(&cerr);
		tz_cache_save(&cache, cache_path, &cerr);
		rc = tz_report(&err);
		goto out_results;
	}
	if (tz_cache_save(&cache, cache_path, &err)) {
		rc = tz_report(&err);
		goto out_results;
	}
	printf("gather: %zu new draft%s in %s; %zu of %zu feed%s failed\n", fresh,
	       fresh == 1 ? "" : "s", inbox, failed, sources.n, sources.n == 1 ? "" : "s");
	rc = failed ? TZ_EXIT_CONTENT : TZ_EXIT_OK;
out_results:
	for (size_t i = 0; i < sources.n; i++)
		tz_gather_feed_release(&results[i]);
	free(results);
out_curl:
	curl_global_cleanup();
out:
	tz_xml_cleanup();
	tz_cache_release(&cache);
	tz_sources_release(&sources);
	free(cache_path);
	return rc;
}
