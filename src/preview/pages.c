/*
 * pages.c - the preview's page images, rendered from the PDF techzine just
 * wrote with poppler-glib and cairo (GPL, as the project; chosen over
 * MuPDF, AGPL, see docs/preview.md).
 *
 * Only pages whose content changed are rendered again. A page's hash
 * covers its size, its text (in reading order, with its line breaks) and
 * the place of every image on it: a story edit changes the text of the
 * pages it touches, so they get a new hash and the others keep theirs.
 * (The characters' positions are not hashed: asking poppler for them
 * costs more than rendering most pages.) What can
 * change the pixels without moving text or images (an image file, a
 * layout, the theme, the issue file) is a change outside stories/, and
 * then the watcher asks for every page (force).
 */
#include <cairo.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preview.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define SCALE 1.5 /* 108 dpi: a page fills a large window sharply */

static unsigned long long fnv(unsigned long long h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static unsigned long long page_hash(PopplerPage *page, double w, double h)
{
	unsigned long long hash = 0xcbf29ce484222325ULL;
	hash = fnv(hash, &w, sizeof w);
	hash = fnv(hash, &h, sizeof h);
	char *text = poppler_page_get_text(page);
	if (text) {
		hash = fnv(hash, text, strlen(text));
		g_free(text);
	}
	GList *images = poppler_page_get_image_mapping(page);
	for (GList *l = images; l; l = l->next) {
		PopplerImageMapping *m = l->data;
		hash = fnv(hash, &m->area, sizeof m->area);
	}
	poppler_page_free_image_mapping(images);
	return hash;
}

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
 * crop marks). libharu writes one /TrimBox per page, all the same. */
static double bleed_of(const char *pdf)
{
	struct tz_buf b;
	struct tz_error err;
	double x0 = 0, y0, x1, y1;
	tz_buf_init(&b, 256 * 1024 * 1024);
	if (!tz_read_file(pdf, 256 * 1024 * 1024, &b, &err)) {
		const char *t = memmem(b.data, b.len, "/TrimBox", 8);
		if (t && (size_t)(b.data + b.len - t) > 64) {
			char head[64];
			memcpy(head, t + 8, sizeof head - 1);
			head[sizeof head - 1] = '\0';
			if (sscanf(head, " [ %lf %lf %lf %lf", &x0, &y0, &x1, &y1) != 4)
				x0 = 0;
		}
	}
	tz_buf_release(&b);
	return x0;
}

int tz_preview_pages(struct tz_preview *p, const char *pdf, int force, size_t *rendered,
		     struct tz_error *err)
{
	char uri[1300], dir[1100], path[1200];
	GError *gerr = NULL;
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
	double bleed = bleed_of(pdf);
	int n = poppler_document_get_n_pages(doc);
	if (n > TZ_PREVIEW_MAX_PAGES)
		n = TZ_PREVIEW_MAX_PAGES;
	struct tz_preview_page next[TZ_PREVIEW_MAX_PAGES];
	int rc = 0;
	*rendered = 0;
	for (int i = 0; i < n && !rc; i++) {
		PopplerPage *page = poppler_document_get_page(doc, i);
		double w, h;
		if (!page)
			continue;
		poppler_page_get_size(page, &w, &h);
		next[i].hash = page_hash(page, w, h);
		next[i].w = w;
		next[i].h = h;
		pthread_mutex_lock(&p->s.lock);
		int same = !force && (size_t)i < p->s.npages && p->s.pages[i].hash == next[i].hash;
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
