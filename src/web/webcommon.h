/*
 * webcommon.h - what the e-mail, text and web renderers share: a sticky
 * writer over a template, HTML for inline runs, labels per language, dates
 * and numbers as readers write them, story and image URLs, and the UTF-8
 * aware word wrapper of the text edition.
 *
 * The writer (struct tz_out) remembers the first failure, so a renderer can
 * emit a page as a straight sequence of calls and check once at the end.
 */
#ifndef TZ_WEBCOMMON_H
#define TZ_WEBCOMMON_H

#include <stddef.h>

#include "template.h"
#include "../model/format.h"
#include "../model/model.h"
#include "../util/buf.h"

struct tz_out {
	struct tz_template *t;
	int failed;
};

void tz_out_s(struct tz_out *o, const char *s);
void tz_out_f(struct tz_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tz_out_esc(struct tz_out *o, const char *s); /* HTML-escaped; NULL is empty */
void tz_out_slot(struct tz_out *o, enum tz_slot slot);
void tz_out_buf(struct tz_out *o, const struct tz_buf *b);
/* Runs as HTML: <em>, <strong>, <a href> (escaped; link_style may be NULL). */
void tz_out_runs_html(struct tz_out *o, const struct tz_runs *runs, const char *link_style);

/* Public URL of a story's web page: base[/lang]/id.html, where /lang is
 * added when lang is not the issue's language. */
int tz_story_url(struct tz_buf *b, const char *base, const struct tz_issue *issue,
		 const char *lang, const char *story_id);
/* Path of an image in the web folder, relative to it and URL-safe
 * ("images/photo.jpg"); the same path is used to copy the file. */
int tz_image_web_path(struct tz_buf *b, const struct tz_issue *issue, const struct tz_image *img);

/* The story's first figure (in text, else in the story's own text). */
const struct tz_figure *tz_story_figure(const struct tz_story *s, const struct tz_story_text *t);
/* The first key-figures block with comparable figures, else the first
 * one, or NULL. */
const struct tz_block *tz_story_keyfigures(const struct tz_story_text *t);
/* Teaser runs: the lead, else the first paragraph; NULL when neither. */
const struct tz_runs *tz_story_teaser(const struct tz_story_text *t);

/* Display size of an image scaled to fit max_width: *w, *h > 0. */
void tz_image_fit(const struct tz_image *img, int max_width, int *w, int *h);

/* Number of code points of UTF-8 s[0..len). */
size_t tz_utf8_width(const char *s, size_t len);
/*
 * Word-wrap UTF-8 text to width code points per line, appending lines that
 * end in "\n" to out; every line starts with indent. Breaks only at ASCII
 * spaces; a word longer than the line is cut at a code point boundary, never
 * inside a UTF-8 sequence. No-break spaces (U+00A0) keep words together.
 */
int tz_text_wrap(struct tz_buf *out, const char *text, size_t width, const char *indent);

#endif
