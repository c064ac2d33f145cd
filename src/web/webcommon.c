/*
 * webcommon.c - shared pieces of the web renderers (see webcommon.h).
 */
#include "webcommon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

void tz_out_s(struct tz_out *o, const char *s)
{
	if (!o->failed && s && tz_template_adds(o->t, s))
		o->failed = 1;
}

void tz_out_f(struct tz_out *o, const char *fmt, ...)
{
	struct tz_buf b;
	va_list ap;

	if (o->failed)
		return;
	tz_buf_init(&b, 0);
	va_start(ap, fmt);
	if (tz_buf_vaddf(&b, fmt, ap) || tz_template_add(o->t, b.data, b.len))
		o->failed = 1;
	va_end(ap);
	tz_buf_release(&b);
}

void tz_out_buf(struct tz_out *o, const struct tz_buf *b)
{
	if (!o->failed && tz_template_add(o->t, b->data, b->len))
		o->failed = 1;
}

void tz_out_esc(struct tz_out *o, const char *s)
{
	struct tz_buf b;

	if (o->failed || !s)
		return;
	tz_buf_init(&b, 0);
	if (tz_html_escape(&b, s, strlen(s)) || tz_template_add(o->t, b.data, b.len))
		o->failed = 1;
	tz_buf_release(&b);
}

void tz_out_slot(struct tz_out *o, enum tz_slot slot)
{
	if (!o->failed && tz_template_add_slot(o->t, slot))
		o->failed = 1;
}

void tz_out_runs_html(struct tz_out *o, const struct tz_runs *runs, const char *link_style)
{
	for (size_t i = 0; i < runs->n; i++) {
		const struct tz_run *r = &runs->items[i];
		if (r->href) {
			tz_out_s(o, "<a href=\"");
			tz_out_esc(o, r->href);
			tz_out_s(o, "\"");
			if (link_style) {
				tz_out_s(o, " style=\"");
				tz_out_esc(o, link_style);
				tz_out_s(o, "\"");
			}
			tz_out_s(o, ">");
		}
		if (r->style & TZ_STYLE_STRONG)
			tz_out_s(o, "<strong>");
		if (r->style & TZ_STYLE_EM)
			tz_out_s(o, "<em>");
		tz_out_esc(o, r->text);
		if (r->style & TZ_STYLE_EM)
			tz_out_s(o, "</em>");
		if (r->style & TZ_STYLE_STRONG)
			tz_out_s(o, "</strong>");
		if (r->href)
			tz_out_s(o, "</a>");
	}
}


int tz_story_url(struct tz_buf *b, const char *base, const struct tz_issue *issue,
		 const char *lang, const char *story_id)
{
	int other = lang && issue->lang && strcmp(lang, issue->lang) != 0;

	return tz_buf_addf(b, "%s/%s%s%s.html", base, other ? lang : "", other ? "/" : "",
			   story_id);
}

int tz_image_web_path(struct tz_buf *b, const struct tz_issue *issue, const struct tz_image *img)
{
	const char *rel = img->path ? img->path : img->src;
	size_t dl = issue->dir ? strlen(issue->dir) : 0;

	if (dl && !strncmp(rel, issue->dir, dl) && rel[dl] == '/')
		rel += dl + 1;
	while (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (strncmp(rel, "images/", 7) != 0 && tz_buf_adds(b, "images/"))
		return -1;
	for (const char *p = rel; *p; p++) {
		char c = *p;
		int safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/';
		/* no "..", no empty path components: the path stays inside web/ */
		if (c == '.' && (p == rel || p[-1] == '/' || p[1] == '.'))
			safe = 0;
		if (tz_buf_addc(b, safe ? c : '-'))
			return -1;
	}
	return 0;
}

const struct tz_figure *tz_story_figure(const struct tz_story *s, const struct tz_story_text *t)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct tz_story_text *x = pass ? &s->text : t;
		for (size_t i = 0; i < x->nblocks; i++)
			if (x->blocks[i].kind == TZ_BLOCK_FIGURE && x->blocks[i].figure)
				return x->blocks[i].figure;
	}
	return NULL;
}


const struct tz_block *tz_story_keyfigures(const struct tz_story_text *t)
{
	const struct tz_block *first = NULL;

	for (size_t i = 0; i < t->nblocks; i++)
		if (t->blocks[i].kind == TZ_BLOCK_KEYFIGURES && t->blocks[i].nfigures) {
			if (tz_keyfigures_comparable(&t->blocks[i]))
				return &t->blocks[i];
			if (!first)
				first = &t->blocks[i];
		}
	return first;
}

const struct tz_runs *tz_story_teaser(const struct tz_story_text *t)
{
	if (t->lead.n)
		return &t->lead;
	for (size_t i = 0; i < t->nblocks; i++)
		if (t->blocks[i].kind == TZ_BLOCK_PARA && t->blocks[i].runs.n)
			return &t->blocks[i].runs;
	return NULL;
}

void tz_image_fit(const struct tz_image *img, int max_width, int *w, int *h)
{
	int iw = img->width > 0 ? img->width : max_width;
	int ih = img->height > 0 ? img->height : max_width * 2 / 3;

	*w = iw < max_width ? iw : max_width;
	*h = (int)(((long long)ih * *w + iw / 2) / iw);
	if (*h < 1)
		*h = 1;
}

size_t tz_utf8_width(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Byte length of the longest prefix of s[0..len) with at most cps code points. */
static size_t utf8_prefix(const char *s, size_t len, size_t cps)
{
	size_t i = 0, n = 0;

	while (i < len) {
		size_t j = i + 1;
		while (j < len && ((unsigned char)s[j] & 0xC0) == 0x80)
			j++;
		if (n + 1 > cps)
			break;
		n++;
		i = j;
	}
	return i;
}

int tz_text_wrap(struct tz_buf *out, const char *text, size_t width, const char *indent)
{
	size_t iw = tz_utf8_width(indent, strlen(indent));
	size_t avail = width > iw + 8 ? width - iw : 8;
	size_t col = 0; /* code points on the current line, 0 = line not started */
	const char *p = text;

	while (*p) {
		const char *w = p;
		size_t wl, ww;

		while (*w == ' ')
			w++;
		if (!*w)
			break;
		wl = strcspn(w, " ");
		p = w + wl;
		while (wl) {
			ww = tz_utf8_width(w, wl);
			if (col && col + 1 + ww <= avail) {
				if (tz_buf_addc(out, ' ') || tz_buf_add(out, w, wl))
					return -1;
				col += 1 + ww;
				break;
			}
			if (col && tz_buf_addc(out, '\n'))
				return -1;
			col = 0;
			if (tz_buf_adds(out, indent))
				return -1;
			if (ww <= avail) {
				if (tz_buf_add(out, w, wl))
					return -1;
				col = ww;
				break;
			}
			size_t cut = utf8_prefix(w, wl, avail);
			if (tz_buf_add(out, w, cut) || tz_buf_addc(out, '\n'))
				return -1;
			w += cut;
			wl -= cut;
		}
	}
	if (col && tz_buf_addc(out, '\n'))
		return -1;
	return 0;
}
