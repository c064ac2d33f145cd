/*
 * listmark.c - bullets and numbers of lists in print (see galley.h).
 *
 * The one idea: a list item is an ordinary paragraph, set and justified
 * like the body, moved in by its list's indent; its mark hangs in that
 * indent. Numbers are right-aligned to a tab just before the text, so "9."
 * and "10." end in the same place, and the indent grows with the widest
 * number of the list rather than letting it run into the margin. Numbering
 * by depth (1. / a. / i.) is the house style (model/format.h).
 */
#include "galley.h"

#include <stdio.h>
#include <string.h>

#include "../model/format.h"
#include "../util/banned.h"

#define MARK_GAP 0.35 /* em between a number and the text */

void tz_list_mark(const struct tz_block *list, size_t k, int depth, struct tz_listmark *m)
{
	memset(m, 0, sizeof(*m));
	m->depth = (unsigned char)(depth < 1 ? 1 : depth > 3 ? 3 : depth);
	if (list->ordered)
		tz_format_list_number(list->start + (long)k, m->depth, m->number, sizeof(m->number));
}

static struct tz_tstyle number_style(const struct tz_tstyle *st)
{
	struct tz_tstyle n = *st;

	n.align = TZ_ALIGN_RIGHT;
	n.tracking = 0;
	n.upper = 0;
	return n;
}

double tz_list_indent(struct tz_pdfctx *x, const struct tz_tstyle *st, const struct tz_block *list,
		      int depth)
{
	double indent = st->size * 1.2;
	struct tz_tstyle ns = number_style(st);

	for (size_t k = 0; list->ordered && k < list->nitems; k++) {
		struct tz_listmark m;
		double w;
		tz_list_mark(list, k, depth, &m);
		w = tz_text_width(&x->ts, &ns, m.number) + MARK_GAP * st->size;
		if (w > indent)
			indent = w;
	}
	return indent;
}

void tz_list_mark_draw(struct tz_pdfctx *x, const struct tz_tstyle *st, const struct tz_listmark *m,
		       double text_x, double y)
{
	struct tz_canvas *c = &x->cv;
	double s = st->size, cx = text_x - s * 0.75, cy = y - s * 0.3;

	if (!m->depth)
		return;
	if (m->number[0]) {
		struct tz_tstyle ns = number_style(st);
		tz_draw_text(c, &x->ts, &ns, m->number, text_x - MARK_GAP * s, y);
		return;
	}
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	if (m->depth == 1)
		tz_canvas_circle(c, cx, cy, s * 0.16);
	else if (m->depth == 2) /* a dash */
		tz_canvas_rect(c, cx - s * 0.22, cy - s * 0.04, s * 0.44, s * 0.08);
	else /* a small square */
		tz_canvas_rect(c, cx - s * 0.11, cy - s * 0.11, s * 0.22, s * 0.22);
}
