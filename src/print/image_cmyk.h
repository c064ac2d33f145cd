/*
 * image_cmyk.h - turn a story's JPEG or PNG into a JPEG that can go straight
 * into the PDF: CMYK for print (colour-managed with LittleCMS, ink limited,
 * alpha flattened), or plain sRGB for the screen version.
 *
 * The one idea: the conversion is a pure function of (input bytes, options),
 * so its result is stored under the SHA-256 of both in a cache folder and a
 * rebuild only reads the cached JPEG. The CMYK JPEG holds non-inverted ink
 * values and no Adobe marker, so it embeds without any /Decode array.
 *
 * Usage (layout engine):
 *   struct tz_cmyk_options o; tz_cmyk_options_init(&o);
 *   o.icc_path = layout_icc;  o.ink_limit = 300;  o.cache_dir = "out/.cache/cmyk";
 *   struct tz_cmyk_result r;
 *   if (tz_cmyk_image_prepare(&fig->image, &o, &r, err)) return -1;
 *   HPDF_Image im = tz_cmyk_image_embed(pdf, &r, err);  // NULL on error
 *   HPDF_Page_DrawImage(page, im, x, y, w, h);
 * For the screen version set o.target = TZ_IMAGE_TARGET_RGB (same calls).
 */
#ifndef TZ_IMAGE_CMYK_H
#define TZ_IMAGE_CMYK_H

#include <stddef.h>

#include <hpdf.h>

#include "outcond.h"
#include "../model/model.h"
#include "../util/buf.h"
#include "../util/error.h"

/* The default output profile: FOGRA39 (coated paper) from Debian's
 * texlive-base; a layout names another with <print icc="..."/>. */
#define TZ_CMYK_DEFAULT_ICC TZ_FOGRA39_ICC
#define TZ_CMYK_DEFAULT_INK_LIMIT 300 /* percent total area coverage */
#define TZ_CMYK_JPEG_QUALITY 85

enum tz_image_target {
	TZ_IMAGE_TARGET_CMYK, /* print: DeviceCMYK in the output profile */
	TZ_IMAGE_TARGET_RGB   /* screen: sRGB, alpha flattened, no profile */
};

/* Running totals over many prepare calls (optional; set opt->stats). */
struct tz_cmyk_stats {
	unsigned hits, misses; /* cache */
	double convert_ms;     /* wall time spent converting (misses only) */
};

/* An output profile read once for a whole document: its bytes and the
 * SHA-256 that stands for them in the cache keys. */
struct tz_icc_profile {
	struct tz_buf data;
	unsigned char digest[32];
};
/* Read path (NULL: TZ_CMYK_DEFAULT_ICC). 0 or -1; release with
 * tz_icc_profile_release. */
int tz_icc_profile_load(struct tz_icc_profile *p, const char *path, struct tz_error *err);
void tz_icc_profile_release(struct tz_icc_profile *p);

struct tz_cmyk_options {
	enum tz_image_target target;
	const char *icc_path;  /* output CMYK profile; NULL = TZ_CMYK_DEFAULT_ICC */
	const struct tz_icc_profile *profile; /* the same, already read (NULL:
					       * read icc_path on every call) */
	int ink_limit;         /* percent, 100..400; C+M+Y+K never exceeds it */
	double bg_cmyk[4];     /* 0..1: what transparent pixels sit on (print) */
	double bg_rgb[3];      /* 0..1: the same for the screen version */
	const char *cache_dir; /* created if missing; NULL = no cache */
	int quality;           /* JPEG quality, default 90 */
	int max_width, max_height; /* pixels the page needs (0 = keep); a
				    * larger image is shrunk to fit them */
	int crop_x, crop_y, crop_w, crop_h; /* the part of the image that shows
					     * (pixels; crop_w 0 = all of it) */
	struct tz_cmyk_stats *stats; /* may be NULL */
};

struct tz_cmyk_result {
	char path[4096]; /* the JPEG to embed (in cache_dir, or a temp file) */
	int width, height;
	int components;  /* 4 (CMYK) or 3 (RGB) */
	int cache_hit;   /* 1 if no conversion was needed */
	int max_ink;     /* CMYK: largest C+M+Y+K of the decoded JPEG, levels
			  * 0..1020 (255 = 100 %) */
	int temporary;   /* 1 if path is a temp file the caller should unlink */
};

/* Defaults: CMYK target, default profile, 300 %, white background,
 * no cache, quality 90, no stats. */
void tz_cmyk_options_init(struct tz_cmyk_options *opt);

/* Decode img->path (JPEG or PNG; img->width/height/components as probed by
 * the model, re-checked against src/model/limits.h before decoding), convert
 * and write the JPEG. Returns 0 or -1 with err filled. */
int tz_cmyk_image_prepare(const struct tz_image *img,
			  const struct tz_cmyk_options *opt,
			  struct tz_cmyk_result *out, struct tz_error *err);

/* The same from bytes in memory (name is used in messages only). */
int tz_cmyk_image_prepare_mem(const unsigned char *data, size_t len,
			      const char *name,
			      const struct tz_cmyk_options *opt,
			      struct tz_cmyk_result *out, struct tz_error *err);

/* Load a prepared JPEG into pdf (HPDF_LoadJpegImageFromFile) and make its
 * colour interpretation explicit (no /Decode for our non-inverted CMYK).
 * Returns the image (owned by pdf) or NULL with err filled. */
HPDF_Image tz_cmyk_image_embed(HPDF_Doc pdf, const struct tz_cmyk_result *res,
			       struct tz_error *err);

/* Limit total area coverage of one pixel in place (values 0..255 per ink,
 * limit in percent): grey component replacement first, then scale CMY.
 * Exposed for tests. */
void tz_cmyk_limit_ink(unsigned char cmyk[4], int limit_percent);

#endif
