/*
 * boxes.c - the boxes that sit between the lines of a story: figures with
 * caption and credit, pull quotes, fact boxes, key figures (bar charts for
 * figures that share a unit, large numerals otherwise) and the company card
 * of a parel. Each is measured when the galley is built and drawn when the
 * column filler has placed it; its height is rounded up to whole grid lines
 * so the text after it stays on the baseline grid.
 */
#include "galley.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/format.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

void tz_box_free(struct tz_box *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nparas; i++)
		tz_setpara_release(&b->paras[i]);
	free(b->paras);
	free(b->xs);
	free(b->ys);
	free(b->marks);
	free(b->extra);
	free(b);
}

struct tz_box *tz_box_new(size_t nparas, double w, tz_box_draw_fn draw,
			      struct tz_error *err)
{
	struct tz_box *b = tz_calloc(1, sizeof(*b));
	if (b && nparas) {
		b->paras = tz_calloc(nparas, sizeof(*b->paras));
		b->xs = tz_calloc(nparas, sizeof(*b->xs));
		b->ys = tz_calloc(nparas, sizeof(*b->ys));
		b->marks = tz_calloc(nparas, sizeof(*b->marks));
		if (!b->paras || !b->xs || !b->ys || !b->marks) {
			tz_box_free(b);
			b = NULL;
		}
	}
	if (!b) {
		tz_error_nomem(err);
		return NULL;
	}
	b->w = w;
	b->draw = draw;
	return b;
}

/* Set text as the next paragraph of b at y; returns the height used. */
double tz_box_text(struct tz_pdfctx *x, struct tz_box *b, const char *text,
		       const struct tz_tstyle *st, double w, double bx, double y,
		       struct tz_error *err, int *failed)
{
	struct tz_setpara *sp = &b->paras[b->nparas];
	if (*failed)
		return 0;
	if (tz_set_text(&x->ts, text, st, w, b->src, sp, err)) {
		*failed = 1;
		return 0;
	}
	b->xs[b->nparas] = bx;
	b->ys[b->nparas++] = y;
	return tz_setpara_height(sp);
}

double tz_box_runs(struct tz_pdfctx *x, struct tz_box *b, const struct tz_runs *runs,
		       const struct tz_tstyle *st, double w, double bx, double y,
		       struct tz_error *err, int *failed)
{
	struct tz_setpara *sp = &b->paras[b->nparas];
	if (*failed)
		return 0;
	if (tz_set_runs(&x->ts, runs, st, &w, 1, b->src, sp, err)) {
		*failed = 1;
		return 0;
	}
	b->xs[b->nparas] = bx;
	b->ys[b->nparas++] = y;
	return tz_setpara_height(sp);
}

void tz_box_draw_paras(struct tz_pdfctx *x, const struct tz_box *b, size_t from, double left,
		       double top, double dx)
{
	for (size_t i = from; i < b->nparas; i++) {
		const struct tz_setpara *sp = &b->paras[i];
		tz_draw_para(&x->cv, &x->ts, sp, left + dx + b->xs[i],
			     top + b->ys[i] + sp->st.leading * 0.78);
	}
}

/* ---- figures ---- */

static void draw_figure(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	double ix = b->variant ? left + (b->w - b->img_w) / 2 : left;
	tz_canvas_image(&x->cv, b->img->im, ix, top, b->img_w, b->img_h);
	tz_pdf_check_ppi(x, b->img, b->img_w, b->img_h, b->src);
	tz_box_draw_paras(x, b, 0, left, top, 0);
}

struct tz_box *tz_box_figure(struct tz_pdfctx *x, const struct tz_figure *f,
			     struct tz_src src, double w, struct tz_error *err)
{
	struct tz_box *b = tz_box_new(2, w, draw_figure, err);
	const struct tz_image *img = &f->image;
	double max300 = tz_pdf_max_width(img), dw, dh, y, maxh;
	int failed = 0;

	if (!b)
		return NULL;
	b->src = src;
	b->variant = w > x->text_w * 0.7; /* wide figures are centred */
	/* never upscale past 300 ppi, unless the picture would end up tiny:
	 * then down to 200 ppi (a warning, reported when it is drawn) */
	dw = w < max300 ? w : max300;
	if (dw < 0.6 * w)
		dw = fmin(w, max300 * 1.5);
	dh = dw * img->height / img->width;
	maxh = x->grid_lines * x->b * (b->variant ? 0.45 : 0.55);
	if (dh > maxh) {
		dh = maxh;
		dw = dh * img->width / img->height;
	}
	b->img_w = dw;
	b->img_h = dh;
	b->img = tz_pdf_image(x, img, dw, dh, err);
	if (!b->img) {
		tz_box_free(b);
		return NULL;
	}
	y = dh + 1.6 * MM;
	if (f->caption)
		y += tz_box_text(x, b, f->caption, &x->S.caption, w, 0, y, err, &failed);
	if (f->credit)
		y += tz_box_text(x, b, f->credit, &x->S.credit, w, 0, y, err, &failed);
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + 0.7 * x->b);
	return b;
}

/* ---- pull quotes ---- */

static void draw_pullquote(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	struct tz_canvas *c = &x->cv;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, left, top + 0.35 * x->b, 12 * MM, 1.6);
	tz_box_draw_paras(x, b, 0, left, top, 0);
	tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
	tz_canvas_line(c, left, top + b->h - 0.6 * x->b, left + b->w, top + b->h - 0.6 * x->b,
		       0.4);
}

struct tz_box *tz_box_pullquote(struct tz_pdfctx *x, const struct tz_block *bl, double w,
				struct tz_error *err)
{
	struct tz_box *b = tz_box_new(2, w, draw_pullquote, err);
	char *plain;
	struct tz_buf q;
	double y = 0.9 * x->b;
	int failed = 0;

	if (!b)
		return NULL;
	b->src = bl->src;
	b->block = bl;
	plain = tz_runs_plain(&bl->runs);
	tz_buf_init(&q, TZ_BUF_DEFAULT_MAX);
	if (!plain || tz_buf_addf(&q, "\xe2\x80\x9c%s\xe2\x80\x9d", plain)) {
		free(plain);
		tz_buf_release(&q);
		tz_box_free(b);
		tz_error_nomem(err);
		return NULL;
	}
	free(plain);
	y += tz_box_text(x, b, q.data, &x->S.pullquote, w, 0, y, err, &failed);
	tz_buf_release(&q);
	if (bl->by) {
		y += 0.3 * x->b;
		y += tz_box_text(x, b, bl->by, &x->S.pq_by, w, 0, y, err, &failed);
	}
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + 1.0 * x->b);
	return b;
}

/* A box on a coloured panel with a rule along its top, then its text:
 * the fact box and the company card. */
static void draw_panel(struct tz_pdfctx *x, const struct tz_box *b, double left, double top,
		       const char *fill, const char *rule, double rule_pt)
{
	struct tz_canvas *c = &x->cv;
	tz_canvas_set_fill(c, tz_canvas_colour(c, fill));
	tz_canvas_rect(c, left, top + 0.25 * x->b, b->w, b->h - 0.75 * x->b);
	tz_canvas_set_fill(c, tz_canvas_colour(c, rule));
	tz_canvas_rect(c, left, top + 0.25 * x->b, b->w, rule_pt);
	tz_box_draw_paras(x, b, 0, left, top, 0);
}

/* ---- fact boxes ---- */

static void draw_factbox(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	draw_panel(x, b, left, top, "tint", "deep", 1.2);
	/* list items: a bullet or number hangs before each */
	for (size_t i = 0; i < b->nparas; i++) {
		const struct tz_setpara *sp = &b->paras[i];
		if (b->marks[i].depth && sp->para.nlines)
			tz_list_mark_draw(x, &sp->st, &b->marks[i], left + b->xs[i],
					  top + b->ys[i] + sp->st.leading * 0.78);
	}
}

static size_t list_paras(const struct tz_block *bl)
{
	size_t n = bl->nitems;

	for (size_t k = 0; bl->sublists && k < bl->nitems; k++)
		if (bl->sublists[k])
			n += list_paras(bl->sublists[k]);
	return n;
}

/* The items of a list in a fact box (and its nested lists) at y; returns
 * the new y. */
static double box_list(struct tz_pdfctx *x, struct tz_box *b, const struct tz_block *bl, int depth,
		       double inner, double bx, double y, struct tz_error *err, int *failed)
{
	const struct tz_tstyle *st = &x->S.box_body;
	double in = tz_list_indent(x, st, bl, depth);

	for (size_t k = 0; k < bl->nitems && !*failed; k++) {
		y += tz_box_runs(x, b, &bl->items[k], st, inner - in, bx + in, y, err, failed) +
		     0.25 * st->leading;
		if (!*failed)
			tz_list_mark(bl, k, depth, &b->marks[b->nparas - 1]);
		if (bl->sublists && bl->sublists[k] && depth < 3)
			y = box_list(x, b, bl->sublists[k], depth + 1, inner - in, bx + in, y, err,
				     failed);
	}
	return y;
}

struct tz_box *tz_box_factbox(struct tz_pdfctx *x, const struct tz_block *bl, double w,
			      struct tz_error *err)
{
	size_t n = 1;
	struct tz_box *b;
	double pad = 2.6 * MM, inner = w - 2 * pad, y = 0.25 * x->b + pad;
	int failed = 0;

	for (size_t i = 0; i < bl->nchildren; i++)
		n += bl->children[i].kind == TZ_BLOCK_LIST ? list_paras(&bl->children[i]) : 1;
	b = tz_box_new(n, w, draw_factbox, err);
	if (!b)
		return NULL;
	b->src = bl->src;
	b->block = bl;
	if (bl->title)
		y += tz_box_text(x, b, bl->title, &x->S.box_title, inner, pad, y, err, &failed) +
		     0.2 * x->b;
	for (size_t i = 0; i < bl->nchildren && !failed; i++) {
		const struct tz_block *ch = &bl->children[i];
		if (ch->kind == TZ_BLOCK_LIST) {
			y = box_list(x, b, ch, 1, inner, pad, y, err, &failed);
		} else {
			y += tz_box_runs(x, b, &ch->runs, &x->S.box_body, inner, pad, y, err, &failed) +
			     0.4 * x->S.box_body.leading;
		}
	}
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + pad + 0.5 * x->b);
	return b;
}

/* ---- key figures ---- */

void tz_keyfigure_value(const struct tz_keyfigure *kf, const char *lang, char *buf, size_t n,
			const char **unit_out)
{
	struct tz_buf num;
	const char *unit = kf->unit;
	int euro = unit && !strncmp(unit, "\xe2\x82\xac", 3);

	tz_buf_init(&num, 256);
	if (tz_format_number(&num, kf->value_text, lang))
		tz_buf_reset(&num);
	if (euro) {
		unit += 3;
		while (*unit == ' ')
			unit++;
		snprintf(buf, n, "\xe2\x82\xac\xc2\xa0%s", num.data ? num.data : kf->value_text);
	} else {
		snprintf(buf, n, "%s", num.data ? num.data : kf->value_text);
	}
	tz_buf_release(&num);
	*unit_out = unit && *unit ? unit : NULL;
}

static double kf_max(const struct tz_block *bl)
{
	double m = 0;
	for (size_t i = 0; i < bl->nfigures; i++)
		if (bl->figures[i].value > m)
			m = bl->figures[i].value;
	return m > 0 ? m : 1;
}

/* Bar charts keep their bars in the box: one rectangle per figure, drawn
 * from these (x, y, w) triples after the text. */
struct kf_bar {
	double x, y, w;
};

static void draw_keyfigures(struct tz_pdfctx *x, const struct tz_box *b, double left,
			    double top)
{
	struct tz_canvas *c = &x->cv;
	const struct tz_block *bl = b->block;
	const struct kf_bar *bars = b->extra;

	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect(c, left, top + 0.25 * x->b, b->w, 1.6);
	tz_box_draw_paras(x, b, 0, left, top, 0);
	if (b->variant == 1) {
		for (size_t i = 0; i < bl->nfigures; i++) {
			tz_canvas_set_fill(c, tz_canvas_colour(c, i == 0 ? "accent" : "deep"));
			tz_canvas_rect(c, left + bars[i].x, top + bars[i].y, bars[i].w, x->b * 0.6);
		}
	} else if (b->variant > 1) {
		int cols = b->variant - 1;
		double cell = (b->w - (cols - 1) * x->l.gutter) / cols;
		tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
		for (int k = 1; k < cols; k++) {
			double rx = left + k * (cell + x->l.gutter) - x->l.gutter / 2;
			tz_canvas_line(c, rx, top + 1.4 * x->b, rx, top + *(const double *)b->extra,
				       0.3);
		}
	}
}

struct tz_box *tz_box_keyfigures(struct tz_pdfctx *x, const struct tz_block *bl, double w,
				 struct tz_error *err)
{
	int bars = tz_keyfigures_comparable(bl) && bl->nfigures >= 3;
	int wide = w > x->text_w * 0.7;
	struct tz_box *b = tz_box_new(2 + 4 * bl->nfigures, w, draw_keyfigures, err);
	const char *lang = "nl";
	double y = 0.25 * x->b + 0.8 * x->b;
	int failed = 0;

	if (!b)
		return NULL;
	b->src = bl->src;
	b->block = bl;
	if (bl->title)
		y += tz_box_text(x, b, bl->title, &x->S.box_title, w, 0, y, err, &failed) + 0.4 * x->b;
	if (bars) {
		/* label | bar | value; narrow boxes put the label above */
		double label_w = wide ? w * 0.26 : w, max = kf_max(bl);
		double bx = wide ? label_w + 2 * MM : 0, area = (w - bx) * 0.8;
		struct kf_bar *bv = tz_calloc(bl->nfigures, sizeof(*bv));
		if (!bv) {
			tz_box_free(b);
			tz_error_nomem(err);
			return NULL;
		}
		b->variant = 1;
		b->extra = bv;
		for (size_t i = 0; i < bl->nfigures && !failed; i++) {
			const struct tz_keyfigure *kf = &bl->figures[i];
			char val[128];
			const char *unit;
			double frac = kf->value / max;
			tz_keyfigure_value(kf, lang, val, sizeof(val), &unit);
			y += tz_box_text(x, b, kf->label, &x->S.label, label_w, 0,
				      y + (wide ? 0.15 * x->b : 0), err, &failed) *
			     (wide ? 0 : 1);
			bv[i].x = bx;
			bv[i].y = y + 0.2 * x->b;
			bv[i].w = fmax(0.6, area * (frac < 0 ? 0 : frac));
			tz_box_text(x, b, val, &x->S.value_small, w - bx - bv[i].w - 1.5 * MM,
				 bx + bv[i].w + 1.5 * MM, y, err, &failed);
			y += x->b * 1.3;
		}
	} else {
		int cols = wide ? 3 : (w > 60 * MM ? 2 : 1);
		double cell = (w - (cols - 1) * x->l.gutter) / cols;
		size_t rows = (bl->nfigures + (size_t)cols - 1) / (size_t)cols;
		b->variant = 1 + cols;
		for (size_t r = 0; r < rows && !failed; r++) {
			double rh = 0;
			for (int k = 0; k < cols && !failed; k++) {
				size_t i = r * (size_t)cols + (size_t)k;
				const struct tz_keyfigure *kf;
				char val[128];
				const char *unit;
				struct tz_tstyle vs;
				double cy = y, cx = k * (cell + x->l.gutter), tw;
				if (i >= bl->nfigures)
					break;
				kf = &bl->figures[i];
				tz_keyfigure_value(kf, lang, val, sizeof(val), &unit);
				vs = cols > 1 ? x->S.value_big : x->S.value_small;
				tw = tz_text_width(&x->ts, &vs, val);
				/* a numeral never breaks: it shrinks, on the same
				 * leading, so the labels under the row stay level */
				if (tw > cell)
					vs.size *= cell / tw * 0.98;
				cy += tz_box_text(x, b, val, &vs, cell, cx, cy, err, &failed);
				if (unit)
					cy += tz_box_text(x, b, unit, &x->S.label, cell, cx, cy, err, &failed);
				cy += 0.2 * x->b;
				cy += tz_box_text(x, b, kf->label, &x->S.box_title, cell, cx, cy, err,
					       &failed);
				if (kf->note && cols > 1)
					cy += tz_box_text(x, b, kf->note, &x->S.note, cell, cx, cy, err,
						       &failed);
				if (cy - y > rh)
					rh = cy - y;
			}
			y += rh + 0.8 * x->b;
		}
		/* the column rules end with the grid, above the source line */
		b->extra = tz_calloc(1, sizeof(double));
		if (!b->extra) {
			tz_box_free(b);
			tz_error_nomem(err);
			return NULL;
		}
		*(double *)b->extra = y - 0.8 * x->b;
	}
	if (bl->source && !failed) {
		char src[600];
		snprintf(src, sizeof(src), "Bron: %s", bl->source);
		y += tz_box_text(x, b, src, &x->S.credit, w, 0, y, err, &failed);
	}
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + 0.9 * x->b);
	return b;
}

/* ---- company card ---- */

static void draw_company(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	struct tz_canvas *c = &x->cv;
	draw_panel(x, b, left, top, "deep", "green", 1.6);
	if (b->story && b->story->company && b->story->company->website)
		tz_canvas_link(c, left, top + b->ys[b->nparas - 1], b->w, x->b,
			       b->story->company->website);
}

struct tz_box *tz_box_company(struct tz_pdfctx *x, const struct tz_story *s, double w,
			      struct tz_error *err)
{
	const struct tz_company *co = s->company;
	struct tz_box *b = tz_box_new(8, w, draw_company, err);
	double pad = 2.6 * MM, inner = w - 2 * pad, y = 0.25 * x->b + pad;
	struct tz_tstyle name = x->S.company_name, line = x->S.company_line, lab = x->S.label;
	char tmp[256];
	int failed = 0;

	if (!b)
		return NULL;
	b->story = s;
	b->src = s->src;
	name.colour = line.colour = "paper";
	lab.colour = "green";
	y += tz_box_text(x, b, "Parel van de regio", &lab, inner, pad, y, err, &failed);
	y += tz_box_text(x, b, co->name, &name, inner, pad, y, err, &failed);
	if (co->sector)
		y += tz_box_text(x, b, co->sector, &line, inner, pad, y, err, &failed);
	if (co->place)
		y += tz_box_text(x, b, co->place, &line, inner, pad, y, err, &failed);
	if (co->employees >= 0) {
		snprintf(tmp, sizeof(tmp), "%ld medewerkers", co->employees);
		y += tz_box_text(x, b, tmp, &line, inner, pad, y, err, &failed);
	}
	if (co->founded > 0) {
		snprintf(tmp, sizeof(tmp), "Opgericht in %d", co->founded);
		y += tz_box_text(x, b, tmp, &line, inner, pad, y, err, &failed);
	}
	if (co->website) {
		const char *web = co->website;
		if (!strncmp(web, "https://", 8))
			web += 8;
		else if (!strncmp(web, "http://", 7))
			web += 7;
		y += tz_box_text(x, b, web, &line, inner, pad, y, err, &failed);
	}
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + pad + 0.5 * x->b);
	return b;
}
