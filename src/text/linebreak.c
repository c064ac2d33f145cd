/*
 * linebreak.c - Knuth-Plass total-fit line breaking.
 *
 * The one idea: walk the legal breakpoints once; for each one, every
 * "active" earlier breakpoint that can reach it with an acceptable line
 * proposes a new node with its total demerits; only the cheapest node per
 * state (lines so far, fitness class, hyphenated lines in a row) survives.
 * Active nodes whose line would already be too full are dropped. The best
 * node at the final forced break, followed back through its predecessors,
 * is the optimal paragraph.
 *
 * Written by hand because no well-kept C library offers it apart from TeX
 * itself. Differences from TeX: the limit on consecutive hyphenated lines is
 * hard (part of the node state) rather than only a demerit, and the last
 * pass "rescues" an unavoidable overfull line with enormous demerits instead
 * of TeX's artificial_demerits, so it always returns a complete set. Font
 * expansion and margin kerning enter the line measure as pdfTeX's do.
 */
#include "text/linebreak.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/banned.h"

#define NO_POS SIZE_MAX
#define OVERFULL_DEMERITS 1e18 /* far above any sum of real demerits */
#define MAX_BADNESS 1e6        /* uncapped badness stops here (ratio ~21) */
#define MAX_ITEMS 1000000
#ifndef LS_FEASIBLE_PASS
#define LS_FEASIBLE_PASS 2
#endif

void tz_lb_params_init(struct tz_lb_params *p, const double *widths,
		       size_t nwidths)
{
	memset(p, 0, sizeof(*p));
	p->widths = widths;
	p->nwidths = nwidths;
	p->tolerance1 = 1.0;
	p->tolerance2 = 2.0;
	p->emergency_stretch = widths && nwidths ? widths[0] * 0.1 : 0;
	p->line_penalty = 10;
	p->adj_demerits = 10000;
	p->double_hyphen_demerits = 10000;
	p->final_hyphen_demerits = 5000;
	p->max_hyphen_run = 2;
	p->looseness = 0;
	p->first_pass = 1;
	p->last_line_fill = 1;
}

double tz_lb_badness(double r)
{
	double b;
	r = fabs(r);
	if (r > 4.65) /* 100 * 4.65^3 > 10000 */
		return 10000;
	b = 100 * r * r * r;
	return b > 10000 ? 10000 : b;
}

struct node {
	size_t pos;   /* break item, NO_POS for the paragraph start */
	size_t line;  /* lines up to and including the one ending here */
	int fitness;
	int hyph_run; /* consecutive hyphenated lines ending here */
	double demerits; /* total from the start */
	double tw, ty, tz, tb, tc; /* sums of items before the next line's start */
	size_t start;      /* first item of the next line */
	size_t prev;       /* index of the previous node in the pool */
};

struct ctx {
	const struct tz_item *items;
	size_t n;
	const struct tz_lb_params *p;
	double *sw, *sy, *sz, *sb, *sc; /* prefix sums over items[0..i) (sb: boxes
				    * that expand, sc: characters) */
	struct node *pool;
	size_t npool, cpool;
	size_t *active;
	size_t nactive, cactive;
	struct node *cand;  /* proposals at the current breakpoint */
	size_t ncand, ccand;
	int pass;
};

static int is_forced(const struct tz_item *it)
{
	return it->type == TZ_ITEM_PENALTY && it->penalty <= -TZ_PENALTY_INF;
}

static int is_legal(const struct ctx *c, size_t b)
{
	const struct tz_item *it = &c->items[b];
	if (it->type == TZ_ITEM_GLUE)
		return b > 0 && c->items[b - 1].type == TZ_ITEM_BOX;
	if (it->type != TZ_ITEM_PENALTY)
		return 0;
	if (it->penalty >= TZ_PENALTY_INF)
		return c->pass == 5 && it->kind == TZ_PEN_TIE;
	/* pass 1 skips dictionary points, but a forced break is always one */
	if (c->pass == 1 && it->kind == TZ_PEN_HYPHEN && it->penalty > -TZ_PENALTY_INF)
		return 0;
	return 1;
}

static double line_width(const struct tz_lb_params *p, size_t index)
{
	return p->widths[index < p->nwidths ? index : p->nwidths - 1];
}

/* After a break at b, discard glue and penalties up to the next box or
 * forced break; fill the node's sums and start. */
static void after_break(const struct ctx *c, size_t b, struct node *nd)
{
	size_t i = b;
	nd->tw = c->sw[b];
	nd->ty = c->sy[b];
	nd->tz = c->sz[b];
	nd->tb = c->sb[b];
	nd->tc = c->sc[b];
	for (; i < c->n; i++) {
		const struct tz_item *it = &c->items[i];
		if (it->type == TZ_ITEM_BOX || (i > b && is_forced(it)))
			break;
		if (it->type == TZ_ITEM_GLUE) {
			nd->tw += it->width;
			nd->ty += it->stretch;
			nd->tz += it->shrink;
		}
	}
	nd->start = i;
}

static int fitness_of(double r)
{
	if (r < -0.5)
		return TZ_FIT_TIGHT;
	if (r <= 0.5)
		return TZ_FIT_DECENT;
	if (r <= 1.0)
		return TZ_FIT_LOOSE;
	return TZ_FIT_VERY_LOOSE;
}

struct dims {
	double w, y, z; /* natural width, glue stretch, glue shrink */
	double boxes;   /* natural width of boxes that expand (and hyphen) */
	double chars;   /* characters (letter-spacing applies between them) */
	double ml, mr;  /* margin kerning at the line's start and end */
};

/* The line from node a to break b: its natural width less what may hang
 * into the margins, its glue, and what expansion and letter-spacing act on. */
static void measure(const struct ctx *c, const struct node *a, size_t b,
		    struct dims *d)
{
	const struct tz_item *it = &c->items[b];
	size_t s = a->pos == NO_POS ? 0 : a->start;
	d->w = c->sw[b] - a->tw;
	d->y = c->sy[b] - a->ty;
	d->z = c->sz[b] - a->tz;
	d->boxes = c->sb[b] - a->tb;
	d->chars = c->sc[b] - a->tc;
	d->ml = d->mr = 0;
	if (it->type == TZ_ITEM_PENALTY && it->width != 0) {
		d->w += it->width;
		d->boxes += it->width;
		d->chars += (double)it->nchars;
		d->mr = it->margin_right;
	} else if (b > s && c->items[b - 1].type == TZ_ITEM_BOX) {
		d->mr = c->items[b - 1].margin_right;
	}
	if (s < c->n && c->items[s].type == TZ_ITEM_BOX)
		d->ml = c->items[s].margin_left;
	d->w -= d->ml + d->mr;
}

void tz_lb_adjust(double d, double stretch, double shrink, double boxes,
		  double expansion, double ls_cap, struct tz_lb_adjustment *out)
{
	double cap = boxes > 0 && expansion > 0 ? expansion * boxes : 0;
	double s, rest, cs = 0;

	if (d >= 0) {
		s = d / 2;
		if (d - s > stretch) /* glue past ratio 1: glyphs take more */
			s = d - stretch;
		if (s > cap)
			s = cap;
		rest = d - s;
		if (rest > stretch && ls_cap > 0) /* still loose: letter-space */
			cs = rest - stretch < ls_cap ? rest - stretch : ls_cap;
		rest -= cs;
		out->ratio = stretch > 0 ? rest / stretch : rest > 0 ? INFINITY : 0;
	} else {
		s = d / 2;
		if (s - d > shrink)
			s = d + shrink;
		if (s < -cap)
			s = -cap;
		rest = d - s;
		out->ratio = shrink > 0 ? rest / shrink : rest < 0 ? -INFINITY : 0;
	}
	out->expand = s;
	out->space = cs;
}

static int add_candidate(struct ctx *c, const struct node *nd)
{
	size_t key_line = nd->line;
	if (c->p->looseness == 0 && key_line > c->p->nwidths)
		key_line = c->p->nwidths; /* same widths from here on */
	for (size_t i = 0; i < c->ncand; i++) {
		struct node *o = &c->cand[i];
		size_t ol = o->line;
		if (c->p->looseness == 0 && ol > c->p->nwidths)
			ol = c->p->nwidths;
		if (ol == key_line && o->fitness == nd->fitness &&
		    o->hyph_run == nd->hyph_run) {
			if (nd->demerits < o->demerits)
				*o = *nd;
			return 0;
		}
	}
	if (tz_array_grow((void **)&c->cand, &c->ccand, c->ncand + 1,
			  sizeof(*c->cand)) < 0)
		return -1;
	c->cand[c->ncand++] = *nd;
	return 0;
}

/* Try every active node against breakpoint b. */
static int try_break(struct ctx *c, size_t b)
{
	const struct tz_lb_params *p = c->p;
	const struct tz_item *it = &c->items[b];
	int flagged = it->type == TZ_ITEM_PENALTY && it->flagged;
	int forced = is_forced(it);
	double tol = c->pass == 1 ? p->tolerance1 :
		     c->pass <= 3 ? p->tolerance2 : INFINITY;
	double emerg = c->pass == 3 ? p->emergency_stretch : 0;
	size_t keep = 0;

	c->ncand = 0;
	for (size_t k = 0; k < c->nactive; k++) {
		size_t ai = c->active[k];
		const struct node *a = &c->pool[ai];
		double L = line_width(p, a->line), w, y, z, r, bad, d, ls_cap;
		struct tz_lb_adjustment adj;
		int deactivate = forced, overfull = 0, fit;
		struct node nd;
		struct dims dm;

		if (b < a->start) {
			/* b was discarded after a's break: no line can end there
			 * (it would have start > end and negative widths) */
			c->active[keep++] = ai;
			continue;
		}
		measure(c, a, b, &dm);
		w = dm.w;
		y = dm.y;
		z = dm.z;
		ls_cap = p->letterspace > 0 && dm.chars > 1 ?
			 p->letterspace * (dm.chars - 1) : 0;
		if (forced && p->last_line_fill && w <= L) {
			r = 0;
			adj.space = 0;
		} else {
			/* the glue ratio after expansion and letter-spacing took
			 * their share: what the reader sees between the words */
			tz_lb_adjust(L - w, y + emerg + p->rightskip, z, dm.boxes, p->expansion,
				     c->pass <= LS_FEASIBLE_PASS ? 0 : ls_cap, &adj);
			r = adj.ratio;
		}
		if (r < -1) {
			deactivate = 1;
			overfull = 1;
		}
		if (!deactivate)
			c->active[keep++] = ai;
		if (overfull && c->pass < 5)
			continue;
		if (!overfull && r > tol)
			continue;
		if (flagged && a->hyph_run >= p->max_hyphen_run && c->pass < 5)
			continue;
		if (!overfull && r > 0 && !(forced && p->last_line_fill && w <= L)) {
			/* rank by the real looseness (uncapped from pass 3 on):
			 * the emergency stretch only decides what is feasible */
			struct tz_lb_adjustment real;
			tz_lb_adjust(L - w, y + p->rightskip, z, dm.boxes, p->expansion, ls_cap,
				     &real);
			r = real.ratio;
			adj.space = real.space;
			bad = c->pass < 3 ? tz_lb_badness(r) :
			      r > 21 ? MAX_BADNESS : 100 * r * r * r;
		} else {
			bad = tz_lb_badness(r);
		}
		if (ls_cap > 0 && adj.space > 0) /* letter-spacing is a last resort */
			bad += 100 * pow(adj.space / ls_cap, 3);
		d = p->line_penalty + bad;
		d *= d;
		if (it->type == TZ_ITEM_PENALTY && it->kind == TZ_PEN_TIE)
			d += 1e14; /* a broken tie: only before an overfull line */
		else if (it->type == TZ_ITEM_PENALTY && it->penalty > 0)
			d += (double)it->penalty * it->penalty;
		else if (it->type == TZ_ITEM_PENALTY && !forced)
			d -= (double)it->penalty * it->penalty;
		if (a->pos != NO_POS && c->items[a->pos].type == TZ_ITEM_PENALTY &&
		    c->items[a->pos].flagged) {
			if (flagged)
				d += p->double_hyphen_demerits;
			else if (b == c->n - 1)
				d += p->final_hyphen_demerits;
		}
		fit = fitness_of(overfull ? -1 : r);
		if (abs(fit - a->fitness) > 1)
			d += p->adj_demerits;
		if (overfull)
			d += OVERFULL_DEMERITS *
			     (1 + (w - z - p->expansion * dm.boxes - L));
		nd.pos = b;
		nd.line = a->line + 1;
		nd.fitness = fit;
		nd.hyph_run = flagged ? a->hyph_run + 1 : 0;
		nd.demerits = a->demerits + d;
		nd.prev = ai;
		if (add_candidate(c, &nd) < 0)
			return -1;
	}
	c->nactive = keep;
	if (c->ncand == 0)
		return 0;
	if (tz_array_grow((void **)&c->pool, &c->cpool, c->npool + c->ncand,
			  sizeof(*c->pool)) < 0 ||
	    tz_array_grow((void **)&c->active, &c->cactive,
			  c->nactive + c->ncand, sizeof(*c->active)) < 0)
		return -1;
	for (size_t i = 0; i < c->ncand; i++) {
		struct node *nd = &c->pool[c->npool];
		*nd = c->cand[i];
		after_break(c, b, nd);
		c->active[c->nactive++] = c->npool++;
	}
	return 0;
}

/* One pass; returns the best final node index, or NO_POS if the pass found
 * no feasible breaks; *failed is set when memory ran out. */
static size_t run_pass(struct ctx *c, int *failed, int *met)
{
	const struct tz_lb_params *p = c->p;
	struct node start = { 0 };
	size_t best = NO_POS;
	long want;

	*failed = 0;
	*met = 1;
	c->npool = 0;
	c->nactive = 0;
	if (tz_array_grow((void **)&c->pool, &c->cpool, 1, sizeof(*c->pool)) < 0 ||
	    tz_array_grow((void **)&c->active, &c->cactive, 1,
			  sizeof(*c->active)) < 0) {
		*failed = 1;
		return NO_POS;
	}
	start.pos = NO_POS;
	start.fitness = TZ_FIT_DECENT;
	start.prev = NO_POS;
	c->pool[c->npool++] = start;
	c->active[c->nactive++] = 0;
	for (size_t b = 0; b < c->n && c->nactive > 0; b++) {
		if (!is_legal(c, b))
			continue;
		if (try_break(c, b) < 0) {
			*failed = 1;
			return NO_POS;
		}
	}
	/* the final forced break deactivated everything; the nodes at it are
	 * the last ones added */
	for (size_t i = 0; i < c->npool; i++)
		if (c->pool[i].pos == c->n - 1 &&
		    (best == NO_POS || c->pool[i].demerits < c->pool[best].demerits))
			best = i;
	if (best == NO_POS || p->looseness == 0)
		return best;
	/* looseness: the final node whose line count is nearest to the optimum
	 * plus looseness; among those, the fewest demerits */
	want = (long)c->pool[best].line + p->looseness;
	for (size_t i = 0; i < c->npool; i++) {
		const struct node *nd = &c->pool[i], *bn = &c->pool[best];
		long off, boff = labs((long)bn->line - want);
		if (nd->pos != c->n - 1)
			continue;
		off = labs((long)nd->line - want);
		if (off < boff || (off == boff && nd->demerits < bn->demerits))
			best = i;
	}
	*met = (long)c->pool[best].line == want;
	return best;
}

static int emit_lines(struct ctx *c, size_t best, struct tz_lb_result *out)
{
	size_t nl = c->pool[best].line;
	if (tz_array_grow((void **)&out->lines, &out->cap, nl, sizeof(*out->lines)) < 0)
		return -1;
	out->nlines = nl;
	out->demerits = c->pool[best].demerits;
	for (size_t ni = best, li = nl; c->pool[ni].prev != NO_POS;
	     ni = c->pool[ni].prev) {
		const struct node *nd = &c->pool[ni], *a = &c->pool[nd->prev];
		const struct tz_item *it = &c->items[nd->pos];
		struct tz_line *ln = &out->lines[--li];
		double w, y, z, L = line_width(c->p, a->line);
		struct dims dm;

		measure(c, a, nd->pos, &dm);
		w = dm.w;
		y = dm.y;
		z = dm.z;
		memset(ln, 0, sizeof(*ln));
		ln->margin_left = dm.ml;
		ln->margin_right = dm.mr;
		ln->boxes = dm.boxes;
		ln->start = a->pos == NO_POS ? 0 : a->start;
		ln->end = nd->pos;
		ln->width = L;
		ln->natural = w + dm.ml + dm.mr;
		ln->stretch = y;
		ln->shrink = z;
		ln->last = is_forced(it);
		ln->fitness = (enum tz_fitness)nd->fitness;
		ln->hyphenated = it->type == TZ_ITEM_PENALTY && it->flagged;
		ln->split = it->type == TZ_ITEM_PENALTY && it->kind == TZ_PEN_SPLIT;
		if (!(ln->last && c->p->last_line_fill && w <= L)) {
			struct tz_lb_adjustment adj;
			double ls = c->p->letterspace > 0 && dm.chars > 1 ?
				    c->p->letterspace * (dm.chars - 1) : 0;
			tz_lb_adjust(L - w, y, z, dm.boxes, c->p->expansion, ls, &adj);
			ln->ratio = adj.ratio;
			ln->expand = adj.expand;
			ln->space = adj.space;
			if (isinf(adj.ratio) && adj.ratio > 0) {
				ln->ratio = 0;
				ln->underfull = 1;
			}
		}
		if (ln->ratio < -1) {
			ln->ratio = -1;
			ln->overfull = 1;
			out->noverfull++;
		}
		if (ln->split)
			out->nsplit++;
	}
	return 0;
}

int tz_linebreak(const struct tz_item *items, size_t n,
		 const struct tz_lb_params *p, struct tz_lb_result *out,
		 struct tz_error *err)
{
	struct ctx c = { 0 };
	int rc = -1, failed = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	if (!p || !p->widths || p->nwidths == 0 || p->max_hyphen_run < 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "line breaking needs at least one line width");
	for (size_t i = 0; i < p->nwidths; i++)
		if (!(p->widths[i] > 0) || !isfinite(p->widths[i]))
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "line width %zu is not positive", i + 1);
	if (n > MAX_ITEMS)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "paragraph too long: %zu items (limit %d)", n,
				    MAX_ITEMS);
	if (!is_forced(&items[n - 1]))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "paragraph does not end with a forced break");
	c.items = items;
	c.n = n;
	c.p = p;
	c.sw = tz_calloc(n + 1, sizeof(double));
	c.sy = tz_calloc(n + 1, sizeof(double));
	c.sz = tz_calloc(n + 1, sizeof(double));
	c.sb = tz_calloc(n + 1, sizeof(double));
	c.sc = tz_calloc(n + 1, sizeof(double));
	if (!c.sw || !c.sy || !c.sz || !c.sb || !c.sc)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		const struct tz_item *it = &items[i];
		c.sw[i + 1] = c.sw[i];
		c.sy[i + 1] = c.sy[i];
		c.sz[i + 1] = c.sz[i];
		c.sb[i + 1] = c.sb[i];
		c.sc[i + 1] = c.sc[i] + (it->type == TZ_ITEM_BOX ? (double)it->nchars : 0);
		if (it->type == TZ_ITEM_BOX && !it->rigid)
			c.sb[i + 1] += it->width;
		if (it->type == TZ_ITEM_BOX || it->type == TZ_ITEM_GLUE)
			c.sw[i + 1] += it->width;
		if (it->type == TZ_ITEM_GLUE) {
			c.sy[i + 1] += it->stretch;
			c.sz[i + 1] += it->shrink;
		}
	}
	for (c.pass = p->first_pass < 1 ? 1 : p->first_pass; c.pass <= 5; c.pass++) {
		int met;
		size_t best;
		if (rc == 0 && c.pass > 3)
			break;
		best = run_pass(&c, &failed, &met);
		if (failed)
			goto nomem;
		if (best == NO_POS || (rc == 0 && !met))
			continue; /* keep the earlier, stricter pass's result */
		if (rc == 0)
			tz_lb_result_release(out);
		if (emit_lines(&c, best, out) < 0)
			goto nomem;
		out->pass = c.pass;
		rc = 0;
		/* as TeX: a looseness not reached yet may be reached by a more
		 * tolerant pass (not by the rescue passes) */
		if (met || c.pass >= 3)
			break;
	}
	if (rc < 0) /* pass 5 always finds breaks; this is a logic error */
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			     "no line breaks found for a paragraph");
	goto out;
nomem:
	tz_error_nomem(err);
	tz_lb_result_release(out);
out:
	free(c.sw);
	free(c.sy);
	free(c.sz);
	free(c.sb);
	free(c.sc);
	free(c.pool);
	free(c.active);
	free(c.cand);
	return rc;
}

void tz_lb_result_release(struct tz_lb_result *r)
{
	free(r->lines);
	memset(r, 0, sizeof(*r));
}
