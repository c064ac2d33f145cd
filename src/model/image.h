/*
 * image.h - identify JPEG and PNG files by their bytes and read their pixel
 * size and resolution from the header, without decoding (and so without
 * allocating for the pixels: a file that claims 50,000 x 50,000 px is refused
 * before anything else happens).
 */
#ifndef TZ_IMAGE_H
#define TZ_IMAGE_H

#include <stddef.h>

#include "model.h"
#include "../util/error.h"

/* Probe data (the first bytes of a file, or all of it); fills type, width,
 * height, components, dpi. Returns 0, or -1 with a message in err. */
int tz_image_probe_mem(const unsigned char *data, size_t len, struct tz_image *img,
		       struct tz_error *err);
/* Probe the file at img->path (reads at most the header region). */
int tz_image_probe(struct tz_image *img, struct tz_error *err);

#endif
