/*
 * fuzz_feed.c - libFuzzer harness: RSS 2.0 / Atom bytes -> feed items
 * (feed/parse.h) -> story markup for every item (feed/html.h), as
 * `techzine gather` does with what a partner's server sends.
 *
 * Besides the sanitizers: DOCTYPE/ENTITY anywhere must refuse the feed, and
 * every item link and image URL that survives must pass tz_link_ok.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "feed/html.h"
#include "feed/parse.h"
#include "model/load.h"
#include "model/xmlsafe.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_feed feed;
	struct tz_error err;
	static int init;
	int r;

	if (!init) {
		xmlSetGenericErrorFunc(NULL, quiet);
		init = 1;
	}
	memset(&feed, 0, sizeof(feed));
	r = tz_feed_parse((const char *)data, size, "https://partner.example/feed.xml", &feed, &err);
	if (r == 0 && tz_xml_find_doctype((const char *)data, size))
		abort(); /* a DOCTYPE or ENTITY must refuse the whole feed */
	for (size_t i = 0; r == 0 && i < feed.n; i++) {
		const struct tz_feed_item *it = &feed.items[i];
		const char *h = it->content_html ? it->content_html : it->summary_html;
		struct tz_html_story st;
		char date[11];

		if ((it->link && !tz_link_ok(it->link)) || !it->key)
			abort();
		if (it->image_url && !tz_link_ok(it->image_url))
			abort();
		(void)tz_feed_date(it->title, date);
		tz_html_story_init(&st);
		if (h)
			(void)tz_html_to_story(h, strlen(h), it->link, &st, &err);
		tz_html_story_release(&st);
	}
	tz_feed_release(&feed);
	return 0;
}
