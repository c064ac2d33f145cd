/*
 * pages.c - the preview's page images, rendered from the PDF techzine just
 * wrote with poppler-glib and cairo (GPL, as the project; chosen over
 * MuPDF, AGPL, see docs/preview.md).
 *
 * Only pages whose content changed are rendered again: a page's hash is
 * that of its content stream and page dictionary (pdfpages.c), so a story
 * edit changes the hash of the pages it touches and the others keep
 * theirs. What can
 * change the pixels without changing a content stream (an image file) is
 * a change outside stories/, and then the watcher asks for every page
 * (force).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preview.h"
#define TZ_POPPLERDL_CALLS /* poppler and cairo are opened on first use */
#include "popplerdl.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define SCALE 1.5 /* 108 dpi: a page fills a large window sharply */


static int render(PopplerPage *page, double w, double h, const char *path, struct tz_error *err)
{
	int pw = (int)(w * SCALE + 0.5), ph = (int)(h * SCALE + 0.5);
	char tmp[1300];
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, SCALE, SCALE);
	poppler_page_render_for_printing(page, cr);
	cairo_destroy(cr);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	cairo_status_t st = cairo_surface_write_to_png(surf, tmp);
	cairo_surface_destroy(surf);
	if (st != CAIRO_STATUS_SUCCESS || rename(tmp, path)) {
		unlink(tmp);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write the page image: %s",
				    cairo_status_to_string(st));
	}
	return 0;
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

int tz_preview_pages(struct tz_preview *p, const char *pdf, int force, size_t *rendered,
		     struct tz_error *err)
{
	char uri[1300], dir[1100], path[1200];
	GError *gerr = NULL;
	if (!tz_popplerdl(err))
		return -1;
	char *abs = realpath(pdf, NULL);
	if (!abs)
		return tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot find the PDF: %m");
	snprintf(uri, sizeof uri, "file://%s", abs);
	free(abs);
	PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &gerr);
	if (!doc) {
		tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot open the PDF: %s",
			     gerr ? gerr->message : "unknown error");
		if (gerr)
			g_error_free(gerr);
		return -1;
	}
	snprintf(dir, sizeof dir, "%s/pages", p->p.root);
	if (tz_mkdirs(dir, err)) {
		g_object_unref(doc);
		return -1;
	}
	struct tz_buf bytes;
	unsigned long long hashes[TZ_PREVIEW_MAX_PAGES];
	tz_buf_init(&bytes, (size_t)512 * 1024 * 1024);
	if (tz_read_file(pdf, (size_t)512 * 1024 * 1024, &bytes, err)) {
		tz_buf_release(&bytes);
		g_object_unref(doc);
		return -1;
	}
	double bleed = bleed_of(&bytes);
	size_t nh = tz_preview_page_hashes(bytes.data, bytes.len, hashes, TZ_PREVIEW_MAX_PAGES);
	tz_buf_release(&bytes);
	int n = poppler_document_get_n_pages(doc);
	if (n > TZ_PREVIEW_MAX_PAGES)
		n = TZ_PREVIEW_MAX_PAGES;
	struct tz_preview_page next[TZ_PREVIEW_MAX_PAGES];
	memset(next, 0, sizeof next);
	int rc = 0;
	*rendered = 0;
	for (int i = 0; i < n && !rc; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		double w, h;
		if (!page)
			continue;
		poppler_page_get_size(page, &w, &h);
		next[i].hash = (size_t)i < nh ? hashes[i] : 0; /* 0: unknown, render */
		next[i].w = w;
		next[i].h = h;
		pthread_mutex_lock(&p->s.lock);
		int same = !force && next[i].hash && (size_t)i < p->s.npages &&
			   p->s.pages[i].hash == next[i].hash;
		next[i].version = (size_t)i < p->s.npages ? p->s.pages[i].version : 0;
		pthread_mutex_unlock(&p->s.lock);
		snprintf(path, sizeof path, "%s/p%03d.png", dir, i + 1);
		if (!same || access(path, R_OK)) {
			rc = render(page, w, h, path, err);
			next[i].version++;
			(*rendered)++;
		}
		g_object_unref(page);
	}
	g_object_unref(doc);
	if (rc)
		return rc;
	pthread_mutex_lock(&p->s.lock);
	memcpy(p->s.pages, next, (size_t)n * sizeof next[0]);
	p->s.npages = (size_t)n;
	p->s.bleed_pt = bleed;
	pthread_mutex_unlock(&p->s.lock);
	return 0;
}
