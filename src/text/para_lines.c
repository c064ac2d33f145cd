/*
 * para_lines.c - from the breaker's lines to fragments with x positions:
 * merging boxes back into drawable pieces, justification, font expansion,
 * letter-spacing and optical margin alignment.
 *
 * The one idea: a fragment keeps its natural (measured) width and the glue
 * in front of it, so a line can be re-justified at any time from those
 * alone: tz_para_line_expand() and the first placement share one function,
 * justify(), which solves
 *   boxes * scale + char_space * (chars - 1) + glue + ratio * stretch|shrink
 *     = width + protrusion
 * and then places every fragment from the left.
 */
#include "text/para.h"

#include <math.h>
#include <string.h>

#include "text/para_impl.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/banned.h"

/* Fractions of a character's own width that may hang into the margin. The
 * values follow the spirit of microtype's defaults: full stops, commas and
 * hyphens hang most, quotes a good half, dashes and ?! a little. */
double tz_para_protrude_right(uint32_t c)
{
	switch (c) {
	case '.': case ',': case '-': case 0x2010: case 0x2011:
		return 0.7;
	case '\'': case 0x2019: case 0x201A:
		return 0.7;
	case '"': case 0x201D: case 0x201C: case 0xBB: case 0x203A:
		return 0.5;
	case ':': case ';':
		return 0.5;
	case 0x2013: case 0x2026:
		return 0.3;
	case '!': case '?': case 0x2014:
		return 0.2;
	case ')':
		return 0.1;
	default:
		return 0;
	}
}

double tz_para_protrude_left(uint32_t c)
{
	switch (c) {
	case 0x2018: case 0x201A: case '\'':
		return 0.7;
	case 0x201C: case 0x201E: case '"': case 0xAB: case 0x2039:
		return 0.5;
	case 0x2013:
		return 0.3;
	case 0x2014:
		return 0.2;
	case '(':
		return 0.1;
	default:
		return 0;
	}
}

void tz_expansion_split(double box_width, double glue, double stretch,
			double shrink, double target, double limit,
			double *scale, double *ratio)
{
	struct tz_lb_adjustment adj;
	tz_lb_adjust(target - box_width - glue, stretch, shrink, box_width,
		     limit, 0, &adj);
	*scale = box_width > 0 ? 1 + adj.expand / box_width : 1;
	*ratio = isfinite(adj.ratio) ? adj.ratio : 0;
}

/* Solve the line for scale, letter-spacing and glue ratio (the breaker's
 * tz_lb_adjust, so the line is set as it was chosen); place it. */
static void justify(struct tz_para *para, size_t li, double limit,
		    double letterspace)
{
	struct tz_para_line *ln = &para->lines[li];
	double target = ln->width + ln->protrude_right - ln->x0;
	double scale = 1, ratio = 0, cs = 0, x;
	double d = target - ln->boxes - ln->glue;
	size_t gaps = ln->nchars > 1 ? ln->nchars - 1 : 0;

	ln->overfull = 0;
	if (!(ln->last && d >= 0)) { /* a last line that fits stays ragged */
		struct tz_lb_adjustment adj;
		tz_lb_adjust(d, ln->stretch, ln->shrink, ln->boxes, limit,
			     ln->last ? 0 : letterspace * (double)gaps, &adj);
		scale = ln->boxes > 0 ? 1 + adj.expand / ln->boxes : 1;
		cs = gaps ? adj.space / (double)gaps : 0;
		ratio = adj.ratio;
		if (isinf(ratio) && ratio > 0)
			ratio = 0; /* no glue to stretch: set flush left */
		if (ratio < -1 - 1e-9)
			ln->overfull = 1;
		if (ratio < -1)
			ratio = -1;
	}
	ln->scale = scale;
	ln->ratio = ratio;
	ln->char_space = cs;
	x = ln->x0;
	for (size_t i = ln->first; i < ln->first + ln->nfrags; i++) {
		struct tz_frag *f = &para->frags[i];
		x += f->gap + ratio * (ratio > 0 ? f->gap_stretch : f->gap_shrink);
		f->x = x;
		f->width = f->natural * scale + cs * (double)f->nchars;
		x += f->width;
	}
	ln->hyphen_x = x;
}

double tz_para_line_expand(struct tz_para *para, size_t li, double limit)
{
	if (li >= para->nlines)
		return 1;
	justify(para, li, limit, para->letterspace);
	return para->lines[li].scale;
}

static int push_frag(struct tz_para *out, const struct tz_para_src *src,
		     const double gap[3])
{
	struct tz_frag *f;
	if (tz_array_grow((void **)&out->frags, &out->fcap, out->nfrags + 1,
			  sizeof(*out->frags)) < 0)
		return -1;
	f = &out->frags[out->nfrags++];
	memset(f, 0, sizeof(*f));
	f->run = src->run;
	f->off = src->off;
	f->len = src->len;
	f->style = src->style;
	f->nchars = src->nchars;
	f->gap = gap[0];
	f->gap_stretch = gap[1];
	f->gap_shrink = gap[2];
	return 0;
}

/* Fragments of one line: consecutive boxes of one run with contiguous
 * bytes and no glue between them become one fragment, measured whole (so
 * kerning inside it is the font's). */
static int line_frags(const struct tz_runs *runs, const struct tz_para_params *p,
		      const struct tz_para_items *pi, const struct tz_line *bl,
		      struct tz_para *out, struct tz_para_line *ln)
{
	double gap[3] = { 0, 0, 0 };
	int glue_seen = 0;
	size_t end = bl->last ? bl->end + 1 : bl->end;

	ln->first = out->nfrags;
	for (size_t i = bl->start; i < end; i++) {
		const struct tz_item *it = &pi->items[i];
		struct tz_frag *prev = out->nfrags > ln->first ?
				       &out->frags[out->nfrags - 1] : NULL;
		if (it->type == TZ_ITEM_GLUE) {
			if (prev) {
				gap[0] += it->width;
				gap[1] += it->stretch;
				gap[2] += it->shrink;
				glue_seen = 1;
			}
			continue;
		}
		if (it->type != TZ_ITEM_BOX)
			continue;
		if (it->ref == TZ_PARA_NOREF) { /* the first-line indent */
			ln->x0 += it->width;
			continue;
		}
		{
			const struct tz_para_src *src = &pi->src[it->ref];
			if (prev && !glue_seen && prev->run == src->run &&
			    prev->off + prev->len == src->off) {
				prev->len += src->len;
				prev->nchars += src->nchars;
				continue;
			}
			if (push_frag(out, src, gap) < 0)
				return -1;
			gap[0] = gap[1] = gap[2] = 0;
			glue_seen = 0;
		}
	}
	ln->nfrags = out->nfrags - ln->first;
	for (size_t i = ln->first; i < out->nfrags; i++) {
		struct tz_frag *f = &out->frags[i];
		double w = p->measure(p->ctx, f->style, runs->items[f->run].text + f->off,
				      f->len);
		f->natural = isfinite(w) && w > 0 ? w : 0;
		ln->boxes += f->natural;
		ln->glue += f->gap;
		ln->stretch += f->gap_stretch;
		ln->shrink += f->gap_shrink;
		ln->nchars += f->nchars;
	}
	return 0;
}

int tz_para_lines_build(const struct tz_runs *runs,
			const struct tz_para_params *p,
			const struct tz_para_items *pi,
			const struct tz_lb_result *lb, struct tz_para *out,
			struct tz_error *err)
{
	if (tz_array_grow((void **)&out->lines, &out->lcap, lb->nlines,
			  sizeof(*out->lines)) < 0)
		return tz_error_nomem(err);
	for (size_t li = 0; li < lb->nlines; li++) {
		const struct tz_line *bl = &lb->lines[li];
		const struct tz_item *brk = &pi->items[bl->end];
		struct tz_para_line *ln = &out->lines[li];

		memset(ln, 0, sizeof(*ln));
		ln->width = bl->width;
		ln->last = bl->last;
		ln->fitness = (int)bl->fitness;
		ln->split = bl->split;
		ln->protrude_left = bl->margin_left;
		ln->protrude_right = bl->margin_right;
		ln->scale = 1;
		if (line_frags(runs, p, pi, bl, out, ln) < 0)
			return tz_error_nomem(err);
		out->nlines = li + 1;
		if (brk->type == TZ_ITEM_PENALTY && brk->flagged && brk->width > 0) {
			ln->hyphenated = 1;
			ln->hyphen_width = brk->width;
			ln->boxes += brk->width;
			ln->nchars++;
		}
		if (ln->nfrags == 0) /* an indent alone: nothing to hang */
			ln->protrude_left = ln->protrude_right = 0;
		ln->x0 -= ln->protrude_left;
		justify(out, li, p->expansion, p->letterspace);
		if (ln->overfull)
			out->noverfull++;
		if (ln->split)
			out->nsplit++;
	}
	return 0;
}
