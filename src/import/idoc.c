/*
 * idoc.c - the reader-side document builder (see idoc.h).
 *
 * Inline markup is opened lazily: a style or link change only takes effect
 * when the next visible character arrives, so no empty <em></em> is ever
 * written and white space between differently styled runs stays outside
 * the markup. Open elements always nest as <a><strong><em>, closed all
 * together on any change: simple, and always well-formed.
 */
#include "idoc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../model/limits.h"
#include "../model/load.h"
#include "../text/nfc.h"
#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

int tz_strlist_take(struct tz_strlist *l, char *s)
{
	if (!s || tz_array_grow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v))) {
		free(s);
		return -1;
	}
	l->v[l->n++] = s;
	return 0;
}

int tz_strlist_add(struct tz_strlist *l, const char *s)
{
	return tz_strlist_take(l, tz_strdup(s));
}

void tz_strlist_release(struct tz_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void tz_idoc_init(struct tz_idoc *d)
{
	memset(d, 0, sizeof(*d));
	tz_buf_init(&d->xml, TZ_MAX_TEXT_BYTES);
	tz_buf_init(&d->text, TZ_MAX_TEXT_BYTES);
	tz_buf_init(&d->cell, (size_t)64 * 1024);
	tz_buf_init(&d->pending, (size_t)64 * 1024);
	tz_error_clear(&d->err);
}

static void free_cells(char **cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells[i]);
	free(cells);
}

void tz_idoc_release(struct tz_idoc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		struct tz_iblock *b = &d->blocks[i];
		free(b->xml);
		free(b->text);
		free(b->style_name);
		free(b->image_file);
		free(b->image_data);
		free(b->image_ext);
		free(b->alt);
		free_cells(b->cells, b->rows * b->cols);
	}
	if (d->open && d->blocks)
		free(d->blocks[d->n].style_name); /* the paragraph being built */
	free(d->blocks);
	tz_strlist_release(&d->cells);
	free(d->row_start);
	tz_buf_release(&d->xml);
	tz_buf_release(&d->text);
	tz_buf_release(&d->cell);
	tz_buf_release(&d->pending);
	free(d->href);
	free(d->bad_link);
	free(d->meta_title);
	free(d->meta_author);
	free(d->meta_date);
	tz_strlist_release(&d->notes);
	tz_strlist_release(&d->report);
	memset(d, 0, sizeof(*d));
}

void tz_idoc_fail(struct tz_idoc *d, enum tz_code code, const char *fmt, ...)
{
	va_list ap;

	if (d->failed)
		return;
	d->failed = 1;
	d->err.code = code;
	va_start(ap, fmt);
	vsnprintf(d->err.msg, sizeof(d->err.msg), fmt, ap);
	va_end(ap);
}

static void nomem(struct tz_idoc *d)
{
	tz_idoc_fail(d, TZ_ERR_NOMEM, "out of memory");
}

void tz_idoc_report(struct tz_idoc *d, const char *fmt, ...)
{
	char line[700];
	va_list ap;

	if (d->report.n >= TZ_IMPORT_MAX_REPORT)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (d->report.n + 1 == TZ_IMPORT_MAX_REPORT)
		snprintf(line, sizeof(line), "more than %d report lines; the rest left out",
			 TZ_IMPORT_MAX_REPORT);
	if (tz_strlist_add(&d->report, line))
		nomem(d);
}

void tz_idoc_meta(struct tz_idoc *d, char **field, const char *value)
{
	char *clean;

	if (*field || !value)
		return;
	clean = tz_idoc_clean(value, strlen(value));
	if (!clean) {
		nomem(d);
		return;
	}
	if (!clean[0]) {
		free(clean);
		return;
	}
	*field = clean;
}

/* Visit the code points of clean NFC text: controls, bidi overrides and
 * invalid bytes are dropped; tab, CR and LF become one space or newline. */
typedef int (*cp_fn)(void *ctx, uint32_t cp, const char *bytes, size_t k);

static int each_clean_cp(const char *s, size_t n, cp_fn fn, void *ctx)
{
	char *norm = tz_nfc(s, n, &n);
	const unsigned char *u;
	int rc = 0;

	if (!norm) {
		/* invalid UTF-8: keep the valid parts (the reader reported it) */
		norm = tz_strndup(s, n);
		if (!norm)
			return -1;
	}
	u = (const unsigned char *)norm;
	for (size_t i = 0; i < n && !rc;) {
		uint32_t cp;
		size_t k = tz_utf8_decode(u + i, n - i, &cp);
		if (!k) {
			i++;
			continue;
		}
		if (cp == '\t' || cp == '\r')
			cp = ' ';
		if (cp == ' ' || cp == '\n')
			rc = fn(ctx, cp, cp == ' ' ? " " : "\n", 1);
		else if (!tz_utf8_is_forbidden(cp) && !(cp >= 0x202A && cp <= 0x202E) &&
			 !(cp >= 0x2066 && cp <= 0x2069) && cp != 0xFEFF && cp >= 0x20)
			rc = fn(ctx, cp, (const char *)u + i, k);
		i += k;
	}
	free(norm);
	return rc;
}

struct clean_ctx {
	struct tz_buf *b;
	int space;
};

static int clean_cp(void *vctx, uint32_t cp, const char *bytes, size_t k)
{
	struct clean_ctx *c = vctx;

	if (cp == ' ' || cp == '\n') {
		c->space = c->b->len > 0;
		return 0;
	}
	if (c->space && tz_buf_addc(c->b, ' '))
		return -1;
	c->space = 0;
	return tz_buf_add(c->b, bytes, k);
}

char *tz_idoc_clean(const char *s, size_t n)
{
	struct tz_buf b;
	struct clean_ctx c = {&b, 0};

	tz_buf_init(&b, TZ_MAX_TEXT_BYTES);
	if (each_clean_cp(s, n, clean_cp, &c)) {
		tz_buf_release(&b);
		return NULL;
	}
	return tz_buf_detach(&b, NULL);
}

static int add_escaped(struct tz_buf *b, const char *bytes, size_t k)
{
	if (k == 1) {
		switch (bytes[0]) {
		case '&':
			return tz_buf_adds(b, "&amp;");
		case '<':
			return tz_buf_adds(b, "&lt;");
		case '>':
			return tz_buf_adds(b, "&gt;");
		case '"':
			return tz_buf_adds(b, "&quot;");
		default:
			break;
		}
	}
	return tz_buf_add(b, bytes, k);
}

static int close_markup(struct tz_idoc *d)
{
	int r = 0;

	if (d->open_style & TZ_INLINE_EM)
		r |= tz_buf_adds(&d->xml, "</em>");
	if (d->open_style & TZ_INLINE_STRONG)
		r |= tz_buf_adds(&d->xml, "</strong>");
	if (d->open_link)
		r |= tz_buf_adds(&d->xml, "</a>");
	d->open_style = 0;
	d->open_link = 0;
	return r;
}

static int sync_markup(struct tz_idoc *d)
{
	int r = 0;
	int want_link = d->href != NULL;

	if (d->open_style == d->style && d->open_link == want_link)
		return 0; /* a link change always passes through NULL (see tz_idoc_link) */
	r |= close_markup(d);
	if (want_link) {
		r |= tz_buf_adds(&d->xml, "<a href=\"");
		for (const char *p = d->href; *p; p++)
			r |= add_escaped(&d->xml, p, 1);
		r |= tz_buf_adds(&d->xml, "\">");
		d->open_link = 1;
	}
	if (d->style & TZ_INLINE_STRONG)
		r |= tz_buf_adds(&d->xml, "<strong>");
	if (d->style & TZ_INLINE_EM)
		r |= tz_buf_adds(&d->xml, "<em>");
	d->open_style = d->style;
	return r;
}

static int para_cp(void *vctx, uint32_t cp, const char *bytes, size_t k)
{
	struct tz_idoc *d = vctx;

	if (d->in_cell) {
		if (cp == '\n')
			bytes = " ";
		return tz_buf_add(&d->cell, bytes, k);
	}
	if (tz_buf_add(&d->text, cp == '\n' ? " " : bytes, k))
		return -1;
	if (cp == ' ' || cp == '\n' || cp == 0xA0) {
		/* held back: it goes inside the markup only when the next
		 * visible character is in the same style (trailing white
		 * space of a paragraph is dropped) */
		return d->pending.len >= 4096 ? 0 : tz_buf_add(&d->pending, bytes, k);
	}
	if (d->open_style != d->style || d->open_link != (d->href != NULL)) {
		if (close_markup(d))
			return -1;
	}
	if (d->has_text && tz_buf_add(&d->xml, d->pending.data, d->pending.len))
		return -1;
	tz_buf_reset(&d->pending);
	if (sync_markup(d))
		return -1;
	d->seen_style = d->has_text ? d->seen_style & d->style : d->style;
	d->has_text = 1;
	return add_escaped(&d->xml, bytes, k);
}

void tz_idoc_para_begin(struct tz_idoc *d, enum tz_role role, int level, int ordered,
			const char *style_name)
{
	struct tz_iblock *b;

	if (d->failed)
		return;
	if (d->open)
		tz_idoc_para_end(d);
	if (d->in_cell) {
		if (d->cell.len && tz_buf_addc(&d->cell, ' '))
			nomem(d);
		return;
	}
	if (d->n >= TZ_IMPORT_MAX_BLOCKS) {
		tz_idoc_fail(d, TZ_ERR_LIMIT,
			     "the document has more than %d paragraphs; a story is much shorter: split the document",
			     TZ_IMPORT_MAX_BLOCKS);
		return;
	}
	if (tz_array_grow((void **)&d->blocks, &d->cap, d->n + 1, sizeof(*d->blocks))) {
		nomem(d);
		return;
	}
	b = &d->blocks[d->n];
	memset(b, 0, sizeof(*b));
	b->role = role;
	b->level = level;
	b->ordered = ordered;
	b->start = 1;
	if (style_name && !(b->style_name = tz_strdup(style_name))) {
		nomem(d);
		return;
	}
	tz_buf_reset(&d->xml);
	tz_buf_reset(&d->text);
	tz_buf_reset(&d->pending);
	d->open = 1;
	d->open_style = 0;
	d->open_link = 0;
	d->has_text = 0;
	d->seen_style = 0;
}

void tz_idoc_set_role(struct tz_idoc *d, enum tz_role role, int level)
{
	if (d->open && !d->failed) {
		d->blocks[d->n].role = role;
		d->blocks[d->n].level = level;
	}
}

void tz_idoc_list(struct tz_idoc *d, long list_id, long start)
{
	if (d->open && !d->failed) {
		d->blocks[d->n].list_id = list_id;
		d->blocks[d->n].start = start < 0 ? 0 : start > 99999 ? 99999 : start;
	}
}

void tz_idoc_text(struct tz_idoc *d, const char *s, size_t n)
{
	if (d->failed || !n)
		return;
	if (!d->open && !d->in_cell)
		tz_idoc_para_begin(d, TZ_ROLE_BODY, 0, 0, NULL);
	if (d->failed)
		return;
	d->total_bytes += n;
	if (d->total_bytes > TZ_IMPORT_MAX_TEXT) {
		tz_idoc_fail(d, TZ_ERR_LIMIT,
			     "the document holds more than %zu MiB of text; a story is much shorter: split the document",
			     TZ_IMPORT_MAX_TEXT / ((size_t)1024 * 1024));
		return;
	}
	if (each_clean_cp(s, n, para_cp, d))
		tz_idoc_fail(d, TZ_ERR_LIMIT,
			     "a paragraph is longer than %zu bytes (or memory ran out); split it",
			     TZ_MAX_TEXT_BYTES);
}

void tz_idoc_style(struct tz_idoc *d, unsigned style)
{
	d->style = style;
}

void tz_idoc_link(struct tz_idoc *d, const char *url)
{
	char *copy = NULL;

	if (url && tz_link_ok(url)) {
		copy = tz_strdup(url);
		if (!copy)
			nomem(d);
	} else if (url && url[0] && url[0] != '#' &&
		   (!d->bad_link || strcmp(d->bad_link, url))) {
		/* a relative, javascript: or file: link: the text stays */
		free(d->bad_link);
		d->bad_link = tz_strdup(url);
		tz_idoc_report(d, "link '%.200s' removed (not an absolute http(s) or mailto address); its text stays",
			       url);
	}
	if (d->href && copy && !strcmp(d->href, copy)) {
		free(copy);
		return;
	}
	/* a different link: close the old one before the next text */
	if (d->open && !d->failed && d->open_link && close_markup(d))
		nomem(d);
	free(d->href);
	d->href = copy;
}

/* The plain text is clean already (para_cp wrote it, white space as ' '):
 * only runs of spaces are collapsed and the ends trimmed. */
static char *collapse_spaces(const char *s, size_t n)
{
	char *out = tz_malloc(n + 1);
	size_t k = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' || (k && out[k - 1] != ' '))
			out[k++] = s[i];
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = '\0';
	return out;
}

void tz_idoc_para_end(struct tz_idoc *d)
{
	struct tz_iblock *b;

	if (d->failed || !d->open)
		return;
	d->open = 0;
	if (close_markup(d)) {
		nomem(d);
		return;
	}
	b = &d->blocks[d->n];
	if (!d->has_text) {
		free(b->style_name);
		b->style_name = NULL;
		return;
	}
	b->xml = tz_strndup(d->xml.data, d->xml.len);
	b->text = collapse_spaces(d->text.data, d->text.len);
	b->all_style = d->seen_style;
	if (!b->xml || !b->text) {
		free(b->xml);
		free(b->text);
		free(b->style_name);
		nomem(d);
		return;
	}
	d->n++;
}

static const char *image_ext(const unsigned char *p, size_t n)
{
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return "jpg";
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "png";
	return NULL;
}

void tz_idoc_image(struct tz_idoc *d, const unsigned char *data, size_t len,
		   const char *name, const char *alt)
{
	unsigned char *copy = tz_malloc(len);

	if (!copy) {
		nomem(d);
		return;
	}
	memcpy(copy, data, len);
	tz_idoc_image_take(d, copy, len, name, alt);
}

void tz_idoc_image_take(struct tz_idoc *d, unsigned char *data, size_t len, const char *name,
			const char *alt)
{
	const char *ext = image_ext(data, len);
	struct tz_iblock *b;
	int reopen = d->open, role = reopen ? d->blocks[d->n].role : 0;

	if (d->failed) {
		free(data);
		return;
	}
	if (!ext) {
		tz_idoc_report(d, "image '%s' dropped: not a JPEG or PNG (save it as one and add it by hand)",
			       name);
		free(data);
		return;
	}
	if (d->in_cell) {
		tz_idoc_report(d, "image '%s' inside a table dropped", name);
		free(data);
		return;
	}
	/* an image in the middle of a paragraph: the text so far stays before it */
	if (d->open)
		tz_idoc_para_end(d);
	tz_idoc_para_begin(d, TZ_ROLE_IMAGE, 0, 0, NULL);
	if (d->failed) {
		free(data);
		return;
	}
	d->open = 0;
	b = &d->blocks[d->n];
	b->image_data = data;
	b->image_ext = tz_strdup(ext);
	b->alt = alt ? tz_idoc_clean(alt, strlen(alt)) : NULL;
	b->text = tz_strdup(name);
	if (!b->image_data || !b->image_ext || !b->text || (alt && !b->alt)) {
		free(b->image_data);
		free(b->image_ext);
		free(b->alt);
		free(b->text);
		nomem(d);
		return;
	}
	b->image_len = len;
	d->n++;
	if (reopen)
		tz_idoc_para_begin(d, (enum tz_role)role, 0, 0, NULL);
}

size_t tz_idoc_footnote(struct tz_idoc *d, const char *text)
{
	if (tz_strlist_take(&d->notes, tz_idoc_clean(text, strlen(text)))) {
		nomem(d);
		return 0;
	}
	return d->notes.n;
}
