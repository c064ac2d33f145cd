/*
 * fonts.c - fontconfig resolution, libharu embedding, cached widths and
 * the fallback chain (see fonts.h).
 *
 * A fallback font costs nothing until a character needs it: its file is
 * resolved with the layout (so a missing package is reported at once), but
 * libharu loads it only when a character is measured or drawn in it. The
 * width cache of a role marks the code points a fallback sets (FALLBACK_W)
 * so the fast path of tz_font_width stays a table read.
 */
#include "fonts.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>

#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define FALLBACK_W SHRT_MIN /* in a width block: set by a fallback font */

/* Debian packages to suggest for the families the layouts use. */
static const char *package_for(const char *pattern)
{
	static const struct { const char *family, *pkg; } map[] = {
		{"Charis SIL", "fonts-sil-charis"}, {"Gentium", "fonts-sil-gentiumplus"},
		{"Lato", "fonts-lato"},             {"DejaVu", "fonts-dejavu-core"},
		{"Liberation", "fonts-liberation2"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncasecmp(pattern, map[i].family, strlen(map[i].family)))
			return map[i].pkg;
	return "the Debian package with this font";
}

static char *fc_string(FcPattern *p, const char *object)
{
	FcChar8 *s = NULL;
	if (FcPatternGetString(p, object, 0, &s) != FcResultMatch || !s)
		return NULL;
	return tz_strdup((const char *)s);
}

/* Does the matched font have the family (and style, when asked) of the
 * request? fontconfig always returns something, usually DejaVu. */
static int same_face(FcPattern *want, FcPattern *got)
{
	FcChar8 *wf = NULL, *ws = NULL, *s;
	int fam = 0, sty = 1;

	if (FcPatternGetString(want, FC_FAMILY, 0, &wf) != FcResultMatch)
		return 1;
	for (int i = 0; FcPatternGetString(got, FC_FAMILY, i, &s) == FcResultMatch; i++)
		if (!strcasecmp((const char *)s, (const char *)wf))
			fam = 1;
	if (FcPatternGetString(want, FC_STYLE, 0, &ws) == FcResultMatch) {
		sty = 0;
		for (int i = 0; FcPatternGetString(got, FC_STYLE, i, &s) == FcResultMatch; i++)
			if (!strcasecmp((const char *)s, (const char *)ws))
				sty = 1;
	}
	return fam && sty;
}

static int is_truetype_file(const char *path)
{
	unsigned char h[4] = {0};
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return -1;
	n = fread(h, 1, 4, fp);
	fclose(fp);
	if (n != 4)
		return 0;
	return (h[0] == 0 && h[1] == 1 && h[2] == 0 && h[3] == 0) || !memcmp(h, "true", 4);
}

/* Resolve pattern (declared at line of the layout) for role into f. A
 * fallback (like, the role's resolved font) asks for like's weight and
 * slant and takes whatever face of the family is nearest. */
static int resolve(struct tz_font *f, const struct tz_print_layout *l, int role,
		   const char *pattern, long line, const struct tz_font *like,
		   struct tz_error *err)
{
	FcPattern *want = FcNameParse((const FcChar8 *)pattern), *got = NULL;
	FcCharSet *cs = NULL;
	FcResult res;
	int rc = -1, tt;

	if (!want)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "cannot parse font pattern '%s'", pattern);
	if (like) {
		FcPatternDel(want, FC_STYLE);
		FcPatternAddInteger(want, FC_WEIGHT, like->weight);
		FcPatternAddInteger(want, FC_SLANT, like->slant);
	}
	FcConfigSubstitute(NULL, want, FcMatchPattern);
	FcDefaultSubstitute(want);
	got = FcFontMatch(NULL, want, &res);
	if (!got || res != FcResultMatch || !same_face(want, got)) {
		char *fam = got ? fc_string(got, FC_FAMILY) : NULL;
		tz_error_set(err, TZ_ERR_DEPENDENCY, l->display, line,
			     "%s font '%s' for role '%s' is not installed (fontconfig offers '%s'); "
			     "install %s or change the pattern",
			     like ? "fallback" : "the", pattern,
			     tz_font_role_name((enum tz_font_role)role),
			     fam ? fam : "nothing", package_for(pattern));
		free(fam);
		goto out;
	}
	if (FcPatternGetInteger(got, FC_WEIGHT, 0, &f->weight) != FcResultMatch)
		f->weight = FC_WEIGHT_REGULAR;
	if (FcPatternGetInteger(got, FC_SLANT, 0, &f->slant) != FcResultMatch)
		f->slant = FC_SLANT_ROMAN;
	f->file = fc_string(got, FC_FILE);
	f->family = fc_string(got, FC_FAMILY);
	f->style = fc_string(got, FC_STYLE);
	if (!f->file || !f->family || !f->style) {
		tz_error_nomem(err);
		goto out;
	}
	tt = is_truetype_file(f->file);
	if (tt < 0) {
		tz_error_set(err, TZ_ERR_IO, f->file, 0, "cannot read font file for '%s'", pattern);
		goto out;
	}
	if (!tt) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, l->display, line,
			     "font '%s' (%s) has CFF outlines; libharu embeds TrueType "
			     "outlines only: choose a .ttf font",
			     pattern, f->file);
		goto out;
	}
	if (FcPatternGetCharSet(got, FC_CHARSET, 0, &cs) != FcResultMatch || !cs ||
	    !(f->charset = FcCharSetCopy(cs))) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, f->file, 0,
			     "fontconfig knows no character set for '%s'", pattern);
		goto out;
	}
	rc = 0;
out:
	FcPatternDestroy(want);
	if (got)
		FcPatternDestroy(got);
	return rc;
}

/* The same file for two roles (or a role and a fallback) is embedded once:
 * f shares the first earlier font with its file. */
static void share_file(struct tz_fonts *fs, struct tz_font *f)
{
	f->same = f;
	for (int r = 0; r < TZ_FONT_NROLES; r++) {
		struct tz_font *o = &fs->f[r];
		for (int k = -1; k < o->nfallback; k++) {
			struct tz_font *x = k < 0 ? o : o->fallback[k];
			if (x == f)
				return;
			if (x->file && !strcmp(x->file, f->file)) {
				f->same = x->same;
				return;
			}
		}
	}
}

int tz_fonts_load(struct tz_fonts *fs, HPDF_Doc pdf, const struct tz_print_layout *l,
		  struct tz_error *err)
{
	memset(fs, 0, sizeof(*fs));
	if (!FcInit())
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "fontconfig cannot start");
	for (int r = 0; r < TZ_FONT_NROLES; r++) {
		struct tz_font *f = &fs->f[r];
		if (resolve(f, l, r, l->font[r], l->font_line[r], NULL, err))
			goto fail;
		f->pdf = pdf;
		share_file(fs, f);
		for (size_t k = 0; k < l->nfallback && k < TZ_FONT_MAX_FALLBACK; k++) {
			struct tz_font *b = &fs->fb[r][k];
			if (resolve(b, l, r, l->fallback[k], l->fallback_line[k], f, err))
				goto fail;
			b->pdf = pdf;
			f->fallback[f->nfallback++] = b;
			share_file(fs, b);
		}
	}
	return 0;
fail:
	tz_fonts_release(fs);
	return -1;
}

int tz_font_ready(struct tz_font *f)
{
	struct tz_font *o = f->same ? f->same : f;
	const char *name;

	if (f->font)
		return 0;
	if (f->failed || o->failed)
		return -1;
	if (!o->font) {
		name = HPDF_LoadTTFontFromFile(o->pdf, o->file, HPDF_TRUE);
		o->font = name ? HPDF_GetFont(o->pdf, name, "UTF-8") : NULL;
		if (!o->font) {
			HPDF_ResetError(o->pdf);
			o->failed = f->failed = 1;
			return -1;
		}
		o->ascent = HPDF_Font_GetAscent(o->font);
		o->descent = HPDF_Font_GetDescent(o->font);
		o->cap_height = HPDF_Font_GetCapHeight(o->font);
		o->x_height = HPDF_Font_GetXHeight(o->font);
	}
	f->font = o->font;
	f->ascent = o->ascent;
	f->descent = o->descent;
	f->cap_height = o->cap_height;
	f->x_height = o->x_height;
	return 0;
}

int tz_fonts_check(const struct tz_fonts *fs, struct tz_error *err)
{
	for (int r = 0; r < TZ_FONT_NROLES; r++)
		for (int k = -1; k < fs->f[r].nfallback; k++) {
			const struct tz_font *f = k < 0 ? &fs->f[r] : fs->f[r].fallback[k];
			if (f->failed)
				return tz_error_set(err, TZ_ERR_DEPENDENCY, f->file, 0,
						    "libharu cannot embed the TrueType %sfont for role '%s'",
						    k < 0 ? "" : "fallback ",
						    tz_font_role_name((enum tz_font_role)r));
		}
	return 0;
}

static void font_release(struct tz_font *f)
{
	free(f->file);
	free(f->family);
	free(f->style);
	if (f->charset)
		FcCharSetDestroy(f->charset);
	for (int b = 0; b < 256; b++)
		free(f->widths[b]);
}

void tz_fonts_release(struct tz_fonts *fs)
{
	for (int r = 0; r < TZ_FONT_NROLES; r++) {
		font_release(&fs->f[r]);
		for (int k = 0; k < TZ_FONT_MAX_FALLBACK; k++)
			font_release(&fs->fb[r][k]);
	}
	memset(fs, 0, sizeof(*fs));
}

/* Never drawn, so never a reason to switch fonts or to fail. */
static int ignorable(uint32_t cp)
{
	return cp < 0x20 || cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

static const struct tz_font *face_for(const struct tz_font *f, unsigned cp)
{
	if (cp > 0xFFFF) /* libharu's UTF-8 path stops at the BMP */
		return NULL;
	if (tz_font_has(f, cp))
		return f;
	for (int k = 0; k < f->nfallback; k++)
		if (tz_font_has(f->fallback[k], cp))
			return f->fallback[k];
	return NULL;
}

struct tz_font *tz_font_for(struct tz_font *f, unsigned cp)
{
	const struct tz_font *g = face_for(f, cp);
	if (g == f)
		return f;
	for (int k = 0; k < f->nfallback; k++)
		if (g == f->fallback[k])
			return f->fallback[k];
	return NULL;
}

double tz_font_cp_width(struct tz_font *f, unsigned cp)
{
	short *blk;
	if (cp > 0xFFFF || tz_font_ready(f))
		return 0; /* libharu's UTF-8 path stops at the BMP */
	blk = f->widths[cp >> 8];
	if (!blk) {
		blk = tz_malloc(256 * sizeof(short));
		if (!blk) {
			struct tz_font *g = tz_font_for(f, cp);
			return g && g != f ? tz_font_cp_width(g, cp)
					   : HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)cp);
		}
		for (unsigned i = 0; i < 256; i++) {
			unsigned c = (cp & ~0xFFu) | i;
			const struct tz_font *g = f->nfallback && !ignorable(c) ? face_for(f, c) : f;
			blk[i] = g && g != f ? FALLBACK_W
					     : (short)HPDF_Font_GetUnicodeWidth(f->font, (HPDF_UNICODE)c);
		}
		f->widths[cp >> 8] = blk;
	}
	if (blk[cp & 0xFF] == FALLBACK_W) {
		struct tz_font *g = tz_font_for(f, cp);
		return g && g != f ? tz_font_cp_width(g, cp) : 0;
	}
	return blk[cp & 0xFF];
}

/* The line breaker measures every word several times (750,000 calls for
 * the 68-page stress issue), so the common case stays in this loop: the
 * font is made ready once, ASCII needs no decoding, and a filled block of
 * widths is read directly. The sum is taken in the same order as one
 * tz_font_cp_width per character would, so the result is the same. */
double tz_font_width(struct tz_font *f, const char *utf8, size_t len, double size)
{
	const unsigned char *s = (const unsigned char *)utf8;
	double w = 0;
	size_t i = 0;

	if (tz_font_ready(f))
		return w * size / 1000; /* every width is 0 */
	while (i < len) {
		uint32_t cp;
		size_t n = 1;
		const short *blk;
		if (s[i] < 0x80)
			cp = s[i];
		else if ((n = tz_utf8_decode(s + i, len - i, &cp)) == 0)
			cp = 0xFFFD, n = 1;
		i += n;
		if (cp == 0xAD) /* soft hyphen: invisible unless broken */
			continue;
		blk = cp <= 0xFFFF ? f->widths[cp >> 8] : NULL;
		w += blk && blk[cp & 0xFF] != FALLBACK_W ? blk[cp & 0xFF] : tz_font_cp_width(f, cp);
	}
	return w * size / 1000;
}

int tz_font_has(const struct tz_font *f, unsigned cp)
{
	return f->charset && FcCharSetHasChar(f->charset, cp);
}

unsigned tz_font_missing(const struct tz_font *f, const char *utf8, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = tz_utf8_decode((const unsigned char *)utf8 + i, len - i, &cp);
		if (n == 0)
			return 0xFFFD;
		i += n;
		if (ignorable(cp))
			continue;
		if (!face_for(f, cp))
			return cp;
	}
	return 0;
}

size_t tz_font_run(struct tz_font *f, const char *utf8, size_t len, struct tz_font **face)
{
	const unsigned char *s = (const unsigned char *)utf8;
	struct tz_font *cur = NULL;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = 1;
		struct tz_font *g;
		if (s[i] < 0x80)
			cp = s[i];
		else if ((n = tz_utf8_decode(s + i, len - i, &cp)) == 0)
			cp = 0xFFFD, n = 1;
		if (ignorable(cp))
			g = cur; /* never drawn: stays in the current run */
		else if (!f->nfallback || tz_font_has(f, cp))
			g = f;
		else if (!(g = tz_font_for(f, cp)))
			g = f; /* in no font: reported by the preflight, drawn as before */
		if (g && cur && g != cur)
			break;
		if (g)
			cur = g;
		i += n;
	}
	*face = cur ? cur : f;
	return i;
}

int tz_fonts_note_once(struct tz_fonts *fs, unsigned cp)
{
	for (size_t i = 0; i < fs->nnoted; i++)
		if (fs->noted[i] == cp)
			return 0;
	if (fs->nnoted < sizeof(fs->noted) / sizeof(fs->noted[0]))
		fs->noted[fs->nnoted++] = cp;
	return 1;
}
