/*
 * canvas.h - drawing on magazine pages with libharu, in the layout's terms.
 *
 * The one idea: the renderer thinks in points from the top-left corner of
 * the trimmed page, y downwards, and in palette colour names; the canvas
 * turns that into PDF user space (origin bottom-left of the media box, which
 * is the trim box grown by the bleed and, with crop marks, a slug for the
 * marks), into CMYK operators for print or RGB for the screen version, and
 * sets TrimBox/BleedBox on every page. Links become annotations only in the
 * screen version (PDF/X-1a allows none).
 */
#ifndef TZ_CANVAS_H
#define TZ_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "fonts.h"
#include "../model/layout.h"
#include "../util/error.h"

enum tz_canvas_mode { TZ_CANVAS_PRINT, TZ_CANVAS_SCREEN };

struct tz_canvas {
	HPDF_Doc pdf;
	const struct tz_print_layout *l;
	struct tz_fonts *fonts;   /* borrowed */
	enum tz_canvas_mode mode;
	int marks;                /* crop marks in a slug outside the bleed */
	double bleed;             /* drawn bleed (0 on screen) */
	double off;               /* trim box origin inside the media box */
	double w, h;              /* trim size */
	HPDF_Page page;           /* current page */
	int npages;
	/* current graphics state, to skip redundant operators: want is the
	 * palette colour asked for, fill what the page has (for type that may
	 * be a substitute: 100 K for rich black under 18 pt, the colour's
	 * two-ink small-cmyk under 9 pt) */
	const struct tz_colour *fill, *stroke, *want;
	struct tz_colour k_only, small; /* the substitutes */
	int overprint;            /* bit 0 fill (op), bit 1 stroke (OP) in effect */
	HPDF_ExtGState gs[4];     /* one per overprint combination, made once */
	size_t small_many_inks;   /* runs of type under 9 pt in more inks than
				   * the layout allows (no small-cmyk to use) */
	char small_many_colour[32]; /* the first such colour */
	double ink_bottom;        /* lowest drawing inside the text area on this
				   * page (y from the top; 0 = none): holes */
	int in_text;
	uint32_t *used;           /* palette colours used on the page (may be NULL) */
	struct tz_font *tfont;
	double tsize, tscale, tspace;
};

/* Set up a canvas for pdf (fonts loaded into it already). */
void tz_canvas_init(struct tz_canvas *c, HPDF_Doc pdf, const struct tz_print_layout *l,
		    struct tz_fonts *fonts, enum tz_canvas_mode mode, int marks);

/* Start a new page (flushes the previous page's text object). 0 or -1. */
int tz_canvas_page(struct tz_canvas *c, struct tz_error *err);
/* Make an earlier page current again (for the contents page). */
void tz_canvas_use_page(struct tz_canvas *c, HPDF_Page page);
/* Finish the current page's open text object. */
void tz_canvas_flush(struct tz_canvas *c);

/* The palette colour called name (falls back to "text"). */
const struct tz_colour *tz_canvas_colour(const struct tz_canvas *c, const char *name);
void tz_canvas_set_fill(struct tz_canvas *c, const struct tz_colour *col);
void tz_canvas_set_stroke(struct tz_canvas *c, const struct tz_colour *col);
/* Fill with col's two-ink small-cmyk when it has one: for a panel behind
 * knocked-out type under 9 pt (white type out of three inks blurs). */
void tz_canvas_set_fill_small(struct tz_canvas *c, const struct tz_colour *col);
/* Number of inks of a CMYK colour (values over 0.5 %). */
int tz_colour_inks(const double cmyk[4]);

/* Filled rectangle, top-left (x, y), in the current fill colour. */
void tz_canvas_rect(struct tz_canvas *c, double x, double y, double w, double h);
/* Rectangle that extends into the bleed on the sides it touches. */
void tz_canvas_rect_bleed(struct tz_canvas *c, double x, double y, double w, double h);
void tz_canvas_line(struct tz_canvas *c, double x0, double y0, double x1, double y1,
		    double width);
/* Filled circle. */
void tz_canvas_circle(struct tz_canvas *c, double cx, double cy, double r);

/* Draw utf8 with its baseline at y. hscale 1.0 = normal; spacing in points
 * between characters (0 normal). Returns the advance width. */
double tz_canvas_text(struct tz_canvas *c, struct tz_font *f, double size, double x,
		      double y, const char *utf8, size_t len, double hscale, double spacing);

/* Draw image into the box (x, y, w, h) exactly (the caller keeps the
 * aspect); clip (x, y, w, h) crops when the drawn box is larger. */
void tz_canvas_image(struct tz_canvas *c, HPDF_Image im, double x, double y, double w,
		     double h);
void tz_canvas_image_clipped(struct tz_canvas *c, HPDF_Image im, double x, double y,
			     double w, double h, double cx, double cy, double cw, double ch);

/* A link over the box (screen version only; a no-op in print). */
void tz_canvas_link(struct tz_canvas *c, double x, double y, double w, double h,
		    const char *uri);
/* A destination at the top of the current page for outlines. */
HPDF_Destination tz_canvas_destination(struct tz_canvas *c, double y);

#endif
