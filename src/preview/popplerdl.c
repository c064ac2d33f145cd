/*
 * popplerdl.c - poppler-glib opened on first use (see popplerdl.h).
 *
 * dlopen of poppler-glib by its soname also loads what it links (cairo,
 * gobject, glib), and dlsym on its handle searches those too, so one
 * handle serves the whole table. The handle is kept for the process's
 * life: glib keeps state that must not be unloaded under it.
 */
#include "popplerdl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../util/banned.h"

#ifndef TZ_POPPLER_GLIB_SONAME
#define TZ_POPPLER_GLIB_SONAME "libpoppler-glib.so.8"
#endif

static struct tz_popplerdl table;
static int loaded; /* 1 ok, -1 failed */
static char failure[300];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* dlsym returns an object pointer; POSIX guarantees it converts to a
 * function pointer, which ISO C does not say: copy the bits. */
static int sym(void *h, const char *name, void *fn, size_t size)
{
	void *p = dlsym(h, name);

	if (!p) {
		snprintf(failure, sizeof(failure), "'%s' has no function %s", TZ_POPPLER_GLIB_SONAME,
			 name);
		return -1;
	}
	memcpy(fn, &p, size);
	return 0;
}

#define SYM(field, name) sym(h, name, &table.field, sizeof(table.field))

static void load(void)
{
	void *h = dlopen(TZ_POPPLER_GLIB_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		const char *e = dlerror();
		snprintf(failure, sizeof(failure), "cannot open %s (%s); install poppler-glib",
			 TZ_POPPLER_GLIB_SONAME, e ? e : "not found");
		loaded = -1;
		return;
	}
	if (SYM(document_new_from_file, "poppler_document_new_from_file") ||
	    SYM(document_get_n_pages, "poppler_document_get_n_pages") ||
	    SYM(document_get_page, "poppler_document_get_page") ||
	    SYM(page_get_size, "poppler_page_get_size") ||
	    SYM(page_render_for_printing, "poppler_page_render_for_printing") ||
	    SYM(page_get_image_mapping, "poppler_page_get_image_mapping") ||
	    SYM(page_get_image, "poppler_page_get_image") ||
	    SYM(page_free_image_mapping, "poppler_page_free_image_mapping") ||
	    SYM(image_surface_get_width, "cairo_image_surface_get_width") ||
	    SYM(image_surface_get_height, "cairo_image_surface_get_height") ||
	    SYM(image_surface_get_stride, "cairo_image_surface_get_stride") ||
	    SYM(image_surface_get_data, "cairo_image_surface_get_data") ||
	    SYM(surface_status, "cairo_surface_status") || SYM(surface_flush, "cairo_surface_flush") ||
	    SYM(get_version, "poppler_get_version") ||
	    SYM(image_surface_create, "cairo_image_surface_create") ||
	    SYM(create, "cairo_create") || SYM(set_source_rgb, "cairo_set_source_rgb") ||
	    SYM(paint, "cairo_paint") || SYM(scale, "cairo_scale") ||
	    SYM(destroy, "cairo_destroy") ||
	    SYM(surface_write_to_png, "cairo_surface_write_to_png") ||
	    SYM(surface_destroy, "cairo_surface_destroy") ||
	    SYM(status_to_string, "cairo_status_to_string") ||
	    SYM(object_unref, "g_object_unref") || SYM(error_free, "g_error_free")) {
		loaded = -1; /* the handle stays: a half-bound library is not closed under glib */
		return;
	}
	loaded = 1;
}

const struct tz_popplerdl *tz_popplerdl(struct tz_error *err)
{
	pthread_once(&once, load);
	if (loaded == 1)
		return &table;
	if (err)
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "%s", failure);
	return NULL;
}

const char *tz_popplerdl_version(void)
{
	const struct tz_popplerdl *t = tz_popplerdl(NULL);

	return t ? t->get_version() : NULL;
}
