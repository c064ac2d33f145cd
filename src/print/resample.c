/*
 * resample.c - area-averaging downsampler (see resample.h). Separable: rows
 * first into a float buffer, then columns.
 */
#include "resample.h"

#include <math.h>
#include <stdlib.h>

#include "../util/alloc.h"
#include "../util/banned.h"

/* Weights of the input samples that make up output sample o of n from a
 * line of len: [start, end) with fractional first and last weights. */
struct span {
	int start, end;
	float first, last;
	float norm;
};

static struct span *spans(int len, int n)
{
	struct span *s = tz_calloc((size_t)n, sizeof(*s));
	double scale = (double)len / n;
	if (!s)
		return NULL;
	for (int o = 0; o < n; o++) {
		double a = o * scale, b = (o + 1) * scale;
		int ia = (int)floor(a), ib = (int)ceil(b);
		if (ib > len)
			ib = len;
		if (ib <= ia)
			ib = ia + 1;
		s[o].start = ia;
		s[o].end = ib;
		s[o].first = (float)(ia + 1 - a);
		s[o].last = (float)(b - (ib - 1));
		if (ib - ia == 1)
			s[o].first = s[o].last = (float)(b - a);
		s[o].norm = (float)(1.0 / (b - a));
	}
	return s;
}

static float weight(const struct span *sp, int i)
{
	if (i == sp->start)
		return sp->first;
	if (i == sp->end - 1)
		return sp->last;
	return 1.0f;
}

unsigned char *tz_resample_area(const unsigned char *in, int w, int h, int channels, int nw,
				int nh)
{
	struct span *sx, *sy;
	float *tmp;
	unsigned char *out;
	size_t c = (size_t)channels;

	if (nw < 1 || nh < 1 || nw > w || nh > h || channels < 1 || channels > 4)
		return NULL;
	sx = spans(w, nw);
	sy = spans(h, nh);
	tmp = tz_malloc((size_t)nw * (size_t)h * c * sizeof(float));
	out = tz_malloc((size_t)nw * (size_t)nh * c);
	if (!sx || !sy || !tmp || !out) {
		free(sx);
		free(sy);
		free(tmp);
		free(out);
		return NULL;
	}
	for (int y = 0; y < h; y++) {
		const unsigned char *row = in + (size_t)y * (size_t)w * c;
		float *t = tmp + (size_t)y * (size_t)nw * c;
		for (int o = 0; o < nw; o++) {
			float acc[4] = {0, 0, 0, 0};
			for (int i = sx[o].start; i < sx[o].end; i++) {
				float wt = weight(&sx[o], i);
				for (size_t k = 0; k < c; k++)
					acc[k] += wt * row[(size_t)i * c + k];
			}
			for (size_t k = 0; k < c; k++)
				t[(size_t)o * c + k] = acc[k] * sx[o].norm;
		}
	}
	for (int o = 0; o < nh; o++) {
		unsigned char *orow = out + (size_t)o * (size_t)nw * c;
		for (size_t xk = 0; xk < (size_t)nw * c; xk++) {
			float acc = 0;
			for (int i = sy[o].start; i < sy[o].end; i++)
				acc += weight(&sy[o], i) * tmp[(size_t)i * (size_t)nw * c + xk];
			acc *= sy[o].norm;
			orow[xk] = (unsigned char)(acc < 0 ? 0 : acc > 255 ? 255 : acc + 0.5f);
		}
	}
	free(sx);
	free(sy);
	free(tmp);
	return out;
}
