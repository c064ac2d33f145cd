/*
 * sections.c - what a section looks like as a whole: the opener band at the
 * top of its first page, and the two sections with a design of their own:
 * "de stand van de regio" as a spread (key figures as large numerals on
 * the left page, bar charts on the right, drawn as vectors), and the agenda
 * as a table of events before the event stories themselves.
 */
#include "pdfint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "galley.h"
#include "../model/format.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

static void draw_opener(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	struct tz_canvas *c = &x->cv;
	double h = b->h - x->b;
	/* the band bleeds off the outer edge of the page */
	int right_page = tz_pdf_page_no(x) % 2;
	double x0 = right_page ? left : 0, x1 = right_page ? x->l.page_w : left + b->w;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect_bleed(c, x0, top, x1 - x0, h);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, left, top, 16 * MM, 2.2 * MM);
	tz_box_draw_paras(x, b, 0, left, top, 4 * MM);
}

int tz_pdf_section_opener(struct tz_pdfctx *x, const struct tz_section *sec,
			  struct tz_error *err)
{
	struct tz_box *b = tz_box_new(2, x->text_w, draw_opener, err);
	double y = 1.2 * x->b, w = x->text_w - 8 * MM;
	int failed = 0;

	if (!b)
		return -1;
	b->src = sec->src;
	y += tz_box_text(x, b, sec->title, &x->S.section_title, w, 0, y, err, &failed);
	if (sec->intro)
		y += 0.3 * x->b +
		     tz_box_text(x, b, sec->intro, &x->S.section_intro, w * 0.8, 0, y + 0.3 * x->b,
				 err, &failed);
	if (failed) {
		tz_box_free(b);
		return -1;
	}
	b->h = tz_pdf_grid_up(x, y + 1.0 * x->b) + x->b;
	x->section_outline = tz_pdf_outline(x, NULL, sec->title, x->y);
	b->draw(x, b, tz_pdf_text_left(x, tz_pdf_page_no(x)), x->y);
	tz_pdf_advance(x, b->h);
	tz_box_free(b);
	return 0;
}

/* Is the current page one that only a story's last few lines begin (the
 * line breaker could neither pull them back nor give them company)? A
 * section's band under them would leave them stranded above it (issue 15,
 * the Voorwoord on A5): the section opens on the next page. */
static int after_short_tail(const struct tz_pdfctx *x)
{
	return x->short_tail_page > 0 && x->short_tail_page == tz_pdf_page_no(x);
}

/* ---- the figures spread ---- */

static int figures_story(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err)
{
	struct tz_galley g;
	int rc = -1, first = 1;

	x->ts.story = s->id;
	if (tz_galley_build(x, s, &s->text, tz_pdf_col_w(x, x->text_w, x->l.columns), x->text_w,
			    1, &g, err))
		return -1;
	if (tz_pdf_story_start(x, s, err))
		goto out;
	/* the story's headline in the opener's style: the figures are the
	 * news here, the first set goes right under it */
	for (size_t i = 0; i < g.n; i++) {
		struct tz_gitem *it = &g.items[i];
		if (it->kind != TZ_G_BOX || !it->wide || !it->box->block ||
		    it->box->block->kind != TZ_BLOCK_KEYFIGURES || !first)
			continue;
		tz_gitem_draw(x, it, tz_pdf_text_left(x, tz_pdf_page_no(x)), x->y);
		tz_pdf_advance(x, it->h);
		it->kind = TZ_G_SPACE; /* drawn: leaves nothing in the flow */
		it->h = 0;
		first = 0;
	}
	if (tz_pdf_flow_body(x, &g, x->l.columns, err))
		goto out;
	rc = 0;
out:
	tz_galley_release(&g);
	return rc;
}

/* The story header of the figures story, then its body. */
static int figures_section(struct tz_pdfctx *x, const struct tz_section *sec,
			   struct tz_error *err)
{
	/* a spread starts on a left-hand (even) page */
	if ((x->npages + 1) % 2 == 1 && tz_pdf_pad_page(x, 0, err))
		return -1;
	if (tz_pdf_fresh_page(x, err) || tz_pdf_section_opener(x, sec, err))
		return -1;
	for (size_t i = 0; i < sec->nstories; i++) {
		const struct tz_story *s = sec->stories[i];
		int rc;
		if (s->kind == TZ_KIND_FIGURES) {
			const struct tz_story_text *t = &s->text;
			struct tz_box *hb = tz_box_new(3, x->text_w, NULL, err);
			double y = 0;
			int failed = 0;
			if (!hb)
				return -1;
			hb->src = t->src;
			y += tz_box_text(x, hb, t->headline, &x->S.headline_feature, x->text_w, 0, y, err,
					 &failed);
			if (t->lead.n)
				y += 0.4 * x->b + tz_box_runs(x, hb, &t->lead, &x->S.lead_feature,
							      x->text_w * 0.8, 0, y + 0.4 * x->b, err,
							      &failed);
			if (!failed) {
				tz_box_draw_paras(x, hb, 0, tz_pdf_text_left(x, tz_pdf_page_no(x)), x->y,
						  0);
				tz_pdf_advance(x, y + 0.8 * x->b);
			}
			tz_box_free(hb);
			if (failed)
				return -1;
			rc = figures_story(x, s, err);
		} else {
			rc = tz_pdf_story(x, s, err);
		}
		if (rc)
			return -1;
	}
	return 0;
}

/* ---- the agenda ---- */

static int by_date(const void *a, const void *b)
{
	const struct tz_story *const *x = a, *const *y = b;
	const char *da = (*x)->event ? (*x)->event->date : "", *db = (*y)->event ? (*y)->event->date : "";
	return strcmp(da, db);
}

#define NCELLS 4

struct row {
	struct tz_box *b;
};

static void draw_nothing(struct tz_pdfctx *x, const struct tz_box *b, double l, double t)
{
	(void)x;
	(void)b;
	(void)l;
	(void)t;
}

/* Column widths of the agenda table as fractions of the text width. */
static const double colfrac[NCELLS] = {0.16, 0.39, 0.24, 0.21};

/* A URL breaks only after / . - _ ? (tz_print_url marks those): when one
 * of its parts is wider than the cell, the URL is set smaller until the
 * part fits (down to 80 %), rather than split where it has no break. */
static struct tz_tstyle url_style(struct tz_pdfctx *x, const char *u, double w)
{
	struct tz_tstyle st = x->S.table_cell;
	double widest = 0;
	char part[512];
	for (const char *p = u; *p;) {
		const char *z = strstr(p, "\xe2\x80\x8b");
		size_t n = z ? (size_t)(z - p) : strlen(p);
		if (n < sizeof(part)) {
			memcpy(part, p, n);
			part[n] = '\0';
			widest = fmax(widest, tz_text_width(&x->ts, &st, part));
		}
		p += n + (z ? 3 : 0);
	}
	if (widest > w && widest > 0)
		st.size *= fmax(0.7, 0.98 * w / widest); /* 2 %: not just at the edge */
	return st;
}

static double cell_x(const struct tz_pdfctx *x, int k)
{
	double a = 0;
	for (int i = 0; i < k; i++)
		a += colfrac[i];
	return a * x->text_w;
}

static struct tz_box *event_row(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err)
{
	const struct tz_event *ev = s->event;
	const struct tz_story_text *t = &s->text;
	struct tz_box *b = tz_box_new(7, x->text_w, draw_nothing, err);
	double pad = 1.6 * MM, top = 0.35 * x->b, h[NCELLS] = {0}, w[NCELLS];
	struct tz_buf date;
	int failed = 0;

	if (!b)
		return NULL;
	b->src = s->src;
	b->story = s;
	for (int k = 0; k < NCELLS; k++)
		w[k] = colfrac[k] * x->text_w - 2 * pad;
	tz_buf_init(&date, 256);
	tz_format_date(&date, ev->date, t->lang);
	h[0] += tz_box_text(x, b, date.data ? date.data : ev->date, &x->S.table_cell_bold, w[0],
			    cell_x(x, 0) + pad, top, err, &failed);
	tz_buf_release(&date);
	h[1] += tz_box_text(x, b, t->headline, &x->S.table_cell_bold, w[1], cell_x(x, 1) + pad, top,
			    err, &failed);
	if (t->municipality)
		h[1] += tz_box_text(x, b, t->municipality, &x->S.table_cell, w[1], cell_x(x, 1) + pad,
				    top + h[1], err, &failed);
	h[2] += tz_box_text(x, b, ev->place, &x->S.table_cell, w[2], cell_x(x, 2) + pad, top, err,
			    &failed);
	if (ev->time)
		h[2] += tz_box_text(x, b, ev->time, &x->S.table_cell, w[2], cell_x(x, 2) + pad,
				    top + h[2], err, &failed);
	if (ev->registration) {
		char *u = tz_print_url(ev->registration);
		if (!u) {
			tz_box_free(b);
			tz_error_nomem(err);
			return NULL;
		}
		struct tz_tstyle st = url_style(x, u, w[3]);
		h[3] += tz_box_text(x, b, u, &st, w[3], cell_x(x, 3) + pad, top, err, &failed);
		free(u);
	}
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	{
		double m = 0;
		for (int k = 0; k < NCELLS; k++)
			m = fmax(m, h[k]);
		b->h = tz_pdf_grid_up(x, m + top + 0.5 * x->b);
	}
	return b;
}

static void table_head(struct tz_pdfctx *x, double left)
{
	static const char *const head[NCELLS] = {"Datum", "Wat", "Waar en wanneer", "Aanmelden"};
	struct tz_canvas *c = &x->cv;
	/* knocked-out type under 9 pt: the panel in two inks */
	tz_canvas_set_fill_small(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect(c, left, x->y, x->text_w, x->b * 1.5);
	for (int k = 0; k < NCELLS; k++)
		tz_draw_text(c, &x->ts, &x->S.table_head, head[k], left + cell_x(x, k) + 1.6 * MM,
			     x->y + x->b * 1.02);
	tz_pdf_advance(x, x->b * 1.5);
}

static int agenda_table(struct tz_pdfctx *x, const struct tz_story **ev, size_t n,
			struct tz_error *err)
{
	double left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	table_head(x, left);
	for (size_t i = 0; i < n; i++) {
		struct tz_box *row = event_row(x, ev[i], err);
		struct tz_canvas *c = &x->cv;
		if (!row)
			return -1;
		if (row->h > x->lines_left * x->b) {
			if (tz_pdf_fresh_page(x, err)) {
				tz_box_free(row);
				return -1;
			}
			left = tz_pdf_text_left(x, tz_pdf_page_no(x));
			table_head(x, left);
		}
		if (i % 2) {
			tz_canvas_set_fill(c, tz_canvas_colour(c, "tint"));
			tz_canvas_rect(c, left, x->y, x->text_w, row->h);
		}
		tz_box_draw_paras(x, row, 0, left, x->y, 0);
		if (ev[i]->event->registration)
			tz_canvas_link(c, left + cell_x(x, 3), x->y, colfrac[3] * x->text_w, row->h,
				       ev[i]->event->registration);
		tz_pdf_advance(x, row->h);
		tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
		tz_canvas_line(c, left, x->y, left + x->text_w, x->y, 0.3);
		tz_box_free(row);
	}
	tz_pdf_advance(x, 2 * x->b);
	return 0;
}

static int agenda_section(struct tz_pdfctx *x, const struct tz_section *sec,
			  struct tz_error *err)
{
	const struct tz_story **ev = tz_calloc(sec->nstories ? sec->nstories : 1, sizeof(const struct tz_story *));
	size_t n = 0;
	int rc = -1;

	if (!ev)
		return tz_error_nomem(err);
	for (size_t i = 0; i < sec->nstories; i++)
		if (sec->stories[i]->event)
			ev[n++] = sec->stories[i];
	qsort(ev, n, sizeof(const struct tz_story *), by_date);
	if (((x->lines_left < x->grid_lines / 2 || after_short_tail(x)) &&
	     tz_pdf_fresh_page(x, err)) ||
	    tz_pdf_section_opener(x, sec, err) || agenda_table(x, ev, n, err))
		goto out;
	/* then the events themselves, in date order, as news */
	for (size_t i = 0; i < n; i++)
		if (tz_pdf_story(x, ev[i], err))
			goto out;
	for (size_t i = 0; i < sec->nstories; i++)
		if (!sec->stories[i]->event && tz_pdf_story(x, sec->stories[i], err))
			goto out;
	rc = 0;
out:
	free(ev);
	return rc;
}

/* Would the section's first story start on this page below the opener?
 * If not, the opener would be stranded mid-page with its story overleaf
 * (issue 15, the Parels opener on A5): it goes to a fresh page too. */
static int first_story_fits(struct tz_pdfctx *x, const struct tz_section *sec)
{
	int opener = (int)ceil((sec->intro ? 9.0 : 6.0) * x->l.leading / x->b);
	if (!sec->nstories)
		return 1;
	return x->lines_left - opener >= tz_pdf_story_need(x, sec->stories[0]);
}

int tz_pdf_section(struct tz_pdfctx *x, const struct tz_section *sec, struct tz_error *err)
{
	int figures = 0, events = 0;
	x->section = sec;
	for (size_t i = 0; i < sec->nstories; i++) {
		figures += sec->stories[i]->kind == TZ_KIND_FIGURES;
		events += sec->stories[i]->kind == TZ_KIND_EVENT;
	}
	if (figures)
		return figures_section(x, sec, err);
	if (events && (size_t)events * 2 >= sec->nstories)
		return agenda_section(x, sec, err);
	/* a section opens a page, or continues one that is less than half
	 * full */
	if ((x->npages < 3 || x->lines_left < x->grid_lines / 2 ||
	     !first_story_fits(x, sec) || after_short_tail(x)) &&
	    tz_pdf_fresh_page(x, err))
		return -1;
	if (tz_pdf_section_opener(x, sec, err))
		return -1;
	for (size_t i = 0; i < sec->nstories; i++) {
		const struct tz_story *s = sec->stories[i];
		/* the first feature of a section opens below the opener */
		if (i == 0 && s->kind != TZ_KIND_NEWS && s->kind != TZ_KIND_EVENT &&
		    s->kind != TZ_KIND_FIGURES) {
			if (tz_pdf_story_here(x, s, err))
				return -1;
			continue;
		}
		if (tz_pdf_story(x, s, err))
			return -1;
	}
	return 0;
}
