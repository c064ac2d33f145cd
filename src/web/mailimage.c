/*
 * mailimage.c - e-mail-sized picture copies (see mailimage.h). libjpeg and
 * libpng decode and encode, LittleCMS converts an embedded profile to sRGB;
 * the shrinking is print's area averaging (tz_resample_area), the right
 * filter for large reductions (it lives in src/print/resample.c; a pure
 * pixel function both editions share).
 */
#include "mailimage.h"

#include <stdio.h>

#include <jpeglib.h>
#include <lcms2.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "webcommon.h"
#include "../model/limits.h"
#include "../print/resample.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_image_mail_width(const struct tz_image *img, int display_w)
{
	int w = 2 * display_w;
	return img->width > 0 && img->width < w ? img->width : w;
}

int tz_image_mail_path_w(struct tz_buf *b, const struct tz_issue *issue,
			 const struct tz_image *img, int copy_w)
{
	struct tz_buf web;
	const char *rel, *dot, *slash;
	int rc;
	tz_buf_init(&web, 0);
	if (tz_image_web_path(&web, issue, img)) {
		tz_buf_release(&web);
		return -1;
	}
	rel = web.data + (strncmp(web.data, "images/", 7) == 0 ? 7 : 0);
	dot = strrchr(rel, '.');
	slash = strrchr(rel, '/');
	if (!dot || (slash && dot < slash))
		dot = rel + strlen(rel);
	rc = tz_buf_adds(b, "images/mail/") || tz_buf_add(b, rel, (size_t)(dot - rel)) ||
	     tz_buf_addf(b, "-%d.jpg", copy_w);
	tz_buf_release(&web);
	return rc ? -1 : 0;
}

int tz_image_mail_path(struct tz_buf *b, const struct tz_issue *issue,
		       const struct tz_image *img, int display_w)
{
	return tz_image_mail_path_w(b, issue, img, tz_image_mail_width(img, display_w));
}

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
	char msg[JMSG_LENGTH_MAX];
};

static void jerr_exit(j_common_ptr ci)
{
	struct jerr *e = (struct jerr *)ci->err;
	(*ci->err->format_message)(ci, e->msg);
	longjmp(e->jb, 1);
}

/* RGB pixels of the file, decoded at 1/2, 1/4 or 1/8 (libjpeg's DCT
 * scaling) while that stays at least want pixels wide: a 2400 px photo for
 * a 336 px copy costs a fraction of a full decode; *icc the embedded
 * profile (malloc'd) or NULL. */
static unsigned char *decode_jpeg(const unsigned char *data, size_t len, int want, int *w,
				  int *h, unsigned char **icc, unsigned *icc_len, int *nomem)
{
	struct jpeg_decompress_struct ci;
	struct jerr je;
	unsigned char *volatile px = NULL;
	ci.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jerr_exit;
	if (setjmp(je.jb)) {
		free(px);
		jpeg_destroy_decompress(&ci);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_save_markers(&ci, JPEG_APP0 + 2, 0xFFFF);
	jpeg_read_header(&ci, TRUE);
	if (ci.num_components != 1 && ci.num_components != 3) {
		jpeg_destroy_decompress(&ci); /* CMYK: print only */
		return NULL;
	}
	ci.out_color_space = JCS_RGB;
	ci.scale_num = 1;
	for (ci.scale_denom = 8; ci.scale_denom > 1 && (int)(ci.image_width / ci.scale_denom) < want;)
		ci.scale_denom /= 2;
	if (!jpeg_read_icc_profile(&ci, icc, icc_len))
		*icc = NULL;
	jpeg_start_decompress(&ci);
	px = tz_malloc((size_t)ci.output_width * ci.output_height * 3);
	if (!px) {
		*nomem = 1;
		free(*icc);
		*icc = NULL;
		jpeg_destroy_decompress(&ci);
		return NULL;
	}
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = px + (size_t)ci.output_width * 3 * ci.output_scanline;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	*w = (int)ci.output_width;
	*h = (int)ci.output_height;
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	return px;
}

/* RGB over white; libpng's simplified API gives sRGB-encoded samples. */
static unsigned char *decode_png(const unsigned char *data, size_t len, int *w, int *h,
				 int *nomem)
{
	png_image im;
	png_color white = {255, 255, 255};
	unsigned char *px;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, data, len))
		return NULL;
	im.format = PNG_FORMAT_RGB;
	px = tz_malloc(PNG_IMAGE_SIZE(im));
	if (!px) {
		*nomem = 1;
		png_image_free(&im);
		return NULL;
	}
	if (!png_image_finish_read(&im, &white, px, 0, NULL)) {
		free(px);
		return NULL;
	}
	*w = (int)im.width;
	*h = (int)im.height;
	return px;
}

/* Convert in place from the embedded profile to sRGB (skipped when the
 * profile is not an RGB one LittleCMS can read). */
static void to_srgb(unsigned char *px, int w, int h, const unsigned char *icc, unsigned len)
{
	cmsHPROFILE in = cmsOpenProfileFromMem(icc, len), out;
	cmsHTRANSFORM x = NULL;
	if (!in)
		return;
	out = cmsCreate_sRGBProfile();
	if (out && cmsGetColorSpace(in) == cmsSigRgbData)
		x = cmsCreateTransform(in, TYPE_RGB_8, out, TYPE_RGB_8, INTENT_PERCEPTUAL, 0);
	if (x) {
		for (int y = 0; y < h; y++)
			cmsDoTransform(x, px + (size_t)y * w * 3, px + (size_t)y * w * 3, (cmsUInt32Number)w);
		cmsDeleteTransform(x);
	}
	if (out)
		cmsCloseProfile(out);
	cmsCloseProfile(in);
}

static int encode(const unsigned char *px, int w, int h, struct tz_buf *out)
{
	struct jpeg_compress_struct ci;
	struct jerr je;
	unsigned char *mem = NULL;
	unsigned long size = 0;
	int rc;
	ci.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jerr_exit;
	if (setjmp(je.jb)) {
		jpeg_destroy_compress(&ci);
		free(mem);
		return -1;
	}
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &mem, &size);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, TZ_MAIL_JPEG_QUALITY, TRUE);
	jpeg_simple_progression(&ci); /* shows at once, sharpens while it loads */
	ci.optimize_coding = TRUE;
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = (JSAMPROW)(px + (size_t)ci.next_scanline * w * 3);
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	rc = tz_buf_add(out, mem, size);
	free(mem);
	return rc;
}

int tz_image_mail_make(const struct tz_image *img, int copy_w, struct tz_buf *out,
		       struct tz_error *err)
{
	struct tz_buf file;
	unsigned char *px = NULL, *small = NULL, *icc = NULL;
	unsigned icc_len = 0;
	int w = 0, h = 0, nh, rc = -1, nomem = 0;

	tz_buf_init(&file, 0);
	if (tz_read_file(img->path, TZ_MAX_IMAGE_BYTES, &file, err))
		goto out;
	px = img->type == TZ_IMAGE_PNG
		     ? decode_png((unsigned char *)file.data, file.len, &w, &h, &nomem)
		     : decode_jpeg((unsigned char *)file.data, file.len, copy_w, &w, &h, &icc,
				   &icc_len, &nomem);
	if (!px && nomem) {
		tz_error_nomem(err);
		goto out;
	}
	if (!px) {
		tz_error_set(err, TZ_ERR_CONTENT, img->path, 0,
			     "cannot make the e-mail copy of '%s': not an RGB or grey JPEG/PNG",
			     img->src);
		goto out;
	}
	if (icc)
		to_srgb(px, w, h, icc, icc_len);
	if (copy_w > w)
		copy_w = w;
	nh = (int)((long long)h * copy_w / w);
	if (nh < 1)
		nh = 1;
	small = copy_w == w ? px : tz_resample_area(px, w, h, 3, copy_w, nh);
	if (!small || encode(small, copy_w, nh, out)) {
		tz_error_set(err, TZ_ERR_NOMEM, img->path, 0,
			     "cannot make the e-mail copy of '%s': out of memory", img->src);
		goto out;
	}
	rc = 0;
out:
	if (small != px)
		free(small);
	free(px);
	free(icc);
	tz_buf_release(&file);
	return rc;
}
