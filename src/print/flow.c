/*
 * flow.c - column filling, floats and balancing (see flow.h).
 */
#include "flow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

#define SHORT_LINE_COST 150 /* per empty grid line left at a column's foot */
#define MAX_FLOATS 64       /* boxes waiting at once (more are forced in) */

/* Where the pour stands: the next galley item and the boxes waiting. */
struct pour {
	size_t pos;
	size_t def[MAX_FLOATS], ndef;  /* column floats for the next column */
	size_t wide[MAX_FLOATS], nwide; /* wide boxes for the next page region */
	size_t done[MAX_FLOATS], ndone; /* wide boxes already placed */
	int no_defer; /* floats stay in the text's order (the story's last page) */
};

static int placed_before(const struct pour *st, size_t item)
{
	for (size_t k = 0; k < st->ndone; k++)
		if (st->done[k] == item)
			return 1;
	return 0;
}

struct placed {
	size_t item;
	double y;
};

struct column {
	struct placed *v;
	size_t n, cap;
	double used;
	int overset;
};

static int add_placed(struct column *c, size_t item, double y)
{
	if (tz_array_grow((void **)&c->v, &c->cap, c->n + 1, sizeof(*c->v)))
		return -1;
	c->v[c->n].item = item;
	c->v[c->n].y = y;
	c->n++;
	return 0;
}

struct cand {
	size_t nplaced, pos, ndef, nwide;
	double y;
	double cost;
};

/*
 * Fill one column of height H from st (updated). With dry set nothing is
 * recorded but the state. Returns 0, or -1 out of memory.
 */
static int fill_column(struct tz_pdfctx *x, const struct tz_galley *g, struct pour *st,
		       double H, struct column *col, int *forced)
{
	struct pour in = *st;
	struct cand best = {0}, cur;
	double y = 0, b = x->b;
	int have_best = 0, ended = 0;
	size_t keep_def = 0;

	col->n = 0;
	col->overset = 0;
	*forced = 0;
	st->ndef = 0;
	/* the floats that waited go first, in order, as long as they fit */
	for (size_t k = 0; k < in.ndef; k++) {
		const struct tz_gitem *it = &g->items[in.def[k]];
		if (keep_def == 0 && y + it->h <= H + 1e-6) {
			if (add_placed(col, in.def[k], y))
				return -1;
			y += it->h;
		} else if (y == 0 && keep_def == 0) {
			/* taller than a whole column: place it and say so */
			if (add_placed(col, in.def[k], y))
				return -1;
			y += it->h;
			col->overset = 1;
		} else {
			st->def[st->ndef++] = in.def[k];
			keep_def++;
		}
	}
	memset(&cur, 0, sizeof(cur));
	if (col->n > 0) {
		/* the column may end right after the floats that waited */
		cur.nplaced = col->n;
		cur.pos = in.pos;
		cur.ndef = st->ndef;
		cur.nwide = st->nwide;
		cur.y = y;
		cur.cost = SHORT_LINE_COST * floor((H - y) / b + 1e-6);
		best = cur;
		have_best = 1;
	}
	for (size_t i = in.pos;; i++) {
		const struct tz_gitem *it;
		if (i >= g->n) {
			ended = 1;
			st->pos = g->n;
			break;
		}
		it = &g->items[i];
		if (it->kind == TZ_G_SPACE && col->n == 0)
			continue; /* no space at the head of a column */
		if (it->kind == TZ_G_BOX && it->wide) {
			if (st->nwide < MAX_FLOATS && !placed_before(st, i))
				st->wide[st->nwide++] = i;
			continue;
		}
		if (it->kind == TZ_G_BOX && it->floats && y + it->h > H + 1e-6 &&
		    st->ndef < MAX_FLOATS && col->n > 0 && !st->no_defer) {
			st->def[st->ndef++] = i; /* to the top of the next column */
			continue;
		}
		if (y + it->h > H + 1e-6) {
			if (col->n == 0) { /* nothing fits: force it, overset */
				if (add_placed(col, i, y))
					return -1;
				y += it->h;
				col->overset = 1;
				st->pos = i + 1;
				*forced = 1;
				goto done;
			}
			st->pos = i;
			break;
		}
		if (add_placed(col, i, y))
			return -1;
		y += it->h;
		cur.nplaced = col->n;
		cur.pos = i + 1;
		cur.ndef = st->ndef;
		cur.nwide = st->nwide;
		cur.y = y;
		cur.cost = it->penalty >= TZ_KEEP ? INFINITY
			   : it->penalty + SHORT_LINE_COST * floor((H - y) / b + 1e-6);
		if (!have_best || cur.cost <= best.cost) {
			best = cur;
			have_best = 1;
		}
	}
	if (!ended && have_best) {
		/* take the cheapest legal break; if none is legal, the fullest */
		if (isinf(best.cost))
			best = cur;
		col->n = best.nplaced;
		st->pos = best.pos;
		st->ndef = best.ndef;
		st->nwide = best.nwide;
		y = best.y;
	}
done:
	col->used = y;
	return 0;
}

static int done_all(const struct tz_galley *g, const struct pour *st)
{
	return st->pos >= g->n && st->ndef == 0;
}

/* Does everything from st fit in ncols columns of H? */
static int fits(struct tz_pdfctx *x, const struct tz_galley *g, struct pour st, int ncols,
		double H, struct column *scratch)
{
	int forced;
	for (int c = 0; c < ncols; c++) {
		if (fill_column(x, g, &st, H, scratch, &forced))
			return -1;
		if (scratch->overset)
			return 0;
	}
	return done_all(g, &st);
}

static int balance_lines(struct tz_pdfctx *x, const struct tz_galley *g, const struct pour *st,
			 int ncols, int max_lines, struct column *scratch)
{
	double total = 0;
	int lo;
	for (size_t i = st->pos; i < g->n; i++)
		if (!(g->items[i].kind == TZ_G_BOX && g->items[i].wide))
			total += g->items[i].h;
	for (size_t k = 0; k < st->ndef; k++)
		total += g->items[st->def[k]].h;
	lo = (int)floor(total / x->b / ncols);
	if (lo < 1)
		lo = 1;
	for (int n = lo; n <= max_lines; n++) {
		int f = fits(x, g, *st, ncols, n * x->b, scratch);
		if (f < 0)
			return -1;
		if (f)
			return n;
	}
	return max_lines + 1;
}

int tz_flow_balanced_lines(struct tz_pdfctx *x, const struct tz_galley *g, int ncols,
			   int max_lines)
{
	struct pour st;
	struct column scratch = {0};
	int n;
	memset(&st, 0, sizeof(st));
	n = balance_lines(x, g, &st, ncols, max_lines, &scratch);
	free(scratch.v);
	return n < 0 ? max_lines + 1 : n;
}

static void draw_column(struct tz_pdfctx *x, const struct tz_galley *g, const struct column *c,
			double left, double top)
{
	for (size_t k = 0; k < c->n; k++)
		tz_gitem_draw(x, &g->items[c->v[k].item], left, top + c->v[k].y);
}

static void report_overset(struct tz_pdfctx *x, const struct tz_galley *g,
			   const struct column *c)
{
	const struct tz_gitem *it = c->n ? &g->items[c->v[c->n - 1].item] : NULL;
	struct tz_src src = {NULL, 0};
	if (x->dry)
		return;
	if (it && it->box)
		src = it->box->src;
	else if (it && it->sp)
		src = it->sp->src;
	x->rep->overset++;
	tz_diags_add(x->diags, TZ_SEV_ERROR, src.file, src.line,
		     "overset on page %zu: an element of story '%s' is taller than a whole "
		     "column (%d lines); shorten it or split it",
		     x->npages, x->ts.story ? x->ts.story : "?",
		     x->grid_lines);
}

/* Wide boxes that waited go on top of the region while they fit. */
static void place_wide(struct tz_pdfctx *x, const struct tz_galley *g, struct pour *st,
		       struct tz_region *r)
{
	size_t keep = 0;
	for (size_t k = 0; k < st->nwide; k++) {
		const struct tz_gitem *it = &g->items[st->wide[k]];
		int lines = (int)lround(it->h / x->b);
		if (keep == 0 && (lines <= r->lines - 4 || (r->fresh && lines <= r->lines))) {
			tz_gitem_draw(x, it, r->left, r->top);
			r->top += it->h;
			r->lines -= lines;
			if (st->ndone < MAX_FLOATS)
				st->done[st->ndone++] = st->wide[k];
		} else {
			st->wide[keep++] = st->wide[k];
		}
	}
	st->nwide = keep;
}

/*
 * The story ends in this region with n balanced lines, but a wide box (a
 * figure across the columns) met on the way would not fit below them: it
 * would go to a new page after the story, above the next section (issue
 * 15, the Grensstaal picture). Put it on top of this region instead, while
 * the region keeps at least two lines for text; the text is balanced again
 * below it (or goes on to the next page: still the story's page). Returns
 * 1 if boxes were placed, 0 if not needed or not possible, -1 no memory.
 */
static int wide_on_top(struct tz_pdfctx *x, const struct tz_galley *g, struct pour *st,
		       struct tz_region *r, int n, struct column *scratch)
{
	struct pour dry = *st;
	int forced, lines = 0;
	for (int c = 0; c < r->ncols; c++)
		if (fill_column(x, g, &dry, n * x->b, scratch, &forced))
			return -1;
	if (dry.nwide == 0)
		return 0;
	for (size_t k = 0; k < dry.nwide; k++)
		lines += (int)lround(g->items[dry.wide[k]].h / x->b);
	if (n + lines <= r->lines || lines > r->lines - 2)
		return 0; /* fits below the text anyway, or cannot stay here */
	for (size_t k = 0; k < dry.nwide; k++) {
		const struct tz_gitem *it = &g->items[dry.wide[k]];
		tz_gitem_draw(x, it, r->left, r->top);
		r->top += it->h;
		r->lines -= (int)lround(it->h / x->b);
		if (st->ndone < MAX_FLOATS)
			st->done[st->ndone++] = dry.wide[k];
	}
	return 1;
}

int tz_flow(struct tz_pdfctx *x, const struct tz_galley *g, struct tz_region r,
	    tz_next_region_fn next, void *ctx, double *bottom, struct tz_error *err)
{
	struct pour st;
	struct column col = {0}, scratch = {0};
	int rc = -1, guard = 0;

	memset(&st, 0, sizeof(st));
	for (;;) {
		int n, forced;
		if (r.fresh)
			place_wide(x, g, &st, &r);
		if (r.lines < 2 && !r.fresh) {
			/* no room left here: the body starts on the next page */
			if (++guard > 1000 || next(x, ctx, &r, err))
				goto out;
			continue;
		}
		n = balance_lines(x, g, &st, r.ncols, r.lines, &scratch);
		if (n < 0)
			goto nomem;
		if (n <= r.lines && wide_on_top(x, g, &st, &r, n, &scratch) > 0)
			continue; /* a late wide box went on top: balance again */
		if (n <= r.lines) {
			/* the rest fits here: balanced columns */
			double H = n * x->b;
			for (int c = 0; c < r.ncols; c++) {
				if (fill_column(x, g, &st, H, &col, &forced))
					goto nomem;
				draw_column(x, g, &col, tz_pdf_col_x(x, r.left, r.w, r.ncols, c), r.top);
			}
			r.top += H;
			r.lines -= n;
			break;
		}
		/* would the text end here and leave a float waiting for a page
		 * of its own, after the story? then the floats keep their place
		 * in the text, which goes on beside them on the next page */
		{
			struct pour dry = st;
			for (int c = 0; c < r.ncols; c++)
				if (fill_column(x, g, &dry, r.lines * x->b, &scratch, &forced))
					goto nomem;
			st.no_defer = dry.pos >= g->n && dry.ndef > 0;
		}
		for (int c = 0; c < r.ncols; c++) {
			if (fill_column(x, g, &st, r.lines * x->b, &col, &forced))
				goto nomem;
			if (col.overset)
				report_overset(x, g, &col);
			draw_column(x, g, &col, tz_pdf_col_x(x, r.left, r.w, r.ncols, c), r.top);
		}
		st.no_defer = 0;
		if (done_all(g, &st))
			break;
		if (++guard > 1000 || next(x, ctx, &r, err))
			goto out;
	}
	/* wide boxes still waiting: below the columns, or on a new page */
	while (st.nwide > 0) {
		size_t before = st.nwide;
		r.fresh = 0;
		place_wide(x, g, &st, &r);
		if (st.nwide == 0)
			break;
		if (st.nwide == before) {
			if (next(x, ctx, &r, err))
				goto out;
			r.fresh = 1;
			place_wide(x, g, &st, &r);
			if (st.nwide == before) { /* taller than a page */
				if (x->dry)
					break;
				x->rep->overset++;
				tz_diags_add(x->diags, TZ_SEV_ERROR, g->items[st.wide[0]].box->src.file,
					     g->items[st.wide[0]].box->src.line,
					     "overset: a wide element of story '%s' is taller than the page",
					     x->ts.story ? x->ts.story : "?");
				break;
			}
		}
	}
	*bottom = r.top;
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	free(col.v);
	free(scratch.v);
	return rc;
}

/* The dry run's continuation: a whole page, counted, nothing drawn. */
struct dry_pages {
	int pages;
	double top;
};

static int dry_next(struct tz_pdfctx *x, void *ctx, struct tz_region *r, struct tz_error *err)
{
	struct dry_pages *d = ctx;
	(void)err;
	d->pages++;
	r->left = tz_pdf_text_left(x, tz_pdf_page_no(x) + d->pages);
	r->top = d->top = x->text_top;
	r->lines = x->grid_lines;
	r->fresh = 1;
	return 0;
}

int tz_flow_dry(struct tz_pdfctx *x, const struct tz_galley *g, struct tz_region r, int *pages,
		int *tail_lines, struct tz_error *err)
{
	struct dry_pages d = {0, r.top};
	double bottom = r.top;
	int rc;
	x->dry = 1;
	rc = tz_flow(x, g, r, dry_next, &d, &bottom, err);
	x->dry = 0;
	*pages = d.pages;
	*tail_lines = (int)lround((bottom - d.top) / x->b);
	return rc;
}
