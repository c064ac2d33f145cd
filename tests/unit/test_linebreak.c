/*
 * test_linebreak.c - the total-fit breaker against an exhaustive search:
 * random paragraphs of boxes, glue and hyphenation penalties are broken by
 * tz_linebreak() and by trying every subset of breakpoints with the same
 * demerits rules written out independently here; the totals must agree.
 * Plus hand-checked cases: widths, forced breaks, the hard limit of two
 * hyphenated lines in a row, looseness, the emergency and rescue passes,
 * margin kerning, expansion, and the error paths.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "text/linebreak.h"
#include "util/error.h"
#include "util/banned.h"

#define MAXI 64

static struct tz_item box(double w)
{
	struct tz_item it = { 0 };
	it.type = TZ_ITEM_BOX;
	it.width = w;
	it.nchars = (size_t)w;
	return it;
}

static struct tz_item glue(double w, double y, double z)
{
	struct tz_item it = { 0 };
	it.type = TZ_ITEM_GLUE;
	it.width = w;
	it.stretch = y;
	it.shrink = z;
	return it;
}

static struct tz_item pen(double w, int p, int flagged, enum tz_penalty_kind k)
{
	struct tz_item it = { 0 };
	it.type = TZ_ITEM_PENALTY;
	it.width = w;
	it.penalty = p;
	it.flagged = flagged;
	it.kind = k;
	return it;
}

static struct tz_item forced(void)
{
	return pen(0, -TZ_PENALTY_INF, 0, TZ_PEN_PLAIN);
}

/* ---- the exhaustive reference ------------------------------------------ */

static int legal(const struct tz_item *it, size_t n, size_t b)
{
	if (it[b].type == TZ_ITEM_GLUE)
		return b > 0 && it[b - 1].type == TZ_ITEM_BOX;
	return it[b].type == TZ_ITEM_PENALTY && it[b].penalty < TZ_PENALTY_INF &&
	       (b == n - 1 || it[b].penalty > -TZ_PENALTY_INF);
}

static double badness(double r)
{
	double b = 100 * fabs(r) * fabs(r) * fabs(r);
	return b > 10000 ? 10000 : b;
}

static int fitness(double r)
{
	return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

/* Demerits of breaking at brk[0..nb) (the last is n-1), or INFINITY when
 * some line is infeasible at tolerance tol. */
static double reference(const struct tz_item *it, size_t n, const size_t *brk,
			size_t nb, double L, double tol, int maxrun)
{
	double total = 0;
	size_t start = 0;
	int prevfit = 1, prevflag = 0, run = 0;
	for (size_t k = 0; k < nb; k++) {
		size_t b = brk[k];
		double w = 0, y = 0, z = 0, r, d;
		int last = k == nb - 1, flag, fit;
		for (size_t i = start; i < b; i++) {
			if (it[i].type != TZ_ITEM_PENALTY)
				w += it[i].width;
			if (it[i].type == TZ_ITEM_GLUE) {
				y += it[i].stretch;
				z += it[i].shrink;
			}
		}
		if (it[b].type == TZ_ITEM_PENALTY)
			w += it[b].width;
		if (last && w <= L)
			r = 0;
		else if (w < L)
			r = y > 0 ? (L - w) / y : INFINITY;
		else if (w > L)
			r = z > 0 ? (L - w) / z : -INFINITY;
		else
			r = 0;
		if (r < -1 || r > tol)
			return INFINITY;
		flag = it[b].type == TZ_ITEM_PENALTY && it[b].flagged;
		run = flag ? run + 1 : 0;
		if (run > maxrun)
			return INFINITY;
		d = (10 + badness(r)) * (10 + badness(r));
		if (it[b].type == TZ_ITEM_PENALTY && it[b].penalty > 0)
			d += (double)it[b].penalty * it[b].penalty;
		else if (it[b].type == TZ_ITEM_PENALTY && !last)
			d -= (double)it[b].penalty * it[b].penalty;
		if (prevflag && flag)
			d += 10000;
		else if (prevflag && last)
			d += 5000;
		fit = fitness(r);
		if (abs(fit - prevfit) > 1)
			d += 10000;
		total += d;
		prevfit = fit;
		prevflag = flag;
		/* the next line starts after discardable items */
		for (start = b + 1; start < n && it[start].type != TZ_ITEM_BOX; start++)
			if (it[start].type == TZ_ITEM_PENALTY &&
			    it[start].penalty <= -TZ_PENALTY_INF)
				break;
	}
	return total;
}

static double best_reference(const struct tz_item *it, size_t n, double L,
			     double tol, int maxrun)
{
	size_t cand[MAXI], nc = 0, brk[MAXI];
	double best = INFINITY;
	for (size_t b = 0; b + 1 < n; b++)
		if (legal(it, n, b))
			cand[nc++] = b;
	for (unsigned long mask = 0; mask < (1UL << nc); mask++) {
		size_t nb = 0;
		double d;
		for (size_t k = 0; k < nc; k++)
			if (mask & (1UL << k))
				brk[nb++] = cand[k];
		brk[nb++] = n - 1;
		d = reference(it, n, brk, nb, L, tol, maxrun);
		if (d < best)
			best = d;
	}
	return best;
}

/* ---- random paragraphs -------------------------------------------------- */

static unsigned long rng = 12345;

static unsigned rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((rng >> 33) % n);
}

/* Words of 2..9 units with glue 3+-(2,1); a third of the words carry a
 * hyphenation point. At most 14 breakpoints, so 2^14 subsets. */
static size_t random_para(struct tz_item *it)
{
	size_t n = 0, points = 0;
	while (points < 13) {
		if (n) {
			it[n++] = glue(3, 2, 1);
			points++;
		}
		if (rnd(3) == 0 && points < 13) {
			it[n++] = box(2 + rnd(5));
			it[n++] = pen(1, 50, 1, TZ_PEN_HYPHEN);
			it[n++] = box(2 + rnd(5));
			points++;
		} else {
			it[n++] = box(2 + rnd(8));
		}
	}
	it[n++] = forced();
	return n;
}

static void test_against_exhaustive(void)
{
	int agreed = 0, tried = 0, infeasible = 0;
	for (int round = 0; round < 300; round++) {
		struct tz_item it[MAXI];
		size_t n = random_para(it);
		double L = 18 + rnd(20), ref;
		struct tz_lb_params p;
		struct tz_lb_result res;
		struct tz_error err;

		tz_lb_params_init(&p, &L, 1);
		p.first_pass = 2; /* compare the hyphenating pass */
		ref = best_reference(it, n, L, p.tolerance2, p.max_hyphen_run);
		if (tz_linebreak(it, n, &p, &res, &err) < 0) {
			CHECK(!"tz_linebreak failed");
			continue;
		}
		tried++;
		if (isinf(ref)) {
			infeasible++;
			agreed += res.pass > 2; /* needed the emergency passes */
		} else if (res.pass == 2 &&
			   fabs(res.demerits - ref) <= 1e-6 * (1 + ref)) {
			agreed++;
		} else {
			fprintf(stderr, "round %d: breaker %.3f (pass %d), exhaustive %.3f\n",
				round, res.demerits, res.pass, ref);
		}
		tz_lb_result_release(&res);
	}
	CHECK(tried == 300);
	CHECK(agreed == tried);
	CHECK(infeasible < tried / 2); /* the sample mostly tests pass 2 */
}

/* ---- hand-checked cases ------------------------------------------------- */

static void test_simple(void)
{
	struct tz_item it[] = { box(10), glue(3, 2, 1), box(10), glue(3, 2, 1),
				box(10), forced() };
	double L = 40, L2 = 23;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;

	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.nlines == 1 && r.pass == 1 && r.lines[0].last);
	CHECK(r.lines[0].ratio == 0); /* a last line that fits is ragged */
	tz_lb_result_release(&r);

	/* 23 = 10 + 3 + 10: two words per line exactly, then one */
	tz_lb_params_init(&p, &L2, 1);
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.nlines == 2);
	CHECK(r.nlines == 2 && r.lines[0].start == 0 && r.lines[0].end == 3);
	CHECK(r.nlines == 2 && r.lines[1].start == 4 && fabs(r.lines[0].ratio) < 1e-9);
	tz_lb_result_release(&r);

	/* per-line widths: the last one repeats */
	{
		double ws[2] = { 10, 23 };
		tz_lb_params_init(&p, ws, 2);
		CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
		CHECK(r.nlines == 2 && r.lines[0].end == 1 && r.lines[0].width == 10 &&
		      r.lines[1].width == 23);
		tz_lb_result_release(&r);
	}
}

/* Ragged right: words of 20, 20, 20, 20 and 10 on lines of 65 with spaces
 * that do not stretch. Filling greedily gives 20 20 20 | 20 10 (slack 1
 * and 32); with a rightskip the breaker evens the lines out instead:
 * 20 20 | 20 20 10 (slack 22 and 1 before the last line, which is free)
 * costs less than leaving 32 on a line that is not the last. */
static void test_ragged(void)
{
	struct tz_item it[] = { box(20), glue(2, 0, 0), box(20), glue(2, 0, 0), box(20),
				glue(2, 0, 0), box(20), glue(2, 0, 0), box(10), forced() };
	struct tz_item it3[] = { box(20), glue(2, 0, 0), box(20), glue(2, 0, 0), box(20),
				 glue(2, 0, 0), box(20), glue(2, 0, 0), box(20), glue(2, 0, 0),
				 box(20), glue(2, 0, 0), box(12), forced() };
	double L = 65;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;

	/* two lines: the last is free, so both fill as much as they can */
	tz_lb_params_init(&p, &L, 1);
	p.rightskip = 30;
	CHECK(tz_linebreak(it, 10, &p, &r, &err) == 0);
	CHECK(r.nlines == 2 && r.lines[0].end == 5);
	CHECK(r.noverfull == 0);
	tz_lb_result_release(&r);
	/* three lines: greedy gives 3 | 3 | 1 (a last line of 12); no line
	 * needs to be short, and every line but the last stays within 22 */
	tz_lb_params_init(&p, &L, 1);
	p.rightskip = 30;
	CHECK(tz_linebreak(it3, 14, &p, &r, &err) == 0);
	CHECK(r.nlines == 3 && r.noverfull == 0);
	for (size_t i = 0; i + 1 < r.nlines; i++)
		CHECK(r.lines[i].width - r.lines[i].natural <= 22 + 1e-9);
	tz_lb_result_release(&r);
	/* without glue stretch and without rightskip a ragged paragraph has
	 * nothing to stretch: the breaker still finds breaks (emergency) */
	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it3, 14, &p, &r, &err) == 0 && r.nlines >= 3);
	tz_lb_result_release(&r);
}

/* Four syllables of 10 on lines of 11: every line must end in a hyphen.
 * With the hard limit of two, that needs the 5th pass. */
static void test_hyphen_limit(void)
{
	struct tz_item it[16];
	size_t n = 0;
	double L = 11;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;
	for (int k = 0; k < 4; k++) {
		if (k)
			it[n++] = pen(1, 50, 1, TZ_PEN_HYPHEN);
		it[n++] = box(10);
	}
	it[n++] = forced();
	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it, n, &p, &r, &err) == 0);
	CHECK(r.nlines == 4 && r.pass == 5);
	tz_lb_result_release(&r);

	/* with a way out (a word space after the second syllable), no more
	 * than two hyphenated lines follow each other */
	n = 0;
	it[n++] = box(10);
	it[n++] = pen(1, 50, 1, TZ_PEN_HYPHEN);
	it[n++] = box(10);
	it[n++] = glue(1, 1, 0);
	it[n++] = box(10);
	it[n++] = pen(1, 50, 1, TZ_PEN_HYPHEN);
	it[n++] = box(10);
	it[n++] = forced();
	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it, n, &p, &r, &err) == 0);
	CHECK(r.nlines == 4 && r.pass <= 4);
	if (r.nlines == 4)
		CHECK(r.lines[0].hyphenated && !r.lines[1].hyphenated &&
		      r.lines[2].hyphenated);
	tz_lb_result_release(&r);
}

static void test_looseness(void)
{
	struct tz_item it[64];
	size_t n = 0;
	double L = 60;
	struct tz_lb_params p;
	struct tz_lb_result r0, r1, rm;
	struct tz_error err;
	for (int k = 0; k < 20; k++) {
		if (k)
			it[n++] = glue(3, 2, 1);
		it[n++] = box(5 + (k * 7) % 6);
	}
	it[n++] = forced();
	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it, n, &p, &r0, &err) == 0);
	p.looseness = 1;
	CHECK(tz_linebreak(it, n, &p, &r1, &err) == 0);
	p.looseness = -1;
	CHECK(tz_linebreak(it, n, &p, &rm, &err) == 0);
	CHECK(r1.nlines == r0.nlines + 1);
	CHECK(rm.nlines == r0.nlines || rm.nlines == r0.nlines - 1);
	CHECK(r1.demerits >= r0.demerits);
	tz_lb_result_release(&r0);
	tz_lb_result_release(&r1);
	tz_lb_result_release(&rm);
}

static void test_emergency_and_overfull(void)
{
	/* one gap of stretch 1 that must open 8: infeasible at tolerance 2,
	 * feasible with 4 points of emergency stretch (8 / 5 < 2) */
	struct tz_item it[] = { box(10), glue(2, 1, 0), box(10), glue(2, 1, 0),
				box(30), forced() };
	struct tz_item wide[] = { box(50), glue(2, 1, 0), box(5), forced() };
	double L = 30;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;
	tz_lb_params_init(&p, &L, 1);
	p.emergency_stretch = 4;
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.pass == 3 && r.nlines == 2 && r.noverfull == 0);
	if (r.nlines == 2)
		CHECK(fabs(r.lines[0].ratio - 8.0) < 1e-9); /* the real ratio */
	tz_lb_result_release(&r);
	p.emergency_stretch = 0;
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.pass == 4 && r.nlines == 2 && r.noverfull == 0);
	tz_lb_result_release(&r);
	/* a box wider than the measure: the one unavoidable overfull line */
	CHECK(tz_linebreak(wide, 4, &p, &r, &err) == 0);
	CHECK(r.nlines == 2 && r.noverfull == 1 && r.lines[0].overfull);
	tz_lb_result_release(&r);
}

static void test_microtypography(void)
{
	/* 10 + 2 + 10 = 22 on a line of 21.65: glue cannot shrink, expansion
	 * of up to 2 % of 20 = 0.4 can */
	struct tz_item it[] = { box(10), glue(2, 1, 0), box(10), glue(2, 1, 0),
				box(5), forced() };
	double L = 21.65;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;
	struct tz_lb_adjustment adj;
	tz_lb_params_init(&p, &L, 1);
	p.expansion = 0.02;
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.nlines == 2 && r.noverfull == 0 && r.lines[0].end == 3);
	if (r.nlines == 2)
		CHECK(fabs(r.lines[0].expand + 0.35) < 1e-9);
	tz_lb_result_release(&r);

	/* margin kerning: the last box may hang 1 point out */
	it[2].margin_right = 0.5;
	p.expansion = 0;
	L = 21.5;
	CHECK(tz_linebreak(it, 6, &p, &r, &err) == 0);
	CHECK(r.nlines == 2 && r.noverfull == 0 && r.lines[0].margin_right == 0.5);
	tz_lb_result_release(&r);

	/* the sharing rule itself */
	tz_lb_adjust(4, 4, 2, 100, 0.02, 0, &adj); /* half to the glyphs */
	CHECK(fabs(adj.expand - 2) < 1e-9 && fabs(adj.ratio - 0.5) < 1e-9);
	tz_lb_adjust(10, 4, 2, 100, 0.02, 0, &adj); /* glyphs capped at 2 */
	CHECK(fabs(adj.expand - 2) < 1e-9 && fabs(adj.ratio - 2) < 1e-9);
	tz_lb_adjust(10, 4, 2, 100, 0.02, 3, &adj); /* letter-spacing past 1 */
	CHECK(fabs(adj.space - 3) < 1e-9 && fabs(adj.ratio - 1.25) < 1e-9);
	tz_lb_adjust(-3, 4, 2, 100, 0.02, 0, &adj); /* shrink: glue stays in -1 */
	CHECK(fabs(adj.expand + 1.5) < 1e-9 && fabs(adj.ratio + 0.75) < 1e-9);
	tz_lb_adjust(-5, 4, 2, 100, 0.02, 0, &adj);
	CHECK(fabs(adj.expand + 2) < 1e-9 && fabs(adj.ratio + 1.5) < 1e-9);
}

static void test_errors(void)
{
	struct tz_item it[] = { box(10), glue(2, 1, 0), box(10) };
	struct tz_item ok[] = { box(10), forced() };
	double L = 30, bad = -1;
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;
	tz_lb_params_init(&p, &L, 1);
	CHECK(tz_linebreak(it, 0, &p, &r, &err) == 0 && r.nlines == 0);
	CHECK(tz_linebreak(it, 3, &p, &r, &err) == -1 && err.code == TZ_ERR_USAGE);
	CHECK(strstr(err.msg, "forced break") != NULL);
	tz_lb_params_init(&p, &bad, 1);
	CHECK(tz_linebreak(ok, 2, &p, &r, &err) == -1 && err.code == TZ_ERR_USAGE);
	CHECK(strstr(err.msg, "not positive") != NULL);
	tz_lb_params_init(&p, &L, 0);
	CHECK(tz_linebreak(ok, 2, &p, &r, &err) == -1 && err.code == TZ_ERR_USAGE);
	CHECK(tz_lb_badness(1) == 100 && tz_lb_badness(-2) == 800 &&
	      tz_lb_badness(10) == 10000);
}

int main(void)
{
	test_simple();
	test_ragged();
	test_against_exhaustive();
	test_hyphen_limit();
	test_looseness();
	test_emergency_and_overfull();
	test_microtypography();
	test_errors();
	return tap_done();
}
