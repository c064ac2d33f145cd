/*
 * resample.h - shrink decoded pixels to the size the page needs (print
 * images are embedded at about 300 ppi of their placed size, not at
 * whatever the photographer delivered).
 *
 * The one idea: area averaging. Every output pixel is the mean of the
 * input area it covers, with fractional weights at the edges, which is the
 * correct low-pass filter for shrinking and never rings or sharpens.
 */
#ifndef TZ_RESAMPLE_H
#define TZ_RESAMPLE_H

/* Shrink interleaved 8-bit pixels (channels per pixel) from w x h to
 * nw x nh (nw <= w, nh <= h). Returns a new tz_malloc'd buffer, or NULL
 * on no memory or bad sizes. */
unsigned char *tz_resample_area(const unsigned char *in, int w, int h, int channels, int nw,
				int nh);

#endif
