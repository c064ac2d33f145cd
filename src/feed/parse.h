/*
 * parse.h - RSS 2.0 and Atom 1.0 feeds from memory into a list of items.
 *
 * The bytes come from the internet, so they get the same treatment as any
 * XML techzine did not write: a DOCTYPE or ENTITY declaration anywhere
 * refuses the whole feed (before libxml2 sees it), libxml2 runs with
 * XML_PARSE_NONET and without entity substitution, and sizes are capped.
 * Items keep their HTML raw; html.h turns it into story markup later.
 */
#ifndef TZ_FEED_PARSE_H
#define TZ_FEED_PARSE_H

#include <stddef.h>

#include "../util/error.h"

#define TZ_FEED_MAX_ITEMS 200
#define TZ_FEED_MAX_CATEGORIES 8

struct tz_feed_item {
	char *key;          /* guid / Atom id, else the link: the "seen" key */
	char *title;        /* clean plain text, may be empty */
	char *link;         /* absolute http(s) URL, or NULL */
	char date[11];      /* YYYY-MM-DD, or "" when absent or unreadable */
	char *summary_html; /* RSS description / Atom summary, as HTML; may be NULL */
	char *content_html; /* content:encoded / Atom content, as HTML; may be NULL */
	char *image_url;    /* enclosure or media:content image, or NULL */
	char *categories[TZ_FEED_MAX_CATEGORIES];
	size_t ncategories;
};

struct tz_feed {
	int atom;
	struct tz_feed_item *items;
	size_t n;
	size_t dropped; /* items past TZ_FEED_MAX_ITEMS, or without key */
};

/* Parse len bytes fetched from url. Returns 0, or -1 with err (refused,
 * malformed, not a feed, out of memory). */
int tz_feed_parse(const char *data, size_t len, const char *url, struct tz_feed *feed,
		  struct tz_error *err);
void tz_feed_release(struct tz_feed *feed);

/* "Mon, 02 Jan 2026 10:00:00 +0100" or "2026-01-02T10:00:00Z" -> out
 * "2026-01-02"; 0 when understood and a real calendar date, else -1. */
int tz_feed_date(const char *s, char out[11]);

#endif
