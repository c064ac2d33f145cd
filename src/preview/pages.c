/*
 * pages.c - the preview's page images, rendered from the PDF techzine just
 * wrote with poppler-glib and cairo (GPL, as the project; chosen over
 * MuPDF, AGPL, see docs/preview.md).
 *
 * Only pages whose content changed are rendered again: a page's hash is
 * that of its content stream and page dictionary (pdfpages.c), so a story
 * edit changes the hash of the pages it touches and the others keep
 * theirs. What can change the pixels without changing a content stream
 * (an image file) is a change outside stories/, and then the watcher asks
 * for every page (force).
 *
 * Speed (issue 23): the spread view shows a page about 260 CSS px wide, so
 * the page images are made at 72 dpi (about 630 px for A4 with bleed:
 * sharp at twice that density too); the large view of one page is made
 * at 108 dpi only when it is asked for (tz_preview_large). Most of the
 * time of a page is poppler turning the 300 ppi CMYK pictures into RGB,
 * which does not shrink with the scale; what does is the PNG: written
 * here with libpng at zlib level 1 and no row filter, about four times
 * faster than cairo_surface_write_to_png's default level and smaller for
 * pages that are mostly white. A cold start with many pages and a second
 * CPU renders half of them in a helper process (pages_helper.c): poppler
 * and FreeType share one font library per process, so two documents are
 * not rendered by two threads of one process.
 *
 * One mutex (render_lock) keeps poppler to one thread of this process at
 * a time: the builder and an HTTP thread asking for a large page.
 */
#include <cairo.h>
#include <png.h>
#include <poppler.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preview.h"
#include "render.h"
#include "../util/clock.h"
#include "../util/fsutil.h"
#define TZ_POPPLERDL_CALLS /* poppler and cairo are opened on first use */
#include "popplerdl.h"
#include "../util/banned.h"

static pthread_mutex_t render_lock = PTHREAD_MUTEX_INITIALIZER;

void tz_preview_render_lock(void)
{
	pthread_mutex_lock(&render_lock);
}

void tz_preview_render_unlock(void)
{
	pthread_mutex_unlock(&render_lock);
}

struct png_out {
	FILE *fp;
	int failed;
};

static void png_fail(png_structp png, png_const_charp msg)
{
	(void)msg;
	png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

/* Write an RGB24 cairo surface as an 8-bit RGB PNG (zlib level 1, no
 * filter); 0 or -1. */
static int write_png(cairo_surface_t *surf, FILE *fp)
{
	int w = cairo_image_surface_get_width(surf), h = cairo_image_surface_get_height(surf);
	int stride = cairo_image_surface_get_stride(surf);
	unsigned char *data = cairo_image_surface_get_data(surf);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!png || !info || !data) {
		png_destroy_write_struct(&png, info ? &info : NULL);
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		return -1;
	}
	png_init_io(png, fp);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_write_info(png, info);
	/* cairo's RGB24 is a native-endian 32-bit xRGB: B, G, R, x in memory
	 * on little-endian machines */
	png_set_filler(png, 0, PNG_FILLER_AFTER);
	if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
		png_set_bgr(png);
	else
		png_set_swap_alpha(png);
	for (int y = 0; y < h; y++)
		png_write_row(png, data + (size_t)y * (size_t)stride);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return 0;
}

int tz_preview_render_page(PopplerPage *page, double scale, const char *path,
			   struct tz_error *err)
{
	double w, h;
	char tmp[1300];
	poppler_page_get_size(page, &w, &h);
	int pw = (int)(w * scale + 0.5), ph = (int)(h * scale + 0.5);
	if (pw < 1 || ph < 1 || pw > 20000 || ph > 20000)
		return tz_error_set(err, TZ_ERR_LIMIT, path, 0, "a page of %.0f x %.0f pt is not drawn",
				    w, h);
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *fp = fopen(tmp, "wb");
	int bad = !fp || cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS || write_png(surf, fp);
	/* a scratch image under out/: replaced atomically, no fsync */
	if (fp && (fclose(fp) || bad))
		bad = 1;
	cairo_surface_destroy(surf);
	if (bad || rename(tmp, path)) {
		unlink(tmp);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write the page image '%s'", path);
	}
	return 0;
}

PopplerDocument *tz_preview_open_pdf(const char *pdf, struct tz_error *err)
{
	char uri[1300];
	GError *gerr = NULL;
	if (!tz_popplerdl(err)) /* opened here, before any other call */
		return NULL;
	char *abs = realpath(pdf, NULL);
	if (!abs) {
		tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot find the PDF '%s': %m", pdf);
		return NULL;
	}
	snprintf(uri, sizeof uri, "file://%s", abs);
	free(abs);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &gerr);
	if (!doc) {
		tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot open the PDF '%s': %s", pdf,
			     gerr ? gerr->message : "unknown error");
		if (gerr)
			g_error_free(gerr);
	}
	return doc;
}

/* The trim box's inset from the media box: the bleed (plus the slug with
 * crop marks). techzine writes one /TrimBox per page, all the same. */
static double bleed_of(const struct tz_buf *b)
{
	double x0 = 0;
	const char *t = memmem(b->data, b->len, "/TrimBox", 8);
	if (t && (size_t)(b->data + b->len - t) > 64) {
		char head[64];
		memcpy(head, t + 8, sizeof head - 1);
		head[sizeof head - 1] = '\0';
		char *p = strchr(head, '['), *e;
		if (p && (x0 = strtod(p + 1, &e)) >= 0 && e > p + 1)
			return x0;
		return 0;
	}
	return x0;
}

static int cpus_to_use(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set))
		return 1;
	return CPU_COUNT(&set);
}

static int render_list(PopplerDocument *doc, const char *pdf, const char *dir, const int *todo,
		       int from, int to, struct tz_error *err)
{
	char path[1200];
	int rc = 0;
	for (int k = from; k < to && !rc; k++) {
		PopplerPage *page = poppler_document_get_page(doc, todo[k]);
		snprintf(path, sizeof path, "%s/p%03d.png", dir, todo[k] + 1);
		rc = page ? tz_preview_render_page(page, TZ_PREVIEW_SCALE, path, err)
			  : tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot read page %d", todo[k] + 1);
		if (page)
			g_object_unref(page);
	}
	return rc;
}

int tz_preview_pages(struct tz_preview *p, const char *pdf, int force, size_t *rendered,
		     struct tz_error *err)
{
	char dir[1100], path[1200];
	static struct tz_preview_page next[TZ_PREVIEW_MAX_PAGES]; /* the builder's only */
	unsigned long long hashes[TZ_PREVIEW_MAX_PAGES];
	int todo[TZ_PREVIEW_MAX_PAGES], ntodo = 0, rc = 0;
	double t0 = tz_clock_seconds();
	struct tz_buf bytes;

	*rendered = 0;
	snprintf(dir, sizeof dir, "%s/pages", p->p.root);
	if (tz_mkdirs(dir, err))
		return -1;
	tz_buf_init(&bytes, (size_t)512 * 1024 * 1024);
	if (tz_read_file(pdf, (size_t)512 * 1024 * 1024, &bytes, err)) {
		tz_buf_release(&bytes);
		return -1;
	}
	double bleed = bleed_of(&bytes);
	size_t nh = tz_preview_page_hashes(bytes.data, bytes.len, hashes, TZ_PREVIEW_MAX_PAGES);
	tz_buf_release(&bytes);

	pthread_mutex_lock(&render_lock);
	PopplerDocument *doc = tz_preview_open_pdf(pdf, err);
	if (!doc) {
		pthread_mutex_unlock(&render_lock);
		return -1;
	}
	int n = poppler_document_get_n_pages(doc);
	if (n > TZ_PREVIEW_MAX_PAGES)
		n = TZ_PREVIEW_MAX_PAGES;
	memset(next, 0, sizeof next);
	pthread_mutex_lock(&p->s.lock);
	for (int i = 0; i < n; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		if (page) {
			poppler_page_get_size(page, &next[i].w, &next[i].h);
			g_object_unref(page);
		}
		next[i].hash = (size_t)i < nh ? hashes[i] : 0; /* 0: unknown, render */
		int same = !force && next[i].hash && (size_t)i < p->s.npages &&
			   p->s.pages[i].hash == next[i].hash;
		if ((size_t)i < p->s.npages) {
			next[i].version = p->s.pages[i].version;
			next[i].large_version = p->s.pages[i].large_version;
		}
		snprintf(path, sizeof path, "%s/p%03d.png", dir, i + 1);
		if (!same || access(path, R_OK))
			todo[ntodo++] = i;
	}
	p->s.hash_ms = (tz_clock_seconds() - t0) * 1000.0;
	pthread_mutex_unlock(&p->s.lock);

	/* many pages and a second CPU: a helper process renders the second
	 * half while this thread renders the first */
	int split = ntodo, pid = -1;
	if (ntodo >= 6 && cpus_to_use() >= 2 &&
	    (pid = tz_preview_helper_start(p, pdf, todo + ntodo / 2, ntodo - ntodo / 2)) > 0)
		split = ntodo / 2;
	rc = render_list(doc, pdf, dir, todo, 0, split, err);
	int helped = 0;
	if (pid > 0 && !tz_preview_helper_finish(pid))
		helped = ntodo - split;
	else if (pid > 0 && !rc) /* it failed: its pages here */
		rc = render_list(doc, pdf, dir, todo, split, ntodo, err);
	g_object_unref(doc);
	pthread_mutex_unlock(&render_lock);
	if (rc)
		return rc;
	for (int k = 0; k < ntodo; k++)
		next[todo[k]].version++;
	*rendered = (size_t)ntodo;
	pthread_mutex_lock(&p->s.lock);
	memcpy(p->s.pages, next, (size_t)n * sizeof next[0]);
	p->s.npages = (size_t)n;
	p->s.bleed_pt = bleed;
	p->s.helper_pages = (size_t)helped;
	pthread_mutex_unlock(&p->s.lock);
	return 0;
}

int tz_preview_large(struct tz_preview *p, int n, char *path, size_t size, struct tz_error *err)
{
	char pdf[1200];
	int rc = 0;
	snprintf(pdf, sizeof pdf, "%s/print.pdf", p->p.root);
	snprintf(path, size, "%s/pages/p%03d-large.png", p->p.root, n);
	/* made for the version of the page shown now, or made again */
	pthread_mutex_lock(&render_lock);
	pthread_mutex_lock(&p->s.lock);
	int fresh = n >= 1 && (size_t)n <= p->s.npages &&
		    p->s.pages[n - 1].large_version == p->s.pages[n - 1].version &&
		    p->s.pages[n - 1].large_version && !access(path, R_OK);
	unsigned version = n >= 1 && (size_t)n <= p->s.npages ? p->s.pages[n - 1].version : 0;
	pthread_mutex_unlock(&p->s.lock);
	if (!fresh) {
		PopplerDocument *doc = tz_preview_open_pdf(pdf, err);
		PopplerPage *page = doc && n <= poppler_document_get_n_pages(doc)
					    ? poppler_document_get_page(doc, n - 1)
					    : NULL;
		rc = page ? tz_preview_render_page(page, TZ_PREVIEW_SCALE_LARGE, path, err)
			  : doc ? tz_error_set(err, TZ_ERR_IO, pdf, 0, "no page %d", n) : -1;
		if (page)
			g_object_unref(page);
		if (doc)
			g_object_unref(doc);
		pthread_mutex_lock(&p->s.lock);
		/* the builder renders pages under render_lock too: the
		 * version read above is still the one of print.pdf */
		if (!rc && (size_t)n <= p->s.npages)
			p->s.pages[n - 1].large_version = version;
		pthread_mutex_unlock(&p->s.lock);
	}
	pthread_mutex_unlock(&render_lock);
	return rc;
}
