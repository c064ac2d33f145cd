/*
 * icc_convert.c - LittleCMS conversion of decoded pixels to the print (CMYK)
 * or screen (sRGB) space, alpha flattening and the total-ink limit.
 *
 * The one idea: one lcms transform per image from the best source profile we
 * have (embedded, else sRGB; untagged CMYK is taken to be in the output
 * condition already) with relative colorimetric intent and black-point
 * compensation; everything after it (alpha, ink) works on output values.
 */
#include "icc_convert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lcms2.h>

#include "../util/alloc.h"
#include "../util/banned.h"

void tz_cmyk_limit_ink_levels(unsigned char cmyk[4], int lim)
{
	int c = cmyk[0], m = cmyk[1], y = cmyk[2], k = cmyk[3];
	int excess = c + m + y + k - lim;
	if (excess <= 0)
		return;
	/* Grey component replacement: equal parts of C, M and Y become K. */
	int g = c < m ? c : m;
	g = g < y ? g : y;
	int t = (excess + 1) / 2;
	if (t > g)
		t = g;
	if (t > 255 - k)
		t = 255 - k;
	c -= t, m -= t, y -= t, k += t;
	int cmy = c + m + y;
	if (cmy + k > lim && cmy > 0) {
		int room = lim - k > 0 ? lim - k : 0;
		c = c * room / cmy;
		m = m * room / cmy;
		y = y * room / cmy;
	}
	cmyk[0] = (unsigned char)c, cmyk[1] = (unsigned char)m;
	cmyk[2] = (unsigned char)y, cmyk[3] = (unsigned char)k;
}

void tz_cmyk_limit_ink(unsigned char cmyk[4], int limit_percent)
{
	tz_cmyk_limit_ink_levels(cmyk, limit_percent * 255 / 100);
}

static int px_channels(enum tz_px_format f)
{
	return f == TZ_PX_GRAY ? 1 : f == TZ_PX_RGB ? 3 : 4;
}

void tz_pixels_release(struct tz_pixels *p)
{
	free(p->data);
	free(p->icc);
	memset(p, 0, sizeof(*p));
}

/* ---- colour conversion ---- */

static cmsUInt32Number lcms_type(enum tz_px_format f)
{
	switch (f) {
	case TZ_PX_GRAY: return TYPE_GRAY_8;
	case TZ_PX_RGB: return TYPE_RGB_8;
	case TZ_PX_RGBA: return TYPE_RGBA_8;
	default: return TYPE_CMYK_8;
	}
}

/* Grey without a profile is treated as sRGB grey: expand it to RGB. */
static int grey_to_rgb(struct tz_pixels *px, struct tz_error *err)
{
	size_t n = (size_t)px->w * (size_t)px->h;
	unsigned char *rgb = tz_malloc(n * 3);
	if (!rgb)
		return tz_error_nomem(err);
	for (size_t i = 0; i < n; i++)
		rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = px->data[i];
	free(px->data);
	px->data = rgb;
	px->fmt = TZ_PX_RGB;
	return 0;
}

static cmsHPROFILE input_profile(struct tz_pixels *px, const struct tz_buf *out_icc,
				 struct tz_error *err)
{
	if (px->icc) {
		cmsHPROFILE p = cmsOpenProfileFromMem(px->icc, (cmsUInt32Number)px->icc_len);
		if (p) {
			cmsColorSpaceSignature cs = cmsGetColorSpace(p);
			int fits = (px->fmt == TZ_PX_GRAY && cs == cmsSigGrayData) ||
				   ((px->fmt == TZ_PX_RGB || px->fmt == TZ_PX_RGBA) &&
				    cs == cmsSigRgbData) ||
				   (px->fmt == TZ_PX_CMYK && cs == cmsSigCmykData);
			if (fits)
				return p;
			cmsCloseProfile(p);
		}
	}
	if (px->fmt == TZ_PX_GRAY && grey_to_rgb(px, err))
		return NULL;
	if (px->fmt == TZ_PX_CMYK) /* untagged CMYK: assume the output condition */
		return cmsOpenProfileFromMem(out_icc->data, (cmsUInt32Number)out_icc->len);
	return cmsCreate_sRGBProfile();
}

/* Convert px into out (w*h*4 CMYK or w*h*3 RGB), flatten alpha, limit ink. */
int tz_icc_convert(struct tz_pixels *px, const struct tz_cmyk_options *opt,
		   const struct tz_buf *out_icc, unsigned char **out,
		   struct tz_error *err)
{
	int cmyk = opt->target == TZ_IMAGE_TARGET_CMYK;
	cmsHPROFILE in = input_profile(px, out_icc, err);
	if (!in)
		return err->code ? -1 : tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
						     "cannot use colour profile");
	cmsHPROFILE dst = cmyk ? cmsOpenProfileFromMem(out_icc->data,
						       (cmsUInt32Number)out_icc->len)
			       : cmsCreate_sRGBProfile();
	if (!dst) {
		cmsCloseProfile(in);
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot use output colour profile '%s'",
				    opt->icc_path ? opt->icc_path : TZ_CMYK_DEFAULT_ICC);
	}
	cmsHTRANSFORM xf = cmsCreateTransform(in, lcms_type(px->fmt), dst,
					      cmyk ? TYPE_CMYK_8 : TYPE_RGB_8,
					      INTENT_RELATIVE_COLORIMETRIC,
					      cmsFLAGS_BLACKPOINTCOMPENSATION);
	cmsCloseProfile(in);
	cmsCloseProfile(dst);
	if (!xf)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot build colour transform");
	int nout = cmyk ? 4 : 3, nin = px_channels(px->fmt);
	size_t n = (size_t)px->w * (size_t)px->h;
	unsigned char *o = tz_malloc(n * (size_t)nout);
	if (!o) {
		cmsDeleteTransform(xf);
		return tz_error_nomem(err);
	}
	for (int row = 0; row < px->h; row++) {
		size_t first = (size_t)row * (size_t)px->w;
		cmsDoTransform(xf, px->data + first * (size_t)nin,
			       o + first * (size_t)nout, (cmsUInt32Number)px->w);
	}
	cmsDeleteTransform(xf);
	double bg[4];
	for (int c = 0; c < nout; c++)
		bg[c] = 255.0 * (cmyk ? opt->bg_cmyk[c] : opt->bg_rgb[c]);
	for (size_t i = 0; i < n; i++) {
		unsigned char *p = o + i * (size_t)nout;
		if (px->fmt == TZ_PX_RGBA) {
			double a = px->data[i * 4 + 3] / 255.0;
			for (int c = 0; c < nout; c++)
				p[c] = (unsigned char)(a * p[c] + (1 - a) * bg[c] + 0.5);
		}
	}
	*out = o;
	return 0;
}

/* ---- grey sources: K only ---- */

/* CIE Y (0..1) of a CIE L* */
static double y_of_l(double l)
{
	return l > 8 ? pow((l + 16) / 116, 3) : l / 903.3;
}

/* L* of the 256 levels of a grey source: through its own grey profile, or
 * as sRGB grey (what an untagged grey PNG or JPEG means on screen). */
static int source_lightness(const struct tz_pixels *px, cmsHPROFILE lab, double l[256])
{
	cmsHPROFILE in = NULL;
	cmsUInt32Number type = TYPE_RGB_8;
	unsigned char levels[256 * 3];
	cmsCIELab out[256];
	if (px->icc) {
		in = cmsOpenProfileFromMem(px->icc, (cmsUInt32Number)px->icc_len);
		if (in && cmsGetColorSpace(in) == cmsSigGrayData) {
			type = TYPE_GRAY_8;
		} else if (in) {
			cmsCloseProfile(in);
			in = NULL;
		}
	}
	if (!in)
		in = cmsCreate_sRGBProfile();
	if (!in)
		return -1;
	cmsHTRANSFORM xf = cmsCreateTransform(in, type, lab, TYPE_Lab_DBL,
					      INTENT_RELATIVE_COLORIMETRIC, 0);
	cmsCloseProfile(in);
	if (!xf)
		return -1;
	for (size_t i = 0; i < 256; i++)
		levels[3 * i] = levels[3 * i + 1] = levels[3 * i + 2] = (unsigned char)i;
	if (type == TYPE_GRAY_8)
		for (int i = 0; i < 256; i++)
			levels[i] = (unsigned char)i;
	cmsDoTransform(xf, levels, out, 256);
	cmsDeleteTransform(xf);
	for (int i = 0; i < 256; i++)
		l[i] = out[i].L;
	return 0;
}

/* L* of K alone, 0..100 %, in the output condition */
static int k_lightness(const struct tz_buf *out_icc, cmsHPROFILE lab, double l[256])
{
	unsigned char cmyk[256 * 4];
	cmsCIELab out[256];
	cmsHPROFILE p = cmsOpenProfileFromMem(out_icc->data, (cmsUInt32Number)out_icc->len);
	if (!p)
		return -1;
	cmsHTRANSFORM xf = cmsCreateTransform(p, TYPE_CMYK_8, lab, TYPE_Lab_DBL,
					      INTENT_RELATIVE_COLORIMETRIC, 0);
	cmsCloseProfile(p);
	if (!xf)
		return -1;
	memset(cmyk, 0, sizeof(cmyk));
	for (int k = 0; k < 256; k++)
		cmyk[4 * k + 3] = (unsigned char)k;
	cmsDoTransform(xf, cmyk, out, 256);
	cmsDeleteTransform(xf);
	for (int k = 0; k < 256; k++)
		l[k] = out[k].L;
	return 0;
}

int tz_icc_grey_to_k_table(const struct tz_pixels *px, const struct tz_buf *out_icc,
			   unsigned char lut[256])
{
	double src[256], kl[256], ky[256];
	cmsHPROFILE lab = cmsCreateLab4Profile(NULL);
	int rc = lab ? 0 : -1;
	if (rc == 0)
		rc = source_lightness(px, lab, src);
	if (rc == 0)
		rc = k_lightness(out_icc, lab, kl);
	if (lab)
		cmsCloseProfile(lab);
	if (rc)
		return -1;
	for (int k = 0; k < 256; k++)
		ky[k] = y_of_l(kl[k]);
	/* black-point compensation in Y: the source's black and white become
	 * 100 % K and paper white */
	double sb = y_of_l(src[0]), sw = y_of_l(src[255]);
	double kb = ky[255], kw = ky[0];
	if (sw - sb < 1e-6)
		sw = sb + 1e-6;
	for (int g = 0; g < 256; g++) {
		double y = kb + (y_of_l(src[g]) - sb) * (kw - kb) / (sw - sb);
		int best = 0;
		double bd = 1e9;
		for (int k = 0; k < 256; k++) { /* ky falls with k: the nearest */
			double d = fabs(ky[k] - y);
			if (d < bd)
				bd = d, best = k;
		}
		lut[g] = (unsigned char)(255 - best); /* DeviceGray: 0 is full K */
	}
	return 0;
}

int tz_icc_grey_to_k(struct tz_pixels *px, const struct tz_buf *out_icc, unsigned char **out,
		     struct tz_error *err)
{
	unsigned char lut[256];
	size_t n = (size_t)px->w * (size_t)px->h;
	if (px->fmt != TZ_PX_GRAY)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "not a grey image");
	if (tz_icc_grey_to_k_table(px, out_icc, lut))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot build the grey-to-black table of the output profile");
	unsigned char *o = tz_malloc(n ? n : 1);
	if (!o)
		return tz_error_nomem(err);
	for (size_t i = 0; i < n; i++)
		o[i] = lut[px->data[i]];
	*out = o;
	return 0;
}
