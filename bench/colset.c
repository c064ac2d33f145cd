/*
 * colset.c - bench only: set a plain text into 3 columns of A4 with
 * techzine's paragraph setter (src/text/para.c) and libharu, so
 * bench/spacing can compare its line breaking with pdflatex and weasyprint
 * on identical text before `techzine pdf` exists. Not part of techzine.
 *
 * The one idea: the page geometry is layouts/magazine-a4.xml's (margins,
 * gutter, 9.5/12 pt body, Charis SIL, 2 % expansion, hanging punctuation),
 * fixed here; widths are measured per code point with
 * HPDF_Font_GetUnicodeWidth, exactly as the fragments are drawn.
 *
 * Input: one paragraph per line; an empty line starts a new story (the
 * next paragraph is not indented and one baseline is left blank).
 *
 * usage: colset [--expansion PCT] [--no-protrusion] [--letterspace PT]
 *               [--tolerance R] [--hyphen-penalty N] [--stats] TEXT OUT.pdf
 */
#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "text/para.h"
#include "text/utf8.h"
#include "util/error.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210 * MM)
#define PAGE_H (297 * MM)
#define TOP (18 * MM)
#define BOTTOM (20 * MM)
#define INNER (17 * MM)
#define OUTER (14 * MM)
#define GUTTER (4.5 * MM)
#define NCOLS 3
#define SIZE 9.5
#define LEADING 12.0

struct font {
	HPDF_Font f;
};

static double measure(void *ctx, unsigned style, const char *s, size_t n)
{
	struct font *fo = ctx;
	double w = 0;
	(void)style;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = tz_utf8_decode((const unsigned char *)s + i, n - i, &c);
		if (!k)
			break;
		w += HPDF_Font_GetUnicodeWidth(fo->f, (HPDF_UNICODE)c);
		i += k;
	}
	return w * SIZE / 1000.0;
}

static char *font_file(const char *pattern)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)pattern), *m;
	FcResult res;
	FcChar8 *file = NULL;
	char *out = NULL;
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch)
		out = strdup((const char *)file);
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return out;
}

static void on_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
	(void)u;
	fprintf(stderr, "colset: libharu error %04X (%u)\n", (unsigned)e, (unsigned)d);
	exit(3);
}

struct flow {
	HPDF_Doc pdf;
	HPDF_Page page;
	HPDF_Font font;
	int pageno, col, line, lines_per_col;
};

static void next_line(struct flow *fl)
{
	if (fl->page && ++fl->line < fl->lines_per_col)
		return;
	fl->line = 0;
	if (fl->page && ++fl->col < NCOLS)
		return;
	fl->col = 0;
	fl->page = HPDF_AddPage(fl->pdf);
	fl->pageno++;
	HPDF_Page_SetWidth(fl->page, (HPDF_REAL)PAGE_W);
	HPDF_Page_SetHeight(fl->page, (HPDF_REAL)PAGE_H);
}

static double col_x(const struct flow *fl)
{
	double colw = (PAGE_W - INNER - OUTER - (NCOLS - 1) * GUTTER) / NCOLS;
	double left = fl->pageno % 2 ? INNER : OUTER; /* odd pages: right-hand */
	return left + fl->col * (colw + GUTTER);
}

static void draw_line(struct flow *fl, const struct tz_runs *runs,
		      const struct tz_para *para, size_t li)
{
	const struct tz_para_line *ln = &para->lines[li];
	double x0 = col_x(fl);
	double y = PAGE_H - TOP - SIZE * 0.8 - fl->line * LEADING;
	char buf[4096];

	HPDF_Page_BeginText(fl->page);
	HPDF_Page_SetFontAndSize(fl->page, fl->font, (HPDF_REAL)SIZE);
	HPDF_Page_SetHorizontalScalling(fl->page, (HPDF_REAL)(ln->scale * 100));
	HPDF_Page_SetCharSpace(fl->page, (HPDF_REAL)(ln->char_space / ln->scale));
	for (size_t i = ln->first; i < ln->first + ln->nfrags; i++) {
		const struct tz_frag *f = &para->frags[i];
		size_t n = f->len < sizeof(buf) - 1 ? f->len : sizeof(buf) - 1;
		memcpy(buf, runs->items[f->run].text + f->off, n);
		buf[n] = '\0';
		HPDF_Page_TextOut(fl->page, (HPDF_REAL)(x0 + f->x), (HPDF_REAL)y, buf);
	}
	if (ln->hyphenated)
		HPDF_Page_TextOut(fl->page, (HPDF_REAL)(x0 + ln->hyphen_x),
				  (HPDF_REAL)y, "-");
	HPDF_Page_EndText(fl->page);
}

int main(int argc, char **argv)
{
	double expansion = 0.02, letterspace = 0, tolerance = -1;
	int protrusion = 1, hyphen_penalty = -1, stats = 0, ai = 1;
	size_t npara = 0, nlines = 0, nsplit = 0, nover = 0, passes[6] = { 0 };
	size_t ntracked = 0, nexpmax = 0;
	FILE *in;
	char *line = NULL, *file;
	size_t cap = 0;
	ssize_t len;
	struct flow fl = { 0 };
	double colw = (PAGE_W - INNER - OUTER - (NCOLS - 1) * GUTTER) / NCOLS;
	int story_start = 1;
	struct font fo;

	for (; ai < argc && argv[ai][0] == '-' && argv[ai][1] == '-'; ai++) {
		if (!strcmp(argv[ai], "--expansion") && ai + 1 < argc)
			expansion = strtod(argv[++ai], NULL) / 100;
		else if (!strcmp(argv[ai], "--no-protrusion"))
			protrusion = 0;
		else if (!strcmp(argv[ai], "--letterspace") && ai + 1 < argc)
			letterspace = strtod(argv[++ai], NULL);
		else if (!strcmp(argv[ai], "--tolerance") && ai + 1 < argc)
			tolerance = strtod(argv[++ai], NULL);
		else if (!strcmp(argv[ai], "--hyphen-penalty") && ai + 1 < argc)
			hyphen_penalty = (int)strtol(argv[++ai], NULL, 10);
		else if (!strcmp(argv[ai], "--stats"))
			stats = 1;
		else
			break;
	}
	if (argc - ai != 2) {
		fprintf(stderr, "usage: colset [--expansion PCT] [--no-protrusion] "
				"[--letterspace PT] [--tolerance R] [--hyphen-penalty N] "
				"[--stats] TEXT OUT.pdf\n");
		return 2;
	}
	in = fopen(argv[ai], "r");
	if (!in) {
		perror(argv[ai]);
		return 3;
	}
	file = font_file("Charis SIL:style=Regular");
	if (!file) {
		fprintf(stderr, "colset: font 'Charis SIL' not found (fonts-sil-charis)\n");
		return 3;
	}
	fl.pdf = HPDF_New(on_error, NULL);
	HPDF_UseUTFEncodings(fl.pdf);
	HPDF_SetCompressionMode(fl.pdf, HPDF_COMP_ALL);
	fl.font = HPDF_GetFont(fl.pdf, HPDF_LoadTTFontFromFile(fl.pdf, file, HPDF_TRUE),
			       "UTF-8");
	fo.f = fl.font;
	fl.lines_per_col = (int)((PAGE_H - TOP - BOTTOM) / LEADING);
	fl.line = -1;
	while ((len = getline(&line, &cap, in)) >= 0) {
		struct tz_run run = { 0 };
		struct tz_runs runs = { &run, 1, 1 };
		struct tz_para_params p;
		struct tz_para para;
		struct tz_error err;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0) {
			if (!story_start)
				next_line(&fl); /* one blank baseline between stories */
			story_start = 1;
			continue;
		}
		run.text = line;
		tz_para_params_init(&p, measure, &fo, &colw, 1);
		p.indent = story_start ? 0 : SIZE;
		p.expansion = expansion;
		p.protrusion = protrusion;
		p.letterspace = letterspace;
		if (tolerance > 0)
			p.lb.tolerance2 = tolerance;
		if (hyphen_penalty >= 0)
			p.hyphen_penalty = hyphen_penalty;
		if (tz_para_build(&runs, &p, &para, &err) < 0) {
			fprintf(stderr, "colset: %s\n", err.msg);
			return 1;
		}
		for (size_t li = 0; li < para.nlines; li++) {
			const struct tz_para_line *ln = &para.lines[li];
			if (getenv("COLSET_DEBUG") && para.pass >= 3) {
				const struct tz_frag *f = &para.frags[ln->first];
				fprintf(stderr, "  p%zu pass %d line %zu ratio %.2f scale %.3f cs %.2f fit %d%s [w %.1f b %.1f g %.1f y %.1f n %zu x0 %.1f]: '%.50s'\n",
					npara + 1, para.pass, li + 1, ln->ratio, ln->scale,
					ln->char_space, ln->fitness, ln->hyphenated ? " -" : "", ln->width, ln->boxes, ln->glue, ln->stretch, ln->nchars, ln->x0,
					line + f->off);
			}
			if (stats && ln->overfull) {
				const struct tz_frag *f = &para.frags[ln->first];
				fprintf(stderr, "colset: overfull line %zu of paragraph %zu "
					"(ratio %.2f, scale %.3f, pass %d): '%.40s'\n", li + 1,
					npara + 1, ln->ratio, ln->scale, para.pass,
					line + f->off);
			}
			next_line(&fl);
			draw_line(&fl, &runs, &para, li);
		}
		for (size_t li = 0; li < para.nlines; li++) {
			ntracked += para.lines[li].char_space > 0;
			nexpmax += fabs(para.lines[li].scale - 1) > expansion * 0.95 &&
				   expansion > 0;
		}
		npara++;
		nlines += para.nlines;
		nsplit += para.nsplit;
		nover += para.noverfull;
		passes[para.pass < 6 ? para.pass : 0]++;
		tz_para_release(&para);
		story_start = 0;
	}
	free(line);
	fclose(in);
	if (HPDF_SaveToFile(fl.pdf, argv[ai + 1]) != HPDF_OK) {
		fprintf(stderr, "colset: cannot write '%s'\n", argv[ai + 1]);
		return 3;
	}
	HPDF_Free(fl.pdf);
	free(file);
	if (stats)
		fprintf(stderr,
			"colset: %zu paragraphs, %zu lines, %d pages; passes 1-5: "
			"%zu/%zu/%zu/%zu/%zu; %zu forced splits, %zu overfull; "
			"%zu lines letter-spaced, %zu at the expansion limit\n",
			npara, nlines, fl.pageno, passes[1], passes[2], passes[3],
			passes[4], passes[5], nsplit, nover, ntracked, nexpmax);
	return nover ? 1 : 0;
}
