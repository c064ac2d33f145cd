/*
 * test_image_cmyk.c - colour-managed image preparation and the PDF/X
 * rewrite, checked on real bytes: the ink limit at and past its value,
 * alpha flattening, cache hits, limits refused before decoding, the CMap
 * and lean-font rewrite, byte-identical rebuilds.
 *
 * With arguments it is also the PDF maker of tests/e2e/pdfx.sh:
 *   test_image_cmyk --make-pdf OUT.pdf [--screen] [--cache DIR] [--raw RAW.pdf] [--ansi]
 * builds a one-page document (Lato and Charis SIL text in pure black, the
 * fixture photo and a pure sRGB red patch as CMYK JPEGs at 300 ppi), runs
 * tz_pdfx_prepare/tz_pdfx_save and prints the report, so the independent
 * tools (pikepdf, Ghostscript, poppler) can check a file made without the
 * layout engine.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <unistd.h>

#include <hpdf.h>
#include <jpeglib.h>
#include <png.h>
#include <zlib.h>

#include "tap.h"
#include "model/image.h"
#include "model/limits.h"
#include "print/image_cmyk.h"
#include "print/pdfx.h"
#include "util/buf.h"
#include "util/fsutil.h"

#define LATO "/usr/share/fonts/truetype/lato/Lato-Regular.ttf"
#define CHARIS "/usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf"

static char tmpdir[256];

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static int rm_tree(const char *dir)
{
	return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *src_dir(void)
{
	const char *s = getenv("TZ_TEST_SRC");
	return s ? s : ".";
}

static void write_png(const char *path, int w, int h, const unsigned char rgba[4])
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	im.width = (png_uint_32)w;
	im.height = (png_uint_32)h;
	im.format = PNG_FORMAT_RGBA;
	unsigned char *px = malloc((size_t)w * (size_t)h * 4);
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++)
		memcpy(px + 4 * i, rgba, 4);
	png_image_write_to_file(&im, path, 0, px, 0, NULL);
	free(px);
}

/* Decode a prepared JPEG; return max C+M+Y+K (0..1020) and the first pixel. */
static int jpeg_stats(const char *path, int *comps, unsigned char first[4], int *maxsum)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct jpeg_decompress_struct ci;
	struct jpeg_error_mgr jerr;
	ci.err = jpeg_std_error(&jerr);
	jpeg_create_decompress(&ci);
	jpeg_stdio_src(&ci, f);
	jpeg_read_header(&ci, TRUE);
	*comps = ci.num_components;
	jpeg_start_decompress(&ci);
	/* an Adobe marker means inverted CMYK, as every PDF reader treats it */
	int inverted = ci.num_components == 4 && ci.saw_Adobe_marker;
	size_t stride = (size_t)ci.output_width * (size_t)ci.output_components;
	unsigned char *row = malloc(stride);
	*maxsum = 0;
	while (ci.output_scanline < ci.output_height) {
		unsigned line = ci.output_scanline;
		jpeg_read_scanlines(&ci, &row, 1);
		for (size_t x = 0; inverted && x < stride; x++)
			row[x] = (unsigned char)(255 - row[x]);
		if (line == 0)
			memcpy(first, row, ci.output_components < 4 ? 3 : 4);
		for (size_t x = 0; ci.output_components == 4 && x < ci.output_width; x++) {
			int s = row[4 * x] + row[4 * x + 1] + row[4 * x + 2] + row[4 * x + 3];
			if (s > *maxsum)
				*maxsum = s;
		}
	}
	jpeg_finish_decompress(&ci);
	jpeg_destroy_decompress(&ci);
	free(row);
	fclose(f);
	return 0;
}

static void test_ink_limit(void)
{
	unsigned char rich[4] = {255, 255, 255, 255}; /* 400 % */
	tz_cmyk_limit_ink(rich, 300);
	CHECK(rich[0] + rich[1] + rich[2] + rich[3] <= 765);
	CHECK(rich[3] == 255); /* black stays black */
	unsigned char at[4] = {255, 255, 255, 0}; /* exactly 300 % */
	tz_cmyk_limit_ink(at, 300);
	CHECK(at[0] == 255 && at[1] == 255 && at[2] == 255 && at[3] == 0);
	unsigned char past[4] = {255, 255, 255, 1}; /* just past */
	tz_cmyk_limit_ink(past, 300);
	CHECK(past[0] + past[1] + past[2] + past[3] <= 765);
	unsigned char noGrey[4] = {255, 255, 0, 255}; /* 300 %, no grey part */
	tz_cmyk_limit_ink(noGrey, 240);
	CHECK(noGrey[0] + noGrey[1] + noGrey[2] + noGrey[3] <= 240 * 255 / 100);
	CHECK(noGrey[3] == 255);
}

static void test_prepare(void)
{
	char path[512], cache[512];
	struct tz_error err;
	struct tz_cmyk_stats st = {0, 0, 0};
	struct tz_cmyk_options o;
	struct tz_cmyk_result r;
	tz_cmyk_options_init(&o);
	snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
	o.cache_dir = cache;
	o.stats = &st;

	struct tz_image img;
	memset(&img, 0, sizeof(img));
	snprintf(path, sizeof(path), "%s/tests/fixtures/mini/images/photo.jpg", src_dir());
	img.path = path;
	CHECK(tz_image_probe(&img, &err) == 0);
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(r.cache_hit == 0 && r.width == 1200 && r.height == 800 && r.components == 4);
	int comps = 0, maxsum = 0;
	unsigned char first[4] = {0, 0, 0, 0};
	CHECK(jpeg_stats(r.path, &comps, first, &maxsum) == 0);
	CHECK(comps == 4);
	CHECK(maxsum <= 300 * 255 / 100 + 2); /* within 1 % after JPEG */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(r.cache_hit == 1);
	CHECK(st.hits == 1 && st.misses == 1);
	o.ink_limit = 260; /* other options: other cache entry */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(r.cache_hit == 0);
	CHECK(jpeg_stats(r.path, &comps, first, &maxsum) == 0);
	CHECK(maxsum <= 260 * 255 / 100 + 2);
	o.ink_limit = 300;

	/* Fully transparent pixels become the background: white = no ink. */
	unsigned char clear[4] = {0, 0, 0, 0};
	snprintf(path, sizeof(path), "%s/clear.png", tmpdir);
	write_png(path, 64, 64, clear);
	memset(&img, 0, sizeof(img));
	img.path = path;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(jpeg_stats(r.path, &comps, first, &maxsum) == 0);
	CHECK(maxsum <= 6);
	o.bg_cmyk[3] = 1.0; /* on black: K only */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(jpeg_stats(r.path, &comps, first, &maxsum) == 0);
	CHECK(first[3] > 245 && first[0] < 8);
	o.bg_cmyk[3] = 0;

	/* Screen version: RGB. */
	o.target = TZ_IMAGE_TARGET_RGB;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(jpeg_stats(r.path, &comps, first, &maxsum) == 0);
	CHECK(comps == 3 && first[0] > 245 && first[1] > 245);
	o.target = TZ_IMAGE_TARGET_CMYK;

	/* Limits: a header claiming too many pixels is refused undecoded. */
	memset(&img, 0, sizeof(img));
	img.path = path;
	img.width = TZ_MAX_IMAGE_SIDE + 1;
	img.height = 10;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == -1);
	CHECK(err.code == TZ_ERR_LIMIT);
	img.width = TZ_MAX_IMAGE_SIDE; /* at the limit: header check passes */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	img.width = 10000, img.height = 12000; /* exactly TZ_MAX_IMAGE_PIXELS */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	img.height = 12001; /* one row past it */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == -1);
	CHECK(err.code == TZ_ERR_LIMIT);

	/* A file whose own header claims too many pixels: refused from the
	 * header even when the caller did not probe it. */
	struct tz_buf big;
	tz_buf_init(&big, 1 << 20);
	CHECK(tz_read_file(path, 1 << 20, &big, &err) == 0);
	if (big.len > 24) {
		big.data[16] = 0, big.data[17] = 0, big.data[18] = 0x75, big.data[19] = 0x30; /* 30000 */
		CHECK(tz_cmyk_image_prepare_mem((unsigned char *)big.data, big.len, "big.png", &o,
						&r, &err) == -1);
		CHECK(err.code == TZ_ERR_LIMIT);
	}
	tz_buf_release(&big);

	/* Not an image. */
	CHECK(tz_cmyk_image_prepare_mem((const unsigned char *)"hello", 5, "x.jpg",
					&o, &r, &err) == -1);
}

/* A PNG of one colour, optionally tagged with an iCCP chunk (inserted
 * after IHDR by hand: the simplified libpng writer cannot add one). */
static int tagged_png(const char *path, const unsigned char rgba[4], const char *icc_path)
{
	char plain[640];
	snprintf(plain, sizeof(plain), "%s.plain", path);
	write_png(plain, 32, 32, rgba);
	struct tz_buf png, icc, out;
	struct tz_error err;
	tz_buf_init(&png, 1 << 24);
	tz_buf_init(&icc, 1 << 24);
	tz_buf_init(&out, 1 << 24);
	if (tz_read_file(plain, 1 << 24, &png, &err) || tz_read_file(icc_path, 1 << 24, &icc, &err))
		return -1;
	uLongf zl = compressBound((uLong)icc.len);
	unsigned char *chunk = malloc(zl + 32);
	static const unsigned char head[9] = {'i', 'C', 'C', 'P', 'a', '9', '8', 0, 0};
	memcpy(chunk + 4, head, sizeof(head)); /* type, profile name, NUL, method 0 */
	compress(chunk + 13, &zl, (const Bytef *)icc.data, (uLong)icc.len);
	uint32_t n = (uint32_t)zl + 5;
	uint32_t crc = (uint32_t)crc32(0, chunk + 4, n + 4);
	unsigned char be[4] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n};
	memcpy(chunk, be, 4);
	unsigned char cb[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16), (unsigned char)(crc >> 8), (unsigned char)crc};
	memcpy(chunk + 8 + n, cb, 4);
	tz_buf_add(&out, png.data, 33); /* signature + IHDR */
	tz_buf_add(&out, chunk, n + 12);
	tz_buf_add(&out, png.data + 33, png.len - 33);
	int rc = tz_write_file_atomic(path, out.data, out.len, &err);
	free(chunk);
	tz_buf_release(&png);
	tz_buf_release(&icc);
	tz_buf_release(&out);
	return rc;
}

static void test_embedded_profile(void)
{
	char a[512], b[512];
	unsigned char green[4] = {0, 255, 0, 255};
	snprintf(a, sizeof(a), "%s/green.png", tmpdir);
	snprintf(b, sizeof(b), "%s/green-a98.png", tmpdir);
	write_png(a, 32, 32, green);
	CHECK(tagged_png(b, green, "/usr/share/color/icc/ghostscript/a98.icc") == 0);
	struct tz_cmyk_options o;
	struct tz_cmyk_result r;
	struct tz_error err;
	tz_cmyk_options_init(&o);
	struct tz_image img;
	memset(&img, 0, sizeof(img));
	unsigned char srgb[4] = {0, 0, 0, 0}, a98[4] = {0, 0, 0, 0};
	int comps = 0, maxsum = 0;
	img.path = a;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(jpeg_stats(r.path, &comps, srgb, &maxsum) == 0);
	unlink(r.path);
	img.path = b;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(jpeg_stats(r.path, &comps, a98, &maxsum) == 0);
	unlink(r.path);
	/* Adobe RGB green is more saturated: it needs more cyan than sRGB green,
	 * so the profile was used rather than ignored. */
	fprintf(stderr, "# sRGB green -> %d %d %d %d, Adobe RGB green -> %d %d %d %d\n",
		srgb[0], srgb[1], srgb[2], srgb[3], a98[0], a98[1], a98[2], a98[3]);
	CHECK(abs(a98[0] - srgb[0]) + abs(a98[1] - srgb[1]) + abs(a98[2] - srgb[2]) > 12);
}

static void test_trim(void)
{
	unsigned char used[8192];
	memset(used, 0, sizeof(used));
	const char *cs = "BT /F1 11 Tf <0041 0042> Tj (\\000C\\(\\)) Tj % <FFFF> comment\n"
			 "<< /MCID 0 >> BDC [<00E9> -20 <0020>] TJ ET";
	CHECK(tz_pdfx_collect_codes((const unsigned char *)cs, strlen(cs), used) == 0);
	CHECK(used[0x41 >> 3] & (1 << (0x41 & 7)));
	CHECK(used[0x42 >> 3] & (1 << (0x42 & 7)));
	CHECK(used[0x43 >> 3] & (1 << (0x43 & 7))); /* from the literal (\000C) */
	CHECK(used[0xe9 >> 3] & (1 << (0xe9 & 7)));
	CHECK(used[0x20 >> 3] & (1 << (0x20 & 7)));
	CHECK(!(used[0xffff >> 3] & (1 << (0xffff & 7)))); /* comments do not count */
	const char *img = "q BI /W 1 /H 1 /CS /G /BPC 8 ID x EI Q";
	CHECK(tz_pdfx_collect_codes((const unsigned char *)img, strlen(img), used) == 1);
	struct tz_buf b;
	tz_buf_init(&b, 0);
	const char *w = "[ 32 [ 250 300 ] 65 [ 600 610 620 630 ] ]";
	CHECK(tz_pdfx_trim_widths(w, strlen(w), used, &b) == 0);
	CHECK_STR(b.data, "[ 32 [ 250] 65 [ 600 610 620 ] ]");
	tz_buf_reset(&b);
	const char *ranged = "[ 32 40 250 ]";
	CHECK(tz_pdfx_trim_widths(ranged, strlen(ranged), used, &b) == 1);
	tz_buf_release(&b);
}

static void test_tounicode(void)
{
	struct tz_buf b;
	tz_buf_init(&b, 0);
	unsigned char map[2 * 0x100] = {0};
	map[2 * 'A' + 1] = 1, map[2 * 'B' + 1] = 2, map[2 * 0xe9 + 1] = 3;
	CHECK(tz_pdfx_tounicode(map, sizeof(map), &b) == 0);
	CHECK(strstr(b.data, "begincidrange") == NULL);
	CHECK(strstr(b.data, "1 beginbfrange\n<0041> <0042> <0041>\nendbfrange") != NULL);
	CHECK(strstr(b.data, "1 beginbfchar\n<00E9> <00E9>\nendbfchar") != NULL);
	tz_buf_release(&b);
}

static void test_errors(void)
{
	struct tz_error err;
	struct tz_cmyk_options o;
	struct tz_cmyk_result r;
	char path[512];
	tz_cmyk_options_init(&o);
	snprintf(path, sizeof(path), "%s/tests/fixtures/mini/images/photo.jpg", src_dir());
	struct tz_image img;
	memset(&img, 0, sizeof(img));
	img.path = path;
	o.icc_path = "/nonexistent/profile.icc";
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == -1);
	CHECK(strstr(err.msg, "/nonexistent/profile.icc") != NULL);
	o.icc_path = NULL;
	o.ink_limit = 99;
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == -1);
	CHECK(err.code == TZ_ERR_USAGE);
	o.ink_limit = 100; /* at the edge: fine */
	CHECK(tz_cmyk_image_prepare(&img, &o, &r, &err) == 0);
	CHECK(r.temporary == 1 && unlink(r.path) == 0);

	struct tz_pdfx_options xo;
	tz_pdfx_options_init(&xo);
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	CHECK(tz_pdfx_prepare(pdf, &xo, &err) == -1); /* no title */
	xo.title = "t";
	xo.icc_path = "/usr/share/color/icc/ghostscript/srgb.icc";
	CHECK(tz_pdfx_prepare(pdf, &xo, &err) == -1);
	CHECK(strstr(err.msg, "not a CMYK output profile") != NULL);
	xo.icc_path = "/usr/share/color/icc/ghostscript/ps_cmyk.icc"; /* ICC v4 */
	CHECK(tz_pdfx_prepare(pdf, &xo, &err) == -1);
	CHECK(strstr(err.msg, "needs version 2") != NULL);
	HPDF_Free(pdf);

	/* links are refused in the print version, kept in the screen one */
	pdf = HPDF_New(NULL, NULL);
	xo.icc_path = NULL;
	CHECK(tz_pdfx_prepare(pdf, &xo, &err) == 0);
	HPDF_Page page = HPDF_AddPage(pdf);
	HPDF_Rect rect = {10, 10, 100, 30};
	HPDF_Page_CreateURILinkAnnot(page, rect, "https://example.org/");
	snprintf(path, sizeof(path), "%s/link.pdf", tmpdir);
	CHECK(tz_pdfx_save(pdf, path, &xo, NULL, &err) == -1);
	CHECK(strstr(err.msg, "annotations") != NULL);
	xo.pdfx = 0;
	CHECK(tz_pdfx_save(pdf, path, &xo, NULL, &err) == 0);
	HPDF_Free(pdf);
}

static const char *raw_out; /* --raw: also save libharu's own file */
static int ansi;            /* --ansi: simple WinAnsi TrueType fonts */

static int make_pdf(const char *out, int screen, const char *cache, int quiet)
{
	struct tz_error err;
	struct tz_cmyk_stats st = {0, 0, 0};
	struct tz_cmyk_options o;
	tz_cmyk_options_init(&o);
	o.cache_dir = cache;
	o.stats = &st;
	if (screen)
		o.target = TZ_IMAGE_TARGET_RGB;
	char photo[512], red[512];
	snprintf(photo, sizeof(photo), "%s/tests/fixtures/mini/images/photo.jpg", src_dir());
	snprintf(red, sizeof(red), "%s/red.png", tmpdir);
	unsigned char redpx[4] = {255, 0, 0, 255};
	write_png(red, 300, 300, redpx);

	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	if (!pdf)
		return -1;
	if (!ansi)
		HPDF_UseUTFEncodings(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	struct tz_pdfx_options xo;
	tz_pdfx_options_init(&xo);
	xo.pdfx = !screen;
	xo.title = "TechZone test — één pagina";
	xo.output_condition_id = "FOGRA39";
	xo.output_condition = "Coated FOGRA39 (ISO 12647-2:2004)";
	xo.date = 1795000000;
	int rc = tz_pdfx_prepare(pdf, &xo, &err);
	HPDF_Page page = HPDF_AddPage(pdf);
	/* A5 trim with 3 mm bleed */
	double bleed = 3 * 72 / 25.4, tw = 148 * 72 / 25.4, th = 210 * 72 / 25.4;
	HPDF_Page_SetWidth(page, (HPDF_REAL)(tw + 2 * bleed));
	HPDF_Page_SetHeight(page, (HPDF_REAL)(th + 2 * bleed));
	if (rc == 0)
		rc = tz_pdfx_set_page_boxes(page, bleed, bleed, tw, th, bleed, &err);
	const char *paths[2] = {photo, red};
	double y = th - 40;
	for (int i = 0; i < 2 && rc == 0; i++) {
		struct tz_image img;
		struct tz_cmyk_result r;
		memset(&img, 0, sizeof(img));
		img.path = (char *)paths[i];
		rc = tz_cmyk_image_prepare(&img, &o, &r, &err);
		HPDF_Image im = rc ? NULL : tz_cmyk_image_embed(pdf, &r, &err);
		if (!im) {
			rc = -1;
			break;
		}
		double w = r.width * 72.0 / 300, h = r.height * 72.0 / 300; /* 300 ppi */
		y -= h;
		HPDF_Page_DrawImage(page, im, (HPDF_REAL)(bleed + 30), (HPDF_REAL)y,
				    (HPDF_REAL)w, (HPDF_REAL)h);
		y -= 10;
	}
	if (rc == 0) {
		const char *lato = HPDF_LoadTTFontFromFile(pdf, LATO, HPDF_TRUE);
		const char *charis = HPDF_LoadTTFontFromFile(pdf, CHARIS, HPDF_TRUE);
		const char *enc = ansi ? "WinAnsiEncoding" : "UTF-8";
		HPDF_Font fl = HPDF_GetFont(pdf, lato, enc);
		HPDF_Font fc = HPDF_GetFont(pdf, charis, enc);
		HPDF_Page_SetCMYKFill(page, 0, 0, 0, 1);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, fl, 11);
		HPDF_Page_TextOut(page, (HPDF_REAL)(bleed + 30), 80,
				  ansi ? "Zonnepanelen in Zwolle: caf\xe9 \xe9\xe9n"
				       : "Zonnepanelen in Zwolle: café één");
		HPDF_Page_SetFontAndSize(page, fc, 11);
		HPDF_Page_TextOut(page, (HPDF_REAL)(bleed + 30), 60,
				  ansi ? "Charis SIL: ru\xefne, co\xf6peratie"
				       : "Charis SIL: ruïne, coöperatie");
		HPDF_Page_EndText(page);
	}
	struct tz_pdfx_report rep;
	if (rc == 0 && raw_out && HPDF_SaveToFile(pdf, raw_out) != HPDF_OK)
		rc = -1;
	if (rc == 0)
		rc = tz_pdfx_save(pdf, out, &xo, &rep, &err);
	HPDF_Free(pdf);
	if (rc) {
		fprintf(stderr, "make-pdf: %s\n", err.msg);
		return -1;
	}
	if (!quiet) {
		printf("images: %u cache hits, %u misses, %.1f ms converting\n", st.hits,
		       st.misses, st.convert_ms);
		printf("pdf: %zu bytes from libharu, %zu after rewrite, id %s, %u cmaps fixed\n",
		       rep.size_before, rep.size_after, rep.id_hex, rep.cmaps_fixed);
		for (size_t i = 0; i < rep.nfonts; i++)
			printf("font %s: %zu -> %zu bytes (stored %zu -> %zu)\n",
			       rep.fonts[i].name, rep.fonts[i].bytes_before,
			       rep.fonts[i].bytes_after, rep.fonts[i].stored_before,
			       rep.fonts[i].stored_after);
	}
	return 0;
}

static void test_pdf(void)
{
	char a[512], b[512], cache[512];
	snprintf(a, sizeof(a), "%s/a.pdf", tmpdir);
	snprintf(b, sizeof(b), "%s/b.pdf", tmpdir);
	snprintf(cache, sizeof(cache), "%s/pdfcache", tmpdir);
	CHECK(make_pdf(a, 0, cache, 1) == 0);
	CHECK(make_pdf(b, 0, cache, 1) == 0);
	struct tz_buf x, y;
	struct tz_error err;
	tz_buf_init(&x, (size_t)64 << 20);
	tz_buf_init(&y, (size_t)64 << 20);
	CHECK(tz_read_file(a, (size_t)64 << 20, &x, &err) == 0);
	CHECK(tz_read_file(b, (size_t)64 << 20, &y, &err) == 0);
	CHECK(x.len > 0 && x.len == y.len && memcmp(x.data, y.data, x.len) == 0);
	CHECK(x.len > 8 && memcmp(x.data, "%PDF-1.3", 8) == 0);
	CHECK(memmem(x.data, x.len, "/GTS_PDFXVersion (PDF\\057X-1:2001)", 34) != NULL);
	CHECK(memmem(x.data, x.len, "/Trapped /False", 15) != NULL);
	CHECK(memmem(x.data, x.len, "/ID [<", 6) != NULL);
	CHECK(memmem(x.data, x.len, "/OutputConditionIdentifier (FOGRA39)", 36) != NULL);
	CHECK(memmem(x.data, x.len, "begincidrange", 13) == NULL);
	/* The rewrite of a rewritten file changes nothing but keeps it valid. */
	struct tz_pdfx_options xo;
	tz_pdfx_options_init(&xo);
	struct tz_buf z;
	tz_buf_init(&z, (size_t)64 << 20);
	CHECK(tz_pdfx_rewrite((unsigned char *)x.data, x.len, &xo, &z, NULL, &err) == 0);
	/* Garbage is refused, not crashed on. */
	CHECK(tz_pdfx_rewrite((const unsigned char *)"%PDF-1.3\nnot really a pdf file at all\n",
			      38, &xo, &z, NULL, &err) == -1);
	tz_buf_release(&x);
	tz_buf_release(&y);
	tz_buf_release(&z);
}

/* Deterministic mutation: every truncation step and seeded byte flips must
 * give 0 or -1, never a crash or an out-of-bounds read (run under ASan). */
static unsigned long lcg = 12345;
static unsigned next_rand(void)
{
	lcg = lcg * 1103515245UL + 12345UL;
	return (unsigned)(lcg >> 16);
}

static void test_mutations(void)
{
	char a[512];
	snprintf(a, sizeof(a), "%s/m.pdf", tmpdir);
	CHECK(make_pdf(a, 0, NULL, 1) == 0);
	struct tz_buf pdf, font, out;
	struct tz_error err;
	tz_buf_init(&pdf, (size_t)64 << 20);
	tz_buf_init(&font, (size_t)64 << 20);
	tz_buf_init(&out, (size_t)64 << 20);
	CHECK(tz_read_file(a, (size_t)64 << 20, &pdf, &err) == 0);
	CHECK(tz_read_file(LATO, (size_t)64 << 20, &font, &err) == 0);
	struct tz_pdfx_options xo;
	tz_pdfx_options_init(&xo);
	if (pdf.len < 1024 || font.len < 1024)
		return;
	int crashed = 0, ok = 0;
	for (size_t cut = 0; cut < pdf.len; cut += 4099) {
		tz_buf_reset(&out);
		ok += tz_pdfx_rewrite((unsigned char *)pdf.data, cut, &xo, &out, NULL, &err) == 0;
	}
	CHECK(ok == 0); /* a truncated file never passes */
	unsigned char *m = malloc(pdf.len > font.len ? pdf.len : font.len);
	for (int i = 0; i < 300; i++) {
		memcpy(m, pdf.data, pdf.len);
		for (int k = 0; k < 4; k++)
			m[next_rand() % pdf.len] = (unsigned char)next_rand();
		tz_buf_reset(&out);
		int rc = tz_pdfx_rewrite(m, pdf.len, &xo, &out, NULL, &err);
		crashed += rc != 0 && rc != -1;
	}
	for (int i = 0; i < 300; i++) {
		size_t n = i % 3 == 0 ? next_rand() % font.len : font.len;
		memcpy(m, font.data, font.len);
		for (int k = 0; k < 3; k++)
			m[next_rand() % 400] = (unsigned char)next_rand(); /* table directory */
		tz_buf_reset(&out);
		int rc = tz_pdfx_lean_truetype(m, n, &out);
		crashed += rc < -1 || rc > 1;
	}
	CHECK(crashed == 0);
	/* the untouched font: kept tables only, smaller, still an sfnt */
	tz_buf_reset(&out);
	CHECK(tz_pdfx_lean_truetype((unsigned char *)font.data, font.len, &out) == 0);
	CHECK(out.len > 1000 && out.len < font.len);
	CHECK(memmem(out.data, 400, "GPOS", 4) == NULL && memmem(out.data, 400, "glyf", 4) != NULL);
	free(m);
	tz_buf_release(&pdf);
	tz_buf_release(&font);
	tz_buf_release(&out);
}

int main(int argc, char **argv)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/tz-cmyk-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return 3;
	if (argc >= 3 && strcmp(argv[1], "--make-pdf") == 0) {
		int screen = 0;
		const char *cache = NULL;
		for (int i = 3; i < argc; i++) {
			if (strcmp(argv[i], "--screen") == 0)
				screen = 1;
			else if (strcmp(argv[i], "--cache") == 0 && i + 1 < argc)
				cache = argv[++i];
			else if (strcmp(argv[i], "--ansi") == 0)
				ansi = 1;
			else if (strcmp(argv[i], "--raw") == 0 && i + 1 < argc)
				raw_out = argv[++i];
		}
		int rc = make_pdf(argv[2], screen, cache, 0);
		if (rm_tree(tmpdir) != 0)
			rc = -1;
		return rc ? 1 : 0;
	}
	test_ink_limit();
	test_prepare();
	test_tounicode();
	test_trim();
	test_embedded_profile();
	test_errors();
	test_pdf();
	test_mutations();
	CHECK(rm_tree(tmpdir) == 0);
	return tap_done();
}
