/*
 * textset.c - set and draw text in a style (see textset.h).
 */
#include "textset.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/hyphen.h"
#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

struct measure_ctx {
	struct tz_typeset *ts;
	const struct tz_tstyle *st;
};

struct tz_font *tz_style_font(struct tz_typeset *ts, const struct tz_tstyle *st,
			      unsigned style)
{
	unsigned k = (style & TZ_STYLE_EM ? 1u : 0u) | (style & TZ_STYLE_STRONG ? 2u : 0u);
	return &ts->fonts->f[st->role[k]];
}

static double measure(void *ctx, unsigned style, const char *utf8, size_t len)
{
	struct measure_ctx *m = ctx;
	struct tz_font *f = tz_style_font(m->ts, m->st, style);
	double w = tz_font_width(f, utf8, len, m->st->size);
	if (m->st->tracking != 0)
		w += m->st->tracking * (double)tz_utf8_length(utf8, len);
	return w;
}

/* " nor in its fallback fonts 'Gentium Plus Regular', ..." or "". */
static void fallback_names(const struct tz_font *f, char *out, size_t size)
{
	size_t used = 0;
	out[0] = 0;
	for (int k = 0; k < f->nfallback; k++) {
		int w = snprintf(out + used, size - used, "%s'%s %s'",
				 k ? ", " : " nor in its fallback fonts ", f->fallback[k]->family,
				 f->fallback[k]->style);
		if (w < 0 || (size_t)w >= size - used)
			return; /* cut: the message stays readable */
		used += (size_t)w;
	}
}

/* A character set in a fallback font is noted once per document: the
 * officer sees where the type changes (fonts.h). */
static void note_fallbacks(struct tz_typeset *ts, struct tz_font *f, const char *s, size_t n,
			   struct tz_src src)
{
	size_t i = 0;
	while (f->nfallback && i < n) {
		uint32_t cp;
		size_t k = tz_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		struct tz_font *g;
		char ch[8] = "";
		if (k == 0)
			return;
		i += k;
		if (cp < 0x20 || tz_font_has(f, cp) || !(g = tz_font_for(f, cp)) ||
		    !tz_fonts_note_once(ts->fonts, cp))
			continue;
		if (tz_utf8_encode(cp, ch) == 0)
			memcpy(ch, "?", 2);
		tz_diags_add(ts->diags, TZ_SEV_NOTE, src.file, src.line,
			     "character '%s' (U+%04X)%s%s%s is set in the fallback font '%s %s': "
			     "'%s %s' has no glyph for it",
			     ch, cp, ts->story ? " in story '" : "", ts->story ? ts->story : "",
			     ts->story ? "'" : "", g->family, g->style, f->family, f->style);
	}
}

void tz_check_glyphs(struct tz_typeset *ts, const struct tz_tstyle *st, unsigned style,
		     const char *s, struct tz_src src)
{
	struct tz_font *f = tz_style_font(ts, st, style);
	size_t n = strlen(s), off = 0;

	note_fallbacks(ts, f, s, n, src);
	while (off < n) {
		unsigned cp = tz_font_missing(f, s + off, n - off);
		char ch[8] = "", chain[256];
		size_t at;
		if (!cp)
			return;
		if (tz_utf8_encode(cp, ch) == 0)
			memcpy(ch, "?", 2);
		/* skip past this character and report each one once */
		at = off;
		while (at < n) {
			uint32_t c2;
			size_t k = tz_utf8_decode((const unsigned char *)s + at, n - at, &c2);
			if (k == 0)
				k = 1;
			at += k;
			if (c2 == cp)
				break;
		}
		off = at;
		ts->nmissing++;
		fallback_names(f, chain, sizeof chain);
		tz_diags_add(ts->diags, TZ_SEV_ERROR, src.file, src.line,
			     "character '%s' (U+%04X)%s%s%s is not in the font '%s %s' (%s)%s; "
			     "rewrite it or choose a font that has it",
			     ch, cp, ts->story ? " in story '" : "", ts->story ? ts->story : "",
			     ts->story ? "'" : "", f->family, f->style,
			     f->file, chain);
		if (ts->nmissing > 200)
			return;
	}
}

/* Capitals for Latin letters (ASCII, Latin-1, ij): kickers and labels. */
static char *upper_dup(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *out = tz_malloc(n * 2 + 1);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t used = tz_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (used == 0) {
			out[k++] = s[i++];
			continue;
		}
		i += used;
		if (cp >= 'a' && cp <= 'z')
			cp -= 32;
		else if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
			cp -= 32;
		else if (cp == 0x133)
			cp = 0x132;
		k += tz_utf8_encode(cp, out + k);
	}
	out[k] = '\0';
	return out;
}

static void runs_release(struct tz_runs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].text);
		free(r->items[i].href);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
}

void tz_setpara_release(struct tz_setpara *sp)
{
	tz_para_release(&sp->para);
	runs_release(&sp->own);
	memset(sp, 0, sizeof(*sp));
}

/* Copy runs in capitals into own. */
static int upper_runs(const struct tz_runs *in, struct tz_runs *own)
{
	memset(own, 0, sizeof(*own));
	own->items = tz_calloc(in->n ? in->n : 1, sizeof(*own->items));
	if (!own->items)
		return -1;
	own->cap = in->n;
	for (size_t i = 0; i < in->n; i++) {
		own->items[i].style = in->items[i].style;
		own->items[i].text = upper_dup(in->items[i].text);
		own->items[i].href = in->items[i].href ? tz_strdup(in->items[i].href) : NULL;
		own->n++;
		if (!own->items[i].text || (in->items[i].href && !own->items[i].href))
			return -1;
	}
	return 0;
}

int tz_set_runs(struct tz_typeset *ts, const struct tz_runs *runs, const struct tz_tstyle *st,
		const double *widths, size_t nwidths, struct tz_src src,
		struct tz_setpara *out, struct tz_error *err)
{
	struct tz_para_params p;
	struct measure_ctx m = {ts, st};

	memset(out, 0, sizeof(*out));
	out->st = *st;
	out->src = src;
	out->width = widths[0];
	out->runs = runs;
	if (st->upper) {
		if (upper_runs(runs, &out->own)) {
			tz_setpara_release(out);
			return tz_error_nomem(err);
		}
		out->runs = &out->own;
	}
	for (size_t i = 0; i < out->runs->n; i++)
		tz_check_glyphs(ts, st, out->runs->items[i].style, out->runs->items[i].text, src);
	tz_para_params_init(&p, measure, &m, widths, nwidths);
	p.indent = st->indent;
	p.hyphenate = st->hyphenate;
	if (st->align == TZ_ALIGN_JUSTIFY) {
		/* a space never shrinks below a fifth of an em: tighter looks
		 * cramped and text extraction (pdftotext, screen readers) starts
		 * to run the words together */
		double space = tz_font_width(tz_style_font(ts, st, 0), " ", 1, st->size);
		double room = space > 0 ? (space - 0.2 * st->size) / space : 0;
		if (room < p.space_shrink)
			p.space_shrink = room > 0 ? room : 0;
		p.expansion = ts->l->expansion;
		p.letterspace = ts->l->letterspace * st->size;
		p.protrusion = ts->l->hanging;
		p.lb.looseness = ts->looseness;
	} else {
		/* ragged lines: set at their natural width when drawn, so a
		 * line may never need shrinking to fit; stretch stays, as the
		 * breaker's measure of how ragged a line ends */
		p.space_shrink = 0;
		p.space_stretch = 0;
		p.lb.rightskip = 4 * st->size;
		p.hyphenate = 0;
	}
	if (tz_para_build(out->runs, &p, &out->para, err)) {
		tz_setpara_release(out);
		return -1;
	}
	return 0; /* tz_para_build has applied expansion and letter-spacing */
}

int tz_set_text(struct tz_typeset *ts, const char *text, const struct tz_tstyle *st,
		double width, struct tz_src src, struct tz_setpara *out, struct tz_error *err)
{
	struct tz_runs r;
	struct tz_run one;
	int rc;

	memset(&one, 0, sizeof(one));
	one.text = (char *)text;
	r.items = &one;
	r.n = r.cap = 1;
	rc = tz_set_runs(ts, &r, st, &width, 1, src, out, err);
	if (rc == 0 && !st->upper) {
		/* the caller's string may not outlive us: keep a copy */
		out->own.items = tz_calloc(1, sizeof(*out->own.items));
		if (!out->own.items || !(out->own.items[0].text = tz_strdup(text))) {
			tz_setpara_release(out);
			return tz_error_nomem(err);
		}
		out->own.n = out->own.cap = 1;
		out->runs = &out->own;
	}
	return rc;
}

double tz_setpara_height(const struct tz_setpara *sp)
{
	return (double)sp->para.nlines * sp->st.leading;
}

/* x offsets of a ragged line: natural glue, no justification. */
static double ragged_width(const struct tz_para *pa, const struct tz_para_line *ln)
{
	double w = 0;
	for (size_t k = 0; k < ln->nfrags; k++) {
		const struct tz_frag *fr = &pa->frags[ln->first + k];
		w += (k ? fr->gap : 0) + fr->natural;
	}
	if (ln->hyphenated)
		w += ln->hyphen_width;
	return w;
}

void tz_draw_line(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_setpara *sp,
		  size_t li, double x, double y)
{
	const struct tz_para *pa = &sp->para;
	const struct tz_para_line *ln = &pa->lines[li];
	const struct tz_tstyle *st = &sp->st;
	int ragged = st->align != TZ_ALIGN_JUSTIFY;
	double scale = ragged || ln->scale <= 0 ? 1 : ln->scale;
	double tc = ragged ? st->tracking : st->tracking + ln->char_space;
	double rx = 0, shift = 0;
	struct tz_font *last = NULL;

	tz_canvas_set_fill(c, tz_canvas_colour(c, st->colour));
	if (ragged) {
		double w = ragged_width(pa, ln);
		if (st->align == TZ_ALIGN_CENTER)
			shift = (ln->width - w) / 2;
		else if (st->align == TZ_ALIGN_RIGHT)
			shift = ln->width - w;
		rx = shift + (li == 0 ? st->indent : 0);
	}
	for (size_t k = 0; k < ln->nfrags; k++) {
		const struct tz_frag *fr = &pa->frags[ln->first + k];
		const struct tz_run *run = &sp->runs->items[fr->run];
		struct tz_font *f = tz_style_font(ts, st, fr->style);
		double fx;
		if (ragged) {
			rx += k ? fr->gap : 0;
			fx = rx;
			rx += fr->natural;
		} else {
			fx = fr->x;
		}
		tz_canvas_text(c, f, st->size, x + fx, y, run->text + fr->off, fr->len, scale,
			       tc / scale);
		if (run->href)
			tz_canvas_link(c, x + fx, y - st->size * 0.8, fr->width, st->size * 1.1,
				       run->href);
		last = f;
	}
	if (ln->hyphenated && last) {
		double hx = ragged ? rx : ln->hyphen_x;
		tz_canvas_text(c, last, st->size, x + hx, y, "-", 1, scale, 0);
	}
}

double tz_draw_para(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_setpara *sp,
		    double x, double y)
{
	for (size_t li = 0; li < sp->para.nlines; li++) {
		tz_draw_line(c, ts, sp, li, x, y);
		if (li + 1 < sp->para.nlines)
			y += sp->st.leading;
	}
	return y;
}

double tz_text_width(struct tz_typeset *ts, const struct tz_tstyle *st, const char *s)
{
	struct measure_ctx m = {ts, st};
	char *u = st->upper ? upper_dup(s) : NULL;
	double w = measure(&m, 0, u ? u : s, strlen(u ? u : s));
	free(u);
	return w;
}

double tz_draw_text(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_tstyle *st,
		    const char *s, double x, double y)
{
	char *u = st->upper ? upper_dup(s) : NULL;
	const char *t = u ? u : s;
	struct tz_font *f = tz_style_font(ts, st, 0);
	double w = tz_text_width(ts, st, s);

	if (st->align == TZ_ALIGN_RIGHT)
		x -= w;
	else if (st->align == TZ_ALIGN_CENTER)
		x -= w / 2;
	tz_canvas_set_fill(c, tz_canvas_colour(c, st->colour));
	tz_canvas_text(c, f, st->size, x, y, t, strlen(t), 1, st->tracking);
	free(u);
	return w;
}

char *tz_print_url(const char *url)
{
	size_t n;
	char *out, *w;

	if (!strncmp(url, "https://", 8))
		url += 8;
	else if (!strncmp(url, "http://", 7))
		url += 7;
	else if (!strncmp(url, "mailto:", 7))
		url += 7;
	n = strlen(url);
	out = tz_malloc(n * 4 + 1);
	if (!out)
		return NULL;
	w = out;
	for (size_t i = 0; i < n; i++) {
		*w++ = url[i];
		/* break points after / . - _ ? only (not right after "www.") */
		if (strchr("/.-_?", url[i]) && i + 1 < n && url[i + 1] != '/' &&
		    !(i == 3 && !strncmp(url, "www.", 4))) {
			memcpy(w, "\xe2\x80\x8b", 3);
			w += 3;
		}
	}
	if (w > out && w[-1] == '/')
		w--; /* no trailing slash in print */
	*w = '\0';
	return out;
}
