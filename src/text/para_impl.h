/*
 * para_impl.h - what para.c (runs -> boxes, glue, penalties) hands to
 * para_lines.c (chosen breaks -> positioned fragments). Private to
 * src/text; the public contract is para.h.
 *
 * The one idea: a box's ref indexes a table of text sources, so the item
 * list stays the plain struct tz_item the breaker knows.
 */
#ifndef TZ_PARA_IMPL_H
#define TZ_PARA_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "text/linebreak.h"
#include "text/para.h"

#define TZ_PARA_NOREF SIZE_MAX /* items that are not text (indent, glue) */

struct tz_para_src {
	size_t run, off, len; /* visible bytes in runs->items[run].text */
	unsigned style;
	size_t nchars;
};

struct tz_para_items {
	struct tz_item *items;
	size_t n, cap;
	struct tz_para_src *src;
	size_t nsrc, srccap;
};

void tz_para_items_release(struct tz_para_items *pi);

/* Build the fragments and lines of out from the breaker's result. */
int tz_para_lines_build(const struct tz_runs *runs,
			const struct tz_para_params *p,
			const struct tz_para_items *pi,
			const struct tz_lb_result *lb, struct tz_para *out,
			struct tz_error *err);

/* Protrusion of code point c as a fraction of its width (optical margin
 * alignment): at a line's left edge, and at its right edge. */
double tz_para_protrude_left(uint32_t c);
double tz_para_protrude_right(uint32_t c);

#endif
