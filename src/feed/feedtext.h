/*
 * feedtext.h - turn text from the internet into text a story may hold.
 *
 * One streaming writer does it all: it collapses every run of white space
 * to one space (none at the start, none at the end), drops bytes that are
 * not UTF-8, control characters and bidirectional overrides (`check` would
 * refuse them), and escapes for XML (&, <, >, "). Markup written between
 * pieces of text goes through tz_feedtext_markup, which places a pending
 * space before an opening tag, so "a <em>b</em>" keeps its space.
 */
#ifndef TZ_FEED_FEEDTEXT_H
#define TZ_FEED_FEEDTEXT_H

#include <stddef.h>

#include "../util/buf.h"

struct tz_feedtext {
	struct tz_buf *out; /* borrowed */
	int escape;         /* XML-escape the text */
	int space;          /* a space is pending */
	int has_text;       /* something visible was written */
	int failed;         /* an append failed (out of memory or cap) */
};

void tz_feedtext_init(struct tz_feedtext *t, struct tz_buf *out, int escape);
/* Append n bytes of text. */
void tz_feedtext_add(struct tz_feedtext *t, const char *s, size_t n);
/* Append markup; opening tags take the pending space in front of them. */
void tz_feedtext_markup(struct tz_feedtext *t, const char *tag, int opening);

/* A clean copy of s (plain, not escaped), cut at a word boundary to at most
 * max bytes with an ellipsis when longer. NULL when out of memory. */
char *tz_feed_clean(const char *s, size_t max);
/* Append s XML-escaped (s must already be clean). */
int tz_feed_escape(struct tz_buf *b, const char *s);

#endif
