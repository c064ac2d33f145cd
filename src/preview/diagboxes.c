/*
 * diagboxes.c - diagnostics drawn where they are on the page (issue 23).
 * A diagnostic of the print build says which page; for an image it also
 * says the image's size in pixels ("image 'x.jpg' (640 x 480 px) prints
 * at 200 ppi on page 5"). That is enough to find the image's box on that
 * page in the PDF itself (poppler's image mapping, each image's pixel
 * size), so the preview needs nothing from the layout code to draw a
 * frame around the low-resolution picture. A hole at the foot of a page
 * ("page 3: 31 % of the text area is empty at the foot (19 of 61
 * lines)") is the last lines of the layout's text area, which the
 * preview reads from the layout (build.c). Diagnostics without either
 * (overset, missing glyphs, ink) keep their badge on the page.
 *
 * Finding a size means decoding the page's images, so the answer is kept
 * per page hash: an edit elsewhere finds it again without poppler.
 */
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preview.h"
#include "render.h"
#define TZ_POPPLERDL_CALLS /* poppler and cairo are opened on first use */
#include "popplerdl.h"
#include "../util/banned.h"

#define CACHE 64

struct found {
	unsigned long long hash; /* of the page */
	int w, h;                /* the image's pixels */
	double box[4];
};

static struct found cache[CACHE]; /* the builder thread's only */
static size_t ncache, next_slot;

/* "page 3: 31 % of the text area is empty at the foot (19 of 61 lines)":
 * the box of those last lines on the page (MediaBox points from the top
 * left), from the text area; 0 when it is not that message. */
static int hole_box(const struct tz_preview_state *s, const char *msg, int page, double box[4])
{
	long lines, grid;
	if (s->baseline <= 0 || (size_t)page > s->npages || !tz_preview_hole_lines(msg, &lines, &grid))
		return 0;
	/* odd pages are right-hand pages: the inner margin on the left */
	double left = page % 2 ? s->inner : s->outer;
	double inset = s->bleed_pt; /* the trim's offset in the page box */
	box[0] = inset + left;
	box[1] = inset + s->text_top + (double)(grid - lines) * s->baseline;
	box[2] = s->trim_w - s->inner - s->outer;
	box[3] = (double)lines * s->baseline;
	return box[2] > 0 && box[0] + box[2] <= s->pages[page - 1].w + 0.5 &&
	       box[1] + box[3] <= s->pages[page - 1].h + 0.5;
}

static int box_on_page(PopplerDocument *doc, int page_no, int w, int h, double box[4])
{
	PopplerPage *page = poppler_document_get_page(doc, page_no - 1);
	int found = 0;
	if (!page)
		return 0;
	GList *map = poppler_page_get_image_mapping(page);
	for (GList *e = map; e && !found; e = e->next) {
		const PopplerImageMapping *m = e->data;
		cairo_surface_t *s = poppler_page_get_image(page, m->image_id);
		if (s && cairo_image_surface_get_width(s) == w &&
		    cairo_image_surface_get_height(s) == h) {
			box[0] = m->area.x1;
			box[1] = m->area.y1;
			box[2] = m->area.x2 - m->area.x1;
			box[3] = m->area.y2 - m->area.y1;
			found = 1;
		}
		if (s)
			cairo_surface_destroy(s);
	}
	poppler_page_free_image_mapping(map);
	g_object_unref(page);
	return found;
}

void tz_preview_diag_boxes(struct tz_preview *p, const char *pdf)
{
	struct want {
		size_t diag;
		unsigned long long hash;
		double box[4];
		int page, w, h, found;
	} want[32];
	size_t nwant = 0;
	PopplerDocument *doc = NULL;
	struct tz_error err;

	pthread_mutex_lock(&p->s.lock);
	for (size_t i = 0; i < p->s.ndiags && nwant < sizeof want / sizeof want[0]; i++) {
		struct tz_preview_diag *d = &p->s.diags[i];
		struct want *x = &want[nwant];
		memset(d->box, 0, sizeof d->box);
		if (d->page < 1 || (size_t)d->page > p->s.npages)
			continue;
		if (hole_box(&p->s, d->msg, d->page, d->box) || !tz_preview_image_size(d->msg, &x->w, &x->h))
			continue;
		x->diag = i;
		x->page = d->page;
		x->hash = p->s.pages[d->page - 1].hash;
		x->found = 0;
		nwant++;
	}
	pthread_mutex_unlock(&p->s.lock);

	for (size_t k = 0; k < nwant; k++) {
		struct want *x = &want[k];
		for (size_t c = 0; c < ncache && !x->found; c++)
			if (x->hash && cache[c].hash == x->hash && cache[c].w == x->w &&
			    cache[c].h == x->h) {
				memcpy(x->box, cache[c].box, sizeof x->box);
				x->found = 1;
			}
		if (x->found)
			continue;
		if (!doc) {
			tz_preview_render_lock();
			doc = tz_preview_open_pdf(pdf, &err);
			if (!doc) {
				tz_preview_render_unlock();
				break;
			}
		}
		if ((x->found = box_on_page(doc, x->page, x->w, x->h, x->box)) && x->hash) {
			struct found *f = &cache[next_slot];
			f->hash = x->hash;
			f->w = x->w;
			f->h = x->h;
			memcpy(f->box, x->box, sizeof f->box);
			next_slot = (next_slot + 1) % CACHE;
			if (ncache < CACHE)
				ncache++;
		}
	}
	if (doc) {
		g_object_unref(doc);
		tz_preview_render_unlock();
	}

	pthread_mutex_lock(&p->s.lock);
	for (size_t k = 0; k < nwant; k++)
		if (want[k].found && want[k].diag < p->s.ndiags)
			memcpy(p->s.diags[want[k].diag].box, want[k].box, sizeof want[k].box);
	pthread_mutex_unlock(&p->s.lock);
}
