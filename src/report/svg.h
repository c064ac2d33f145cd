/*
 * svg.h - the report's charts, drawn as inline SVG (no JavaScript, no
 * files): horizontal bars, a column timeline and sparklines. Colours come
 * from CSS classes (bar, bar2, bar3, axis) so the page's light, dark and
 * print styles reach them; every chart has a <title> and the numbers are
 * also written as text beside it.
 */
#ifndef TZ_RPT_SVG_H
#define TZ_RPT_SVG_H

#include <stddef.h>

#include "../util/buf.h"

struct tz_svg_bar {
	const char *label;
	double value;
	const char *text; /* the number as shown ("12", "< 5", "3.1 %") */
	int cls;          /* 0 bar, 1 bar2, 2 bar3 */
};

int tz_svg_hbars(struct tz_buf *b, const char *title, const struct tz_svg_bar *bars, size_t n);
/* Stacked columns: series[s][i] for s < nseries, i < n. */
int tz_svg_columns(struct tz_buf *b, const char *title, const double *const *series,
		   size_t nseries, size_t n, const char *first_label, const char *last_label);
int tz_svg_sparkline(struct tz_buf *b, const char *title, const double *v, size_t n);

#endif
