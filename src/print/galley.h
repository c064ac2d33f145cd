/*
 * galley.h - a story's body as a vertical list of items at one column
 * width: lines of text, discardable spaces and boxes (figures, pull quotes,
 * fact boxes, key figures, company cards), each a whole number of grid
 * lines tall, with a penalty for breaking a column after each item.
 *
 * The one idea: the typographic rules between lines are decided here, once,
 * as penalties (no orphan or widow: never break after a paragraph's first
 * line or before its last; never after a heading; a hyphenated line is
 * costly to end a column), so the column filler (flow.c) only has to find
 * the cheapest legal break that fits.
 */
#ifndef TZ_GALLEY_H
#define TZ_GALLEY_H

#include <stddef.h>

#include "pdfint.h"

#define TZ_KEEP 10000          /* a break here is forbidden */
#define TZ_HYPHEN_BREAK 400    /* a column ending in a hyphen */

/* What hangs before a list item's first line: a bullet (number "") or a
 * number, for a list at depth 1..3; depth 0: nothing (not a list item). */
struct tz_listmark {
	unsigned char depth;
	char number[23];
};

struct tz_box;
typedef void (*tz_box_draw_fn)(struct tz_pdfctx *x, const struct tz_box *b, double left,
			       double top);

struct tz_box {
	double w, h;              /* h is a whole number of grid lines */
	tz_box_draw_fn draw;
	struct tz_src src;
	const struct tz_block *block;
	const struct tz_story *story;
	const struct tz_imgrec *img;
	double img_w, img_h;
	struct tz_setpara *paras; /* owned */
	size_t nparas;
	double *xs, *ys;          /* per para: offsets inside the box */
	struct tz_listmark *marks; /* per para: a list item's bullet or number */
	void *extra;              /* box-specific geometry, owned (freed) */
	int variant;              /* box-specific */
};

enum tz_gkind { TZ_G_LINE, TZ_G_SPACE, TZ_G_BOX };

struct tz_gitem {
	enum tz_gkind kind;
	double h;
	int penalty;          /* for a column break after this item */
	const struct tz_setpara *sp; /* LINE */
	size_t line;
	double dx;            /* LINE: indent of the whole line */
	struct tz_listmark mark; /* LINE: a bullet or number hangs before it */
	struct tz_box *box;   /* BOX */
	int floats;           /* BOX: may move to the top of the next column */
	int wide;             /* BOX: spans every column, at the top of a page */
};

struct tz_galley {
	struct tz_gitem *items;
	size_t n, cap;
	struct tz_setpara **paras;
	size_t np, cp;
	struct tz_box **boxes;
	size_t nb, cb;
	double col_w, wide_w;
	size_t lines;
};

/*
 * Build the galley of story text t at column width col_w. Wide boxes
 * (figures with span="page", and key figures when wide_figures is set)
 * are made at wide_w. 0, or -1 with err.
 */
int tz_galley_build(struct tz_pdfctx *x, const struct tz_story *s,
		    const struct tz_story_text *t, double col_w, double wide_w,
		    int wide_figures, struct tz_galley *g, struct tz_error *err);
/* The same, with up to |lines| paragraphs set one line shorter (lines <
 * 0) or longer (lines > 0) where the spacing rules allow (looseness), those
 * with a short last line (to shorten) or a full one (to lengthen) first:
 * to pull a story's last lines back from a page of their own, or to give
 * that page more than a few. */
int tz_galley_build_adjusted(struct tz_pdfctx *x, const struct tz_story *s,
			     const struct tz_story_text *t, double col_w, double wide_w,
			     int wide_figures, int lines, struct tz_galley *g,
			     struct tz_error *err);
void tz_galley_release(struct tz_galley *g);

/* Draw item i with its top at (left, top). */
void tz_gitem_draw(struct tz_pdfctx *x, const struct tz_gitem *it, double left, double top);

/* Boxes (boxes.c). Each returns a box owned by the caller (tz_box_free),
 * or NULL with err. */
struct tz_box *tz_box_figure(struct tz_pdfctx *x, const struct tz_figure *f,
			     struct tz_src src, double w, struct tz_error *err);
struct tz_box *tz_box_pullquote(struct tz_pdfctx *x, const struct tz_block *b, double w,
				struct tz_error *err);
struct tz_box *tz_box_factbox(struct tz_pdfctx *x, const struct tz_block *b, double w,
			      struct tz_error *err);
struct tz_box *tz_box_keyfigures(struct tz_pdfctx *x, const struct tz_block *b, double w,
				 struct tz_error *err);
struct tz_box *tz_box_company(struct tz_pdfctx *x, const struct tz_story *s, double w,
			      struct tz_error *err);
void tz_box_free(struct tz_box *b);

/* Building boxes of one's own (headers, table rows): a box with room for
 * nparas paragraphs; tz_box_text/tz_box_runs set the next one at (bx, y)
 * inside the box with width w and return its height (on failure they set
 * *failed and err, and later calls do nothing); tz_box_draw_paras draws
 * paragraphs from..end with the box's top-left at (left, top), shifted by
 * dx. */
struct tz_box *tz_box_new(size_t nparas, double w, tz_box_draw_fn draw, struct tz_error *err);
double tz_box_text(struct tz_pdfctx *x, struct tz_box *b, const char *text,
		   const struct tz_tstyle *st, double w, double bx, double y, struct tz_error *err,
		   int *failed);
double tz_box_runs(struct tz_pdfctx *x, struct tz_box *b, const struct tz_runs *runs,
		   const struct tz_tstyle *st, double w, double bx, double y, struct tz_error *err,
		   int *failed);
void tz_box_draw_paras(struct tz_pdfctx *x, const struct tz_box *b, size_t from, double left,
		       double top, double dx);

/* Lists (listmark.c). The indent of a list's text from the text it hangs
 * under, in style st: at least 1.2 em, more when its widest number needs
 * it. */
double tz_list_indent(struct tz_pdfctx *x, const struct tz_tstyle *st, const struct tz_block *list,
		      int depth);
/* The mark of item k of list at depth (1..3). */
void tz_list_mark(const struct tz_block *list, size_t k, int depth, struct tz_listmark *m);
/* Draw m hanging before a line set in st whose text starts at text_x with
 * its baseline at y: bullets in the accent colour (a dot, a dash, a square
 * by depth), numbers in the style's own font right-aligned to the tab. */
void tz_list_mark_draw(struct tz_pdfctx *x, const struct tz_tstyle *st, const struct tz_listmark *m,
		       double text_x, double y);

/* Format a key figure's value as readers write it ("118.000", "€ 1,00")
 * into buf; *unit_out is the unit to print under it (may be NULL). */
void tz_keyfigure_value(const struct tz_keyfigure *kf, const char *lang, char *buf,
			size_t n, const char **unit_out);

#endif
