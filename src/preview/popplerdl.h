/*
 * popplerdl.h - poppler-glib and cairo, opened when the preview first
 * renders a page instead of by every techzine process at start-up.
 *
 * Linked normally, poppler-glib brings 34 shared objects (libpoppler's C++
 * relocations, cairo, glib, X11 ...) that the dynamic loader binds before
 * main() of every command: measured, half of the start-up time of every
 * techzine process, and about a fifth of the CPU time of `techzine import`
 * of a 40-page document (docs/import.md). Only the preview renders pages,
 * so only it pays: the library is opened by its soname (found by CMake at
 * configure time), and the calls of the preview (pages.c, pages_helper.c,
 * diagboxes.c) go through a table of the functions it uses. Those files
 * keep calling them by their own names: the macros below route each call
 * through the table. Every path opens a document first
 * (tz_preview_open_pdf), which opens the library or fails with a message;
 * a new poppler, cairo or glib call in the preview needs its line here
 * (the link fails without one: the library is not linked).
 */
#ifndef TZ_PREVIEW_POPPLERDL_H
#define TZ_PREVIEW_POPPLERDL_H

#include <cairo.h>
#include <poppler.h>

#include "../util/error.h"

struct tz_popplerdl {
	PopplerDocument *(*document_new_from_file)(const char *, const char *, GError **);
	int (*document_get_n_pages)(PopplerDocument *);
	PopplerPage *(*document_get_page)(PopplerDocument *, int);
	void (*page_get_size)(PopplerPage *, double *, double *);
	void (*page_render_for_printing)(PopplerPage *, cairo_t *);
	GList *(*page_get_image_mapping)(PopplerPage *);
	cairo_surface_t *(*page_get_image)(PopplerPage *, gint);
	void (*page_free_image_mapping)(GList *);
	const char *(*get_version)(void);
	cairo_surface_t *(*image_surface_create)(cairo_format_t, int, int);
	int (*image_surface_get_width)(cairo_surface_t *);
	int (*image_surface_get_height)(cairo_surface_t *);
	int (*image_surface_get_stride)(cairo_surface_t *);
	unsigned char *(*image_surface_get_data)(cairo_surface_t *);
	cairo_status_t (*surface_status)(cairo_surface_t *);
	void (*surface_flush)(cairo_surface_t *);
	cairo_t *(*create)(cairo_surface_t *);
	void (*set_source_rgb)(cairo_t *, double, double, double);
	void (*paint)(cairo_t *);
	void (*scale)(cairo_t *, double, double);
	void (*destroy)(cairo_t *);
	cairo_status_t (*surface_write_to_png)(cairo_surface_t *, const char *);
	void (*surface_destroy)(cairo_surface_t *);
	const char *(*status_to_string)(cairo_status_t);
	void (*object_unref)(gpointer);
	void (*error_free)(GError *);
};

/* The table, opened on first use (once per process, thread-safe). NULL
 * with err when the library or one of its functions is missing. */
const struct tz_popplerdl *tz_popplerdl(struct tz_error *err);
/* poppler-glib's version, or NULL when it cannot be opened. */
const char *tz_popplerdl_version(void);

#ifdef TZ_POPPLERDL_CALLS
/* for pages.c: its calls go through the table (loaded before the first) */
#define TZ_PDL (tz_popplerdl(NULL))
#define poppler_document_new_from_file TZ_PDL->document_new_from_file
#define poppler_document_get_n_pages TZ_PDL->document_get_n_pages
#define poppler_document_get_page TZ_PDL->document_get_page
#define poppler_page_get_size TZ_PDL->page_get_size
#define poppler_page_render_for_printing TZ_PDL->page_render_for_printing
#define poppler_page_get_image_mapping TZ_PDL->page_get_image_mapping
#define poppler_page_get_image TZ_PDL->page_get_image
#define poppler_page_free_image_mapping TZ_PDL->page_free_image_mapping
#define cairo_image_surface_get_width TZ_PDL->image_surface_get_width
#define cairo_image_surface_get_height TZ_PDL->image_surface_get_height
#define cairo_image_surface_get_stride TZ_PDL->image_surface_get_stride
#define cairo_image_surface_get_data TZ_PDL->image_surface_get_data
#define cairo_surface_status TZ_PDL->surface_status
#define cairo_surface_flush TZ_PDL->surface_flush
#define cairo_image_surface_create TZ_PDL->image_surface_create
#define cairo_create TZ_PDL->create
#define cairo_set_source_rgb TZ_PDL->set_source_rgb
#define cairo_paint TZ_PDL->paint
#define cairo_scale TZ_PDL->scale
#define cairo_destroy TZ_PDL->destroy
#define cairo_surface_write_to_png TZ_PDL->surface_write_to_png
#define cairo_surface_destroy TZ_PDL->surface_destroy
#define cairo_status_to_string TZ_PDL->status_to_string
#define g_object_unref TZ_PDL->object_unref
#define g_error_free TZ_PDL->error_free
#endif

#endif
