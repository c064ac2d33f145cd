/*
 * filler.c - what fills a hole at the foot of a story page (issue 15,
 * point 7). When a story page is left with more than TZ_FILL_PERCENT of
 * its text area empty under the last text, a designed filler takes the
 * space, chosen from what the issue itself offers: the newsletter's house
 * advertisement (a big hole), a pull quote from the story that ends on the
 * page, or one of the issue's key figures. Each is used once per issue: a
 * second identical filler reads as a mistake (check_pages.py looks).
 *
 * The one idea: a filler is a panel that takes the whole hole, from two
 * grid lines under the text to the foot of the text area, so the page ends
 * where every page ends; its content is set for the panel first, and a
 * candidate whose text does not fit is passed over for the next one.
 * What no filler fits stays a hole and the preflight reports it.
 */
#include "pdfint.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "galley.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

#define MIN_FILLER_LINES 6  /* a panel smaller than this is not a filler */
#define AD_MIN_LINES 14     /* the house advertisement needs this much */
#define QUOTE_MIN 40        /* bytes of a quote worth pulling out */
#define QUOTE_MAX 200

static const char OPEN_Q[] = "\xe2\x80\x9c", CLOSE_Q[] = "\xe2\x80\x9d";

/* FNV-1a of a filler's text: an issue that prints one story twice (or
 * two with the same quote) must not get the same filler twice either. */
static uint64_t text_hash(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ull;
	for (const char *p = a; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0x1f) * 1099511628211ull;
	for (const char *p = b; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h;
}

static int filler_used(const struct tz_pdfctx *x, uint64_t h)
{
	for (size_t i = 0; i < x->nfillers; i++)
		if (x->filler_hash[i] == h)
			return 1;
	return 0;
}

/* Remember a filler's text; 0, or -1 when the table is full (then no more
 * fillers of that kind: a repeat is worse than a hole). */
static int filler_remember(struct tz_pdfctx *x, uint64_t h)
{
	if (x->nfillers >= TZ_MAX_FILLERS)
		return -1;
	x->filler_hash[x->nfillers++] = h;
	return 0;
}

/* A copy of s[0..n) without a trailing comma or space (the quote went on
 * with ", zegt ..."); NULL on no memory. */
static char *trimmed(const char *s, size_t n)
{
	char *t;
	while (n && (s[n - 1] == ',' || s[n - 1] == ' '))
		n--;
	t = tz_malloc(n + 1);
	if (t) {
		memcpy(t, s, n);
		t[n] = '\0';
	}
	return t;
}

/* Is q (or its first 30 bytes) already shown by the story as a pull quote
 * or a quote block? Then pulling it again repeats the page. */
static int shown(const struct tz_story_text *t, const char *q)
{
	size_t n = strlen(q) < 30 ? strlen(q) : 30;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct tz_block *bl = &t->blocks[i];
		char *p;
		int hit;
		if (bl->kind != TZ_BLOCK_PULLQUOTE && bl->kind != TZ_BLOCK_QUOTE)
			continue;
		p = tz_runs_plain(&bl->runs);
		hit = p && n && strstr(p, q) != NULL;
		if (p && !hit) {
			char head[32];
			memcpy(head, q, n);
			head[n] = '\0';
			hit = strstr(p, head) != NULL;
		}
		free(p);
		if (hit)
			return 1;
	}
	return 0;
}

/* Does s[0..n) contain the string needle? */
static int has(const char *s, size_t n, const char *needle)
{
	const char *p = strstr(s, needle);
	return p && (size_t)(p - s) < n;
}

/* What marks that story s has given a pull quote (filler_used). */
static uint64_t story_key(const struct tz_story *s)
{
	return text_hash(s->id, "\x01pull quote");
}

/* Is the candidate q usable: not shown by the story already, not used as
 * a filler before? q is freed when not. */
static char *usable(const struct tz_pdfctx *x, const struct tz_story_text *t, char *q)
{
	if (q && (shown(t, q) || filler_used(x, text_hash(q, t->headline)))) {
		free(q);
		return NULL;
	}
	return q;
}

/* The first quotation (between curly double quotes) of a paragraph that is
 * QUOTE_MIN..QUOTE_MAX bytes long; else, with sentences set, the first
 * whole sentence of that length after the first paragraph (no quotes in
 * it); none that the story shows already or that was a filler before;
 * with before.file set, only from the paragraphs before that line (those
 * on earlier pages: a quote right under its own text reads as a repeat).
 * *quotation: 1 a quotation, 0 a sentence.
 * malloc'd, or NULL (also when memory runs out: then there is no quote,
 * and the hole is reported as one). */
static char *find_quote(const struct tz_pdfctx *x, const struct tz_story_text *t, int sentences,
			struct tz_src before, int *quotation)
{
	int paras = 0;
	*quotation = 0;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct tz_block *bl = &t->blocks[i];
		char *plain, *found = NULL;
		if (bl->kind != TZ_BLOCK_PARA)
			continue;
		if (before.file && bl->src.file == before.file && bl->src.line >= before.line)
			break;
		if (!(plain = tz_runs_plain(&bl->runs)))
			return NULL;
		paras++;
		for (const char *p = plain; !found && (p = strstr(p, OPEN_Q));) {
			const char *a = p + 3, *z = strstr(a, CLOSE_Q);
			if (!z)
				break;
			if (z - a >= QUOTE_MIN && z - a <= QUOTE_MAX && !memchr(a, '"', (size_t)(z - a)))
				found = usable(x, t, trimmed(a, (size_t)(z - a)));
			*quotation = 1;
			p = z + 3;
		}
		if (!found)
			*quotation = 0;
		if (!found && sentences && paras > 1) {
			const char *s = plain;
			while (*s == ' ')
				s++;
			while (!found && *s) {
				const char *e = strstr(s, ". ");
				size_t n = e ? (size_t)(e - s) + 1 : strlen(s);
				if (n >= QUOTE_MIN + 20 && n <= QUOTE_MAX && !memchr(s, '"', n) &&
				    !has(s, n, OPEN_Q) && !has(s, n, CLOSE_Q))
					found = usable(x, t, trimmed(s, n));
				s += n;
				while (*s == ' ')
					s++;
			}
		}
		free(plain);
		if (found)
			return found;
	}
	return NULL;
}

/* The panel every filler but the advertisement stands on: a tint with the
 * accent bar at its top and a rule along its foot. */
static void panel(struct tz_pdfctx *x, double left, double top, double w, double h)
{
	struct tz_canvas *c = &x->cv;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "tint"));
	tz_canvas_rect(c, left, top, w, h);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, left, top, 16 * MM, 2.2 * MM);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect(c, left, top + h - 1.2 * MM, w, 1.2 * MM);
}

/* Set text in st at width tw, made smaller (down to 70 %) until it is at
 * most max_h tall. 1 set (sp filled), 0 does not fit, -1 error. */
static int set_fitting(struct tz_pdfctx *x, const char *text, struct tz_tstyle *st, double tw,
		       double max_h, struct tz_src src, struct tz_setpara *sp,
		       struct tz_error *err)
{
	for (int k = 0; k < 4; k++) {
		if (tz_set_text(&x->ts, text, st, tw, src, sp, err))
			return -1;
		if (tz_setpara_height(sp) <= max_h)
			return 1;
		tz_setpara_release(sp);
		st->size *= 0.9;
		st->leading *= 0.9;
	}
	return 0;
}

/* A pull quote from story s in the panel. 1 drawn, 0 nothing to pull or it
 * does not fit, -1 error. */
static int pull_quote(struct tz_pdfctx *x, const struct tz_story *s, double left, double top,
		      double w, double h, struct tz_error *err)
{
	struct tz_tstyle st = x->S.pullquote, by = x->S.pq_by;
	double pad = fmin(8 * MM, w * 0.08), tw = fmin(w - 2 * pad, 120 * MM), y;
	struct tz_setpara sp;
	struct tz_src nowhere = {NULL, 0};
	int quotation = 0;
	struct tz_buf q;
	char *text;
	uint64_t hash;
	int rc;

	if (!s || x->nfillers >= TZ_MAX_FILLERS)
		return 0;
	/* from the story's earlier pages first, then from anywhere in it; a
	 * quotation in quotation marks, a sentence of the text without */
	if (!(text = find_quote(x, &s->text, 0, x->page_text, &quotation)) &&
	    !(text = find_quote(x, &s->text, 1, x->page_text, &quotation)) &&
	    !(text = find_quote(x, &s->text, 0, nowhere, &quotation)) &&
	    !(text = find_quote(x, &s->text, 1, nowhere, &quotation)))
		return 0;
	hash = text_hash(text, s->text.headline);
	tz_buf_init(&q, TZ_BUF_DEFAULT_MAX);
	if (tz_buf_addf(&q, "%s%s%s", quotation ? OPEN_Q : "", text, quotation ? CLOSE_Q : "")) {
		free(text);
		tz_buf_release(&q);
		return tz_error_nomem(err);
	}
	free(text);
	if (h > 14 * x->b) { /* a big panel: a bigger quote */
		st.size *= 1.3;
		st.leading *= 1.3;
	}
	rc = set_fitting(x, q.data, &st, tw, h - 4 * x->b, s->text.src, &sp, err);
	tz_buf_release(&q);
	if (rc <= 0)
		return rc;
	panel(x, left, top, w, h);
	/* the quote in the optical middle of the panel, under the bar */
	y = top + fmax(2.4 * x->b, (h - tz_setpara_height(&sp) - by.leading) * 0.45);
	tz_draw_para(&x->cv, &x->ts, &sp, left + pad, y + st.size);
	y += tz_setpara_height(&sp) + 0.6 * x->b;
	tz_setpara_release(&sp);
	if (y + by.leading < top + h - x->b) {
		struct tz_buf from;
		tz_buf_init(&from, 1024);
		if (tz_buf_addf(&from, "Uit: %s", s->text.headline)) {
			tz_buf_release(&from);
			return tz_error_nomem(err);
		}
		if (tz_set_text(&x->ts, from.data, &by, tw, s->text.src, &sp, err)) {
			tz_buf_release(&from);
			return -1;
		}
		tz_buf_release(&from);
		tz_draw_para(&x->cv, &x->ts, &sp, left + pad, y + by.size);
		tz_setpara_release(&sp);
	}
	filler_remember(x, hash);
	filler_remember(x, story_key(s));
	return 1;
}

/* The k-th key figure of the issue (in reading order), with its block. */
static const struct tz_keyfigure *nth_keyfigure(const struct tz_pdfctx *x, size_t k,
						const struct tz_block **block,
						const struct tz_story **story)
{
	for (size_t i = 0; i < x->issue->nsections; i++) {
		const struct tz_section *sec = &x->issue->sections[i];
		for (size_t j = 0; j < sec->nstories; j++) {
			const struct tz_story_text *t = &sec->stories[j]->text;
			for (size_t b = 0; b < t->nblocks; b++) {
				const struct tz_block *bl = &t->blocks[b];
				if (bl->kind != TZ_BLOCK_KEYFIGURES)
					continue;
				if (k < bl->nfigures) {
					*block = bl;
					*story = sec->stories[j];
					return &bl->figures[k];
				}
				k -= bl->nfigures;
			}
		}
	}
	return NULL;
}

/* Is story s drawn on the current page: the one ending here, or one that
 * started here? */
static int on_page(const struct tz_pdfctx *x, const struct tz_story *s,
		   const struct tz_story *ending)
{
	if (s == ending)
		return 1;
	for (size_t i = x->nstories; i-- > 0 && x->stories[i].page == tz_pdf_page_no(x);)
		if (x->stories[i].story == s)
			return 1;
	return 0;
}

/* The issue's next unused key figure in the panel: the block's title as a
 * kicker, the value as a large numeral, label, note and source. 1 drawn,
 * 0 none left or it does not fit, -1 error. */
static int key_figure(struct tz_pdfctx *x, const struct tz_story *ending, double left, double top,
		      double w, double h, struct tz_error *err)
{
	const struct tz_block *bl;
	const struct tz_story *s;
	const struct tz_keyfigure *kf;
	struct tz_tstyle kick = x->S.kicker, val = x->S.value_big, lab = x->S.lead,
			 note = x->S.note;
	double pad = fmin(8 * MM, w * 0.08), tw = fmin(w - 2 * pad, 120 * MM), y;
	struct tz_setpara sp;
	struct tz_buf line;
	const char *unit;
	char num[128];
	int failed = 0;
	uint64_t hash = 0;

	if (h < MIN_FILLER_LINES * x->b + val.leading)
		return 0;
	/* the first one not shown as a filler yet (a repeated story repeats
	 * its figures) and not from a story on this page (its own box shows
	 * it there) */
	for (size_t k = 0;; k++) {
		if (!(kf = nth_keyfigure(x, k, &bl, &s)))
			return 0;
		if (on_page(x, s, ending))
			continue;
		tz_keyfigure_value(kf, s->text.lang, num, sizeof(num), &unit);
		hash = text_hash(kf->label, num);
		if (!filler_used(x, hash))
			break;
	}
	if (filler_remember(x, hash))
		return 0;
	if (h < 10 * x->b) {
		val.size *= 0.7;
		val.leading *= 0.7;
	}
	panel(x, left, top, w, h);
	y = top + fmax(2.4 * x->b, (h - val.leading - 5 * x->b) * 0.4);
	if (bl->title && y - 1.2 * x->b > top + 2.2 * MM + 0.3 * x->b) {
		tz_check_glyphs(&x->ts, &kick, 0, bl->title, bl->src);
		tz_draw_text(&x->cv, &x->ts, &kick, bl->title, left + pad, y - 0.8 * x->b);
	}
	/* the numeral with its unit beside it on the same baseline */
	tz_check_glyphs(&x->ts, &val, 0, num, bl->src);
	tz_draw_text(&x->cv, &x->ts, &val, num, left + pad, y + val.size * 0.8);
	if (unit) {
		tz_check_glyphs(&x->ts, &lab, 0, unit, bl->src);
		tz_draw_text(&x->cv, &x->ts, &lab, unit,
			     left + pad + tz_text_width(&x->ts, &val, num) + 0.3 * lab.size,
			     y + val.size * 0.8);
	}
	y += val.leading * 0.95;
	tz_buf_init(&line, 4096);
	failed |= tz_buf_adds(&line, kf->label) != 0;
	if (kf->note)
		failed |= tz_buf_addf(&line, ": %s", kf->note) != 0;
	if (failed) {
		tz_buf_release(&line);
		return tz_error_nomem(err);
	}
	if (tz_set_text(&x->ts, line.data, &lab, tw, bl->src, &sp, err)) {
		tz_buf_release(&line);
		return -1;
	}
	tz_buf_release(&line);
	if (y + tz_setpara_height(&sp) <= top + h - 1.5 * x->b)
		tz_draw_para(&x->cv, &x->ts, &sp, left + pad, y + lab.size);
	y += tz_setpara_height(&sp) + 0.4 * x->b;
	tz_setpara_release(&sp);
	if (bl->source && y + note.leading <= top + h - 1.5 * x->b) {
		tz_buf_init(&line, 4096);
		if (tz_buf_addf(&line, "Bron: %s", bl->source)) {
			tz_buf_release(&line);
			return tz_error_nomem(err);
		}
		if (tz_set_text(&x->ts, line.data, &note, tw, bl->src, &sp, err)) {
			tz_buf_release(&line);
			return -1;
		}
		tz_buf_release(&line);
		if (y + tz_setpara_height(&sp) <= top + h - 1.5 * x->b)
			tz_draw_para(&x->cv, &x->ts, &sp, left + pad, y + note.size);
		tz_setpara_release(&sp);
	}
	return 1;
}

int tz_pdf_fill_hole(struct tz_pdfctx *x, struct tz_error *err)
{
	double foot = x->l.page_h - x->l.bottom, top, h, left;
	const struct tz_story *s;
	int lines, rc;

	if (!x->npages || x->pages[x->npages - 1].kind != TZ_PAGE_STORY || x->cv.ink_bottom <= 0)
		return 0;
	/* the same measure as the preflight's (tz_pdf_new_page) */
	if ((foot - x->cv.ink_bottom) * 100 <= x->grid_lines * x->b * TZ_FILL_PERCENT)
		return 0;
	top = x->text_top + ceil((x->cv.ink_bottom - x->text_top) / x->b + 1e-6) * x->b + 2 * x->b;
	h = foot - top;
	lines = (int)floor(h / x->b + 1e-6);
	if (lines < MIN_FILLER_LINES)
		return 0;
	left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	s = x->nstories ? x->stories[x->nstories - 1].story : NULL;
	/* a big hole: the advertisement, made for it */
	if (!(x->fillers_used & TZ_FILLER_AD) && lines >= AD_MIN_LINES &&
	    lines * 3 >= x->grid_lines)
		return tz_pdf_house_ad(x, left, top, x->text_w, h, err);
	/* a story gives a second pull quote only when the key figures are
	 * used up: two panels from one story in a row read as padding */
	if (s && !filler_used(x, story_key(s)) &&
	    (rc = pull_quote(x, s, left, top, x->text_w, h, err)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = key_figure(x, s, left, top, x->text_w, h, err)) != 0)
		return rc < 0 ? -1 : 0;
	if ((rc = pull_quote(x, s, left, top, x->text_w, h, err)) != 0)
		return rc < 0 ? -1 : 0;
	if (!(x->fillers_used & TZ_FILLER_AD) && lines >= AD_MIN_LINES)
		return tz_pdf_house_ad(x, left, top, x->text_w, h, err);
	return 0;
}
