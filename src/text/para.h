/*
 * para.h - from the model's inline runs to set lines: tokenising (spaces,
 * no-break spaces, number+unit ties), hyphenation points, the box/glue/
 * penalty list, total-fit breaking, and positioned word fragments for the
 * renderer.
 *
 * The one idea: every box remembers where its text lives (run index, byte
 * offset and length, style), so after line breaking the renderer receives
 * ready-to-draw fragments with x positions and never re-parses text.
 *
 * Measuring is the caller's: widths come from a callback, so this file knows
 * nothing about fonts or PDF and is unit-tested with fixed-width "fonts".
 *
 * Rules (docs/typography.md has the reasoning): ASCII white space separates
 * words and is a breakpoint; U+00A0, U+202F (narrow) and U+2007 are ties
 * (stretchable but never broken); U+00AD marks the only hyphenation points
 * of its word; U+200B is a break without hyphen; U+2060/U+FEFF are dropped.
 * With unit_ties, the space after a word ending in a digit ("118.000 banen",
 * "3 mm", "15.30 uur"), after a lone currency sign ("€ 1,00") and before a
 * lone dash (" – ") is a tie too. A word piece wider than the narrowest line
 * gets forced split points between its characters (never inside "ij").
 *
 * For the layout engine: the same paragraph with one line more or fewer is
 * tz_para_build again with lb.looseness = +1/-1 (compare nlines); per-line
 * fitness, ratio, hyphenation and protrusion are in struct tz_para_line.
 */
#ifndef TZ_PARA_H
#define TZ_PARA_H

#include <stddef.h>

#include "model/model.h"
#include "text/linebreak.h"

struct tz_error;
struct tz_hyphenator;

/* Width in points of utf8[0..len) set in style (TZ_STYLE_* bits). */
typedef double (*tz_measure_fn)(void *ctx, unsigned style, const char *utf8,
				size_t len);

struct tz_para_params {
	tz_measure_fn measure;
	void *ctx;
	const double *widths; /* line widths (points); the last one repeats */
	size_t nwidths;
	double indent;        /* first-line indent, points (0) */
	double space_stretch; /* interword stretch as a fraction of the space
			       * width (0.5) */
	double space_shrink;  /* interword shrink, fraction (1/3) */
	int hyphenate;        /* 1: dictionary hyphenation (default) */
	struct tz_hyphenator *hyph; /* NULL: tz_hyph_dutch() */
	int hyphen_penalty;   /* dictionary points (50) */
	int explicit_penalty; /* after hard hyphens and in URLs (50) */
	int split_penalty;    /* forced split of an overlong word (5000) */
	int unit_ties;        /* 1: tie numbers to units and to "€" (default) */
	struct tz_lb_params lb; /* tolerance etc.; widths are taken from above */
	/* microtypography (all off after tz_para_params_init) */
	double expansion;     /* font expansion limit, 0.02 = glyphs scaled
			       * within +-2 % per line; the breaker knows it */
	double letterspace;   /* extra space per character allowed on lines
			       * that would still be loose, points (0 = off) */
	int protrusion;       /* 1: optical margin alignment (hanging
			       * punctuation, built-in per-character table) */
	double protrusion_factor; /* scales that table (1.0) */
};

/* Defaults; widths/measure must be set by the caller. */
void tz_para_params_init(struct tz_para_params *p, tz_measure_fn measure,
			 void *ctx, const double *widths, size_t nwidths);

/* One piece of text to draw, inside one run, on one line. */
struct tz_frag {
	size_t run;     /* index into runs->items */
	size_t off, len; /* byte range within runs->items[run].text */
	unsigned style;
	double x;       /* from the line's left edge, points, justified */
	double width;   /* natural width (times the line's scale) */
	/* the interword glue before this fragment on its line (0 if the
	 * fragment continues a word, e.g. a style change inside a word) */
	double gap, gap_stretch, gap_shrink;
	double natural; /* measured width unscaled, no letter-spacing */
	size_t nchars;  /* code points (letter-spacing applies to each) */
};

struct tz_para_line {
	size_t first, nfrags; /* frags[first .. first + nfrags) */
	double width;         /* measure of this line */
	double x0;            /* left offset (first-line indent, less the
			       * left protrusion) */
	double ratio;         /* glue ratio as set (after expansion and
			       * letter-spacing), -1..; 0 on a ragged last line */
	double boxes;         /* natural width of the text (incl. hyphen,
			       * not the indent) */
	double glue, stretch, shrink; /* natural glue, its stretch/shrink */
	double scale;         /* horizontal glyph scale (1.0; see below) */
	int hyphenated;       /* draw "-" after the last fragment */
	double hyphen_width;  /* width of that "-" (included in the line) */
	int split;            /* overlong word broken here: warn */
	int last;             /* last line of the paragraph: ragged right */
	/* additions: x0 already includes the protrusion (x0 < 0 when the first
	 * character hangs into the left margin); fragment x includes x0 */
	double char_space;    /* letter-spacing, points (0); the renderer sets
			       * PDF Tc = char_space / scale, as Th scales Tc */
	double protrude_left, protrude_right; /* hung into the margins */
	double hyphen_x;      /* where the hyphen is drawn (if hyphenated) */
	int fitness;          /* enum tz_fitness of the line */
	int overfull;         /* wider than its measure even at full shrink */
	size_t nchars;        /* code points on the line, hyphen included */
};

struct tz_para {
	struct tz_frag *frags;
	size_t nfrags, fcap;
	struct tz_para_line *lines;
	size_t nlines, lcap;
	int pass;           /* breaker pass that succeeded (1..5, linebreak.h) */
	size_t nsplit;      /* overlong words broken by force */
	size_t noverfull;   /* lines still too wide (should be 0) */
	double demerits;
	double letterspace; /* as in the params, for tz_para_line_expand */
};

/*
 * Set runs into lines. Fills out (caller calls tz_para_release). Fragments
 * are positioned for the params' microtypography (plain justification when
 * it is off, as after tz_para_params_init). runs must outlive out: the
 * fragments point into their text. Returns 0, or -1 with err filled (bad
 * UTF-8, bad parameters, dictionary not loadable, out of memory).
 */
int tz_para_build(const struct tz_runs *runs, const struct tz_para_params *p,
		  struct tz_para *out, struct tz_error *err);
void tz_para_release(struct tz_para *para);

/*
 * Font expansion: split a line's adjustment between horizontal scaling of
 * the glyphs (at most +-limit, e.g. 0.02) and the interword glue. Given the
 * line's natural width of boxes (box_width), its natural glue width, stretch
 * and shrink and the target width, returns the horizontal scale (1.0 = none)
 * in *scale and the new glue ratio in *ratio so that
 *   box_width*scale + glue + ratio*(ratio>0 ? stretch : shrink) == target.
 * Half of the adjustment (capped by limit) goes to scaling, the rest to glue;
 * when the glue alone would go past |ratio| 1, the glyphs take more (up to
 * the limit) so the glue stays within its stretch or shrink if it can.
 */
void tz_expansion_split(double box_width, double glue, double stretch,
			double shrink, double target, double limit,
			double *scale, double *ratio);

/*
 * Re-justify line li with font expansion limit `limit` (and the paragraph's
 * letter-spacing): re-positions its fragments (x, width), sets line->scale,
 * ->char_space and ->ratio. tz_para_build() already did this with
 * p->expansion; calling it again with the same limit changes nothing. A last
 * line that fits stays ragged (scale 1). The renderer draws the fragments
 * with horizontal scaling line->scale * 100 %. Returns the scale.
 */
double tz_para_line_expand(struct tz_para *para, size_t li, double limit);

#endif
