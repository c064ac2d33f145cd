/*
 * flow.h - pour a galley into columns, page after page, and balance the
 * columns where the story ends.
 *
 * The one idea: a column is filled by walking the galley until the next
 * item no longer fits, remembering every legal break on the way; then the
 * cheapest break is taken, where the cost is the item's penalty (hyphen at
 * the column end, see galley.h) plus the empty grid lines it leaves. Boxes
 * that do not fit float to the top of the next column while the text goes
 * on; wide boxes wait for the top of the next page region. The last region
 * is balanced: the smallest column height at which everything still fits.
 */
#ifndef TZ_FLOW_H
#define TZ_FLOW_H

#include "galley.h"

struct tz_region {
	double left, top, w; /* top on the grid */
	int ncols;
	int lines;           /* height in grid lines */
	int fresh;           /* a new page: wide boxes may go on top */
};

/* The story's continuation: start a new page and describe its region. */
typedef int (*tz_next_region_fn)(struct tz_pdfctx *x, void *ctx, struct tz_region *r,
				 struct tz_error *err);

/*
 * Flow g into r and following regions. On return *bottom is the y where
 * the last region's content ends (on the grid), on the current page.
 * Overset (an item taller than a whole column) is reported in x->diags.
 * 0 or -1.
 */
int tz_flow(struct tz_pdfctx *x, const struct tz_galley *g, struct tz_region r,
	    tz_next_region_fn next, void *ctx, double *bottom, struct tz_error *err);

/* Flow g into r and whole pages after it without drawing anything: how
 * many pages it goes on to (0: it ends in r) and the grid lines it takes
 * on the last. 0 or -1 (no memory). */
int tz_flow_dry(struct tz_pdfctx *x, const struct tz_galley *g, struct tz_region r, int *pages,
		int *tail_lines, struct tz_error *err);

/* Height in grid lines the galley needs in ncols balanced columns of at
 * most max_lines (a large number when it does not fit). */
int tz_flow_balanced_lines(struct tz_pdfctx *x, const struct tz_galley *g, int ncols,
			   int max_lines);

#endif
