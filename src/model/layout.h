/*
 * layout.h - a print layout (layouts/<name>.xml, <print-layout>): trim
 * size, bleed, mirrored margins, column grid, baseline, type scale, font
 * patterns per role, the colour palette (CMYK with an RGB twin for the
 * screen version) and the print conditions (ICC profile, ink limit).
 *
 * The one idea: layouts are data. Everything the PDF renderer varies by
 * magazine format comes from here, converted to points once, so the
 * renderer never sees millimetres or XML. Fonts stay fontconfig patterns;
 * resolving them to files is the renderer's business (print/fonts.c).
 */
#ifndef TZ_LAYOUT_H
#define TZ_LAYOUT_H

#include <stddef.h>

#include "../util/error.h"

enum tz_font_role {
	TZ_FONT_BODY,
	TZ_FONT_BODY_ITALIC,
	TZ_FONT_BODY_BOLD,
	TZ_FONT_BODY_BOLD_ITALIC,
	TZ_FONT_HEADING,
	TZ_FONT_HEADING_LIGHT,
	TZ_FONT_SANS,
	TZ_FONT_SANS_ITALIC,
	TZ_FONT_SANS_BOLD,
	TZ_FONT_NROLES
};

/* Role names as in the XML ("body-italic"). */
const char *tz_font_role_name(enum tz_font_role r);

struct tz_colour {
	char name[32];
	double cmyk[4]; /* 0..1 */
	double rgb[3];  /* 0..1 */
	double small[4]; /* small-cmyk: the same in at most two inks, for type
			  * under 9 pt; has_small 0 = none given */
	int has_small;
};

#define TZ_LAYOUT_MAX_COLOURS 32
#define TZ_LAYOUT_MAX_FALLBACK 4

struct tz_print_layout {
	char *name;
	char *display; /* the file, for messages */
	double page_w, page_h, bleed;   /* trim size and bleed, points */
	double top, bottom, inner, outer; /* margins, points */
	int columns, feature_columns;
	double gutter, baseline;        /* points */
	double body, leading, headline, kicker, lead, subhead, caption, masthead;
	double expansion;               /* max horizontal glyph scaling, fraction (0.02) */
	double letterspace;             /* most letter-spacing a loose justified
					 * line may take, fraction of the size (0.03) */
	int hanging;                    /* optical margin alignment */
	char *font[TZ_FONT_NROLES];     /* fontconfig patterns; body and heading
					 * required, the rest fall back */
	long font_line[TZ_FONT_NROLES]; /* where each was declared */
	/* the fallback chain, tried in order for a character a role's font
	 * lacks (family patterns; each role asks for its own weight/slant) */
	char *fallback[TZ_LAYOUT_MAX_FALLBACK];
	long fallback_line[TZ_LAYOUT_MAX_FALLBACK];
	size_t nfallback;
	struct tz_colour colours[TZ_LAYOUT_MAX_COLOURS];
	size_t ncolours;
	char *icc;                      /* output profile path (relative: to the
					 * layout file's folder), NULL = default */
	long print_line;                /* line of <print>, 0 if none */
	int small_text_inks;            /* most inks under 9 pt (2) */
	char *output_condition;         /* e.g. "FOGRA39", NULL = "Custom" */
	char *hyph_names;               /* file of hyphenation exceptions (names),
					 * relative to the layout; NULL = none */
	long hyph_line;                 /* line of <hyphenation> */
	char **hyph_words;              /* the layout's own exceptions */
	size_t nhyph_words;
	int ink_limit;                  /* percent */
	int jpeg_quality;               /* CMYK image quality (85) */
};

/*
 * Load layouts/<name>.xml from project_root, or the file at path when it is
 * not NULL. Checks what the schema cannot: the text area must leave room
 * for the columns, the leading must be a multiple of the baseline grid,
 * every colour needs CMYK. 0, or -1 with err (file:line).
 */
int tz_print_layout_load(struct tz_print_layout *l, const char *project_root,
			 const char *name, const char *path, struct tz_error *err);
void tz_print_layout_release(struct tz_print_layout *l);

/* The colour called name, or fallback's, or NULL. Borrowed. */
const struct tz_colour *tz_layout_colour(const struct tz_print_layout *l,
					 const char *name);

#endif
