/*
 * pages.c - the pages that are not stories: the cover (full-bleed image,
 * masthead, issue number and date, cover lines), the contents page made
 * from where the stories ended up, the colophon, the back cover, and the
 * designed pages that pad the issue to a multiple of four (a house
 * advertisement, a notes page).
 */
#include "pdfint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "galley.h"
#include "../model/format.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

static struct tz_src issue_src(const struct tz_pdfctx *x)
{
	struct tz_src s = {x->issue->path, x->issue->lines.root};
	return s;
}

/* issue.xml at line (an element of the issue itself: cover, colophon) */
static struct tz_src issue_at(const struct tz_pdfctx *x, long line)
{
	struct tz_src s = {x->issue->path, line};
	return s;
}

/* Host of a URL for print ("dutchtechzone.example/techzine"). */
static void short_url(const char *url, char *out, size_t n)
{
	const char *p = url ? url : "";
	if (!strncmp(p, "https://", 8))
		p += 8;
	else if (!strncmp(p, "http://", 7))
		p += 7;
	snprintf(out, n, "%s", p);
	n = strlen(out);
	if (n && out[n - 1] == '/')
		out[n - 1] = '\0';
}

static void check_text(struct tz_pdfctx *x, const struct tz_tstyle *st, const char *s,
		       long line)
{
	if (s)
		tz_check_glyphs(&x->ts, st, 0, s, issue_at(x, line));
}

int tz_pdf_cover(struct tz_pdfctx *x, struct tz_error *err)
{
	struct tz_canvas *c = &x->cv;
	const struct tz_issue *is = x->issue;
	double W = x->l.page_w, H = x->l.page_h, bl = x->l.bleed, m = x->l.outer;
	struct tz_tstyle mast = x->S.masthead, ed = x->S.edition, cl = x->S.cover_line;
	double y, panel;

	x->section = NULL;
	if (tz_pdf_new_page(x, TZ_PAGE_COVER, err))
		return -1;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect_bleed(c, 0, 0, W, H);
	/* cover lines sit on a solid panel (no transparency in PDF/X-1a)
	 * over the lower part: the picture shows above it */
	panel = H * 0.70;
	if (is->cover.path) {
		const struct tz_image *ci = &is->cover;
		double bw = W + 2 * bl, bh = panel + bl, s, px0, py0;
		const struct tz_imgrec *im;
		int cx, cy, cw, ch;
		/* fill the visible box, keep the aspect, embed only what shows */
		s = fmax(bw / ci->width, (H + 2 * bl) / ci->height);
		px0 = (ci->width * s - bw) / 2;
		py0 = (ci->height * s - (H + 2 * bl)) / 2;
		cx = (int)floor(px0 / s);
		cy = (int)floor(py0 / s);
		cw = (int)ceil(bw / s);
		ch = (int)ceil(bh / s);
		if (cx + cw > ci->width)
			cw = ci->width - cx;
		if (cy + ch > ci->height)
			ch = ci->height - cy;
		im = tz_pdf_image_part(x, ci, cx, cy, cw, ch, cw * s, ch * s, err);
		if (!im)
			return -1;
		tz_canvas_image_clipped(c, im->im, -bl - (px0 - cx * s), -bl - (py0 - cy * s), cw * s,
					ch * s, -bl, -bl, bw, bh);
		tz_pdf_check_ppi_frame(x, im, cw * s, ch * s, bw, H + 2 * bl,
				       issue_at(x, is->lines.cover));
	}
	/* masthead */
	check_text(x, &mast, is->title, is->lines.title);
	check_text(x, &ed, is->edition, is->lines.edition);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, m, 14 * MM, 22 * MM, 2.4 * MM);
	y = 18 * MM + mast.size * 0.78;
	tz_draw_text(c, &x->ts, &mast, is->title ? is->title : "TechZine", m - mast.size * 0.04, y);
	y += ed.size * 2.2;
	tz_draw_text(c, &x->ts, &ed, is->edition ? is->edition : "", m, y);
	{
		struct tz_tstyle pub = x->S.edition;
		pub.align = TZ_ALIGN_RIGHT;
		pub.colour = "paper";
		tz_draw_text(c, &x->ts, &pub, "Dutch TechZone", W - m, 14 * MM + 2.4 * MM);
	}
	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect_bleed(c, 0, panel, W, H - panel);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, m, panel, W - 2 * m, 1.6 * MM);
	y = panel + 14 * MM;
	for (size_t i = 0; i < is->ncover_lines; i++) {
		struct tz_setpara sp;
		check_text(x, &cl, is->cover_lines[i], is->lines.cover);
		if (tz_set_text(&x->ts, is->cover_lines[i], &cl, W - 2 * m - 8 * MM,
				issue_at(x, is->lines.cover), &sp,
				err))
			return -1;
		if (y + tz_setpara_height(&sp) > H - 12 * MM) {
			x->rep->overset++;
			tz_diags_add(x->diags, TZ_SEV_ERROR, is->path, 0,
				     "overset on the cover: cover line %zu does not fit; use fewer or "
				     "shorter cover lines",
				     i + 1);
			tz_setpara_release(&sp);
			break;
		}
		tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
		tz_canvas_rect(c, m, y - cl.size * 0.72, 2.2 * MM, cl.size * 0.72);
		tz_draw_para(c, &x->ts, &sp, m + 5 * MM, y);
		y += tz_setpara_height(&sp) + cl.size * 0.5;
		tz_setpara_release(&sp);
	}
	return 0;
}

/* ---- contents ---- */

/* Grid lines an entry and a section heading take in the contents. */
#define ENTRY_LINES 3.2
#define SECTION_LINES 2.4
#define TITLE_LINES 9

int tz_pdf_contents_pages(const struct tz_pdfctx *x)
{
	double need = 0, first = 2.0 * (x->grid_lines - TITLE_LINES), more = 2.0 * (x->grid_lines - 1);
	int pages = 1;
	for (size_t i = 0; i < x->issue->nsections; i++)
		need += SECTION_LINES + ENTRY_LINES * (double)x->issue->sections[i].nstories;
	need *= 1.05; /* some headlines take three lines */
	if (need > first)
		pages += (int)ceil((need - first) / more);
	return pages > 8 ? 8 : pages;
}

int tz_pdf_contents(struct tz_pdfctx *x, const HPDF_Page *pages, int npages,
		    struct tz_error *err)
{
	struct tz_canvas *c = &x->cv;
	int pg = 0, n = 2; /* the contents start on page 2 */
	double left = tz_pdf_text_left(x, n), y = x->text_top, bottom = x->l.page_h - x->l.bottom;
	double colw = tz_pdf_col_w(x, x->text_w, 2), numw = 11 * MM, colx[2], top;
	struct tz_tstyle title = x->S.headline_feature, item = x->S.contents_item,
			 kick = x->S.contents_kicker, num = x->S.contents_page, sect = x->S.label;
	const struct tz_section *last = NULL;
	int col = 0;

	tz_canvas_use_page(c, pages[0]);
	c->used = &x->pages[1].colours;
	colx[0] = left;
	colx[1] = left + colw + x->l.gutter;
	y += title.leading;
	tz_draw_text(c, &x->ts, &title, "In dit nummer", left, y);
	y += 0.8 * title.leading;
	if (x->issue->edition) {
		struct tz_tstyle ed = x->S.edition;
		ed.colour = "accent";
		tz_draw_text(c, &x->ts, &ed, x->issue->edition, left, y);
	}
	y += 2 * x->b;
	top = y;
	for (size_t i = 0; i < x->nstories; i++) {
		const struct tz_storyrec *r = &x->stories[i];
		const struct tz_story_text *t = &r->story->text;
		struct tz_setpara sp;
		char no[16];
		double need;
		if (tz_set_text(&x->ts, t->headline, &item, colw - numw, r->story->src, &sp, err))
			return -1;
		need = tz_setpara_height(&sp) + kick.leading + 0.6 * x->b +
		       (r->story->section != last ? 2 * x->b : 0);
		if (y + need > bottom) {
			if (col == 0) {
				col = 1;
				y = top;
			} else if (pg + 1 < npages) {
				/* the next contents page, both columns from the top */
				tz_canvas_use_page(c, pages[++pg]);
				c->used = &x->pages[1 + pg].colours;
				left = tz_pdf_text_left(x, n + pg);
				colx[0] = left;
				colx[1] = left + colw + x->l.gutter;
				col = 0;
				y = top = x->text_top + x->b;
			} else {
				x->rep->overset++;
				tz_diags_add(x->diags, TZ_SEV_ERROR, x->issue->path, 0,
					     "overset on the contents pages: %zu stories do not fit",
					     x->nstories - i);
				tz_setpara_release(&sp);
				break;
			}
		}
		if (r->story->section != last) {
			last = r->story->section;
			y += x->b * 0.9;
			tz_draw_text(c, &x->ts, &sect, last->title, colx[col], y);
			tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
			tz_canvas_line(c, colx[col], y + 0.35 * x->b, colx[col] + colw, y + 0.35 * x->b,
				       0.4);
			y += x->b * 1.1;
		}
		snprintf(no, sizeof(no), "%d", r->page);
		tz_draw_text(c, &x->ts, &num, no, colx[col] + numw - 3 * MM, y + num.size * 0.75);
		if (t->kicker)
			tz_draw_text(c, &x->ts, &kick, t->kicker, colx[col] + numw, y + kick.size);
		y += kick.leading;
		tz_draw_para(c, &x->ts, &sp, colx[col] + numw, y + item.size * 0.95);
		y += tz_setpara_height(&sp) + 0.6 * x->b;
		tz_setpara_release(&sp);
	}
	return 0;
}

/* ---- colophon ---- */

int tz_pdf_colophon(struct tz_pdfctx *x, struct tz_error *err)
{
	const struct tz_colophon *co = &x->issue->colophon;
	struct tz_canvas *c = &x->cv;
	const char *labels[] = {"Uitgever", "Redactie", "Vormgeving", "Druk", "Oplage", "Contact",
				"Adres"};
	const char *vals[7];
	struct tz_buf editors;
	double left, y, lw = 28 * MM, vw;
	struct tz_tstyle title = x->S.headline_feature, lab = x->S.label, val = x->S.box_body;
	int rc = -1;

	x->section = NULL;
	if (tz_pdf_new_page(x, TZ_PAGE_COLOPHON, err))
		return -1;
	left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	vw = x->text_w * 0.62 - lw;
	tz_buf_init(&editors, 16384);
	for (size_t i = 0; i < co->neditors; i++)
		if ((i && tz_buf_adds(&editors, ", ")) || tz_buf_adds(&editors, co->editors[i]))
			goto out;
	vals[0] = co->publisher;
	vals[1] = editors.data;
	vals[2] = co->design;
	vals[3] = co->printer;
	vals[4] = co->circulation;
	vals[5] = co->contact;
	vals[6] = co->address;
	y = x->text_top + x->grid_lines * x->b * 0.42;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, left, y - title.size * 1.2, 16 * MM, 2.2 * MM);
	tz_draw_text(c, &x->ts, &title, "Colofon", left, y);
	y += 2 * x->b;
	for (int i = 0; i < 7; i++) {
		struct tz_setpara sp;
		if (!vals[i] || !vals[i][0])
			continue;
		tz_check_glyphs(&x->ts, &val, 0, vals[i], issue_at(x, x->issue->lines.colophon));
		if (tz_set_text(&x->ts, vals[i], &val, vw, issue_at(x, x->issue->lines.colophon), &sp, err))
			goto out;
		tz_draw_text(c, &x->ts, &lab, labels[i], left, y + val.size * 0.2);
		tz_draw_para(c, &x->ts, &sp, left + lw, y + val.size * 0.2);
		y += tz_setpara_height(&sp) + 0.55 * x->b;
		tz_setpara_release(&sp);
	}
	if (co->note) {
		struct tz_setpara sp;
		struct tz_tstyle note = x->S.note;
		y += x->b;
		tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
		tz_canvas_line(c, left, y - 0.5 * x->b, left + lw + vw, y - 0.5 * x->b, 0.4);
		tz_check_glyphs(&x->ts, &note, 0, co->note, issue_at(x, x->issue->lines.colophon));
		if (tz_set_text(&x->ts, co->note, &note, lw + vw, issue_at(x, x->issue->lines.colophon), &sp,
				err))
			goto out;
		tz_draw_para(c, &x->ts, &sp, left, y + note.size);
		y += tz_setpara_height(&sp);
		tz_setpara_release(&sp);
	}
	if (y > x->l.page_h - x->l.bottom) {
		x->rep->overset++;
		tz_diags_add(x->diags, TZ_SEV_ERROR, x->issue->path, 0,
			     "overset on the colophon page: shorten the colophon");
	}
	rc = 0;
out:
	if (rc)
		tz_error_nomem(err);
	tz_buf_release(&editors);
	return rc;
}

/* ---- back cover and pad pages ---- */

int tz_pdf_back_cover(struct tz_pdfctx *x, struct tz_error *err)
{
	struct tz_canvas *c = &x->cv;
	double W = x->l.page_w, H = x->l.page_h, m = x->l.outer;
	struct tz_tstyle big = x->S.ad_title, body = x->S.ad_body, lab = x->S.edition;
	char url[256];
	double y;

	x->section = NULL;
	if (tz_pdf_new_page(x, TZ_PAGE_BACK, err))
		return -1;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "deep"));
	tz_canvas_rect_bleed(c, 0, 0, W, H);
	/* five bars for the five municipalities */
	{
		static const char *const gm[] = {"Borger-Odoorn", "Coevorden", "Emmen", "Hardenberg",
						 "Hoogeveen"};
		static const char *const col[] = {"accent", "green", "paper", "accent", "green"};
		double bw = (W - 2 * m - 4 * 3 * MM) / 5;
		y = H * 0.30;
		for (int i = 0; i < 5; i++) {
			double bx = m + i * (bw + 3 * MM), bh = (18 + 9 * (i % 3)) * MM;
			tz_canvas_set_fill(c, tz_canvas_colour(c, col[i]));
			tz_canvas_rect(c, bx, y - bh, bw, bh);
			struct tz_tstyle ls = lab;
			double tw = tz_text_width(&x->ts, &ls, gm[i]);
			if (tw > bw) {
				ls.size *= bw / tw;
				ls.tracking *= bw / tw;
			}
			tz_draw_text(c, &x->ts, &ls, gm[i], bx, y + 5 * MM);
		}
	}
	y = H * 0.52;
	tz_draw_text(c, &x->ts, &big, "Dutch TechZone", m, y);
	y += big.leading * 0.9;
	{
		struct tz_setpara sp;
		const char *t = "Vijf gemeenten, één regio die maakt: maakindustrie, groene chemie, "
				"IT en vakmanschap in Zuidoost-Drenthe en Oost-Overijssel.";
		if (tz_set_text(&x->ts, t, &body, W - 2 * m - 30 * MM, issue_src(x), &sp, err))
			return -1;
		tz_draw_para(c, &x->ts, &sp, m, y + body.size);
		y += tz_setpara_height(&sp) + 3 * x->b;
		tz_setpara_release(&sp);
	}
	short_url(x->issue->mail.base_url, url, sizeof(url));
	tz_draw_text(c, &x->ts, &lab, url, m, y);
	if (x->issue->mail.base_url)
		tz_canvas_link(c, m, y - lab.size, W / 2, lab.size * 1.4, x->issue->mail.base_url);
	if (x->issue->colophon.contact)
		tz_draw_text(c, &x->ts, &lab, x->issue->colophon.contact, m, y + 2 * x->b);
	return 0;
}

/* The newsletter's house advertisement in the box (left, top, w, h): on a
 * pad page, or in a hole at a page's foot. Used once per issue. */
int tz_pdf_house_ad(struct tz_pdfctx *x, double left, double top, double w, double h,
		    struct tz_error *err)
{
	struct tz_canvas *c = &x->cv;
	struct tz_tstyle big = x->S.ad_title, body = x->S.ad_body, lab = x->S.edition;
	struct tz_setpara sp;
	double y = top + h * 0.42;
	char url[256];

	x->fillers_used |= TZ_FILLER_AD;
	short_url(x->issue->mail.base_url, url, sizeof(url));
	if (h < x->grid_lines * x->b * 0.6) { /* a hole: smaller type, text from the top */
		big.size *= 0.7;
		big.leading *= 0.7;
		y = top + 12 * MM + 2.4 * MM + 3 * x->b;
	}
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	tz_canvas_rect(c, left, top, w, h);
	tz_canvas_set_fill(c, tz_canvas_colour(c, "paper"));
	tz_canvas_rect(c, left + 10 * MM, top + 12 * MM, 26 * MM, 2.4 * MM);
	if (tz_set_text(&x->ts, "Elke maand het nieuws uit de regio in uw mailbox", &big,
			w - 20 * MM, issue_src(x), &sp, err))
		return -1;
	tz_draw_para(c, &x->ts, &sp, left + 10 * MM, y);
	y += tz_setpara_height(&sp) + 2 * x->b;
	tz_setpara_release(&sp);
	if (tz_set_text(&x->ts,
			"Parels, cijfers, agenda en achtergronden: de nieuwsbrief van Dutch "
			"TechZone verschijnt samen met TechZine. Aanmelden is gratis en "
			"afmelden kan met één klik.",
			&body, w * 0.7, issue_src(x), &sp, err))
		return -1;
	tz_draw_para(c, &x->ts, &sp, left + 10 * MM, y);
	y += tz_setpara_height(&sp) + 3 * x->b;
	tz_setpara_release(&sp);
	tz_draw_text(c, &x->ts, &lab, url, left + 10 * MM, y);
	return 0;
}

int tz_pdf_pad_page(struct tz_pdfctx *x, int which, struct tz_error *err)
{
	struct tz_canvas *c = &x->cv;
	double left, top = x->text_top, h = x->grid_lines * x->b;
	const struct tz_section *sec = x->section;
	int rc;

	x->section = NULL;
	rc = tz_pdf_new_page(x, TZ_PAGE_PAD, err);
	x->section = sec; /* a pad page inside a section must not end it */
	if (rc)
		return -1;
	x->rep->pad_pages++;
	left = tz_pdf_text_left(x, tz_pdf_page_no(x));
	/* each design once: the house advertisement, then notes pages (a
	 * second identical advertisement reads as a mistake) */
	(void)which;
	if (!(x->fillers_used & TZ_FILLER_AD)) {
		if (tz_pdf_house_ad(x, left, top, x->text_w, h, err))
			return -1;
	} else {
		/* notes page: ruled lines on the baseline grid */
		struct tz_tstyle title = x->S.headline_feature;
		tz_draw_text(c, &x->ts, &title, "Notities", left, top + title.leading);
		tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
		for (int k = 4; k * x->b <= h + 0.01; k += 2)
			tz_canvas_line(c, left, top + k * x->b, left + x->text_w, top + k * x->b, 0.3);
	}
	return 0;
}
