/*
 * pdfpage.c - page geometry on the baseline grid, new pages with running
 * header and folio, images embedded once, outlines (see pdfint.h).
 */
#include "pdfint.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hpdf_objects.h>

#include "frames.h"
#include "pdfx.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

double tz_pdf_text_left(const struct tz_pdfctx *x, int n)
{
	/* odd pages are right-hand pages: their inner margin is on the left */
	return n % 2 ? x->l.inner : x->l.outer;
}

double tz_pdf_col_w(const struct tz_pdfctx *x, double w, int ncols)
{
	return (w - (ncols - 1) * x->l.gutter) / ncols;
}

double tz_pdf_col_x(const struct tz_pdfctx *x, double x0, double w, int ncols, int i)
{
	return x0 + i * (tz_pdf_col_w(x, w, ncols) + x->l.gutter);
}

double tz_pdf_grid_up(const struct tz_pdfctx *x, double h)
{
	double n = ceil(h / x->b - 1e-6);
	return (n < 0 ? 0 : n) * x->b;
}

double tz_pdf_baseline(const struct tz_pdfctx *x, double y, const struct tz_tstyle *st)
{
	/* the baseline sits where the body's would in a grid line: the
	 * descenders fill the bottom fifth of the line box */
	(void)x;
	return y + st->leading - st->leading * 0.22;
}

int tz_pdf_page_no(const struct tz_pdfctx *x)
{
	return (int)x->npages;
}

static void running_head(struct tz_pdfctx *x, int n, enum tz_page_kind kind)
{
	struct tz_canvas *c = &x->cv;
	double left = tz_pdf_text_left(x, n), right = left + x->text_w;
	double y = x->text_top - 4.2 * MM, rule = x->text_top - 2.6 * MM;
	struct tz_tstyle st = x->S.running;
	char folio[16];
	const char *what = x->section ? x->section->title
			   : kind == TZ_PAGE_CONTENTS ? "Inhoud"
						: (x->issue->title ? x->issue->title : "TechZine");
	double fy = x->l.page_h - x->l.bottom + 8.5 * MM;

	if (n % 2 == 0) {
		st.align = TZ_ALIGN_LEFT;
		tz_draw_text(c, &x->ts, &st, x->issue->title ? x->issue->title : "TechZine", left, y);
		if (x->issue->edition) {
			double w = tz_text_width(&x->ts, &st, x->issue->title ? x->issue->title : "TechZine");
			struct tz_tstyle e = st;
			e.colour = "rule";
			tz_draw_text(c, &x->ts, &e, x->issue->edition, left + w + 3 * MM, y);
		}
	} else {
		st.align = TZ_ALIGN_RIGHT;
		tz_draw_text(c, &x->ts, &st, what, right, y);
	}
	tz_canvas_set_stroke(c, tz_canvas_colour(c, "rule"));
	tz_canvas_line(c, left, rule, right, rule, 0.4);
	/* folio at the outer corner, with a small accent block */
	snprintf(folio, sizeof(folio), "%d", n);
	st = x->S.folio;
	tz_canvas_set_fill(c, tz_canvas_colour(c, "accent"));
	if (n % 2) {
		tz_canvas_rect(c, right - 1.2 * MM, fy - 3.4 * MM, 1.2 * MM, 4.4 * MM);
		st.align = TZ_ALIGN_RIGHT;
		tz_draw_text(c, &x->ts, &st, folio, right - 2.6 * MM, fy);
	} else {
		tz_canvas_rect(c, left, fy - 3.4 * MM, 1.2 * MM, 4.4 * MM);
		st.align = TZ_ALIGN_LEFT;
		tz_draw_text(c, &x->ts, &st, folio, left + 2.6 * MM, fy);
	}
}

int tz_pdf_new_page(struct tz_pdfctx *x, enum tz_page_kind kind, struct tz_error *err)
{
	struct tz_pagerec *r;

	/* a filler in a hole of the page being left (it draws there: before
	 * the page records move) */
	if (tz_pdf_fill_hole(x, err))
		return -1;
	if (tz_array_grow((void **)&x->pages, &x->cpages, x->npages + 1, sizeof(*x->pages)))
		return tz_error_nomem(err);
	/* the page being left: what stayed empty at its foot */
	if (x->npages && x->pages[x->npages - 1].kind == TZ_PAGE_STORY) {
		double foot = x->l.page_h - x->l.bottom - x->cv.ink_bottom;
		x->pages[x->npages - 1].hole_lines = foot > 0 ? (int)floor(foot / x->b) : 0;
	}
	if (tz_canvas_page(&x->cv, err))
		return -1;
	x->page_text.file = NULL;
	x->page_text.line = 0;
	r = &x->pages[x->npages++];
	memset(r, 0, sizeof(*r));
	r->page = x->cv.page;
	r->kind = kind;
	r->section = x->section;
	x->cv.used = &r->colours;
	if (kind != TZ_PAGE_COVER)
		running_head(x, (int)x->npages, kind);
	return 0;
}

double tz_pdf_max_width(const struct tz_image *img)
{
	return img->width / 300.0 * 72.0;
}

void tz_pdf_check_ppi(struct tz_pdfctx *x, const struct tz_imgrec *im, double w, double h,
		      struct tz_src src)
{
	tz_pdf_check_ppi_frame(x, im, w, h, 0, 0, src);
}

void tz_pdf_check_ppi_frame(struct tz_pdfctx *x, const struct tz_imgrec *im, double w, double h,
			    double frame_w, double frame_h, struct tz_src src)
{
	const struct tz_image *img = im->img;
	struct tz_pagerec *pr = x->npages ? &x->pages[x->npages - 1] : NULL;
	/* the pixels embedded: the original, or fewer when it was shrunk to
	 * what the page needs (never more: nothing is upscaled) */
	double ppi_x = im->width / (w / 72.0), ppi_y = im->height / (h / 72.0);
	double ppi = ppi_x < ppi_y ? ppi_x : ppi_y;
	struct tz_pdf_report *rep = x->rep;
	char hint[256];

	if (pr) {
		if (pr->images == 0 || ppi < pr->min_ppi)
			pr->min_ppi = ppi;
		pr->images++;
		if (im->max_ink > pr->image_ink)
			pr->image_ink = im->max_ink;
	}
	if (rep->images_used < TZ_PDF_MAX_IMAGES) {
		struct tz_pdf_image_use *u = &rep->images[rep->images_used++];
		u->page = (int)x->npages;
		snprintf(u->name, sizeof(u->name), "%s", img->src);
		u->ppi = ppi;
		u->components = x->opt->screen ? 3 : 4;
	}
	if (x->opt->screen)
		return; /* the screen version has no resolution requirement */
	if (frame_w > 0)
		tz_print_frame_hint(hint, sizeof(hint), frame_w, frame_h, img->width, img->height);
	else
		snprintf(hint, sizeof(hint), "supply %ld x %ld px or more (%.0f x %.0f mm at 300 ppi)",
			 lround(w / 72 * 300), lround(h / 72 * 300), w / 72 * 25.4, h / 72 * 25.4);
	if (ppi < 200) {
		rep->ppi_errors++;
		tz_diags_add(x->diags, TZ_SEV_ERROR, src.file, src.line,
			     "image '%s' (%d x %d px) prints at %.0f ppi on page %zu (at least 200 needed, 300 "
			     "wanted): %s",
			     img->src, img->width, img->height, ppi, x->npages, hint);
	} else if (ppi < 299.5) {
		rep->ppi_warnings++;
		tz_diags_add(x->diags, TZ_SEV_WARNING, src.file, src.line,
			     "image '%s' (%d x %d px) prints at %.0f ppi on page %zu (300 wanted): %s",
			     img->src, img->width, img->height, ppi, x->npages, hint);
	}
}

const struct tz_imgrec *tz_pdf_image(struct tz_pdfctx *x, const struct tz_image *img, double w,
				     double h, struct tz_error *err)
{
	return tz_pdf_image_part(x, img, 0, 0, 0, 0, w, h, err);
}

const struct tz_imgrec *tz_pdf_image_part(struct tz_pdfctx *x, const struct tz_image *img,
					  int cx, int cy, int cw, int ch, double w, double h,
					  struct tz_error *err)
{
	struct tz_cmyk_result res;
	struct tz_cmyk_options o = x->cmyk;
	struct tz_imgrec *r;

	o.crop_x = cx;
	o.crop_y = cy;
	o.crop_w = cw;
	o.crop_h = ch;

	if (!x->opt->screen || w > 0) {
		/* 300 ppi of the placed size (the screen version: 200 ppi) */
		double ppi = x->opt->screen ? 200 : 300;
		o.max_width = (int)ceil(w / 72 * ppi);
		o.max_height = (int)ceil(h / 72 * ppi);
	}
	/* the same picture cropped or sized otherwise (the cover and a story)
	 * is another image: reusing the first would measure the second
	 * placement with the first one's pixels */
	for (size_t i = 0; i < x->nimgs; i++)
		if (!strcmp(x->imgs[i]->img->path, img->path) && x->imgs[i]->crop_x == cx &&
		    x->imgs[i]->crop_y == cy && x->imgs[i]->crop_w == cw && x->imgs[i]->crop_h == ch &&
		    x->imgs[i]->max_w == o.max_width && x->imgs[i]->max_h == o.max_height)
			return x->imgs[i];
	if (tz_array_grow((void **)&x->imgs, &x->cimgs, x->nimgs + 1, sizeof(struct tz_imgrec *))) {
		tz_error_nomem(err);
		return NULL;
	}
	if (tz_cmyk_image_prepare(img, &o, &res, err)) {
		/* the image's own element, when the converter named no place */
		if (!err->file[0] && img->at.file)
			snprintf(err->file, sizeof err->file, "%s", img->at.file), err->line = img->at.line;
		return NULL;
	}
	r = tz_calloc(1, sizeof(*r));
	if (!r) {
		if (res.temporary)
			unlink(res.path);
		tz_error_nomem(err);
		return NULL;
	}
	r->img = img;
	r->crop_x = cx;
	r->crop_y = cy;
	r->crop_w = cw;
	r->crop_h = ch;
	r->max_w = o.max_width;
	r->max_h = o.max_height;
	r->width = res.width;
	r->height = res.height;
	r->max_ink = res.max_ink;
	r->im = tz_cmyk_image_embed(x->pdf, &res, err);
	if (res.temporary)
		unlink(res.path);
	if (!r->im) {
		free(r);
		return NULL;
	}
	x->imgs[x->nimgs++] = r; /* owned by x, freed in release() */
	return r;
}

HPDF_Outline tz_pdf_outline(struct tz_pdfctx *x, HPDF_Outline parent, const char *title,
			    double y)
{
	HPDF_Outline o = HPDF_CreateOutline(x->pdf, parent ? parent : x->outline_root, "-", NULL);
	HPDF_Destination d;

	if (!o) {
		HPDF_ResetError(x->pdf);
		return NULL;
	}
	/* libharu would write UTF-8 bytes as PDFDocEncoding: replace the title */
	if (tz_pdfx_text_string(x->pdf, o, "Title", title) != HPDF_OK)
		HPDF_ResetError(x->pdf);
	d = tz_canvas_destination(&x->cv, y);
	if (d)
		HPDF_Outline_SetDestination(o, d);
	HPDF_Outline_SetOpened(o, HPDF_FALSE);
	return o;
}
