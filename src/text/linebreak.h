/*
 * linebreak.h - total-fit paragraph line breaking (Knuth and Plass, 1981)
 * over boxes, glue and penalties. Pure logic: no fonts, no I/O.
 *
 * The one idea: every legal breakpoint is a candidate; the breaker keeps the
 * cheapest way (fewest demerits) to reach each breakpoint for every
 * distinguishing state (line number, fitness class, run of hyphenated
 * lines), so the whole paragraph is optimised, not line by line.
 *
 * Passes (as TeX): 1) no dictionary hyphenation, ratio tolerance 1.0;
 * 2) with hyphenation, tolerance 2.0; 3) the emergency pass: emergency
 * stretch is added to every line when deciding what is feasible (tolerance
 * 2.0 again), but lines are ranked by their real, uncapped badness, so the
 * unavoidable loose line does not make its neighbours loose too (TeX ranks
 * by the diluted badness); 4) no tolerance at all, so a feasible set of
 * breaks always exists; a line is overfull only when one unbreakable box is
 * wider than the measure (callers split such boxes first, see TZ_PEN_SPLIT).
 * Should the hard limit on consecutive hyphenated lines leave no feasible
 * set at all (a word that needs more lines than the limit allows), a 5th
 * pass drops the limit.
 *
 * Microtypographic extensions, all off when zero: font expansion
 * (params.expansion: glyphs may be scaled by +-expansion, as pdfTeX does),
 * letter-spacing for lines that would still be loose (params.letterspace),
 * both shared out by tz_lb_adjust() below, and margin kerning (items'
 * margin_left/margin_right: what a line's first box or last box/hyphen may
 * hang into the margin, which widens that line).
 */
#ifndef TZ_LINEBREAK_H
#define TZ_LINEBREAK_H

#include <stddef.h>

struct tz_error;

#define TZ_PENALTY_INF 10000 /* >= this: never break; <= -this: must break */

enum tz_item_type { TZ_ITEM_BOX, TZ_ITEM_GLUE, TZ_ITEM_PENALTY };

/* What a penalty is, so passes and reports can treat them differently. */
enum tz_penalty_kind {
	TZ_PEN_PLAIN = 0,  /* ordinary penalty (or a hard hyphen, flagged) */
	TZ_PEN_HYPHEN = 1, /* dictionary hyphenation point: not used in pass 1 */
	TZ_PEN_SPLIT = 2,  /* forced split inside an overlong word/URL */
	TZ_PEN_TIE = 3     /* a tie (penalty TZ_PENALTY_INF before glue): never
			    * broken, except in the last pass when the tied
			    * group is wider than the line (instead of an
			    * overfull line) */
};

struct tz_item {
	enum tz_item_type type;
	double width;   /* box/glue width; penalty: width added if broken here */
	double stretch; /* glue only */
	double shrink;  /* glue only */
	int penalty;    /* penalty only: cost, clamped to +-TZ_PENALTY_INF */
	int flagged;    /* penalty only: a break here ends a hyphenated line */
	enum tz_penalty_kind kind; /* penalty only */
	size_t ref;     /* caller's data (e.g. index of a text fragment) */
	/* optical margin alignment (0 = none): a box's margin_left may hang
	 * into the left margin when the box starts a line, margin_right into
	 * the right margin when it is the last box before the break; for a
	 * penalty with width (a hyphen), margin_right when broken there */
	double margin_left, margin_right;
	int rigid;      /* box only: not scaled by font expansion (an indent) */
	size_t nchars;  /* box, or penalty with width: characters it draws
			 * (letter-spacing goes between characters) */
};

struct tz_lb_params {
	const double *widths; /* line widths; the last one repeats */
	size_t nwidths;       /* >= 1 */
	double tolerance1;    /* max adjustment ratio, pass 1 (1.0) */
	double tolerance2;    /* pass 2 (2.0) */
	double emergency_stretch; /* pass 3, added per line, points */
	double line_penalty;  /* added to badness (10) */
	double adj_demerits;  /* fitness classes more than 1 apart (10000) */
	double double_hyphen_demerits; /* two hyphenated lines in a row (10000) */
	double final_hyphen_demerits;  /* last-but-one line hyphenated (5000) */
	int max_hyphen_run;   /* hard limit of consecutive hyphenated lines (2) */
	int looseness;        /* 0 = optimum; +-n: n lines more/fewer if possible */
	int first_pass;       /* 1, or 2 to skip the no-hyphenation pass */
	int last_line_fill;   /* 1: lines ending at a forced break are set
				 * ragged (parfillskip), not stretched */
	double expansion;     /* font expansion limit (0.02 = +-2 %), 0 off */
	double rightskip;     /* ragged right: stretch every line has at its end,
			       * points (TeX's \rightskip plus); 0 = justified.
			       * With interword glue that does not stretch, this
			       * makes the breaker even out the lines' lengths */
	double letterspace;   /* extra points allowed between characters of
			       * a line still loose after expansion, 0 off */
};

/* Defaults for a given set of widths (borrowed, must outlive the call). */
void tz_lb_params_init(struct tz_lb_params *p, const double *widths,
		       size_t nwidths);

enum tz_fitness { TZ_FIT_TIGHT, TZ_FIT_DECENT, TZ_FIT_LOOSE, TZ_FIT_VERY_LOOSE };

struct tz_line {
	size_t start; /* first item of the line (after discarded glue) */
	size_t end;   /* the break item (glue or penalty), not part of the line;
		       * the final line ends at the last item */
	double width;   /* target width of this line */
	double natural; /* natural width (incl. penalty width at a hyphen) */
	double stretch, shrink; /* total glue stretch/shrink on the line */
	double ratio;   /* glue ratio after expansion and letter-spacing took
			 * their share (tz_lb_adjust): >0 stretch, <0 shrink;
			 * 0 for a filled last line or a line without glue */
	enum tz_fitness fitness;
	int hyphenated; /* ends at a flagged penalty (draw a hyphen if the
			 * penalty has width) */
	int split;      /* ends at a TZ_PEN_SPLIT (overlong word broken) */
	int overfull;   /* natural - shrink > width: unavoidable */
	int underfull;  /* needs stretch but has none (e.g. one long word) */
	int last;       /* ends at a forced break */
	double margin_left, margin_right; /* protrusion used by this line */
	double boxes;   /* natural width of the boxes that expand (and hyphen) */
	double expand;  /* width the glyphs gain (<0: lose) by expansion */
	double space;   /* width added by letter-spacing, whole line */
};

struct tz_lb_result {
	struct tz_line *lines;
	size_t nlines, cap;
	int pass;          /* 1..5: the pass that succeeded */
	double demerits;   /* total of the chosen breaks */
	size_t nsplit;     /* lines ending in a forced split */
	size_t noverfull;  /* lines wider than their measure (should be 0) */
};

/*
 * Break items[0..n) into lines. The last item must be a forced break
 * (penalty <= -TZ_PENALTY_INF); a paragraph of zero items gives zero lines.
 * Fills out (caller calls tz_lb_result_release). Returns 0, or -1 with err
 * filled (bad arguments, out of memory).
 */
int tz_linebreak(const struct tz_item *items, size_t n,
		 const struct tz_lb_params *p, struct tz_lb_result *out,
		 struct tz_error *err);
void tz_lb_result_release(struct tz_lb_result *r);

/*
 * How a line's adjustment d (target - natural width; < 0: shrink) is shared:
 * the glyphs take half of it by expansion (more if the glue alone would go
 * past ratio +-1), at most expansion * boxes; a line still loose past glue
 * ratio 1 takes letter-spacing up to ls_cap (points, whole line); the glue
 * takes the rest. The breaker ranks lines by the resulting glue ratio, so
 * it optimises the word spaces the reader sees; para_lines.c justifies
 * with the same function, so what was chosen is what is set.
 */
struct tz_lb_adjustment {
	double expand; /* width added to the glyphs (boxes * (scale - 1)) */
	double space;  /* width added by letter-spacing */
	double ratio;  /* glue ratio: > 0 stretch, < 0 shrink; +-INFINITY
			* when the glue is needed but has no stretch/shrink */
};
void tz_lb_adjust(double d, double stretch, double shrink, double boxes,
		  double expansion, double ls_cap, struct tz_lb_adjustment *out);

/* Badness of a line set with ratio r (TeX: 100 |r|^3, capped at 10000). */
double tz_lb_badness(double ratio);

#endif
