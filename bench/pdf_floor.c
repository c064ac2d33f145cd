/*
 * pdf_floor.c - bench only: libharu's floor for the job `techzine pdf` does.
 * Loads the same TrueType fonts the same way (fontconfig pattern → file,
 * HPDF_UseUTFEncodings, HPDF_LoadTTFontFromFile with embedding, encoder
 * "UTF-8"), makes as many A4 pages, shows the same text and JPEG images and
 * saves with the same compression (page content and images), but does no
 * layout at all: lines are placed one under the other as they come, nothing
 * is measured, hyphenated or rewritten. Whatever this costs, techzine cannot
 * go below it with the libharu Debian ships. Not part of techzine.
 *
 * The one idea: time each part libharu is asked to do on its own (fontconfig,
 * font setup, pages and text, save), so the fixed costs are visible apart
 * from the ones that grow with the text.
 *
 * Input: a text file (pdftotext of a techzine PDF), one line a line. Line i
 * is shown in the first font, every eighth line in the next of the others,
 * so each font is embedded with glyphs. With --words every word is its own
 * text-showing operator at its own position, as justified text with a CID
 * font must be drawn (Tw does not apply to two-byte codes).
 *
 * usage: pdf_floor [--pages N] [--words] [--compress text|all|none]
 *                  [--image FILE.jpg]... -o OUT.pdf TEXT PATTERN...
 */
#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/banned.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM + 6 * MM) /* A4 and 3 mm bleed, as techzine */
#define PAGE_H (297 * MM + 6 * MM)
#define SIZE 9.5
#define LEADING 12.0
#define ROWS 62
#define COL_W 172.0
#define MAX_FONTS 16
#define MAX_IMAGES 64
#define MAX_TEXT ((size_t)64 * 1024 * 1024)

struct floor_opts {
	int pages, words;
	HPDF_UINT compress;
	const char *out, *text;
	const char *pattern[MAX_FONTS];
	int nfonts;
	const char *image[MAX_IMAGES];
	int nimages;
};

struct floor_times {
	double fontconfig, fonts, draw, save;
	size_t lines, shown;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void on_error(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	HPDF_STATUS *first = user;
	(void)detail;
	if (!*first)
		*first = no;
}

static int usage(void)
{
	fputs("usage: pdf_floor [--pages N] [--words] [--compress text|all|none]\n"
	      "                 [--image FILE.jpg]... -o OUT.pdf TEXT PATTERN...\n",
	      stderr);
	return 2;
}

static int parse_args(int argc, char **argv, struct floor_opts *o)
{
	int i;
	memset(o, 0, sizeof(*o));
	o->pages = 68;
	o->compress = HPDF_COMP_TEXT | HPDF_COMP_IMAGE;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--words")) {
			o->words = 1;
			continue;
		}
		if (!v)
			return -1;
		i++;
		if (!strcmp(a, "--pages")) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 10000)
				return -1;
			o->pages = (int)n;
		} else if (!strcmp(a, "--compress")) {
			if (!strcmp(v, "text"))
				o->compress = HPDF_COMP_TEXT | HPDF_COMP_IMAGE;
			else if (!strcmp(v, "all"))
				o->compress = HPDF_COMP_ALL;
			else if (!strcmp(v, "none"))
				o->compress = HPDF_COMP_NONE;
			else
				return -1;
		} else if (!strcmp(a, "--image") && o->nimages < MAX_IMAGES) {
			o->image[o->nimages++] = v;
		} else if (!strcmp(a, "-o")) {
			o->out = v;
		} else {
			return -1;
		}
	}
	if (!o->out || i + 2 > argc)
		return -1;
	o->text = argv[i++];
	for (; i < argc && o->nfonts < MAX_FONTS; i++)
		o->pattern[o->nfonts++] = argv[i];
	return 0;
}

/* The file fontconfig gives for each pattern (the caller frees them). */
static int resolve_fonts(const struct floor_opts *o, char **file, struct tz_error *err)
{
	if (!FcInit())
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "fontconfig cannot start");
	for (int i = 0; i < o->nfonts; i++) {
		FcPattern *want = FcNameParse((const FcChar8 *)o->pattern[i]), *got;
		FcResult res;
		FcChar8 *s = NULL;
		if (!want)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad pattern '%s'",
					    o->pattern[i]);
		FcConfigSubstitute(NULL, want, FcMatchPattern);
		FcDefaultSubstitute(want);
		got = FcFontMatch(NULL, want, &res);
		FcPatternDestroy(want);
		if (got && FcPatternGetString(got, FC_FILE, 0, &s) == FcResultMatch && s)
			file[i] = strdup((const char *)s);
		if (got)
			FcPatternDestroy(got);
		if (!file[i])
			return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
					    "no font for '%s'", o->pattern[i]);
	}
	return 0;
}

static int load_fonts(HPDF_Doc pdf, char **file, int n, HPDF_Font *font,
		      struct tz_error *err)
{
	for (int i = 0; i < n; i++) {
		const char *name = HPDF_LoadTTFontFromFile(pdf, file[i], HPDF_TRUE);
		font[i] = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
		if (!font[i])
			return tz_error_set(err, TZ_ERR_DEPENDENCY, file[i], 0,
					    "libharu cannot load the font: error 0x%04lx",
					    (unsigned long)HPDF_GetError(pdf));
	}
	return 0;
}

/* Show s (NUL-terminated) at x, y: as one string, or word by word. */
static size_t show(HPDF_Page page, double x, double y, char *s, int words)
{
	size_t shown = 0;
	if (!words) {
		HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s);
		return 1;
	}
	while (*s) {
		char *sp = strchr(s, ' '), keep;
		size_t n = sp ? (size_t)(sp - s) : strlen(s);
		if (n) {
			keep = s[n];
			s[n] = '\0';
			HPDF_Page_TextOut(page, (HPDF_REAL)x, (HPDF_REAL)y, s);
			s[n] = keep;
			shown++;
		}
		/* no measuring: an average advance is enough for a floor */
		x += (double)(n + 1) * SIZE * 0.5;
		s += n + (sp ? 1 : 0);
	}
	return shown;
}

static int draw(HPDF_Doc pdf, const struct floor_opts *o, HPDF_Font *font,
		struct tz_buf *text, struct floor_times *t, struct tz_error *err)
{
	size_t nlines = 0, line = 0;
	char *p = text->data, *end = text->data + text->len;
	HPDF_Image img[MAX_IMAGES];

	for (size_t i = 0; i < text->len; i++)
		nlines += text->data[i] == '\n';
	for (int i = 0; i < o->nimages; i++)
		if (!(img[i] = HPDF_LoadJpegImageFromFile(pdf, o->image[i])))
			return tz_error_set(err, TZ_ERR_IO, o->image[i], 0,
					    "libharu cannot load the JPEG image");
	for (int pg = 0; pg < o->pages; pg++) {
		size_t upto = (nlines * (size_t)(pg + 1) + (size_t)o->pages - 1) / (size_t)o->pages;
		HPDF_Page page = HPDF_AddPage(pdf);
		int cur = -1;
		if (!page)
			return tz_error_nomem(err);
		HPDF_Page_SetWidth(page, (HPDF_REAL)PAGE_W);
		HPDF_Page_SetHeight(page, (HPDF_REAL)PAGE_H);
		for (int i = pg; i < o->nimages; i += o->pages) /* image i on page i */
			HPDF_Page_DrawImage(page, img[i], 40, 400, 300, 200);
		HPDF_Page_BeginText(page);
		for (size_t row = 0; line < upto && p < end; line++, row++) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			int f = line % 8 == 7 && o->nfonts > 1 ? 1 + (int)(line / 8) % (o->nfonts - 1) : 0;
			size_t col = row / ROWS; /* lines fill columns of ROWS */
			double x = 40 + (double)col * COL_W;
			double y = PAGE_H - 50 - (double)(row % ROWS) * LEADING;
			if (nl)
				*nl = '\0';
			if (*p) {
				if (f != cur)
					HPDF_Page_SetFontAndSize(page, font[f], (HPDF_REAL)SIZE);
				cur = f;
				t->shown += show(page, x, y, p, o->words);
			}
			t->lines++;
			p = nl ? nl + 1 : end;
		}
		HPDF_Page_EndText(page);
	}
	if (HPDF_GetError(pdf))
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "libharu error 0x%04lx while drawing",
				    (unsigned long)HPDF_GetError(pdf));
	return 0;
}

static int run(const struct floor_opts *o, struct floor_times *t, struct tz_error *err)
{
	HPDF_STATUS first = 0;
	HPDF_Doc pdf = NULL;
	HPDF_Font font[MAX_FONTS];
	char *file[MAX_FONTS] = {0};
	struct tz_buf text;
	double t0;
	int rc = -1;

	tz_buf_init(&text, MAX_TEXT);
	if (tz_read_file(o->text, MAX_TEXT, &text, err))
		goto out;
	t0 = now_ms();
	if (resolve_fonts(o, file, err))
		goto out;
	t->fontconfig = now_ms() - t0;
	t0 = now_ms();
	pdf = HPDF_New(on_error, &first);
	if (!pdf) {
		tz_error_nomem(err);
		goto out;
	}
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCompressionMode(pdf, o->compress);
	if (load_fonts(pdf, file, o->nfonts, font, err))
		goto out;
	t->fonts = now_ms() - t0;
	t0 = now_ms();
	if (draw(pdf, o, font, &text, t, err))
		goto out;
	t->draw = now_ms() - t0;
	t0 = now_ms();
	if (HPDF_SaveToFile(pdf, o->out) != HPDF_OK) {
		tz_error_set(err, TZ_ERR_IO, o->out, 0, "cannot save: libharu error 0x%04lx",
			     (unsigned long)HPDF_GetError(pdf));
		goto out;
	}
	t->save = now_ms() - t0;
	rc = 0;
out:
	if (pdf)
		HPDF_Free(pdf);
	for (int i = 0; i < o->nfonts; i++)
		free(file[i]);
	tz_buf_release(&text);
	return rc;
}

int main(int argc, char **argv)
{
	struct floor_opts o;
	struct floor_times t;
	struct tz_error err;
	double t0 = now_ms();

	if (parse_args(argc, argv, &o) || o.nfonts == 0)
		return usage();
	memset(&t, 0, sizeof(t));
	tz_error_clear(&err);
	if (run(&o, &t, &err)) {
		fprintf(stderr, "pdf_floor: %s%s%s\n", err.msg, err.file[0] ? ": " : "", err.file);
		return 3;
	}
	printf("%d pages, %zu lines, %zu text operators, %d fonts, %d images%s\n", o.pages,
	       t.lines, t.shown, o.nfonts, o.nimages, o.words ? " (word by word)" : "");
	printf("  fontconfig      %7.1f ms\n", t.fontconfig);
	printf("  font setup      %7.1f ms  (HPDF_LoadTTFontFromFile + HPDF_GetFont UTF-8)\n",
	       t.fonts);
	printf("  pages and text  %7.1f ms\n", t.draw);
	printf("  save            %7.1f ms  (HPDF_SaveToFile)\n", t.save);
	printf("  total in main   %7.1f ms\n", now_ms() - t0);
	return fflush(stdout) || ferror(stdout) ? 3 : 0;
}
