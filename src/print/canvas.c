/*
 * canvas.c - page geometry, colours and drawing primitives (see canvas.h).
 */
#include "canvas.h"

#include <math.h>
#include <string.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>

#include "pdfx.h"
#include "../text/utf8.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)
#define SLUG (12 * MM) /* room for crop marks outside the bleed */

void tz_canvas_init(struct tz_canvas *c, HPDF_Doc pdf, const struct tz_print_layout *l,
		    struct tz_fonts *fonts, enum tz_canvas_mode mode, int marks)
{
	memset(c, 0, sizeof(*c));
	c->pdf = pdf;
	c->l = l;
	c->fonts = fonts;
	c->mode = mode;
	c->marks = mode == TZ_CANVAS_PRINT && marks;
	c->bleed = mode == TZ_CANVAS_PRINT ? l->bleed : 0;
	c->off = c->bleed + (c->marks ? SLUG : 0);
	c->w = l->page_w;
	c->h = l->page_h;
}

static double px(const struct tz_canvas *c, double x)
{
	return c->off + x;
}

static double py(const struct tz_canvas *c, double y)
{
	return c->off + c->h - y;
}

/* Something drawn down to y: inside the text area it is content (the folio
 * and footer below it are not). */
static void inked(struct tz_canvas *c, double y)
{
	if (y <= c->h - c->l->bottom + 0.5 && y > c->ink_bottom)
		c->ink_bottom = y;
}

void tz_canvas_flush(struct tz_canvas *c)
{
	if (c->page && c->in_text)
		HPDF_Page_EndText(c->page);
	c->in_text = 0;
}

static void end_text(struct tz_canvas *c)
{
	tz_canvas_flush(c);
}

/* Crop marks: a pair of hairlines at each corner, starting 3 mm outside the
 * trim (so they never reach into the bleed), in registration black. */
static void crop_marks(struct tz_canvas *c)
{
	HPDF_Page p = c->page;
	double gap = c->bleed + 1 * MM, len = 8 * MM;
	double xs[2] = {0, c->w}, ys[2] = {0, c->h};

	HPDF_Page_SetCMYKStroke(p, 1, 1, 1, 1);
	HPDF_Page_SetLineWidth(p, 0.25);
	for (int i = 0; i < 2; i++) {
		for (int k = 0; k < 2; k++) {
			double x = px(c, xs[i]), y = py(c, ys[k]);
			double dx = i ? 1 : -1, dy = k ? -1 : 1;
			HPDF_Page_MoveTo(p, (HPDF_REAL)(x + dx * gap), (HPDF_REAL)y);
			HPDF_Page_LineTo(p, (HPDF_REAL)(x + dx * (gap + len)), (HPDF_REAL)y);
			HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)(y + dy * gap));
			HPDF_Page_LineTo(p, (HPDF_REAL)x, (HPDF_REAL)(y + dy * (gap + len)));
		}
	}
	HPDF_Page_Stroke(p);
	c->stroke = NULL;
}

int tz_canvas_page(struct tz_canvas *c, struct tz_error *err)
{
	double mw = c->w + 2 * c->off, mh = c->h + 2 * c->off;

	end_text(c);
	c->page = HPDF_AddPage(c->pdf);
	if (!c->page) {
		HPDF_ResetError(c->pdf);
		return tz_error_nomem(err);
	}
	c->npages++;
	c->fill = c->stroke = c->want = NULL;
	c->overprint = 0; /* a page starts with overprint off */
	c->ink_bottom = 0;
	c->tfont = NULL;
	c->tscale = 1; /* a new page starts with Tz 100 and Tc 0 */
	c->tspace = 0;
	HPDF_Page_SetWidth(c->page, (HPDF_REAL)mw);
	HPDF_Page_SetHeight(c->page, (HPDF_REAL)mh);
	if (tz_pdfx_set_page_boxes(c->page, c->off, c->off, c->w, c->h, c->bleed, err))
		return -1;
	if (c->marks)
		crop_marks(c);
	return 0;
}

void tz_canvas_use_page(struct tz_canvas *c, HPDF_Page page)
{
	end_text(c);
	c->page = page;
	c->fill = c->stroke = c->want = NULL;
	c->overprint = -1; /* unknown: set again before the next drawing */
	c->tfont = NULL;
	c->tscale = -1; /* unknown: set again before the next text */
	c->tspace = -1e9;
}

const struct tz_colour *tz_canvas_colour(const struct tz_canvas *c, const char *name)
{
	const struct tz_colour *col = tz_layout_colour(c->l, name);
	return col ? col : tz_layout_colour(c->l, "text");
}

static void mark_used(struct tz_canvas *c, const struct tz_colour *col)
{
	ptrdiff_t i = col - c->l->colours;
	if (c->used && i >= 0 && i < 32)
		*c->used |= (uint32_t)1 << i;
}

int tz_colour_inks(const double cmyk[4])
{
	int n = 0;
	for (int i = 0; i < 4; i++)
		n += cmyk[i] > 0.005;
	return n;
}

static int is_solid_black(const double k[4])
{
	return k[0] < 0.005 && k[1] < 0.005 && k[2] < 0.005 && k[3] > 0.995;
}

/* Overprint for 100 K type and rules (PDF/X-1a allows it, ISO 15930-1
 * 6.2.3): a plate shifting on press then shows no white halo. OPM 1 makes
 * the zero C, M and Y of 100 K leave the plates below alone. */
static void set_overprint(struct tz_canvas *c, int want)
{
	if (c->mode != TZ_CANVAS_PRINT || c->overprint == want)
		return;
	if (!c->gs[want]) {
		HPDF_ExtGState g = HPDF_CreateExtGState(c->pdf);
		if (!g || HPDF_Dict_AddBoolean(g, "op", (want & 1) ? HPDF_TRUE : HPDF_FALSE) ||
		    HPDF_Dict_AddBoolean(g, "OP", (want & 2) ? HPDF_TRUE : HPDF_FALSE) ||
		    HPDF_Dict_AddNumber(g, "OPM", 1)) {
			HPDF_ResetError(c->pdf);
			return;
		}
		/* an ExtGState raises libharu's version mark; OP/op/OPM are PDF 1.3 */
		((HPDF_Doc)c->pdf)->pdf_version = HPDF_VER_13;
		c->gs[want] = g;
	}
	end_text(c);
	if (HPDF_Page_SetExtGState(c->page, c->gs[want]) != HPDF_OK) {
		HPDF_ResetError(c->pdf);
		return;
	}
	c->overprint = want;
}

static void emit_fill(struct tz_canvas *c, const struct tz_colour *col)
{
	if (c->fill == col)
		return;
	c->fill = col;
	if (c->mode == TZ_CANVAS_PRINT)
		HPDF_Page_SetCMYKFill(c->page, (HPDF_REAL)col->cmyk[0], (HPDF_REAL)col->cmyk[1],
				      (HPDF_REAL)col->cmyk[2], (HPDF_REAL)col->cmyk[3]);
	else
		HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)col->rgb[0], (HPDF_REAL)col->rgb[1],
				     (HPDF_REAL)col->rgb[2]);
}

/* Lazy: the colour goes on the page when something is drawn with it (type
 * may need a substitute, see type_colour). */
void tz_canvas_set_fill(struct tz_canvas *c, const struct tz_colour *col)
{
	c->want = col;
	mark_used(c, col);
}

static const struct tz_colour *small_of(struct tz_canvas *c, const struct tz_colour *col)
{
	if (c->fill == &c->small && !strcmp(c->small.name, col->name))
		return &c->small;
	if (c->fill == &c->small)
		c->fill = NULL; /* its values change: emit again */
	c->small = *col;
	memcpy(c->small.cmyk, col->small, sizeof(c->small.cmyk));
	return &c->small;
}

void tz_canvas_set_fill_small(struct tz_canvas *c, const struct tz_colour *col)
{
	mark_used(c, col);
	c->want = c->mode == TZ_CANVAS_PRINT && col->has_small ? small_of(c, col) : col;
}

/* The ink type of this size gets: rich black only from 18 pt up (small
 * type in four inks blurs when the plates do not register exactly), and
 * under 9 pt at most the layout's number of inks (2). */
static const struct tz_colour *type_colour(struct tz_canvas *c, double size)
{
	const struct tz_colour *w = c->want;
	if (!w || c->mode != TZ_CANVAS_PRINT)
		return w;
	if (w->cmyk[3] > 0.995 && tz_colour_inks(w->cmyk) > 1 && size < 18) {
		if (c->fill != &c->k_only) {
			c->k_only = *w;
			c->k_only.cmyk[0] = c->k_only.cmyk[1] = c->k_only.cmyk[2] = 0;
			c->k_only.cmyk[3] = 1;
		}
		return &c->k_only;
	}
	if (size < 9 && tz_colour_inks(w->cmyk) > c->l->small_text_inks) {
		if (w->has_small)
			return small_of(c, w);
		if (!c->small_many_inks++)
			memcpy(c->small_many_colour, w->name, sizeof(c->small_many_colour));
	}
	return w;
}

void tz_canvas_set_stroke(struct tz_canvas *c, const struct tz_colour *col)
{
	if (c->stroke == col)
		return;
	c->stroke = col;
	mark_used(c, col);
	if (c->mode == TZ_CANVAS_PRINT)
		HPDF_Page_SetCMYKStroke(c->page, (HPDF_REAL)col->cmyk[0], (HPDF_REAL)col->cmyk[1],
					(HPDF_REAL)col->cmyk[2], (HPDF_REAL)col->cmyk[3]);
	else
		HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)col->rgb[0], (HPDF_REAL)col->rgb[1],
				       (HPDF_REAL)col->rgb[2]);
}

void tz_canvas_rect(struct tz_canvas *c, double x, double y, double w, double h)
{
	if (w <= 0 || h <= 0)
		return;
	end_text(c);
	if (h < c->h * 0.9) /* not a page-high background */
		inked(c, y + h);
	if (c->want && c->fill != c->want) /* type may have left a substitute */
		emit_fill(c, c->want);
	/* a thin 100 K rectangle is a rule: overprint it like type */
	set_overprint(c, (c->overprint > 0 ? c->overprint & 2 : 0) |
				 (c->fill && is_solid_black(c->fill->cmyk) && (w <= 2 || h <= 2)));
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)px(c, x), (HPDF_REAL)py(c, y + h),
			    (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(c->page);
}

void tz_canvas_rect_bleed(struct tz_canvas *c, double x, double y, double w, double h)
{
	double x1 = x + w, y1 = y + h, e = 0.01;
	if (x <= e)
		x = -c->bleed;
	if (y <= e)
		y = -c->bleed;
	if (x1 >= c->w - e)
		x1 = c->w + c->bleed;
	if (y1 >= c->h - e)
		y1 = c->h + c->bleed;
	tz_canvas_rect(c, x, y, x1 - x, y1 - y);
}

void tz_canvas_line(struct tz_canvas *c, double x0, double y0, double x1, double y1,
		    double width)
{
	end_text(c);
	set_overprint(c, (c->overprint > 0 ? c->overprint & 1 : 0) |
				 (c->stroke && is_solid_black(c->stroke->cmyk) ? 2 : 0));
	HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)width);
	HPDF_Page_MoveTo(c->page, (HPDF_REAL)px(c, x0), (HPDF_REAL)py(c, y0));
	HPDF_Page_LineTo(c->page, (HPDF_REAL)px(c, x1), (HPDF_REAL)py(c, y1));
	HPDF_Page_Stroke(c->page);
}

void tz_canvas_circle(struct tz_canvas *c, double cx, double cy, double r)
{
	end_text(c);
	if (c->want && c->fill != c->want)
		emit_fill(c, c->want);
	set_overprint(c, c->overprint > 0 ? c->overprint & 2 : 0);
	HPDF_Page_Circle(c->page, (HPDF_REAL)px(c, cx), (HPDF_REAL)py(c, cy), (HPDF_REAL)r);
	HPDF_Page_Fill(c->page);
}

/* Text in one face (every character in f, or in no font at all). */
static double text_face(struct tz_canvas *c, struct tz_font *f, double size, double x,
			double y, const char *utf8, size_t len, double hscale, double spacing)
{
	char buf[1024];
	double adv = tz_font_width(f, utf8, len, size) * hscale;

	if (len == 0 || tz_font_ready(f))
		return 0;
	inked(c, y);
	{
		const struct tz_colour *ink = type_colour(c, size);
		if (ink) {
			set_overprint(c, (c->overprint > 0 ? c->overprint & 2 : 0) |
						 is_solid_black(ink->cmyk));
			emit_fill(c, ink);
		}
	}
	if (!c->in_text) {
		HPDF_Page_BeginText(c->page);
		c->in_text = 1;
	}
	if (c->tfont != f || fabs(c->tsize - size) > 1e-6) {
		HPDF_Page_SetFontAndSize(c->page, f->font, (HPDF_REAL)size);
		c->tfont = f;
		c->tsize = size;
	}
	if (fabs(c->tscale - hscale) > 1e-6) {
		HPDF_Page_SetHorizontalScalling(c->page, (HPDF_REAL)(hscale * 100));
		c->tscale = hscale;
	}
	if (fabs(c->tspace - spacing) > 1e-6) {
		HPDF_Page_SetCharSpace(c->page, (HPDF_REAL)spacing);
		c->tspace = spacing;
	}
	if (spacing != 0) /* Tc is scaled by Tz like the glyphs */
		adv += spacing * hscale * (double)tz_utf8_length(utf8, len);
	/* libharu wants a NUL-terminated string */
	while (len > 0) {
		size_t n = len < sizeof(buf) - 1 ? len : sizeof(buf) - 1;
		/* never cut a UTF-8 sequence */
		while (n < len && n > 0 && ((unsigned char)utf8[n] & 0xC0) == 0x80)
			n--;
		memcpy(buf, utf8, n);
		buf[n] = '\0';
		HPDF_Page_TextOut(c->page, (HPDF_REAL)px(c, x), (HPDF_REAL)py(c, y), buf);
		if (n < len) /* only a next piece needs to know where this one ends */
			x += tz_font_width(f, utf8, n, size) * hscale;
		utf8 += n;
		len -= n;
	}
	return adv;
}

/* Characters f lacks are set in runs of its fallback fonts (fonts.h). */
double tz_canvas_text(struct tz_canvas *c, struct tz_font *f, double size, double x,
		      double y, const char *utf8, size_t len, double hscale, double spacing)
{
	double adv = 0;
	while (len > 0) {
		struct tz_font *face;
		size_t n = tz_font_run(f, utf8, len, &face);
		double w = text_face(c, face, size, x, y, utf8, n, hscale, spacing);
		adv += w;
		x += w;
		utf8 += n;
		len -= n;
	}
	return adv;
}

void tz_canvas_image(struct tz_canvas *c, HPDF_Image im, double x, double y, double w,
		     double h)
{
	end_text(c);
	inked(c, y + h);
	HPDF_Page_DrawImage(c->page, im, (HPDF_REAL)px(c, x), (HPDF_REAL)py(c, y + h),
			    (HPDF_REAL)w, (HPDF_REAL)h);
}

void tz_canvas_image_clipped(struct tz_canvas *c, HPDF_Image im, double x, double y,
			     double w, double h, double cx, double cy, double cw, double ch)
{
	end_text(c);
	inked(c, cy + ch);
	HPDF_Page_GSave(c->page);
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)px(c, cx), (HPDF_REAL)py(c, cy + ch),
			    (HPDF_REAL)cw, (HPDF_REAL)ch);
	HPDF_Page_Clip(c->page);
	HPDF_Page_EndPath(c->page);
	HPDF_Page_DrawImage(c->page, im, (HPDF_REAL)px(c, x), (HPDF_REAL)py(c, y + h),
			    (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_GRestore(c->page);
	/* GRestore brings back the colours and text state of the GSave */
	c->fill = c->stroke = NULL;
	c->tfont = NULL;
	c->tscale = -1;
	c->tspace = -1e9;
}

void tz_canvas_link(struct tz_canvas *c, double x, double y, double w, double h,
		    const char *uri)
{
	HPDF_Rect r;
	HPDF_Annotation a;

	if (c->mode != TZ_CANVAS_SCREEN || !uri)
		return;
	r.left = (HPDF_REAL)px(c, x);
	r.right = (HPDF_REAL)px(c, x + w);
	r.bottom = (HPDF_REAL)py(c, y + h);
	r.top = (HPDF_REAL)py(c, y);
	a = HPDF_Page_CreateURILinkAnnot(c->page, r, uri);
	if (a)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
	else
		HPDF_ResetError(c->pdf);
}

HPDF_Destination tz_canvas_destination(struct tz_canvas *c, double y)
{
	HPDF_Destination d = HPDF_Page_CreateDestination(c->page);
	/* FitH: the page at full width, scrolled to y (libharu cannot write
	 * the null zoom of an XYZ destination) */
	if (!d || HPDF_Destination_SetFitH(d, (HPDF_REAL)py(c, y)) != HPDF_OK) {
		HPDF_ResetError(c->pdf);
		return NULL;
	}
	return d;
}
