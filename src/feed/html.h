/*
 * html.h - feed item HTML to story markup.
 *
 * Feeds carry their text as HTML (often in CDATA). libxml2's forgiving HTML
 * parser (no network, no error output) turns it into a tree; we walk that
 * tree and write only what a story may hold: paragraphs, h2, ul/li, em,
 * strong and links whose target is an absolute http(s) or mailto URL (a
 * relative one is resolved against the item link). Script, style, iframe,
 * object, form and the like go with all their text; every other unknown tag
 * is dropped but its text kept. The first real image (not a 1x1 tracking
 * pixel, not data:) is reported with its alt text instead of being written.
 */
#ifndef TZ_FEED_HTML_H
#define TZ_FEED_HTML_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

struct tz_html_story {
	struct tz_buf blocks; /* <p>..</p><h2>..</h2><ul>..</ul>, XML-escaped */
	size_t nblocks;
	char *first_paragraph; /* plain text of the first paragraph, or NULL */
	char *image_url;       /* absolute http(s), or NULL */
	char *image_alt;       /* clean plain text, may be empty */
};

void tz_html_story_init(struct tz_html_story *s);
void tz_html_story_release(struct tz_html_story *s);

/* Convert len bytes of UTF-8 HTML; base (may be NULL) resolves relative
 * links and images. Returns 0, or -1 with err (out of memory, too large). */
int tz_html_to_story(const char *html, size_t len, const char *base,
		     struct tz_html_story *out, struct tz_error *err);

/* Plain, clean text of an HTML fragment, at most max bytes (a word-boundary
 * cut with an ellipsis). NULL when out of memory. */
char *tz_html_to_text(const char *html, size_t len, size_t max);

/* Resolve ref against base; returns a malloc'd absolute http(s) or mailto
 * URL that passes tz_link_ok, or NULL (javascript:, data:, garbage). */
char *tz_url_resolve(const char *base, const char *ref);

#endif
