/*
 * pdfint.h - what the parts of the print renderer share (private to
 * src/print): the render context, the text styles derived from the layout's
 * type scale, page geometry on the baseline grid, and the page records that
 * the contents page and the outlines are made from.
 *
 * The one idea: everything vertical is counted in baselines. The text area
 * of every page is a whole number of grid lines, every line box and every
 * box (figure, pull quote, fact box) is a whole number of them tall, so
 * text in neighbouring columns always shares its baselines.
 */
#ifndef TZ_PDFINT_H
#define TZ_PDFINT_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "canvas.h"
#include "fonts.h"
#include "image_cmyk.h"
#include "pdf.h"
#include "textset.h"
#include "../model/layout.h"
#include "../model/model.h"
#include "../util/error.h"

struct tz_styles {
	struct tz_tstyle body, body_first, lead, lead_feature, headline, headline_feature,
		kicker, byline, subhead, caption, credit, pullquote, pq_by, quote, quote_by,
		box_title, box_body, list, folio, running, section_title, section_intro,
		label, value_big, value_small, note, table_head, table_cell, table_cell_bold,
		cover_line, masthead, edition, contents_item, contents_kicker, contents_page,
		company_name, company_line, ad_title, ad_body;
};

enum tz_page_kind {
	TZ_PAGE_COVER, TZ_PAGE_CONTENTS, TZ_PAGE_STORY, TZ_PAGE_PAD, TZ_PAGE_COLOPHON,
	TZ_PAGE_BACK
};

/* A hole at the foot of a story page over this share of the text area is
 * reported by the preflight (issue 15: p15 of the demo was 60 % empty). */
#define TZ_HOLE_PERCENT 25
/* A hole over this share gets a designed filler when one fits (filler.c):
 * below the report threshold, so what is left unreported is small. */
#define TZ_FILL_PERCENT 20

/* Designed fillers (pad pages and holes, filler.c), each used once per
 * issue. */
#define TZ_FILLER_AD 1u /* the newsletter's house advertisement */
#define TZ_MAX_FILLERS 256 /* pull quotes and key figures placed */

struct tz_pagerec {
	HPDF_Page page;
	enum tz_page_kind kind;
	const struct tz_section *section; /* for the running header */
	uint32_t colours;  /* palette colours used (bit per layout colour) */
	int images;        /* images drawn */
	double min_ppi;    /* their lowest effective resolution */
	int image_ink;     /* their largest C+M+Y+K, levels 0..1020 */
	int hole_lines;    /* grid lines left empty at the foot (story pages) */
};

struct tz_storyrec {
	const struct tz_story *story;
	int page;       /* 1-based page the story starts on */
	double y;       /* where on that page */
};

/* One prepared image, embedded once however often it is drawn. */
struct tz_imgrec {
	const struct tz_image *img; /* borrowed from the model */
	HPDF_Image im;
	int width, height;
	int max_ink;                /* C+M+Y+K levels, CMYK only */
	/* what was asked for: one photo placed twice (cover and story) is two
	 * images, each cropped and sized for its own frame */
	int crop_x, crop_y, crop_w, crop_h, max_w, max_h;
};

struct tz_pdfctx {
	const struct tz_issue *issue;
	const struct tz_pdf_options *opt;
	struct tz_pdf_report *rep;
	struct tz_print_layout l;
	struct tz_fonts fonts;
	struct tz_canvas cv;
	struct tz_typeset ts;
	struct tz_styles S;
	struct tz_diags *diags;
	HPDF_Doc pdf;
	struct tz_cmyk_options cmyk;
	struct tz_icc_profile profile;
	char condition[64]; /* the output condition identifier (print) */
	unsigned fillers_used; /* designed fillers placed (bit per design) */
	uint64_t filler_hash[TZ_MAX_FILLERS]; /* texts of the fillers placed */
	size_t nfillers;
	struct tz_src page_text; /* the first body line drawn on this page: a
				  * pull quote is taken from above it first */
	struct tz_cmyk_stats cmyk_stats;
	char cache_dir[4096];
	struct tz_imgrec **imgs; /* each record its own allocation: boxes keep
				  * pointers to them while more are added */
	size_t nimgs, cimgs;
	/* geometry, points */
	double b;          /* baseline */
	double text_top;   /* y of the text area's top */
	int grid_lines;    /* grid lines in the text area */
	double text_w;
	/* pages and stories */
	struct tz_pagerec *pages;
	size_t npages, cpages;
	struct tz_storyrec *stories;
	size_t nstories, cstories;
	const struct tz_section *section; /* being laid out */
	HPDF_Outline outline_root;
	HPDF_Outline section_outline;
	int dry;           /* the flow measures without drawing (tz_flow_dry) */
	int short_tail_page; /* a page that a story's last few lines begin:
			      * no section opens under them (story.c) */
	double y;          /* cursor on the current page (on the grid) */
	int lines_left;    /* grid lines below the cursor */
};

/* Geometry of the current page (1-based number n): left edge of the text
 * area, mirrored for left and right pages. */
double tz_pdf_text_left(const struct tz_pdfctx *x, int n);
/* Column i of ncols across width w starting at x0. */
double tz_pdf_col_x(const struct tz_pdfctx *x, double x0, double w, int ncols, int i);
double tz_pdf_col_w(const struct tz_pdfctx *x, double w, int ncols);
/* Round h up to whole grid lines. */
double tz_pdf_grid_up(const struct tz_pdfctx *x, double h);
/* Baseline of a line box of the given leading whose top is at y. */
double tz_pdf_baseline(const struct tz_pdfctx *x, double y, const struct tz_tstyle *st);

/* Start a page of the given kind (running header and folio included for
 * every kind but the cover). 0 or -1. */
int tz_pdf_new_page(struct tz_pdfctx *x, enum tz_page_kind kind, struct tz_error *err);
/* Grid lines a story needs to start on the current page (header, lead
 * picture and a fair part of its text), as its placement judges it. */
int tz_pdf_story_need(struct tz_pdfctx *x, const struct tz_story *s);
/* The page number being drawn (1-based). */
int tz_pdf_page_no(const struct tz_pdfctx *x);

/* Prepare (CMYK or RGB), embed and remember an image that will be drawn
 * w x h points (it is shrunk to 300 ppi of that size); NULL with err. */
const struct tz_imgrec *tz_pdf_image(struct tz_pdfctx *x, const struct tz_image *img, double w,
				     double h, struct tz_error *err);
/* The same for the part (cx, cy, cw, ch) of the image in its own pixels:
 * what is hidden is not embedded. */
const struct tz_imgrec *tz_pdf_image_part(struct tz_pdfctx *x, const struct tz_image *img,
					  int cx, int cy, int cw, int ch, double w, double h,
					  struct tz_error *err);
/* Report the effective resolution of img drawn w x h points (error below
 * 200 ppi, warning below 300). */
/* tz_pdf_check_ppi for a picture that fills a frame of frame_w x frame_h
 * points, cropped to it (the cover): the size hint is the whole frame's. */
void tz_pdf_check_ppi_frame(struct tz_pdfctx *x, const struct tz_imgrec *im, double w, double h,
			    double frame_w, double frame_h, struct tz_src src);
void tz_pdf_check_ppi(struct tz_pdfctx *x, const struct tz_imgrec *im, double w, double h,
		      struct tz_src src);
/* Largest width (points) at which img still has 300 ppi. */
double tz_pdf_max_width(const struct tz_image *img);

/* Outline entry for the current page at y under parent (NULL: top level). */
HPDF_Outline tz_pdf_outline(struct tz_pdfctx *x, HPDF_Outline parent, const char *title,
			    double y);

/* Styles from the layout's type scale (styles.c). */
void tz_pdf_styles_init(struct tz_pdfctx *x);

/* Move the cursor down by h (rounded up to the grid). */
void tz_pdf_advance(struct tz_pdfctx *x, double h);

/* Story designs (story.c): news in the layout's columns, features
 * (interview, column) in its feature columns on a new page, parels with
 * their own band and company card. 0 or -1. */
int tz_pdf_story(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err);
/* The same, starting at the cursor even for a feature (under an opener). */
int tz_pdf_story_here(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err);
/* The opener band at the cursor for section sec (sections.c). */
int tz_pdf_section_opener(struct tz_pdfctx *x, const struct tz_section *sec,
			  struct tz_error *err);
/* Whole sections with their own design: the figures spread, the agenda. */
int tz_pdf_section(struct tz_pdfctx *x, const struct tz_section *sec, struct tz_error *err);
/* Fixed pages (pages.c). */
int tz_pdf_cover(struct tz_pdfctx *x, struct tz_error *err);
/* How many pages the contents need (estimated from the issue, before the
 * layout, at most 8), and drawing them once the page numbers are known. */
int tz_pdf_contents_pages(const struct tz_pdfctx *x);
int tz_pdf_contents(struct tz_pdfctx *x, const HPDF_Page *pages, int npages,
		    struct tz_error *err);
int tz_pdf_colophon(struct tz_pdfctx *x, struct tz_error *err);
int tz_pdf_back_cover(struct tz_pdfctx *x, struct tz_error *err);
int tz_pdf_pad_page(struct tz_pdfctx *x, int which, struct tz_error *err);
/* The newsletter's house advertisement in a box of the current page (pad
 * page or a hole); marks TZ_FILLER_AD used. 0 or -1. */
int tz_pdf_house_ad(struct tz_pdfctx *x, double left, double top, double w, double h,
		    struct tz_error *err);
/* Fill a hole over TZ_HOLE_PERCENT at the foot of the story page being
 * left with a designed filler (filler.c); nothing when none fits. 0 or
 * -1. */
int tz_pdf_fill_hole(struct tz_pdfctx *x, struct tz_error *err);
struct tz_galley;
/* Flow a story body from the cursor in ncols columns, onto new pages as
 * needed; the cursor ends below it, with two lines of air. 0 or -1. */
int tz_pdf_flow_body(struct tz_pdfctx *x, const struct tz_galley *g, int ncols,
		     struct tz_error *err);
/* A new story page with the cursor at the top of its text area. */
int tz_pdf_fresh_page(struct tz_pdfctx *x, struct tz_error *err);
/* Remember where story s starts (contents page, outline). */
int tz_pdf_story_start(struct tz_pdfctx *x, const struct tz_story *s, struct tz_error *err);

#endif
