/*
 * textset.h - from model runs to drawn lines: the bridge between the
 * paragraph setter (src/text/para.h, which knows no fonts) and the canvas.
 *
 * The one idea: a text style names font roles for the four combinations of
 * emphasis, a size, a leading and an alignment; the measuring callback for
 * the paragraph setter is built from it, so what is measured is exactly
 * what is drawn. Every run is checked against its font before it is set: a
 * missing glyph becomes a diagnostic naming the story file:line and the
 * character, never a box in print.
 */
#ifndef TZ_TEXTSET_H
#define TZ_TEXTSET_H

#include <stddef.h>

#include "canvas.h"
#include "fonts.h"
#include "../model/model.h"
#include "../text/para.h"
#include "../util/error.h"

enum tz_align { TZ_ALIGN_JUSTIFY, TZ_ALIGN_LEFT, TZ_ALIGN_CENTER, TZ_ALIGN_RIGHT };

struct tz_tstyle {
	enum tz_font_role role[4]; /* plain, em, strong, em+strong */
	double size, leading;
	const char *colour;        /* palette name */
	enum tz_align align;
	double indent;             /* first line, points */
	int hyphenate;
	double tracking;           /* letter-spacing, points (kickers) */
	int upper;                 /* draw in capitals (Latin letters) */
};

/* What setting text needs: fonts, the layout's microtypography, and where
 * to report missing glyphs. */
struct tz_typeset {
	struct tz_fonts *fonts;
	const struct tz_print_layout *l;
	struct tz_diags *diags;
	const char *story;         /* story id for messages, may be NULL */
	size_t nmissing;           /* missing-glyph errors reported */
	int looseness;             /* justified text: lines more (+) or fewer
				    * (-) than the optimum, where the spacing
				    * rules allow (0; the flow's widow fix) */
};

/* A paragraph set at some width, ready to draw line by line. */
struct tz_setpara {
	struct tz_para para;
	const struct tz_runs *runs; /* borrowed (model or owned below) */
	struct tz_runs own;         /* runs made by tz_set_text */
	struct tz_tstyle st;        /* a copy: callers may pass styles on their stack */
	struct tz_src src;
	double width;
};

/*
 * Set runs in style st into lines of the given widths (the last repeats).
 * src names the block for messages. Fills out (release it with
 * tz_setpara_release). 0, or -1 with err (out of memory, bad text).
 */
int tz_set_runs(struct tz_typeset *ts, const struct tz_runs *runs, const struct tz_tstyle *st,
		const double *widths, size_t nwidths, struct tz_src src,
		struct tz_setpara *out, struct tz_error *err);
/* The same for a plain string (one run, no style). */
int tz_set_text(struct tz_typeset *ts, const char *text, const struct tz_tstyle *st,
		double width, struct tz_src src, struct tz_setpara *out, struct tz_error *err);
void tz_setpara_release(struct tz_setpara *sp);

/* Height of n lines in st (n * leading). */
double tz_setpara_height(const struct tz_setpara *sp);

/* Draw line li with its baseline at y and its left edge at x. */
void tz_draw_line(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_setpara *sp,
		  size_t li, double x, double y);
/* Draw every line, the first baseline at y; returns the last baseline. */
double tz_draw_para(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_setpara *sp,
		    double x, double y);

/* Width of a plain string in style st (no breaking). */
double tz_text_width(struct tz_typeset *ts, const struct tz_tstyle *st, const char *s);
/* Draw a plain string on one line (no breaking), aligned at x by st->align
 * (LEFT: x is the left edge, RIGHT: the right edge, CENTER: the middle). */
double tz_draw_text(struct tz_canvas *c, struct tz_typeset *ts, const struct tz_tstyle *st,
		    const char *s, double x, double y);
/* A copy of url (malloc'd) with a zero-width space after every '/', '.',
 * '-', '?', '&' and '=', so that it breaks at its own break points and
 * never with a hyphen; the scheme "https://" is left out. NULL on no
 * memory. */
char *tz_print_url(const char *url);
/* The font for style bits in st. */
struct tz_font *tz_style_font(struct tz_typeset *ts, const struct tz_tstyle *st,
			      unsigned style);
/* Report characters of s missing from the font for (st, style). */
void tz_check_glyphs(struct tz_typeset *ts, const struct tz_tstyle *st, unsigned style,
		     const char *s, struct tz_src src);

#endif
