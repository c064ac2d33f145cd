/*
 * render.c - tz_pdf_render: set up the document (PDF/X-1a or screen), lay
 * out cover, contents, every section, the pages that pad the issue to a
 * multiple of four, colophon and back cover, then write the contents page
 * (now that page numbers are known) and save (see pdf.h).
 */
#include "pdfint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf_doc.h>

#include "../model/load.h"
#include "../text/hyphen.h"
#include "../util/clock.h"
#include "../util/fsutil.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* Seconds since 1970 of an ISO date at midnight UTC, or -1. */
static long long iso_epoch(const char *iso)
{
	long y, m, d;
	long long days;
	char *end;
	if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return -1;
	y = strtol(iso, &end, 10);
	m = strtol(iso + 5, &end, 10);
	d = strtol(iso + 8, &end, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	/* days from civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	{
		long long era = (y >= 0 ? y : y - 399) / 400;
		long long yoe = y - era * 400;
		long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
		long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
		days = era * 146097 + doe - 719468;
	}
	return days * 86400;
}

static void error_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	/* errors are read back with HPDF_GetError where they matter; this
	 * shows them as they happen when debugging */
	(void)user_data;
	if (getenv("TECHZINE_DEBUG_HPDF"))
		fprintf(stderr, "libharu error 0x%04lX detail %lu\n", (unsigned long)error_no,
			(unsigned long)detail_no);
}

static void geometry(struct tz_pdfctx *x)
{
	const struct tz_print_layout *l = &x->l;
	x->b = l->baseline;
	x->text_top = l->top;
	x->grid_lines = (int)floor((l->page_h - l->top - l->bottom) / l->baseline + 1e-6);
	x->text_w = l->page_w - l->inner - l->outer;
}

static void vector_ink(struct tz_pdfctx *x)
{
	double m = 0;
	for (size_t i = 0; i < x->l.ncolours; i++) {
		const double *k = x->l.colours[i].cmyk;
		double s = (k[0] + k[1] + k[2] + k[3]) * 100;
		if (s > m)
			m = s;
	}
	x->rep->max_vector_ink = m;
}

static int lay_out(struct tz_pdfctx *x, struct tz_error *err)
{
	HPDF_Page contents[8];
	int pads, ncontents = tz_pdf_contents_pages(x);

	if (tz_pdf_cover(x, err))
		return -1;
	x->section = NULL;
	for (int i = 0; i < ncontents; i++) {
		if (tz_pdf_new_page(x, TZ_PAGE_CONTENTS, err))
			return -1;
		contents[i] = x->cv.page;
		if (i == 0)
			tz_pdf_outline(x, NULL, "Inhoud", x->text_top);
	}
	for (size_t i = 0; i < x->issue->nsections; i++)
		if (tz_pdf_section(x, &x->issue->sections[i], err))
			return -1;
	/* colophon and back cover follow; pad to a multiple of four before
	 * them with designed pages */
	pads = (int)((4 - (x->npages + 2) % 4) % 4);
	for (int i = 0; i < pads; i++)
		if (tz_pdf_pad_page(x, i, err))
			return -1;
	if (tz_pdf_colophon(x, err))
		return -1;
	tz_pdf_outline(x, NULL, "Colofon", x->text_top);
	if (tz_pdf_back_cover(x, err))
		return -1;
	if (tz_pdf_contents(x, contents, ncontents, err))
		return -1;
	tz_canvas_flush(&x->cv);
	x->rep->pages = (int)x->npages;
	return 0;
}

void tz_pdf_report_release(struct tz_pdf_report *rep)
{
	free(rep->page);
	rep->page = NULL;
	rep->npage = 0;
}

static const char *kind_name(enum tz_page_kind k)
{
	static const char *const names[] = {"cover", "contents", "story", "pad", "colophon",
					    "back"};
	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

/* The preflight's view of every page, and of the document. */
static int fill_report(struct tz_pdfctx *x, struct tz_error *err)
{
	struct tz_pdf_report *rep = x->rep;
	const struct tz_print_layout *l = &x->l;

	rep->page = tz_calloc(x->npages ? x->npages : 1, sizeof(*rep->page));
	if (!rep->page)
		return tz_error_nomem(err);
	rep->npage = x->npages;
	for (size_t i = 0; i < x->npages; i++) {
		const struct tz_pagerec *pr = &x->pages[i];
		struct tz_pdf_page_report *p = &rep->page[i];
		size_t len = 0;
		p->kind = kind_name(pr->kind);
		p->section = pr->section ? pr->section->title : NULL;
		p->images = pr->images;
		p->min_ppi = pr->images ? pr->min_ppi : 0;
		p->max_ink = x->opt->screen ? 0 : pr->image_ink * 100.0 / 255;
		for (size_t k = 0; k < l->ncolours && k < 32; k++) {
			const double *c = l->colours[k].cmyk;
			int n;
			if (!(pr->colours & ((uint32_t)1 << k)))
				continue;
			if (!x->opt->screen && (c[0] + c[1] + c[2] + c[3]) * 100 > p->max_ink)
				p->max_ink = (c[0] + c[1] + c[2] + c[3]) * 100;
			n = snprintf(p->colours + len, sizeof(p->colours) - len, "%s%s",
				     len ? ", " : "", l->colours[k].name);
			if (n > 0 && (size_t)n < sizeof(p->colours) - len)
				len += (size_t)n;
		}
		if (p->max_ink > rep->max_ink)
			rep->max_ink = p->max_ink;
	}
	rep->ink_limit = l->ink_limit;
	rep->screen = x->opt->screen;
	snprintf(rep->icc, sizeof(rep->icc), "%s", l->icc ? l->icc : TZ_CMYK_DEFAULT_ICC);
	snprintf(rep->condition, sizeof(rep->condition), "%s",
		 x->condition[0] ? x->condition : "Custom");
	for (int r = 0; r < TZ_FONT_NROLES && rep->nfonts < 16; r++) {
		const struct tz_font *f = &x->fonts.f[r];
		int seen = 0;
		for (size_t k = 0; k < rep->nfonts; k++)
			seen |= !strcmp(rep->font_file[k], f->file);
		if (seen)
			continue;
		snprintf(rep->font_file[rep->nfonts], sizeof(rep->font_file[0]), "%s", f->file);
		snprintf(rep->font_name[rep->nfonts], sizeof(rep->font_name[0]), "%s %s", f->family,
			 f->style);
		rep->nfonts++;
	}
	for (size_t i = 0; i < x->npages; i++) {
		int h = x->pages[i].hole_lines;
		if (h * 100 > x->grid_lines * TZ_HOLE_PERCENT)
			tz_diags_add(x->diags, TZ_SEV_WARNING, l->display, 0,
				     "page %zu: %d %% of the text area is empty at the foot (%d of "
				     "%d lines): pull the next story up, balance or add a filler",
				     i + 1, h * 100 / x->grid_lines, h, x->grid_lines);
	}
	if (!x->opt->screen && x->cv.small_many_inks)
		tz_diags_add(x->diags, TZ_SEV_WARNING, l->display, 0,
			     "%zu line%s of type under 9 pt print in more than %d inks (colour "
			     "'%s'): give the colour small-cmyk=\"C M Y K\" in at most two inks",
			     x->cv.small_many_inks, x->cv.small_many_inks == 1 ? "" : "s",
			     l->small_text_inks, x->cv.small_many_colour);
	if (!x->opt->screen && rep->max_ink > l->ink_limit + 0.5)
		tz_diags_add(x->diags, TZ_SEV_ERROR, l->display, 0,
			     "ink coverage %.0f %% exceeds the layout's limit of %d %%: lower the "
			     "colour's CMYK values",
			     rep->max_ink, l->ink_limit);
	return 0;
}

/* Read the output profile once (its hash keys the image cache) and refuse
 * a layout whose output condition is not what the profile characterises:
 * a FOGRA39 label on a SWOP profile gives colour no FOGRA39 proof matches. */
static int check_condition(struct tz_pdfctx *x, struct tz_error *err)
{
	const struct tz_print_layout *l = &x->l;
	const char *path = l->icc ? l->icc : TZ_CMYK_DEFAULT_ICC;
	if (tz_icc_profile_load(&x->profile, l->icc, err)) {
		if (!l->icc)
			tz_error_set(err, TZ_ERR_DEPENDENCY, l->display, l->print_line,
				     "cannot read the default output profile '%s' (install "
				     "Debian's texlive-base, or name the printer's profile in "
				     "<print icc=\"...\"/>)", path);
		else if (!err->file[0])
			snprintf(err->file, sizeof(err->file), "%s", l->display),
				err->line = l->print_line;
		return -1;
	}
	if (!l->output_condition) {
		const struct tz_output_condition *c =
			tz_output_condition_of(x->profile.data.data, x->profile.data.len);
		snprintf(x->condition, sizeof(x->condition), "%s", c ? c->id : "Custom");
	} else {
		snprintf(x->condition, sizeof(x->condition), "%s", l->output_condition);
	}
	if (l->small_text_inks > 2)
		tz_diags_add(x->diags, TZ_SEV_WARNING, l->display, l->print_line,
			     "small-text-inks=\"%d\": type under 9 pt may print in more than two "
			     "inks, which any misregistration on press blurs",
			     l->small_text_inks);
	return tz_output_condition_check(x->condition, x->profile.data.data,
					 x->profile.data.len, path, l->display,
					 l->print_line, err);
}

#define MAX_NAMES_BYTES ((size_t)1024 * 1024) /* a names file: 1 MB */

/* Add one exception to the Dutch and the English dictionaries. */
static int add_exception(const char *word, struct tz_error *err)
{
	struct tz_hyphenator *nl = tz_hyph_dutch(err);
	if (!nl || tz_hyph_add_exception(nl, word) ||
	    tz_hyph_add_exception(tz_hyph_english(), word))
		return nl ? tz_error_nomem(err) : -1;
	return 0;
}

/* A layout copied elsewhere without its names file: the one of the same
 * name in techzine's own layouts/ folder (TECHZINE_DATA). 0 or -1. */
static int shared_names(const struct tz_print_layout *l, struct tz_buf *b,
			struct tz_error *err)
{
	const char *base = strrchr(l->hyph_names, '/');
	char path[4096];
	struct tz_error e2;
	base = base ? base + 1 : l->hyph_names;
	if (snprintf(path, sizeof(path), "%s/layouts/%s", tz_data_dir(), base) >=
		    (int)sizeof(path) ||
	    tz_read_file(path, MAX_NAMES_BYTES, b, &e2))
		return -1; /* err still says what was missing next to the layout */
	tz_error_clear(err);
	return 0;
}

/* The layout's hyphenation exceptions: the names file (one a line, '#'
 * starts a comment: each entry says where it was learned) and its <word>s. */
static int load_exceptions(const struct tz_print_layout *l, struct tz_error *err)
{
	struct tz_buf b;
	char *line, *next;
	tz_hyph_clear_exceptions(tz_hyph_dutch(err));
	tz_hyph_clear_exceptions(tz_hyph_english());
	for (size_t i = 0; i < l->nhyph_words; i++)
		if (add_exception(l->hyph_words[i], err))
			return -1;
	if (!l->hyph_names)
		return 0;
	tz_buf_init(&b, MAX_NAMES_BYTES);
	if (tz_read_file(l->hyph_names, MAX_NAMES_BYTES, &b, err) && shared_names(l, &b, err)) {
		snprintf(err->file, sizeof(err->file), "%s", l->display);
		err->line = l->hyph_line;
		tz_buf_release(&b);
		return -1;
	}
	for (line = b.data; line && *line; line = next) {
		char *end, *hash;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		/* "Dutch TechZone": each word of a name is an entry */
		for (char *w = line; *w;) {
			size_t n = strcspn(w, " \t");
			char c = w[n];
			w[n] = '\0';
			if (n && add_exception(w, err)) {
				tz_buf_release(&b);
				return -1;
			}
			w += n + (c ? 1 : 0);
		}
	}
	tz_buf_release(&b);
	return 0;
}

static void release(struct tz_pdfctx *x)
{
	if (x->pdf)
		HPDF_Free(x->pdf);
	tz_fonts_release(&x->fonts);
	tz_icc_profile_release(&x->profile);
	tz_print_layout_release(&x->l);
	for (size_t i = 0; i < x->nimgs; i++)
		free(x->imgs[i]);
	free(x->imgs);
	free(x->pages);
	free(x->stories);
}

int tz_pdf_render(const struct tz_issue *issue, const struct tz_pdf_options *o,
		  struct tz_pdf_report *rep, struct tz_diags *diags, struct tz_error *err)
{
	struct tz_pdfctx x;
	struct tz_pdfx_options xo;
	char title[512], author[512];
	double t0 = tz_clock_seconds() * 1e3, t1;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	memset(rep, 0, sizeof(*rep));
	x.issue = issue;
	x.opt = o;
	x.rep = rep;
	x.diags = diags;
	if (tz_print_layout_load(&x.l, issue->root, issue->print_layout, o->layout_path, err))
		goto out;
	snprintf(rep->layout_name, sizeof(rep->layout_name), "%s", x.l.name);
	if (load_exceptions(&x.l, err))
		goto out;
	geometry(&x);
	x.pdf = HPDF_New(error_handler, &x);
	if (!x.pdf) {
		tz_error_nomem(err);
		goto out;
	}
	HPDF_UseUTFEncodings(x.pdf);
	/* page content and images; fonts and CMaps are compressed by the
	 * rewriter after it has slimmed them (pdfx_rewrite.c) */
	HPDF_SetCompressionMode(x.pdf, HPDF_COMP_TEXT | HPDF_COMP_IMAGE);
	tz_pdfx_options_init(&xo);
	snprintf(title, sizeof(title), "%s%s%s", issue->title ? issue->title : "TechZine",
		 issue->edition ? " \xe2\x80\x93 " : "", issue->edition ? issue->edition : "");
	snprintf(author, sizeof(author), "%s",
		 issue->colophon.publisher ? issue->colophon.publisher : "Dutch TechZone");
	if (strchr(author, ','))
		*strchr(author, ',') = '\0';
	xo.pdfx = !o->screen;
	xo.title = title;
	xo.author = author;
	xo.subject = issue->subject;
	xo.icc_path = x.l.icc;
	xo.output_condition_id = x.l.output_condition;
	xo.date = getenv("SOURCE_DATE_EPOCH") ? -1 : iso_epoch(issue->date);
	if (xo.date < -1)
		xo.date = -1;
	if (!o->screen && check_condition(&x, err))
		goto out;
	xo.output_condition_id = x.condition[0] ? x.condition : NULL;
	if (tz_pdfx_prepare(x.pdf, &xo, err) || tz_fonts_load(&x.fonts, x.pdf, &x.l, err))
		goto out;
	if (o->screen)
		HPDF_SetPageMode(x.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	tz_canvas_init(&x.cv, x.pdf, &x.l, &x.fonts,
		       o->screen ? TZ_CANVAS_SCREEN : TZ_CANVAS_PRINT, o->marks);
	x.ts.fonts = &x.fonts;
	x.ts.l = &x.l;
	x.ts.diags = diags;
	tz_pdf_styles_init(&x);
	tz_cmyk_options_init(&x.cmyk);
	x.cmyk.target = o->screen ? TZ_IMAGE_TARGET_RGB : TZ_IMAGE_TARGET_CMYK;
	x.cmyk.icc_path = x.l.icc;
	x.cmyk.ink_limit = x.l.ink_limit;
	x.cmyk.quality = x.l.jpeg_quality;
	x.cmyk.cache_dir = o->cache_dir;
	if (!o->screen)
		x.cmyk.profile = &x.profile;
	x.cmyk.stats = &x.cmyk_stats;
	vector_ink(&x);
	if (lay_out(&x, err) || tz_fonts_check(&x.fonts, err) || fill_report(&x, err))
		goto out;
	rep->missing_glyphs = x.ts.nmissing;
	rep->cache_hits = x.cmyk_stats.hits;
	rep->cache_misses = x.cmyk_stats.misses;
	t1 = tz_clock_seconds() * 1e3;
	rep->layout_ms = t1 - t0;
	if (diags->errors) {
		rc = 1;
		goto out;
	}
	if (o->output) {
		if (tz_pdfx_save(x.pdf, o->output, &xo, &rep->pdfx, err))
			goto out;
		rep->bytes = rep->pdfx.size_after;
		rep->write_ms = tz_clock_seconds() * 1e3 - t1;
	}
	rc = 0;
out:
	release(&x);
	if (rc < 0)
		tz_pdf_report_release(rep);
	return rc;
}
