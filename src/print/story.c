/*
 * story.c - how a story sits on the page: its header (kicker, headline,
 * lead, byline) and its body flowing in columns, in three designs: news
 * (the layout's columns, stories follow each other on a page), features
 * (interviews, columns: a new page, bigger headline, the feature columns)
 * and parels (a new page under a coloured band, with a company card).
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

enum design { NEWS, FEATURE, PAREL, BRIEF };

void tz_pdf_advance(struct tz_pdfctx *x, double h)
{
	double g = tz_pdf_grid_up(x, h);
	x->y += g;
	x->lines_left -= (int)lround(g / x->b);
	if (x->lines_left < 0)
		x->lines_left = 0;
}

int tz_pdf_story_start(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err)
{
	struct tz_storyrec *r;
	const struct tz_story_text *t = &s->text;
	if (tz_array_grow((void **)&x->stories, &x->cstories, x->nstories + 1,
			  sizeof(*x->stories)))
		return tz_error_nomem(err);
	r = &x->stories[x->nstories++];
	r->story = s;
	r->page = (int)x->npages;
	r->y = x->y;
	tz_pdf_outline(x, x->section_outline, t->headline, x->y);
	x->rep->stories++;
	return 0;
}

static void draw_header(struct tz_pdfctx *x, const struct tz_box *b, double left, double top)
{
	struct tz_canvas *c = &x->cv;
	if (b->variant == PAREL) {
		/* the band runs across the page into the bleed on both sides,
		 * below the running header */
		double band_bottom = top + b->h - 0.6 * x->b;
		tz_canvas_set_fill(c, tz_canvas_colour(c, "tint"));
		tz_canvas_rect_bleed(c, 0, top, x->l.page_w, band_bottom - top);
		tz_canvas_set_fill(c, tz_canvas_colour(c, "green"));
		tz_canvas_rect(c, left, top, 24 * MM, 2.2 * MM);
		tz_canvas_rect(c, left, band_bottom - 1.2 * MM, x->text_w, 1.2 * MM);
	} else {
		tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
		tz_canvas_rect(c, left, top, 10 * MM, 1.4);
	}
	tz_box_draw_paras(x, b, 0, left, top, 0);
	if (b->variant != PAREL) {
		tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
		tz_canvas_line(c, left, top + b->h - 0.55 * x->b, left + b->w,
			       top + b->h - 0.55 * x->b, 0.4);
	}
}

static struct tz_box *header(struct tz_pdfctx *x, const struct tz_story *s, double w,
			     enum design d, struct tz_error *err)
{
	const struct tz_story_text *t = &s->text;
	struct tz_box *b = tz_box_new(5, w, draw_header, err);
	struct tz_tstyle kick = x->S.kicker,
			 head = d == NEWS || d == BRIEF ? x->S.headline : x->S.headline_feature,
			 lead = d == NEWS || d == BRIEF ? x->S.lead : x->S.lead_feature,
			 by = x->S.byline;
	struct tz_buf line;
	double y = d == PAREL ? 0 : 0.9 * x->b, hw = d == NEWS ? w : w * 0.86;
	int failed = 0;

	if (!b)
		return NULL;
	b->src = t->src;
	b->variant = d;
	if (d == BRIEF) {
		/* agenda items and other short news: a smaller header */
		head.size *= 0.72;
		head.leading *= 0.72;
		lead.size = x->l.body * 1.08;
		lead.leading = x->l.body * 1.08 * 1.35;
		y = 0.6 * x->b;
	}
	if (d == PAREL) {
		head.colour = "deep";
		y = 1.4 * x->b;
	}
	if (t->kicker)
		y += tz_box_text(x, b, t->kicker, &kick, hw, 0, y, err, &failed) + 0.15 * x->b;
	y += tz_box_text(x, b, t->headline, &head, hw, 0, y, err, &failed) + 0.35 * x->b;
	if (t->lead.n)
		y += tz_box_runs(x, b, &t->lead, &lead, d == NEWS || d == BRIEF ? w * 0.9 : hw, 0, y,
				 err, &failed) +
		     0.3 * x->b;
	tz_buf_init(&line, 4096);
	if (t->byline)
		tz_buf_adds(&line, t->byline);
	if (t->date) {
		if (line.len)
			tz_buf_adds(&line, " \xc2\xb7 ");
		tz_format_date(&line, t->date, t->lang);
	}
	if (t->municipality && strcmp(t->municipality, "Regio") != 0) {
		if (line.len)
			tz_buf_adds(&line, " \xc2\xb7 ");
		tz_buf_adds(&line, t->municipality);
	}
	if (line.len && line.data)
		y += tz_box_text(x, b, line.data, &by, w, 0, y, err, &failed);
	tz_buf_release(&line);
	if (failed) {
		tz_box_free(b);
		return NULL;
	}
	b->h = tz_pdf_grid_up(x, y + (d == PAREL ? 1.6 : d == BRIEF ? 0.7 : 1.0) * x->b);
	return b;
}

/* A continuation page for a story's body. */
static int next_region(struct tz_pdfctx *x, void *ctx, struct tz_region *r,
		       struct tz_error *err)
{
	(void)ctx;
	if (tz_pdf_new_page(x, TZ_PAGE_STORY, err))
		return -1;
	r->left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	r->top = x->text_top;
	r->lines = x->grid_lines;
	r->fresh = 1;
	x->y = x->text_top;
	x->lines_left = x->grid_lines;
	return 0;
}

/* The region from the cursor to the foot of the page, in ncols columns. */
static void region_here(const struct tz_pdfctx *x, int ncols, struct tz_region *r)
{
	r->left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	r->top = x->y;
	r->w = x->text_w;
	r->ncols = ncols;
	r->lines = x->lines_left;
	r->fresh = 0;
}

int tz_pdf_flow_body(struct tz_pdfctx *x, const struct tz_galley *g, int ncols,
		     struct tz_error *err)
{
	struct tz_region r;
	double bottom;

	region_here(x, ncols, &r);
	if (tz_flow(x, g, r, next_region, NULL, &bottom, err))
		return -1;
	x->rep->lines += g->lines;
	x->lines_left -= (int)lround((bottom - x->y) / x->b);
	x->y = bottom;
	tz_pdf_advance(x, x->b * 2); /* air before the next story */
	return 0;
}

int tz_pdf_fresh_page(struct tz_pdfctx *x, struct tz_error *err)
{
	struct tz_region r;
	return next_region(x, NULL, &r, err);
}

/* Insert the company card after the second paragraph of the galley. */
static int add_company(struct tz_pdfctx *x, const struct tz_story *s, struct tz_galley *g,
		       struct tz_error *err)
{
	struct tz_box *card = tz_box_company(x, s, g->col_w, err);
	size_t at = 0, paras = 0;
	if (!card)
		return -1;
	for (size_t i = 0; i < g->n; i++)
		if (g->items[i].kind == TZ_G_LINE && g->items[i].penalty == 0 &&
		    (i + 1 == g->n || g->items[i + 1].sp != g->items[i].sp) && ++paras == 2) {
			at = i + 1;
			break;
		}
	if (tz_array_grow((void **)&g->boxes, &g->cb, g->nb + 1, sizeof(struct tz_box *)) ||
	    tz_array_grow((void **)&g->items, &g->cap, g->n + 1, sizeof(*g->items))) {
		tz_box_free(card);
		return tz_error_nomem(err);
	}
	g->boxes[g->nb++] = card;
	memmove(&g->items[at + 1], &g->items[at], (g->n - at) * sizeof(*g->items));
	memset(&g->items[at], 0, sizeof(*g->items));
	g->items[at].kind = TZ_G_BOX;
	g->items[at].h = card->h;
	g->items[at].box = card;
	g->items[at].floats = 1;
	g->n++;
	return 0;
}

/* The story's lead picture: its first figure with span="page", taken out
 * of the flow to sit under the header. NULL when there is none. */
static struct tz_gitem *lead_picture(struct tz_galley *g)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->items[i].kind == TZ_G_BOX && g->items[i].wide && g->items[i].box->img)
			return &g->items[i];
	return NULL;
}

/* The least text a story brings to the page it starts on, per column,
 * besides its header (and lead picture): a tenth of the text area, four
 * lines at least. Less, and it starts on the next page. */
static int min_start_lines(const struct tz_pdfctx *x)
{
	int n = x->grid_lines / 10;
	return n < 4 ? 4 : n;
}

static enum design design_of(const struct tz_story *s)
{
	switch (s->kind) {
	case TZ_KIND_PAREL:
		return PAREL;
	case TZ_KIND_INTERVIEW:
	case TZ_KIND_COLUMN:
		return FEATURE;
	case TZ_KIND_EVENT:
		return BRIEF;
	default:
		return NEWS;
	}
}

int tz_pdf_story_need(struct tz_pdfctx *x, const struct tz_story *s)
{
	enum design d = design_of(s);
	int ncols = d == NEWS || d == BRIEF ? x->l.columns : x->l.feature_columns;
	struct tz_box *hd;
	struct tz_galley g;
	struct tz_gitem *pic;
	struct tz_error err;
	int need, body, pl = 0;
	/* a trial setting: what it finds (missing glyphs) is reported when
	 * the story is placed, not twice */
	struct tz_diags quiet, *saved = x->ts.diags;
	size_t missing = x->ts.nmissing;
	tz_diags_init(&quiet);
	x->ts.diags = &quiet;
	hd = header(x, s, x->text_w, d, &err);
	if (!hd || tz_galley_build(x, s, &s->text, tz_pdf_col_w(x, x->text_w, ncols), x->text_w,
				   0, &g, &err)) {
		tz_box_free(hd);
		x->ts.diags = saved;
		x->ts.nmissing = missing;
		tz_diags_release(&quiet);
		return 0; /* the real placement reports it */
	}
	x->ts.diags = saved;
	x->ts.nmissing = missing;
	tz_diags_release(&quiet);
	pic = lead_picture(&g);
	if (pic)
		pl = (int)lround(pic->h / x->b);
	body = tz_flow_balanced_lines(x, &g, ncols, x->grid_lines) - (pic ? pl / ncols : 0);
	need = (int)lround(hd->h / x->b) + (body < min_start_lines(x) ? body : min_start_lines(x));
	tz_box_free(hd);
	tz_galley_release(&g);
	return need;
}

/* A story's last page carrying fewer lines than this (all columns) is a
 * widow page: its lines are pulled back if the spacing rules allow. */
#define SHORT_TAIL_LINES 8

/* g2: the story's body with |lines| paragraphs a line shorter or longer
 * (tz_galley_build_adjusted), as g is (company card, lead picture drawn),
 * and where it ends when flowed from r. 0 or -1. */
static int adjusted(struct tz_pdfctx *x, const struct tz_story *s, double col_w, int pic_drawn,
		    int lines, struct tz_region r, struct tz_galley *g2, int *pages, int *tail,
		    struct tz_error *err)
{
	struct tz_gitem *pic;
	struct tz_diags quiet, *saved = x->ts.diags;
	size_t missing = x->ts.nmissing;
	int rc;

	/* a second setting of the same text: what it finds was reported */
	tz_diags_init(&quiet);
	x->ts.diags = &quiet;
	rc = tz_galley_build_adjusted(x, s, &s->text, col_w, x->text_w, 0, lines, g2, err);
	if (rc == 0 && s->company && design_of(s) == PAREL && (rc = add_company(x, s, g2, err)))
		tz_galley_release(g2);
	x->ts.diags = saved;
	x->ts.nmissing = missing;
	tz_diags_release(&quiet);
	if (rc)
		return -1;
	if (pic_drawn && (pic = lead_picture(g2))) {
		pic->kind = TZ_G_SPACE;
		pic->h = 0;
	}
	if (tz_flow_dry(x, g2, r, pages, tail, err)) {
		tz_galley_release(g2);
		return -1;
	}
	return 0;
}

/*
 * Would the story end with a few lines alone at the head of a page of their
 * own (issue 15: the Voorwoord on A5, three lines above the next section's
 * band)? Then it is set again with as many paragraphs a line shorter as
 * those lines need, where the line breaker finds such a setting within its
 * tolerances (short last lines first), and that galley replaces g when the
 * story then ends a page earlier. If the spacing rules do not allow that,
 * paragraphs are set a line longer instead until that last page carries
 * SHORT_TAIL_LINES (full last lines first). If neither works, the page is
 * marked (x->short_tail_page) so that no section opens under the lines.
 * pic_drawn: g's lead picture is on the page already. 0 or -1.
 */
static int fix_short_tail(struct tz_pdfctx *x, const struct tz_story *s, int ncols,
			  double col_w, int pic_drawn, struct tz_galley *g, struct tz_error *err)
{
	struct tz_region r;
	struct tz_galley g2;
	int pages, tail, pages2, tail2;

	region_here(x, ncols, &r);
	if (tz_flow_dry(x, g, r, &pages, &tail, err))
		return -1;
	if (pages == 0 || tail * ncols >= SHORT_TAIL_LINES)
		return 0;
	if (adjusted(x, s, col_w, pic_drawn, -(tail * ncols), r, &g2, &pages2, &tail2, err))
		return -1;
	if (pages2 < pages)
		goto take;
	tz_galley_release(&g2);
	/* the tail lines do not follow the added lines one for one (lines
	 * keep together, columns balance): ask for more in steps */
	for (int more = SHORT_TAIL_LINES - tail * ncols, last = tail; more <= 3 * SHORT_TAIL_LINES;
	     more += SHORT_TAIL_LINES / 2) {
		if (adjusted(x, s, col_w, pic_drawn, more, r, &g2, &pages2, &tail2, err))
			return -1;
		if (pages2 == pages && tail2 * ncols >= SHORT_TAIL_LINES)
			goto take;
		tz_galley_release(&g2);
		if (pages2 > pages || tail2 <= last)
			break; /* too far, or no paragraph gives more */
		last = tail2;
	}
	/* neither: the next section does not open under these lines (its band
	 * goes to the next page) and a filler takes the rest of this one */
	x->short_tail_page = tz_pdf_page_no(x) + pages;
	return 0;
take:
	tz_galley_release(g);
	*g = g2;
	return 0;
}

static int place(struct tz_pdfctx *x, const struct tz_story *s, int here,
		 struct tz_error *err)
{
	enum design d = design_of(s);
	int ncols = d == NEWS || d == BRIEF ? x->l.columns : x->l.feature_columns;
	double col_w = tz_pdf_col_w(x, x->text_w, ncols);
	struct tz_box *hd = NULL;
	struct tz_gitem *pic;
	struct tz_galley g;
	int rc = -1, hl, pl = 0, need, body, pic_drawn = 0;

	x->ts.story = s->id;
	memset(&g, 0, sizeof(g));
	hd = header(x, s, x->text_w, d, err);
	if (!hd || tz_galley_build(x, s, &s->text, col_w, x->text_w, 0, &g, err))
		goto out;
	if (s->company && d == PAREL && add_company(x, s, &g, err))
		goto out;
	pic = lead_picture(&g);
	hl = (int)lround(hd->h / x->b);
	if (pic)
		pl = (int)lround(pic->h / x->b);
	/* a story starts where the previous one ended when its header, its
	 * lead picture and a fair part of its text fit there (features too,
	 * as long as they start in the upper half of the page) */
	body = tz_flow_balanced_lines(x, &g, ncols, x->grid_lines) - (pic ? pl / ncols : 0);
	need = hl + (body < min_start_lines(x) ? body : min_start_lines(x));
	if (x->lines_left < need || (d != NEWS && d != BRIEF && !here &&
				     x->lines_left < x->grid_lines / 2)) {
		if (tz_pdf_fresh_page(x, err))
			goto out;
	}
	if (tz_pdf_story_start(x, s, err))
		goto out;
	hd->draw(x, hd, tz_pdf_text_left(x, tz_pdf_page_no(x)), x->y);
	tz_pdf_advance(x, hd->h);
	if (pic && pl <= x->lines_left - 6) {
		tz_gitem_draw(x, pic, tz_pdf_text_left(x, tz_pdf_page_no(x)), x->y);
		tz_pdf_advance(x, pic->h);
		pic->kind = TZ_G_SPACE; /* drawn: nothing left in the flow */
		pic->h = 0;
		pic_drawn = 1;
	}
	if (fix_short_tail(x, s, ncols, col_w, pic_drawn, &g, err) ||
	    tz_pdf_flow_body(x, &g, ncols, err))
		goto out;
	rc = 0;
out:
	tz_box_free(hd);
	tz_galley_release(&g);
	return rc;
}

int tz_pdf_story(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err)
{
	return place(x, s, 0, err);
}

int tz_pdf_story_here(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err)
{
	return place(x, s, 1, err);
}
