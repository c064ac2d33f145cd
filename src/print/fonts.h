/*
 * fonts.h - the layout's fonts for one PDF: fontconfig patterns resolved to
 * TrueType files, embedded as subsets through libharu's UTF-8 encoder,
 * measured per code point, and checked for missing glyphs.
 *
 * The one idea: libharu measures and draws, fontconfig knows what a font
 * covers. Widths are cached per code point (libharu's lookup walks a table
 * each time), so measuring a whole issue costs a few array reads per
 * character. A character a font lacks is never drawn as a box: the caller
 * asks tz_fonts_missing() first and reports the story and the character.
 */
#ifndef TZ_FONTS_H
#define TZ_FONTS_H

#include <stddef.h>

#include <hpdf.h>

#include "../model/layout.h"
#include "../util/error.h"

struct tz_font {
	HPDF_Font font;      /* owned by the document; NULL until first used */
	HPDF_Doc pdf;        /* where it is embedded when first used */
	struct tz_font *same; /* the role that has the same file (or itself) */
	int failed;          /* libharu could not load it (see tz_fonts_check) */
	char *file;          /* resolved TrueType file */
	char *family, *style;
	void *charset;       /* FcCharSet*, owned */
	short *widths[256];  /* lazily filled blocks of 256 code points (1/1000 em) */
	double ascent, descent, cap_height, x_height; /* 1/1000 em */
};

struct tz_fonts {
	struct tz_font f[TZ_FONT_NROLES];
};

/*
 * Resolve every role of layout l with fontconfig for pdf (which must have
 * UTF encodings enabled). A pattern that matches another family, a CFF
 * (.otf) font or an unreadable file is an error naming the layout file and
 * line and the Debian package to install. 0 or -1. A font is embedded when
 * it is first measured or drawn: libharu maps the whole Unicode BMP for
 * every font it loads, which costs more than laying out a page, so a role
 * the issue never uses costs nothing.
 */
int tz_fonts_load(struct tz_fonts *fs, HPDF_Doc pdf,
		  const struct tz_print_layout *l, struct tz_error *err);
/* Embed f now if it is not yet (the canvas calls this before drawing).
 * 0, or -1 when libharu cannot load it (f->failed; reported by
 * tz_fonts_check). */
int tz_font_ready(struct tz_font *f);
/* After the layout: -1 with err when a font could not be embedded. */
int tz_fonts_check(const struct tz_fonts *fs, struct tz_error *err);
void tz_fonts_release(struct tz_fonts *fs);

/* Width of utf8[0..len) in points at size (valid UTF-8 assumed; a broken
 * sequence counts as one U+FFFD). */
double tz_font_width(struct tz_font *f, const char *utf8, size_t len, double size);
/* Advance width of one code point, 1/1000 em. */
double tz_font_cp_width(struct tz_font *f, unsigned cp);
/* Does the font have a glyph for cp? */
int tz_font_has(const struct tz_font *f, unsigned cp);
/* The first code point of utf8[0..len) the font lacks (ignoring controls
 * such as soft hyphens that are never drawn), or 0 when all are covered. */
unsigned tz_font_missing(const struct tz_font *f, const char *utf8, size_t len);

#endif
