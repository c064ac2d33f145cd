/*
 * fuzz_linebreak.c - libFuzzer harness: total-fit line breaking
 * (text/linebreak.h) over random boxes, glue and penalties with random line
 * widths and parameters.
 *
 * Every 4 input bytes make one item; the first bytes choose the widths and
 * the looseness. Besides the sanitizers, the harness checks the result: the
 * lines cover the items in order, each line ends at a legal breakpoint, the
 * last line ends at the final forced break, and every forced break inside
 * the paragraph ends a line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/linebreak.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS 600

static int legal_break(const struct tz_item *it, size_t i)
{
	if (it[i].type == TZ_ITEM_PENALTY) /* a tie gives way only in the last pass */
		return it[i].penalty < TZ_PENALTY_INF || it[i].kind == TZ_PEN_TIE;
	return it[i].type == TZ_ITEM_GLUE && i > 0 && it[i - 1].type == TZ_ITEM_BOX;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tz_item items[MAX_ITEMS + 1];
	double widths[4];
	struct tz_lb_params p;
	struct tz_lb_result r;
	struct tz_error err;
	size_t n = 0, nw, off = 0, line = 0;

	if (size < 6)
		return 0;
	nw = 1 + data[0] % 4;
	for (size_t k = 0; k < nw; k++) /* 0 .. 510 pt; 0 is a legal, hostile width */
		widths[k] = (double)data[1 + k % 4] * 2.0;
	tz_lb_params_init(&p, widths, nw);
	p.looseness = (int)(data[5] % 5) - 2;
	p.first_pass = data[5] & 0x80 ? 2 : 1;
	p.last_line_fill = (data[5] & 0x40) != 0;
	for (off = 6; off + 4 <= size && n < MAX_ITEMS; off += 4) {
		const uint8_t *b = data + off;
		struct tz_item *it = &items[n++];
		memset(it, 0, sizeof(*it));
		switch (b[0] % 3) {
		case 0:
			it->type = TZ_ITEM_BOX;
			it->width = (double)b[1] * 0.75;
			break;
		case 1:
			it->type = TZ_ITEM_GLUE;
			it->width = (double)(b[1] % 16);
			it->stretch = (double)(b[2] % 16) / 2.0;
			it->shrink = (double)(b[3] % 8) / 2.0;
			break;
		default:
			it->type = TZ_ITEM_PENALTY;
			it->width = (double)(b[1] % 8);
			it->penalty = ((int)b[2] - 128) * 100; /* beyond +-TZ_PENALTY_INF too */
			it->flagged = b[3] & 1;
			it->kind = (enum tz_penalty_kind)((b[3] >> 1) % 4);
			break;
		}
		it->ref = n - 1;
	}
	/* the header requires a final forced break */
	memset(&items[n], 0, sizeof(items[n]));
	items[n].type = TZ_ITEM_PENALTY;
	items[n].penalty = -TZ_PENALTY_INF;
	n++;

	memset(&r, 0, sizeof(r));
	tz_error_clear(&err);
	if (tz_linebreak(items, n, &p, &r, &err) != 0) {
		tz_lb_result_release(&r);
		return 0; /* refused with an error value: fine */
	}
	if (r.nlines == 0 || r.pass < 1 || r.pass > 5)
		abort();
	for (size_t k = 0; k < r.nlines; k++) {
		const struct tz_line *l = &r.lines[k];
		if (l->end >= n || l->start > l->end + 1)
			abort();
		if (k > 0 && l->start <= r.lines[k - 1].end)
			abort(); /* lines overlap or go backwards */
		if (!legal_break(items, l->end))
			abort();
		/* no forced break is skipped inside a line */
		for (size_t i = l->start; i < l->end; i++)
			if (items[i].type == TZ_ITEM_PENALTY && items[i].penalty <= -TZ_PENALTY_INF)
				abort();
		line = l->end;
	}
	if (line != n - 1)
		abort(); /* the last line ends at the final break */
	tz_lb_result_release(&r);
	return 0;
}
