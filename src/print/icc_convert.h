/*
 * icc_convert.h - colour conversion of decoded pixels with LittleCMS, and the
 * total-ink limit (internal to src/print/image_cmyk.c and its tests).
 *
 * The one idea: every source (grey, RGB, RGBA, CMYK; tagged or not) goes
 * through one lcms transform to the target space (relative colorimetric +
 * black-point compensation), alpha is composited onto the background in the
 * target space, and the ink limit is a per-pixel function applied after.
 */
#ifndef TZ_ICC_CONVERT_H
#define TZ_ICC_CONVERT_H

#include <stddef.h>

#include "image_cmyk.h"
#include "../util/buf.h"
#include "../util/error.h"

enum tz_px_format { TZ_PX_GRAY, TZ_PX_RGB, TZ_PX_RGBA, TZ_PX_CMYK };

struct tz_pixels {
	unsigned char *data; /* tz_malloc'd, rows packed */
	int w, h;
	enum tz_px_format fmt;
	unsigned char *icc; /* embedded profile (libjpeg's malloc or tz_malloc) */
	size_t icc_len;
};

/* Free the pixel rows and the profile; the struct is zeroed. */
void tz_pixels_release(struct tz_pixels *p);
/* Convert px to opt->target (w*h*4 CMYK or w*h*3 RGB into *out, tz_malloc'd),
 * alpha flattened onto the background; out_icc is the output profile's bytes
 * (CMYK target). Grey pixels may be expanded to RGB in place. 0 or -1. */
int tz_icc_convert(struct tz_pixels *px, const struct tz_cmyk_options *opt,
		   const struct tz_buf *out_icc, unsigned char **out,
		   struct tz_error *err);
/* A grey source for print: K only. The table maps each grey level (through
 * the source's grey profile, else as sRGB grey) to the DeviceGray value
 * (0 = 100 % K) whose K alone prints the same lightness in the output
 * profile, black point compensated. 0 or -1. */
int tz_icc_grey_to_k_table(const struct tz_pixels *px, const struct tz_buf *out_icc,
			   unsigned char lut[256]);
/* w*h DeviceGray bytes into *out (tz_malloc'd). 0 or -1. */
int tz_icc_grey_to_k(struct tz_pixels *px, const struct tz_buf *out_icc, unsigned char **out,
		     struct tz_error *err);
/* tz_cmyk_limit_ink with the limit in levels (0..1020) instead of percent. */
void tz_cmyk_limit_ink_levels(unsigned char cmyk[4], int lim);

#endif
