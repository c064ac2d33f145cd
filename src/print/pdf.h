/*
 * pdf.h - the print edition: lay an issue out as a magazine and write the
 * PDF (PDF/X-1a:2001 for print, RGB with links for the screen).
 *
 * The one idea: layout and preflight are the same run. Everything a printer
 * would refuse (overset text, a missing glyph, an image under 200 ppi) is a
 * diagnostic with the story's file:line found while laying out, so
 * `check --print` is a render that writes nothing, and `pdf` refuses to
 * write a file that has errors.
 */
#ifndef TZ_PDF_H
#define TZ_PDF_H

#include <stddef.h>

#include "pdfx.h"
#include "../model/model.h"
#include "../util/error.h"

struct tz_pdf_options {
	const char *output;      /* the PDF; NULL: lay out and check only */
	const char *layout_path; /* --layout FILE, NULL: the issue's layout */
	int marks;               /* crop marks */
	int screen;              /* --no-bleed: screen version (RGB, links) */
	const char *cache_dir;   /* converted images; NULL: no cache */
};

#define TZ_PDF_MAX_IMAGES 256

struct tz_pdf_image_use {
	int page;
	char name[256];   /* as written in the story */
	double ppi;       /* effective, the lower of both axes */
	int components;   /* as embedded: 4 CMYK, 3 RGB */
};

/* What the preflight knows of one page. */
struct tz_pdf_page_report {
	const char *kind;     /* "cover", "contents", "story", "pad", "colophon", "back" */
	const char *section;  /* section title (borrowed from the issue), or NULL */
	int images;
	double min_ppi;       /* of the images on the page (0: none) */
	double max_ink;       /* largest C+M+Y+K on the page, percent: colours
			       * and images (crop marks, outside the bleed, not
			       * counted) */
	char colours[256];    /* palette colours used, "text, accent, ..." */
};

struct tz_pdf_report {
	int pages, pad_pages;
	size_t stories, lines, images_used;
	struct tz_pdf_image_use images[TZ_PDF_MAX_IMAGES];
	size_t overset, missing_glyphs, ppi_errors, ppi_warnings, split_words;
	double max_vector_ink;  /* percent, largest C+M+Y+K of any colour used */
	unsigned cache_hits, cache_misses;
	double layout_ms, write_ms;
	size_t bytes;
	struct tz_pdfx_report pdfx;
	char layout_name[64];
	struct tz_pdf_page_report *page; /* one per page (tz_pdf_report_release) */
	size_t npage;
	double max_ink;                  /* over all pages, percent */
	int ink_limit;                   /* the layout's, percent */
	char icc[512], condition[64];    /* output profile and condition */
	int screen;
	char font_file[16][256];         /* the fonts embedded */
	char font_name[16][128];
	size_t nfonts;
};

void tz_pdf_report_release(struct tz_pdf_report *rep);

/*
 * Lay out issue. Problems go to diags (file:line). Returns 0 when the
 * layout has no errors (and, with o->output, the file was written
 * atomically); 1 when diags has errors (nothing written); -1 with err on
 * I/O, memory or dependency failures (a font not installed, a bad layout).
 */
int tz_pdf_render(const struct tz_issue *issue, const struct tz_pdf_options *o,
		  struct tz_pdf_report *rep, struct tz_diags *diags, struct tz_error *err);

#endif
