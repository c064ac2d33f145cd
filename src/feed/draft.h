/*
 * draft.h - one feed item as a story draft (schema/story.rng).
 *
 * The draft is built as text from parts that are already clean and escaped
 * (feedtext.h, html.h), then parsed back and validated against story.rng
 * before anyone writes it: a draft that would not load is never put in the
 * inbox. Images are referenced relative to the issue folder the draft will
 * be moved into: images/<draft-id>-1.<jpg|png>; in the inbox the file sits
 * at inbox/images/ (so the inbox is laid out like an issue folder) and
 * `techzine new` moves it along with the story.
 */
#ifndef TZ_FEED_DRAFT_H
#define TZ_FEED_DRAFT_H

#include <stddef.h>

#include "html.h"
#include "parse.h"
#include "sources.h"
#include "../util/buf.h"
#include "../util/error.h"

struct tz_draft {
	const struct tz_source *source;   /* borrowed */
	const struct tz_feed_item *item;  /* borrowed */
	const char *id;                   /* NCName, also the file name */
	const struct tz_html_story *body; /* converted content */
	const char *lead;                 /* clean plain text or NULL */
	const char *image_src;            /* images/<id>-1.jpg or NULL */
	const char *image_alt;            /* clean, may be empty */
	const char *today;                /* YYYY-MM-DD, for event placeholders */
};

/* Write the story XML into out. */
int tz_draft_build(const struct tz_draft *d, struct tz_buf *out, struct tz_error *err);
/* Parse xml and validate it against schema/story.rng; 0 when valid, else
 * -1 with the first finding in err. */
int tz_draft_validate(const char *xml, size_t len, struct tz_error *err);
/* "<prefix>-<words-of-title>", lower-case ASCII letters, digits and dashes,
 * at most 60 bytes, never ending in a dash. malloc'd. */
char *tz_draft_slug(const char *prefix, const char *title);

#endif
