/*
 * galley.c - a story body as lines, spaces and boxes (see galley.h).
 */
#include "galley.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static struct tz_gitem *push(struct tz_galley *g, enum tz_gkind kind, double h, int penalty,
			     struct tz_error *err)
{
	struct tz_gitem *it;
	if (tz_array_grow((void **)&g->items, &g->cap, g->n + 1, sizeof(*g->items))) {
		tz_error_nomem(err);
		return NULL;
	}
	it = &g->items[g->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->h = h;
	it->penalty = penalty;
	return it;
}

static struct tz_setpara *new_para(struct tz_galley *g, struct tz_error *err)
{
	struct tz_setpara *sp;
	if (tz_array_grow((void **)&g->paras, &g->cp, g->np + 1, sizeof(struct tz_setpara *)) ||
	    !(sp = tz_calloc(1, sizeof(*sp)))) {
		tz_error_nomem(err);
		return NULL;
	}
	g->paras[g->np++] = sp;
	return sp;
}

static int own_box(struct tz_galley *g, struct tz_box *b, struct tz_error *err)
{
	if (tz_array_grow((void **)&g->boxes, &g->cb, g->nb + 1, sizeof(struct tz_box *))) {
		tz_box_free(b);
		return tz_error_nomem(err);
	}
	g->boxes[g->nb++] = b;
	return 0;
}

/* The lines of sp, with widow/orphan penalties; keep_last forbids a break
 * after the last line (headings, text that an attribution follows). */
static int push_lines(struct tz_galley *g, const struct tz_setpara *sp, double dx,
		      const struct tz_listmark *mark, int keep_all, int keep_last,
		      struct tz_error *err)
{
	size_t n = sp->para.nlines;
	for (size_t k = 1; k <= n; k++) {
		int pen;
		struct tz_gitem *it;
		if (k == n)
			pen = keep_last ? TZ_KEEP : 0;
		else if (keep_all || n <= 3 || k < 2 || n - k < 2)
			pen = TZ_KEEP;
		else
			pen = sp->para.lines[k - 1].hyphenated ? TZ_HYPHEN_BREAK : 0;
		it = push(g, TZ_G_LINE, sp->st.leading, pen, err);
		if (!it)
			return -1;
		it->sp = sp;
		it->line = k - 1;
		it->dx = dx;
		if (mark && k == 1)
			it->mark = *mark;
		g->lines++;
	}
	return 0;
}

static int push_box(struct tz_galley *g, struct tz_box *b, int floats, int wide,
		    struct tz_error *err)
{
	struct tz_gitem *it;
	if (!b || own_box(g, b, err))
		return -1;
	it = push(g, TZ_G_BOX, b->h, 0, err);
	if (!it)
		return -1;
	it->box = b;
	it->floats = floats;
	it->wide = wide;
	return 0;
}

static int set_push(struct tz_pdfctx *x, struct tz_galley *g, const struct tz_runs *runs,
		    const struct tz_tstyle *st, double w, double dx, const struct tz_listmark *mark,
		    int keep_all, int keep_last, struct tz_src src, struct tz_error *err)
{
	struct tz_setpara *sp = new_para(g, err);
	if (!sp || tz_set_runs(&x->ts, runs, st, &w, 1, src, sp, err))
		return -1;
	return push_lines(g, sp, dx, mark, keep_all, keep_last, err);
}

/* Line i of sp is the paragraph's last: how full is it (0..1)? */
static double last_fill(const struct tz_setpara *sp)
{
	const struct tz_para_line *ln = &sp->para.lines[sp->para.nlines - 1];
	return ln->width > 0 ? (ln->boxes + ln->glue) / ln->width : 1;
}

#define MAX_LOOSE_RATIO 1.0

/* A body paragraph. While *adjust is not 0, a paragraph whose last line
 * is shorter than fill (to pull lines back: *adjust < 0) or longer than
 * fill (to add lines: *adjust > 0) is set again one line shorter or longer
 * if the breaker finds such a setting within its tolerances (looseness),
 * and that is kept. */
/* The loosest glue ratio of sp's lines but the last (ragged) one. */
static double loosest(const struct tz_setpara *sp)
{
	double r = 0;
	for (size_t i = 0; i + 1 < sp->para.nlines; i++)
		if (sp->para.lines[i].ratio > r)
			r = sp->para.lines[i].ratio;
	return r;
}

static int set_para(struct tz_pdfctx *x, struct tz_galley *g, const struct tz_runs *runs,
		    const struct tz_tstyle *st, double w, int *adjust, double fill,
		    struct tz_src src, struct tz_error *err)
{
	struct tz_setpara *sp = new_para(g, err), other;
	int rc, step = *adjust < 0 ? -1 : 1;
	if (!sp || tz_set_runs(&x->ts, runs, st, &w, 1, src, sp, err))
		return -1;
	if (*adjust != 0 && sp->para.nlines >= 2 &&
	    (step < 0 ? last_fill(sp) < fill : last_fill(sp) > fill)) {
		x->ts.looseness = step;
		rc = tz_set_runs(&x->ts, runs, st, &w, 1, src, &other, err);
		x->ts.looseness = 0;
		if (rc)
			return -1;
		/* a line longer only while no line gets looser than its
		 * glue's natural stretch (TeX's "loose", not "very loose") */
		if ((long)other.para.nlines == (long)sp->para.nlines + step &&
		    (step < 0 || loosest(&other) <= MAX_LOOSE_RATIO)) {
			tz_setpara_release(sp);
			*sp = other;
			if (other.runs == &other.own) /* it pointed into the copy */
				sp->runs = &sp->own;
			*adjust -= step;
		} else {
			tz_setpara_release(&other);
		}
	}
	return push_lines(g, sp, 0, NULL, 0, 0, err);
}

static int space(struct tz_galley *g, struct tz_pdfctx *x, struct tz_error *err)
{
	if (g->n == 0 || g->items[g->n - 1].kind == TZ_G_SPACE)
		return 0;
	return push(g, TZ_G_SPACE, x->b, 0, err) ? 0 : -1;
}

static int attribution(struct tz_pdfctx *x, struct tz_galley *g, const char *by, double w,
		       double dx, struct tz_src src, struct tz_error *err)
{
	struct tz_setpara *sp = new_para(g, err);
	char text[512];
	if (!sp)
		return -1;
	snprintf(text, sizeof(text), "\xe2\x80\x94 %s", by); /* em dash */
	if (tz_set_text(&x->ts, text, &x->S.quote_by, w, src, sp, err))
		return -1;
	return push_lines(g, sp, dx, NULL, 1, 0, err);
}

/* A list and the lists nested in it: each item a paragraph moved in by
 * the list's indent from the text it hangs under (dx), its mark hanging in
 * the indent. */
static int push_list(struct tz_pdfctx *x, struct tz_galley *g, const struct tz_block *bl,
		     int depth, double col_w, double dx, struct tz_error *err)
{
	const struct tz_tstyle *st = &x->S.list;
	double in = dx + tz_list_indent(x, st, bl, depth);

	for (size_t k = 0; k < bl->nitems; k++) {
		struct tz_listmark m;
		tz_list_mark(bl, k, depth, &m);
		if (set_push(x, g, &bl->items[k], st, col_w - in, in, &m, 0, 0, bl->src, err))
			return -1;
		if (bl->sublists && bl->sublists[k] && depth < TZ_MAX_LIST_DEPTH &&
		    push_list(x, g, bl->sublists[k], depth + 1, col_w, in, err))
			return -1;
	}
	return 0;
}

int tz_galley_build(struct tz_pdfctx *x, const struct tz_story *s,
		    const struct tz_story_text *t, double col_w, double wide_w,
		    int wide_figures, struct tz_galley *g, struct tz_error *err)
{
	return tz_galley_build_adjusted(x, s, t, col_w, wide_w, wide_figures, 0, g, err);
}

int tz_galley_build_adjusted(struct tz_pdfctx *x, const struct tz_story *s,
			     const struct tz_story_text *t, double col_w, double wide_w,
			     int wide_figures, int lines, struct tz_galley *g,
			     struct tz_error *err)
{
	/* first the paragraphs that change a line with the least change to
	 * their spacing: a short last line to pull back, a full one to push
	 * on; then any */
	double fill = lines < 0 ? 0.35 : 0.7;
	int adjust = lines, second = 0;
	const struct tz_tstyle *S_first = &x->S.body_first;
	int after_text = 0;

	memset(g, 0, sizeof(*g));
	g->col_w = col_w;
	g->wide_w = wide_w;
	for (size_t i = 0; i < t->nblocks; i++) {
		const struct tz_block *bl = &t->blocks[i];
		double quote_in = x->l.body * 1.2;
		int rc = 0;
		switch (bl->kind) {
		case TZ_BLOCK_PARA:
			rc = set_para(x, g, &bl->runs, after_text ? &x->S.body : S_first, col_w,
				      &adjust, fill, bl->src, err);
			after_text = 1;
			break;
		case TZ_BLOCK_SUBHEAD:
			rc = space(g, x, err) ||
			     set_push(x, g, &bl->runs, &x->S.subhead, col_w, 0, NULL, 1, 1, bl->src,
				      err);
			after_text = 0;
			break;
		case TZ_BLOCK_QUOTE:
			rc = space(g, x, err) ||
			     set_push(x, g, &bl->runs, &x->S.quote, col_w - quote_in, quote_in, NULL,
				      0, bl->by != NULL, bl->src, err) ||
			     (bl->by && attribution(x, g, bl->by, col_w - quote_in, quote_in,
						    bl->src, err)) ||
			     space(g, x, err);
			after_text = 0;
			break;
		case TZ_BLOCK_LIST:
			rc = push_list(x, g, bl, 1, col_w, 0, err);
			after_text = 0;
			break;
		case TZ_BLOCK_PULLQUOTE:
			rc = push_box(g, tz_box_pullquote(x, bl, col_w, err), 1, 0, err);
			/* boxes float: the next paragraph goes on the text */
			break;
		case TZ_BLOCK_FACTBOX:
			rc = push_box(g, tz_box_factbox(x, bl, col_w, err), 1, 0, err);
			/* boxes float: the next paragraph goes on the text */
			break;
		case TZ_BLOCK_KEYFIGURES:
			rc = push_box(g, tz_box_keyfigures(x, bl, wide_figures ? wide_w : col_w, err),
				      1, wide_figures, err);
			/* boxes float: the next paragraph goes on the text */
			break;
		case TZ_BLOCK_FIGURE: {
			int wide = bl->figure->span == TZ_SPAN_PAGE && wide_w > col_w + 1;
			rc = push_box(g, tz_box_figure(x, bl->figure, bl->src, wide ? wide_w : col_w,
						       err),
				      1, wide, err);
			/* boxes float: the next paragraph goes on the text */
			break;
		}
		}
		if (rc)
			goto fail;
		if (i + 1 == t->nblocks && adjust != 0 && !second) {
			/* not enough of those: any paragraph may change */
			tz_galley_release(g);
			g->col_w = col_w;
			g->wide_w = wide_w;
			fill = lines < 0 ? 1.01 : -0.01;
			adjust = lines;
			second = 1;
			after_text = 0;
			i = (size_t)-1;
		}
	}
	(void)s;
	/* the story may end anywhere, but not with its last line or two alone at
	 * the head of a column or page (a widow across the section break that
	 * follows: issue 15, the Voorwoord on A5) */
	if (g->n)
		g->items[g->n - 1].penalty = 0;
	for (size_t k = 2; k <= 3 && k <= g->n; k++) { /* three lines at least */
		if (g->items[g->n - k].kind != TZ_G_LINE || g->items[g->n - k + 1].kind != TZ_G_LINE)
			break;
		g->items[g->n - k].penalty = TZ_KEEP;
	}
	return 0;
fail:
	tz_galley_release(g);
	return -1;
}

void tz_galley_release(struct tz_galley *g)
{
	for (size_t i = 0; i < g->np; i++) {
		tz_setpara_release(g->paras[i]);
		free(g->paras[i]);
	}
	for (size_t i = 0; i < g->nb; i++)
		tz_box_free(g->boxes[i]);
	free(g->paras);
	free(g->boxes);
	free(g->items);
	memset(g, 0, sizeof(*g));
}

void tz_gitem_draw(struct tz_pdfctx *x, const struct tz_gitem *it, double left, double top)
{
	if (x->dry)
		return; /* measuring (tz_flow_dry) */
	if (it->kind == TZ_G_LINE) {
		double y = tz_pdf_baseline(x, top, &it->sp->st);
		if (!x->page_text.file)
			x->page_text = it->sp->src;
		tz_draw_line(&x->cv, &x->ts, it->sp, it->line, left + it->dx, y);
		tz_list_mark_draw(x, &it->sp->st, &it->mark, left + it->dx, y);
	} else if (it->kind == TZ_G_BOX) {
		it->box->draw(x, it->box, left, top);
	}
}
