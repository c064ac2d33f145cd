/*
 * fonts.h - the layout's fonts for one PDF: fontconfig patterns resolved to
 * TrueType files, embedded as subsets through libharu's UTF-8 encoder,
 * measured per code point, and checked for missing glyphs.
 *
 * The one idea: libharu measures and draws, fontconfig knows what a font
 * covers. Widths are cached per code point (libharu's lookup walks a table
 * each time), so measuring a whole issue costs a few array reads per
 * character. A character a font lacks is never drawn as a box: it is set
 * in the first font of the layout's fallback chain that has it (in the
 * role's weight and slant), and when no font of the chain has it the
 * caller, asking tz_font_missing() first, reports the story and the
 * character.
 */
#ifndef TZ_FONTS_H
#define TZ_FONTS_H

#include <stddef.h>

#include <hpdf.h>

#include "../model/layout.h"
#include "../util/error.h"

#define TZ_FONT_MAX_FALLBACK 4

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
	struct tz_font *fallback[TZ_FONT_MAX_FALLBACK]; /* borrowed from tz_fonts.fb */
	int nfallback;
	int weight, slant;   /* fontconfig's, so a fallback matches the role */
};

struct tz_fonts {
	struct tz_font f[TZ_FONT_NROLES];
	/* each role's fallback chain, in the layout's order */
	struct tz_font fb[TZ_FONT_NROLES][TZ_FONT_MAX_FALLBACK];
	unsigned noted[64]; /* characters already noted as set in a fallback */
	size_t nnoted;
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
/* The font that sets cp: f when it has it, else the first of its fallback
 * chain that does, else NULL. */
struct tz_font *tz_font_for(struct tz_font *f, unsigned cp);
/* The first code point of utf8[0..len) that no font of f's chain has
 * (ignoring controls such as soft hyphens that are never drawn), or 0 when
 * all are covered. */
unsigned tz_font_missing(const struct tz_font *f, const char *utf8, size_t len);
/* The length of the leading part of utf8[0..len) set in one face, which
 * goes to *face (never cuts a UTF-8 sequence; at least one character). */
size_t tz_font_run(struct tz_font *f, const char *utf8, size_t len, struct tz_font **face);
/* 1 the first time cp is asked about (so a preflight notes each fallback
 * character once per document), else 0. */
int tz_fonts_note_once(struct tz_fonts *fs, unsigned cp);

#endif
