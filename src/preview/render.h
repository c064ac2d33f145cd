/*
 * render.h - poppler's side of the page images (pages.c), shared with the
 * cold start's helper process (pages_helper.c). Kept out of preview.h so
 * that only these two files see glib and poppler.
 */
#ifndef TZ_PREVIEW_RENDER_H
#define TZ_PREVIEW_RENDER_H

#include <poppler.h>

#include "../util/error.h"

/* Open a PDF file; NULL with err set. The caller unrefs it. */
PopplerDocument *tz_preview_open_pdf(const char *pdf, struct tz_error *err);
/* Render one page at scale (1.0 = 72 dpi) into path (a PNG, written to
 * path.tmp and renamed). */
int tz_preview_render_page(PopplerPage *page, double scale, const char *path,
			   struct tz_error *err);

/* Poppler is used by one thread of the process at a time (pages.c). */
void tz_preview_render_lock(void);
void tz_preview_render_unlock(void);

#endif
