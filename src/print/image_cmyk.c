/*
 * image_cmyk.c - decode a JPEG or PNG, convert it to the print (CMYK) or
 * screen (sRGB) colour space and write the JPEG the PDF embeds.
 *
 * The one idea: the whole conversion is a pure function of the input bytes,
 * the profile bytes and the options, so the SHA-256 of all of them names the
 * result in the cache folder; a rebuild finds the file and decodes nothing.
 * Pixels go through LittleCMS in icc_convert.c (relative colorimetric + black-point
 * compensation), alpha is composited onto the background in the output
 * space, and total ink is limited per pixel (grey component replacement,
 * then scaling of C, M and Y). The CMYK JPEG stores plain ink values with no
 * Adobe APP14 marker, which is what a PDF DCTDecode filter without /Decode
 * means; libjpeg, libpng, lcms2 and nettle do all the real work.
 */
#include "image_cmyk.h"
#include "icc_convert.h"
#include "resample.h"

#include <errno.h>
#include <setjmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf_objects.h>
#include <jpeglib.h>
#include <nettle/sha2.h>
#include <png.h>
#include <zlib.h>

#include "../model/image.h"
#include "../model/limits.h"
#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_ICC_BYTES ((size_t)4 * 1024 * 1024)

void tz_cmyk_options_init(struct tz_cmyk_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->target = TZ_IMAGE_TARGET_CMYK;
	opt->ink_limit = TZ_CMYK_DEFAULT_INK_LIMIT;
	opt->bg_rgb[0] = opt->bg_rgb[1] = opt->bg_rgb[2] = 1.0;
	opt->quality = TZ_CMYK_JPEG_QUALITY;
}

/* ---- decoded pixels ---- */

static int check_size(long w, long h, const char *name, struct tz_error *err)
{
	if (w <= 0 || h <= 0 || w > TZ_MAX_IMAGE_SIDE || h > TZ_MAX_IMAGE_SIDE ||
	    w * h > TZ_MAX_IMAGE_PIXELS)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "image too large to decode '%s': %ldx%ld px "
				    "(limits %d px a side, %ld px)",
				    name, w, h, TZ_MAX_IMAGE_SIDE, TZ_MAX_IMAGE_PIXELS);
	return 0;
}

struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void jerr_exit(j_common_ptr cinfo)
{
	struct jerr *je = (struct jerr *)cinfo->err;
	(*cinfo->err->format_message)(cinfo, je->msg);
	longjmp(je->jb, 1);
}

static void jerr_silent(j_common_ptr cinfo, int level)
{
	(void)cinfo, (void)level;
}

/* fancy: libjpeg's smooth chroma upsampling (what most readers do); 0 gives
 * the plain replication some RIPs use */
static int decode_jpeg_with(const unsigned char *data, size_t len, const char *name,
			    struct tz_pixels *px, int fancy, struct tz_error *err)
{
	struct jpeg_decompress_struct ci;
	struct jerr je;
	unsigned char *volatile buf = NULL;
	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = jerr_exit;
	je.mgr.emit_message = jerr_silent;
	if (setjmp(je.jb)) {
		free(buf);
		jpeg_destroy_decompress(&ci);
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot decode JPEG '%s': %s", name, je.msg);
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_save_markers(&ci, JPEG_APP0 + 2, 0xFFFF);
	jpeg_read_header(&ci, TRUE);
	if (check_size((long)ci.image_width, (long)ci.image_height, name, err)) {
		jpeg_destroy_decompress(&ci);
		return -1;
	}
	int inverted = 0;
	if (ci.num_components == 4) {
		ci.out_color_space = JCS_CMYK;
		px->fmt = TZ_PX_CMYK;
		inverted = ci.saw_Adobe_marker; /* Adobe writes inverted CMYK */
	} else if (ci.num_components == 1) {
		ci.out_color_space = JCS_GRAYSCALE;
		px->fmt = TZ_PX_GRAY;
	} else {
		ci.out_color_space = JCS_RGB;
		px->fmt = TZ_PX_RGB;
	}
	JOCTET *icc = NULL;
	unsigned icc_len = 0;
	if (jpeg_read_icc_profile(&ci, &icc, &icc_len) && icc_len > 0) {
		px->icc = icc;
		px->icc_len = icc_len;
	}
	ci.do_fancy_upsampling = fancy ? TRUE : FALSE;
	jpeg_start_decompress(&ci);
	size_t stride = (size_t)ci.output_width * (size_t)ci.output_components;
	buf = tz_malloc(stride * ci.output_height);
	if (!buf) {
		jpeg_destroy_decompress(&ci);
		return tz_error_nomem(err);
	}
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = buf + stride * ci.output_scanline;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	px->w = (int)ci.output_width;
	px->h = (int)ci.output_height;
	jpeg_destroy_decompress(&ci);
	if (inverted)
		for (size_t i = 0; i < stride * (size_t)px->h; i++)
			buf[i] = (unsigned char)(255 - buf[i]);
	px->data = buf;
	return 0;
}

/* The iCCP chunk's profile, if any (the simplified libpng API drops it). */
static int decode_jpeg(const unsigned char *data, size_t len, const char *name,
		       struct tz_pixels *px, struct tz_error *err)
{
	return decode_jpeg_with(data, len, name, px, 1, err);
}

static void png_icc(const unsigned char *d, size_t len, struct tz_pixels *px)
{
	size_t at = 8;
	while (at + 12 <= len) {
		uint32_t n = (uint32_t)d[at] << 24 | (uint32_t)d[at + 1] << 16 |
			     (uint32_t)d[at + 2] << 8 | d[at + 3];
		const unsigned char *type = d + at + 4, *body = d + at + 8;
		if (n > len - at - 12 || memcmp(type, "IDAT", 4) == 0)
			return;
		if (memcmp(type, "iCCP", 4) == 0) {
			const unsigned char *nul = memchr(body, 0, n < 80 ? n : 80);
			if (!nul || (size_t)(nul - body) + 2 > n || nul[1] != 0)
				return;
			size_t zlen = n - (size_t)(nul - body) - 2;
			uLongf out = MAX_ICC_BYTES;
			unsigned char *icc = tz_malloc(out);
			if (icc && uncompress(icc, &out, nul + 2, (uLong)zlen) == Z_OK) {
				px->icc = icc;
				px->icc_len = out;
			} else {
				free(icc);
			}
			return;
		}
		at += (size_t)n + 12;
	}
}

static int decode_png(const unsigned char *data, size_t len, const char *name,
		      struct tz_pixels *px, struct tz_error *err)
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, data, len))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot decode PNG '%s': %s", name, im.message);
	if (check_size((long)im.width, (long)im.height, name, err)) {
		png_image_free(&im);
		return -1;
	}
	int alpha = (im.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	int colour = (im.format & PNG_FORMAT_FLAG_COLOR) != 0;
	if (alpha) {
		im.format = PNG_FORMAT_RGBA;
		px->fmt = TZ_PX_RGBA;
	} else if (colour) {
		im.format = PNG_FORMAT_RGB;
		px->fmt = TZ_PX_RGB;
	} else {
		im.format = PNG_FORMAT_GRAY;
		px->fmt = TZ_PX_GRAY;
	}
	size_t size = PNG_IMAGE_SIZE(im);
	unsigned char *buf = tz_malloc(size);
	if (!buf) {
		png_image_free(&im);
		return tz_error_nomem(err);
	}
	if (!png_image_finish_read(&im, NULL, buf, 0, NULL)) {
		free(buf);
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot decode PNG '%s': %s", name, im.message);
	}
	px->w = (int)im.width;
	px->h = (int)im.height;
	px->data = buf;
	png_icc(data, len, px);
	return 0;
}

/*
 * CMYK goes out as Adobe YCCK: the inverted ink values (Adobe's
 * convention, marked by the Adobe APP14 segment) turned into a luma and two
 * chroma channels of which the chroma is stored at half resolution, plus K
 * at full resolution. Detail lives in luma and K, so nothing visible is
 * lost, and the file is about half the size of plain four-channel CMYK.
 * The PDF image then carries /Decode [1 0 1 0 1 0 1 0], as Acrobat,
 * Ghostscript and poppler expect for Adobe CMYK JPEGs.
 */
static int encode_jpeg(const unsigned char *pix, int w, int h, int comps,
		       int quality, struct tz_buf *dst, struct tz_error *err)
{
	struct jpeg_compress_struct ci;
	struct jerr je;
	unsigned char *volatile mem = NULL;
	unsigned char *volatile row_inv = NULL;
	unsigned long memlen = 0;
	size_t stride = (size_t)w * (size_t)comps;
	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = jerr_exit;
	if (setjmp(je.jb)) {
		jpeg_destroy_compress(&ci);
		free(mem);
		free(row_inv);
		return tz_error_set(err, TZ_ERR_IO, NULL, 0,
				    "cannot encode JPEG: %s", je.msg);
	}
	if (comps == 4 && !(row_inv = tz_malloc(stride)))
		return tz_error_nomem(err);
	jpeg_create_compress(&ci);
	unsigned char *m = NULL;
	jpeg_mem_dest(&ci, &m, &memlen);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = comps;
	ci.in_color_space = comps == 4 ? JCS_CMYK : comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&ci);
	if (comps == 4) {
		jpeg_set_colorspace(&ci, JCS_YCCK); /* writes the Adobe marker */
		ci.write_JFIF_header = FALSE;
	}
	jpeg_set_quality(&ci, quality, TRUE);
	ci.optimize_coding = TRUE; /* Huffman tables fitted to the image: baseline, smaller */
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = (JSAMPROW)(pix + stride * ci.next_scanline);
		if (comps == 4) {
			for (size_t i = 0; i < stride; i++)
				row_inv[i] = (unsigned char)(255 - row[i]);
			row = row_inv;
		}
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	mem = m;
	jpeg_destroy_compress(&ci);
	free(row_inv);
	int rc = tz_buf_add(dst, mem, memlen) ? tz_error_nomem(err) : 0;
	free(mem);
	return rc;
}

/* Decode a CMYK JPEG we wrote: the largest C+M+Y+K of any pixel, and the
 * mean squared error against ref (the values that were encoded; NULL to
 * skip). */
static int decoded_stats(const struct tz_buf *jpg, const unsigned char *ref, const char *name,
			 int *max, double *mse, struct tz_error *err)
{
	int m = 0;
	double se = 0;
	size_t n = 0;
	/* readers upsample the chroma of YCCK either smoothly or by
	 * replication: the ink limit must hold for both */
	for (int fancy = 1; fancy >= 0; fancy--) {
		struct tz_pixels px;
		memset(&px, 0, sizeof(px));
		if (decode_jpeg_with((const unsigned char *)jpg->data, jpg->len, name, &px, fancy, err))
			return -1;
		n = (size_t)px.w * (size_t)px.h;
		for (size_t i = 0; i < n; i++) {
			const unsigned char *p = px.data + 4 * i;
			int s = p[0] + p[1] + p[2] + p[3];
			m = s > m ? s : m;
			if (ref && fancy)
				for (int k = 0; k < 4; k++) {
					double d = (double)p[k] - ref[4 * i + (size_t)k];
					se += d * d;
				}
		}
		tz_pixels_release(&px);
	}
	*max = m;
	if (mse)
		*mse = n ? se / (4.0 * (double)n) : 0;
	return 0;
}

/* JPEG quantisation adds noise, so a pixel limited to exactly 300 % can
 * decode to 310 %. Encode, decode, measure, and tighten the limit by the
 * overshoot until the decoded image keeps within 1 % (a few rounds).
 *
 * Then the quality: JPEG's quality number is not a quality. A flat
 * illustration at q72 is as close to its source as a grainy photograph at
 * q90. So lower qualities are tried while the decoded image stays within
 * TZ_CMYK_MIN_PSNR of the ink values that were encoded (and within the
 * ink limit): constant fidelity rather than constant q. */
#define TZ_CMYK_MIN_PSNR 40.0 /* dB over all four inks */

static int encode_limited(const unsigned char *conv, int w, int h,
			  const struct tz_cmyk_options *opt, const char *name,
			  struct tz_buf *jpg, int *max_out, struct tz_error *err)
{
	static const int lower[] = {90, 84, 78, 72, 66}; /* those under the base quality */
	size_t n = (size_t)w * (size_t)h;
	unsigned char *work = tz_malloc(n * 4);
	struct tz_buf alt;
	double max_mse = 255.0 * 255.0 / pow(10, TZ_CMYK_MIN_PSNR / 10);
	if (!work)
		return tz_error_nomem(err);
	int target = opt->ink_limit * 255 / 100, lim = target, rc = 0;
	for (int round = 0; round < 12; round++) {
		memcpy(work, conv, n * 4);
		for (size_t i = 0; i < n; i++)
			tz_cmyk_limit_ink_levels(work + 4 * i, lim);
		tz_buf_reset(jpg);
		int max = 0;
		rc = encode_jpeg(work, w, h, 4, opt->quality, jpg, err);
		if (rc == 0)
			rc = decoded_stats(jpg, NULL, name, &max, NULL, err);
		/* decoders upsample the chroma of YCCK differently: aim a little
		 * under the limit, not at it */
		*max_out = max;
		if (rc || max <= target)
			break;
		lim -= max - target + 2 + 2 * round; /* bigger steps if it will not settle */
		if (lim < 0)
			lim = 0;
	}
	tz_buf_init(&alt, jpg->max);
	for (size_t k = 0; rc == 0 && k < sizeof(lower) / sizeof(lower[0]); k++) {
		int max = 0;
		double mse = 0;
		if (lower[k] >= opt->quality)
			continue;
		tz_buf_reset(&alt);
		rc = encode_jpeg(work, w, h, 4, lower[k], &alt, err);
		if (rc == 0)
			rc = decoded_stats(&alt, work, name, &max, &mse, err);
		if (rc || mse > max_mse || max > target)
			break;
		/* good enough: keep the smaller file */
		*max_out = max;
		struct tz_buf t = *jpg;
		*jpg = alt;
		alt = t;
	}
	tz_buf_release(&alt);
	free(work);
	return rc;
}

/* ---- cache key ---- */

int tz_icc_profile_load(struct tz_icc_profile *p, const char *path, struct tz_error *err)
{
	struct sha256_ctx h;
	memset(p, 0, sizeof(*p));
	tz_buf_init(&p->data, MAX_ICC_BYTES);
	if (tz_read_file(path ? path : TZ_CMYK_DEFAULT_ICC, MAX_ICC_BYTES, &p->data, err))
		return -1;
	sha256_init(&h);
	sha256_update(&h, p->data.len, (const uint8_t *)p->data.data);
	sha256_digest(&h, sizeof(p->digest), p->digest);
	return 0;
}

void tz_icc_profile_release(struct tz_icc_profile *p)
{
	tz_buf_release(&p->data);
	memset(p, 0, sizeof(*p));
}

static void hash_options(struct sha256_ctx *h, const struct tz_cmyk_options *opt,
			 const struct tz_buf *icc, int nw, int nh)
{
	char tmp[256];
	int n = snprintf(tmp, sizeof(tmp), "tz-cmyk-v10 target=%d ink=%d q=%d size=%dx%d "
			 "bg=%.4f,%.4f,%.4f,%.4f rgb=%.4f,%.4f,%.4f icc=%zu\n",
			 (int)opt->target, opt->ink_limit, opt->quality, nw, nh,
			 opt->bg_cmyk[0], opt->bg_cmyk[1], opt->bg_cmyk[2],
			 opt->bg_cmyk[3], opt->bg_rgb[0], opt->bg_rgb[1],
			 opt->bg_rgb[2], icc->len);
	sha256_update(h, (size_t)n, (const uint8_t *)tmp);
	if (opt->profile) { /* the profile's digest stands for its bytes */
		sha256_update(h, sizeof(opt->profile->digest), opt->profile->digest);
	} else {
		uint8_t dg[SHA256_DIGEST_SIZE];
		struct sha256_ctx p;
		sha256_init(&p);
		sha256_update(&p, icc->len, (const uint8_t *)icc->data);
		sha256_digest(&p, sizeof(dg), dg);
		sha256_update(h, sizeof(dg), dg);
	}
}

static int output_path(const struct tz_cmyk_options *opt, const char *hex,
		       struct tz_cmyk_result *out, struct tz_error *err)
{
	int n;
	if (opt->cache_dir) {
		if (tz_mkdirs(opt->cache_dir, err))
			return -1;
		n = snprintf(out->path, sizeof(out->path), "%s/%s.jpg",
			     opt->cache_dir, hex);
		out->temporary = 0;
	} else {
		const char *tmp = getenv("TMPDIR");
		n = snprintf(out->path, sizeof(out->path), "%s/tz-img-%s-%ld.jpg",
			     tmp && *tmp ? tmp : "/tmp", hex, (long)getpid());
		out->temporary = 1;
	}
	if (n < 0 || (size_t)n >= sizeof(out->path))
		return tz_error_set(err, TZ_ERR_IO, NULL, 0,
				    "image cache path too long '%s'", opt->cache_dir);
	return 0;
}

/* The largest C+M+Y+K of a cached CMYK image lives next to it in
 * "<hash>.jpg.ink", so a preflight of a rebuild decodes nothing. */
static int write_ink(const struct tz_cmyk_result *out, struct tz_error *err)
{
	char path[sizeof(out->path) + 8], num[32];
	int n = snprintf(num, sizeof(num), "%d\n", out->max_ink);
	if ((size_t)snprintf(path, sizeof(path), "%s.ink", out->path) >= sizeof(path))
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "image cache path too long");
	return tz_write_file_atomic(path, num, (size_t)n, err);
}

static int cached_ink(struct tz_cmyk_result *out, const char *name, struct tz_error *err)
{
	char path[sizeof(out->path) + 8];
	struct tz_buf b;
	int rc = -1;
	snprintf(path, sizeof(path), "%s.ink", out->path);
	tz_buf_init(&b, 64);
	if (tz_read_file(path, 32, &b, err) == 0 && b.len) {
		char *end;
		long v = strtol(b.data, &end, 10);
		if (end != b.data && v >= 0 && v <= 1020) {
			out->max_ink = (int)v;
			rc = 0;
		}
	}
	tz_buf_release(&b);
	if (rc == 0)
		return 0;
	if (out->components != 4) { /* grey: at most 100 % K */
		out->max_ink = 255;
		return write_ink(out, err);
	}
	/* no sidecar (an older cache): measure the cached file once */
	tz_buf_init(&b, TZ_MAX_IMAGE_BYTES * 4);
	if (tz_read_file(out->path, TZ_MAX_IMAGE_BYTES * 4, &b, err) ||
	    decoded_stats(&b, NULL, name, &out->max_ink, NULL, err)) {
		tz_buf_release(&b);
		return -1;
	}
	tz_buf_release(&b);
	return write_ink(out, err);
}

/* A grey source the decoder gave as RGB(A) (a grey PNG with a tRNS chunk):
 * back to one channel, transparency flattened onto paper white. */
static int to_grey(struct tz_pixels *px, struct tz_error *err)
{
	size_t n = (size_t)px->w * (size_t)px->h;
	int ch = px->fmt == TZ_PX_RGBA ? 4 : px->fmt == TZ_PX_RGB ? 3 : 0;
	unsigned char *g;
	if (!ch)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "grey image decoded as CMYK");
	g = tz_malloc(n ? n : 1);
	if (!g)
		return tz_error_nomem(err);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *p = px->data + i * (size_t)ch;
		double a = ch == 4 ? p[3] / 255.0 : 1.0;
		g[i] = (unsigned char)(a * p[1] + (1 - a) * 255 + 0.5);
	}
	free(px->data);
	px->data = g;
	px->fmt = TZ_PX_GRAY;
	free(px->icc); /* an RGB profile does not describe the grey */
	px->icc = NULL;
	px->icc_len = 0;
	return 0;
}

/* The most K of a DeviceGray image, in levels (255 = 100 %). */
static int grey_max_k(const unsigned char *g, size_t n)
{
	int lo = 255;
	for (size_t i = 0; i < n; i++)
		lo = g[i] < lo ? g[i] : lo;
	return 255 - lo;
}

int tz_cmyk_image_prepare_mem(const unsigned char *data, size_t len,
			      const char *name,
			      const struct tz_cmyk_options *opt,
			      struct tz_cmyk_result *out, struct tz_error *err)
{
	memset(out, 0, sizeof(*out));
	if (opt->ink_limit < 100 || opt->ink_limit > 400)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "ink limit out of range '%d' (100..400)",
				    opt->ink_limit);
	if (len > TZ_MAX_IMAGE_BYTES)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "image too large '%s': %zu bytes", name, len);
	struct tz_image probe;
	memset(&probe, 0, sizeof(probe));
	if (tz_image_probe_mem(data, len, &probe, err))
		return -1;
	if (check_size(probe.width, probe.height, name, err))
		return -1;

	struct tz_buf icc;
	tz_buf_init(&icc, MAX_ICC_BYTES);
	const char *icc_path = opt->icc_path ? opt->icc_path : TZ_CMYK_DEFAULT_ICC;
	if (opt->target == TZ_IMAGE_TARGET_CMYK && opt->profile) {
		if (tz_buf_add(&icc, opt->profile->data.data, opt->profile->data.len))
			return tz_error_nomem(err);
	} else if (opt->target == TZ_IMAGE_TARGET_CMYK &&
		   tz_read_file(icc_path, MAX_ICC_BYTES, &icc, err)) {
		return -1;
	}

	struct sha256_ctx h;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char hex[2 * SHA256_DIGEST_SIZE + 1];
	/* only the part that shows is embedded */
	int cx = 0, cy = 0, cw = probe.width, ch = probe.height;
	if (opt->crop_w > 0 && opt->crop_h > 0) {
		cx = opt->crop_x < 0 ? 0 : opt->crop_x;
		cy = opt->crop_y < 0 ? 0 : opt->crop_y;
		cw = opt->crop_w;
		ch = opt->crop_h;
		if (cx >= probe.width || cy >= probe.height)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "crop outside image '%s'", name);
		if (cx + cw > probe.width)
			cw = probe.width - cx;
		if (cy + ch > probe.height)
			ch = probe.height - cy;
	}
	/* the size the page needs: shrink when the image is clearly larger */
	int nw = cw, nh = ch;
	if (opt->max_width > 0 && opt->max_height > 0) {
		double s = fmin((double)opt->max_width / cw, (double)opt->max_height / ch);
		if (s < 0.92) {
			nw = (int)ceil(cw * s - 1e-9);
			nh = (int)ceil(ch * s - 1e-9);
			nw = nw > cw ? cw : nw;
			nh = nh > ch ? ch : nh;
			nw = nw < 1 ? 1 : nw;
			nh = nh < 1 ? 1 : nh;
		}
	}
	sha256_init(&h);
	hash_options(&h, opt, &icc, nw, nh);
	{
		char crop[96];
		int k = snprintf(crop, sizeof(crop), "crop=%d,%d,%d,%d\n", cx, cy, cw, ch);
		sha256_update(&h, (size_t)k, (const uint8_t *)crop);
	}
	sha256_update(&h, len, data);
	sha256_digest(&h, sizeof(digest), digest);
	for (size_t i = 0; i < sizeof(digest); i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);

	/* a grey source prints on the K plate only: DeviceGray */
	int grey = opt->target == TZ_IMAGE_TARGET_CMYK && probe.components == 1;
	int comps = opt->target == TZ_IMAGE_TARGET_CMYK ? (grey ? 1 : 4) : 3;
	out->width = nw;
	out->height = nh;
	out->components = comps;
	if (output_path(opt, hex, out, err)) {
		tz_buf_release(&icc);
		return -1;
	}
	if (opt->cache_dir && access(out->path, R_OK) == 0) {
		out->cache_hit = 1;
		if (opt->stats)
			opt->stats->hits++;
		tz_buf_release(&icc);
		return comps != 3 ? cached_ink(out, name, err) : 0;
	}

	double t0 = tz_clock_seconds() * 1e3;
	struct tz_pixels px;
	memset(&px, 0, sizeof(px));
	unsigned char *conv = NULL;
	struct tz_buf jpg;
	tz_buf_init(&jpg, TZ_MAX_IMAGE_BYTES * 4);
	int rc = probe.type == TZ_IMAGE_PNG ? decode_png(data, len, name, &px, err)
					  : decode_jpeg(data, len, name, &px, err);
	if (rc == 0 && (cw != px.w || ch != px.h)) {
		int chn = px.fmt == TZ_PX_GRAY ? 1 : px.fmt == TZ_PX_RGB ? 3 : 4;
		size_t row = (size_t)cw * (size_t)chn;
		unsigned char *part = tz_malloc(row * (size_t)ch);
		if (!part) {
			rc = tz_error_nomem(err);
		} else {
			for (int yy = 0; yy < ch; yy++)
				memcpy(part + row * (size_t)yy,
				       px.data + ((size_t)(cy + yy) * (size_t)px.w + (size_t)cx) * (size_t)chn,
				       row);
			free(px.data);
			px.data = part;
			px.w = cw;
			px.h = ch;
		}
	}
	if (rc == 0 && (nw != px.w || nh != px.h) && nw <= px.w && nh <= px.h) {
		int nch = px.fmt == TZ_PX_GRAY ? 1 : px.fmt == TZ_PX_RGB ? 3 : 4;
		unsigned char *small = tz_resample_area(px.data, px.w, px.h, nch, nw, nh);
		if (!small) {
			rc = tz_error_nomem(err);
		} else {
			free(px.data);
			px.data = small;
			px.w = nw;
			px.h = nh;
		}
	}
	if (rc == 0 && grey && px.fmt != TZ_PX_GRAY)
		rc = to_grey(&px, err);
	if (rc == 0)
		rc = grey ? tz_icc_grey_to_k(&px, &icc, &conv, err)
			  : tz_icc_convert(&px, opt, &icc, &conv, err);
	if (rc == 0 && grey)
		out->max_ink = grey_max_k(conv, (size_t)px.w * (size_t)px.h);
	if (rc == 0)
		rc = comps == 4 ? encode_limited(conv, px.w, px.h, opt, name, &jpg, &out->max_ink, err)
				: encode_jpeg(conv, px.w, px.h, comps, opt->quality, &jpg, err);
	if (rc == 0)
		rc = tz_write_file_atomic(out->path, jpg.data, jpg.len, err);
	if (rc == 0 && comps != 3 && opt->cache_dir)
		rc = write_ink(out, err);
	if (rc == 0) {
		out->width = px.w;
		out->height = px.h;
		if (opt->stats) {
			opt->stats->misses++;
			opt->stats->convert_ms += tz_clock_seconds() * 1e3 - t0;
		}
	}
	free(conv);
	tz_pixels_release(&px);
	tz_buf_release(&jpg);
	tz_buf_release(&icc);
	return rc;
}

int tz_cmyk_image_prepare(const struct tz_image *img,
			  const struct tz_cmyk_options *opt,
			  struct tz_cmyk_result *out, struct tz_error *err)
{
	const char *name = img->src ? img->src : img->path;
	/* The model probed the header: refuse before reading the pixels. */
	if (img->width || img->height)
		if (check_size(img->width, img->height, name, err))
			return -1;
	struct tz_buf data;
	tz_buf_init(&data, TZ_MAX_IMAGE_BYTES + 1);
	if (tz_read_file(img->path, TZ_MAX_IMAGE_BYTES, &data, err))
		return -1;
	int rc = tz_cmyk_image_prepare_mem((const unsigned char *)data.data,
					   data.len, name, opt, out, err);
	tz_buf_release(&data);
	return rc;
}

HPDF_Image tz_cmyk_image_embed(HPDF_Doc pdf, const struct tz_cmyk_result *res,
			       struct tz_error *err)
{
	HPDF_Image im = HPDF_LoadJpegImageFromFile(pdf, res->path);
	if (!im) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0,
			     "cannot embed image '%s': libharu error 0x%04lx",
			     res->path, (unsigned long)HPDF_GetError(pdf));
		HPDF_ResetError(pdf);
		return NULL;
	}
	/* Our CMYK JPEGs hold Adobe's inverted ink values: the image must say
	 * so with /Decode [1 0 1 0 1 0 1 0] (libharu adds it for 4-component
	 * JPEGs; make sure of it). */
	if (res->components == 4 && !HPDF_Dict_GetItem(im, "Decode", HPDF_OCLASS_ARRAY)) {
		HPDF_Array d = HPDF_Array_New(pdf->mmgr);
		int ok = d != NULL;
		for (int i = 0; ok && i < 4; i++)
			ok = HPDF_Array_AddNumber(d, 1) == HPDF_OK &&
			     HPDF_Array_AddNumber(d, 0) == HPDF_OK;
		if (!ok || HPDF_Dict_Add(im, "Decode", d) != HPDF_OK) {
			HPDF_ResetError(pdf);
			tz_error_nomem(err);
			return NULL;
		}
	}
	return im;
}
