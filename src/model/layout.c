/*
 * layout.c - read a print layout into points (see layout.h).
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layoutdoc.h"
#include "xmlfile.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MM (72.0 / 25.4)

static const char *const role_names[TZ_FONT_NROLES] = {
	"body", "body-italic", "body-bold", "body-bold-italic", "heading",
	"heading-light", "sans", "sans-italic", "sans-bold",
};

const char *tz_font_role_name(enum tz_font_role r)
{
	return r < TZ_FONT_NROLES ? role_names[r] : "?";
}

void tz_print_layout_release(struct tz_print_layout *l)
{
	free(l->name);
	free(l->display);
	for (int i = 0; i < TZ_FONT_NROLES; i++)
		free(l->font[i]);
	for (size_t i = 0; i < l->nfallback; i++)
		free(l->fallback[i]);
	free(l->icc);
	free(l->output_condition);
	free(l->hyph_names);
	for (size_t i = 0; i < l->nhyph_words; i++)
		free(l->hyph_words[i]);
	free(l->hyph_words);
	memset(l, 0, sizeof(*l));
}

const struct tz_colour *tz_layout_colour(const struct tz_print_layout *l,
					 const char *name)
{
	for (size_t i = 0; i < l->ncolours; i++)
		if (!strcmp(l->colours[i].name, name))
			return &l->colours[i];
	return NULL;
}

/* A number attribute (the schema guarantees its syntax); def if absent. */
static double num(xmlNodePtr n, const char *name, double def)
{
	char *v = tz_xml_prop(n, name);
	double d = def;
	if (v) {
		char *end;
		d = strtod(v, &end);
		if (end == v || !isfinite(d))
			d = def;
		free(v);
	}
	return d;
}

/* small-cmyk="C M Y K": percentages, at most two inks (that is its point) */
static int parse_small(struct tz_colour *col, char *p, const char *display, long line,
		       struct tz_error *err)
{
	int inks = 0;
	for (int i = 0; i < 4; i++) {
		double v = strtod(p, &p);
		if (v < 0 || v > 100)
			return tz_error_set(err, TZ_ERR_CONTENT, display, line,
					    "colour '%s': ink values are percentages 0-100",
					    col->name);
		col->small[i] = v / 100;
		inks += v > 0;
	}
	if (inks > 2)
		return tz_error_set(err, TZ_ERR_CONTENT, display, line,
				    "colour '%s': small-cmyk has %d inks; it is the colour for "
				    "type under 9 pt and may use at most two",
				    col->name, inks);
	col->has_small = 1;
	return 0;
}

static int parse_colour(struct tz_print_layout *l, xmlNodePtr c, struct tz_error *err)
{
	struct tz_colour *col;
	char *name = tz_xml_prop(c, "name"), *cmyk = tz_xml_prop(c, "cmyk"),
	     *rgb = tz_xml_prop(c, "rgb"), *small = tz_xml_prop(c, "small-cmyk");
	int rc = -1;

	if (!name || !rgb) {
		tz_error_nomem(err);
		goto out;
	}
	if (!cmyk) {
		tz_error_set(err, TZ_ERR_CONTENT, l->display, c->line,
			     "colour '%s' needs cmyk=\"C M Y K\" in a print layout", name);
		goto out;
	}
	if (strlen(name) >= sizeof(col->name) || l->ncolours >= TZ_LAYOUT_MAX_COLOURS) {
		tz_error_set(err, TZ_ERR_LIMIT, l->display, c->line,
			     "too many colours or name too long (%d colours, 31 characters)",
			     TZ_LAYOUT_MAX_COLOURS);
		goto out;
	}
	col = &l->colours[l->ncolours];
	memset(col, 0, sizeof(*col));
	memcpy(col->name, name, strlen(name) + 1);
	{
		char *p = cmyk;
		for (int i = 0; i < 4; i++) {
			double v = strtod(p, &p);
			if (v < 0 || v > 100) {
				tz_error_set(err, TZ_ERR_CONTENT, l->display, c->line,
					     "colour '%s': ink values are percentages 0-100", name);
				goto out;
			}
			col->cmyk[i] = v / 100;
		}
	}
	if (small && parse_small(col, small, l->display, c->line, err))
		goto out;
	for (int i = 0; i < 3; i++) {
		char hex[3] = {rgb[1 + 2 * i], rgb[2 + 2 * i], 0};
		col->rgb[i] = (double)strtol(hex, NULL, 16) / 255;
	}
	l->ncolours++;
	rc = 0;
out:
	free(name);
	free(cmyk);
	free(rgb);
	free(small);
	return rc;
}

/* <fallback pattern="Gentium Plus"/>: the next font of the chain */
static int parse_fallback(struct tz_print_layout *l, xmlNodePtr f, struct tz_error *err)
{
	char *pattern = tz_xml_prop(f, "pattern");
	if (!pattern)
		return tz_error_nomem(err);
	if (!pattern[0] || l->nfallback == TZ_LAYOUT_MAX_FALLBACK) {
		int empty = !pattern[0];
		free(pattern);
		if (empty)
			return tz_error_set(err, TZ_ERR_CONTENT, l->display, f->line,
					    "a fallback font needs a pattern");
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, f->line,
				    "more than %d fallback fonts", TZ_LAYOUT_MAX_FALLBACK);
	}
	l->fallback_line[l->nfallback] = f->line;
	l->fallback[l->nfallback++] = pattern;
	return 0;
}

static int parse_font(struct tz_print_layout *l, xmlNodePtr f, struct tz_error *err)
{
	char *role, *pattern;
	int rc = -1;

	if (!strcmp((const char *)f->name, "fallback"))
		return parse_fallback(l, f, err);
	role = tz_xml_prop(f, "role");
	pattern = tz_xml_prop(f, "pattern");

	if (!role || !pattern) {
		tz_error_nomem(err);
		goto out;
	}
	for (int i = 0; i < TZ_FONT_NROLES; i++) {
		if (strcmp(role, role_names[i]) != 0)
			continue;
		if (!pattern[0]) {
			tz_error_set(err, TZ_ERR_CONTENT, l->display, f->line,
				     "font role '%s' has an empty pattern", role);
			goto out;
		}
		free(l->font[i]);
		l->font[i] = pattern;
		l->font_line[i] = f->line;
		pattern = NULL;
		break;
	}
	rc = 0;
out:
	free(role);
	free(pattern);
	return rc;
}

/* A relative path (icc="...", names="...") is relative to the layout file,
 * as a printer's profile copied next to the layout is meant. */
static int resolve_path(const struct tz_print_layout *l, char **path)
{
	const char *slash = strrchr(l->display, '/');
	size_t dir, n;
	char *full;
	if ((*path)[0] == '/' || !slash)
		return 0;
	dir = (size_t)(slash - l->display) + 1;
	n = dir + strlen(*path) + 1;
	full = tz_malloc(n);
	if (!full)
		return -1;
	memcpy(full, l->display, dir);
	memcpy(full + dir, *path, strlen(*path) + 1);
	free(*path);
	*path = full;
	return 0;
}

static int parse_hyphenation(struct tz_print_layout *l, xmlNodePtr n)
{
	l->hyph_line = n->line;
	l->hyph_names = tz_xml_prop(n, "names");
	if (l->hyph_names && resolve_path(l, &l->hyph_names))
		return -1;
	for (xmlNodePtr w = n->children; w; w = w->next) {
		xmlChar *t;
		char **grown;
		if (w->type != XML_ELEMENT_NODE)
			continue;
		t = xmlNodeGetContent(w);
		grown = t ? tz_realloc(l->hyph_words, (l->nhyph_words + 1) * sizeof(char *)) : NULL;
		if (grown)
			l->hyph_words = grown;
		if (!grown || !(l->hyph_words[l->nhyph_words] = tz_strdup((const char *)t))) {
			xmlFree(t);
			return -1;
		}
		l->nhyph_words++;
		xmlFree(t);
	}
	return 0;
}

static int read_layout(struct tz_print_layout *l, xmlNodePtr root, struct tz_error *err)
{
	for (xmlNodePtr n = root->children; n; n = n->next) {
		const char *e = (const char *)n->name;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp(e, "page")) {
			l->page_w = num(n, "width", 210) * MM;
			l->page_h = num(n, "height", 297) * MM;
			l->bleed = num(n, "bleed", 3) * MM;
		} else if (!strcmp(e, "margins")) {
			l->top = num(n, "top", 15) * MM;
			l->bottom = num(n, "bottom", 15) * MM;
			l->inner = num(n, "inner", 15) * MM;
			l->outer = num(n, "outer", 15) * MM;
		} else if (!strcmp(e, "grid")) {
			l->columns = (int)num(n, "columns", 3);
			l->feature_columns = (int)num(n, "feature-columns", l->columns > 2 ? 2 : 1);
			l->gutter = num(n, "gutter", 4) * MM;
			l->baseline = num(n, "baseline", 12);
		} else if (!strcmp(e, "type")) {
			char *h = tz_xml_prop(n, "hanging-punctuation");
			l->body = num(n, "body", 9.5);
			l->leading = num(n, "leading", 12);
			l->headline = num(n, "headline", 28);
			l->kicker = num(n, "kicker", 8.5);
			l->lead = num(n, "lead", 12.5);
			l->subhead = num(n, "subhead", 10.5);
			l->caption = num(n, "caption", 7.5);
			l->masthead = num(n, "masthead", 72);
			l->expansion = num(n, "expansion", 0) / 100;
			l->letterspace = num(n, "letter-spacing", 0) / 100;
			l->hanging = h && (!strcmp(h, "true") || !strcmp(h, "1"));
			free(h);
		} else if (!strcmp(e, "fonts")) {
			for (xmlNodePtr f = n->children; f; f = f->next)
				if (f->type == XML_ELEMENT_NODE && parse_font(l, f, err))
					return -1;
		} else if (!strcmp(e, "colours")) {
			for (xmlNodePtr c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && parse_colour(l, c, err))
					return -1;
		} else if (!strcmp(e, "print")) {
			l->icc = tz_xml_prop(n, "icc");
			l->output_condition = tz_xml_prop(n, "output-condition");
			l->print_line = n->line;
			l->small_text_inks = (int)num(n, "small-text-inks", 2);
			l->ink_limit = (int)num(n, "ink-limit", 300);
			l->jpeg_quality = (int)num(n, "jpeg-quality", 85);
			if (l->icc && resolve_path(l, &l->icc))
				return tz_error_nomem(err);
		} else if (!strcmp(e, "hyphenation")) {
			if (parse_hyphenation(l, n))
				return tz_error_nomem(err);
		}
	}
	return 0;
}

/* What the schema cannot say. */
static int sanity(struct tz_print_layout *l, long line, struct tz_error *err)
{
	double text_w = l->page_w - l->inner - l->outer;
	double text_h = l->page_h - l->top - l->bottom;
	double col_w;

	if (l->page_w < 100 || l->page_h < 100 || l->page_w > 2000 || l->page_h > 2000)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "page size out of range (35-700 mm a side)");
	if (l->bleed > 10 * MM)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "bleed over 10 mm (printers ask for 3 mm)");
	if (l->columns < 1 || l->columns > 6 || l->feature_columns < 1 ||
	    l->feature_columns > l->columns)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "columns must be 1-6 and feature-columns at most columns");
	col_w = (text_w - (l->columns - 1) * l->gutter) / l->columns;
	if (text_w <= 0 || text_h < 10 * l->leading || col_w < 12 * l->body)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "the margins leave too little room: a column is %.1f mm wide "
				    "(at least 12 times the body size is needed)",
				    col_w / MM);
	if (l->baseline < 4 || l->body < 4 || l->body > 24 || l->leading < l->body)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "type: body 4-24 pt, leading at least the body size, baseline at least 4 pt");
	if (fabs(l->leading / l->baseline - floor(l->leading / l->baseline + 0.5)) > 1e-6)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "leading %.2f pt is not a multiple of the baseline grid (%.2f pt)",
				    l->leading, l->baseline);
	if (l->expansion < 0 || l->expansion > 0.05)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "expansion is a percentage from 0 to 5");
	if (l->letterspace < 0 || l->letterspace > 0.1)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "letter-spacing is a percentage of the type size from 0 to 10");
	if (l->small_text_inks < 1 || l->small_text_inks > 4)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, l->print_line,
				    "small-text-inks is 1 to 4 (2 is what printers ask)");
	if (l->jpeg_quality < 50 || l->jpeg_quality > 100)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "jpeg-quality must be 50-100 (85 is the default)");
	if (l->ink_limit < 200 || l->ink_limit > 400)
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "ink-limit must be 200-400 %%");
	if (!l->font[TZ_FONT_BODY] || !l->font[TZ_FONT_HEADING])
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "a print layout needs fonts with role 'body' and 'heading'");
	if (!tz_layout_colour(l, "text"))
		return tz_error_set(err, TZ_ERR_CONTENT, l->display, line,
				    "a print layout needs a colour named 'text' (body text, 0 0 0 100)");
	return 0;
}

/* Roles that are missing borrow a related one's pattern. */
static int fill_fonts(struct tz_print_layout *l)
{
	static const struct { int role, from; } fb[] = {
		{TZ_FONT_BODY_ITALIC, TZ_FONT_BODY},
		{TZ_FONT_BODY_BOLD, TZ_FONT_BODY},
		{TZ_FONT_BODY_BOLD_ITALIC, TZ_FONT_BODY_BOLD},
		{TZ_FONT_HEADING_LIGHT, TZ_FONT_HEADING},
		{TZ_FONT_SANS, TZ_FONT_HEADING},
		{TZ_FONT_SANS_ITALIC, TZ_FONT_SANS},
		{TZ_FONT_SANS_BOLD, TZ_FONT_SANS},
	};
	for (size_t i = 0; i < sizeof(fb) / sizeof(fb[0]); i++) {
		if (l->font[fb[i].role])
			continue;
		l->font[fb[i].role] = tz_strdup(l->font[fb[i].from]);
		l->font_line[fb[i].role] = l->font_line[fb[i].from];
		if (!l->font[fb[i].role])
			return -1;
	}
	return 0;
}

int tz_print_layout_load(struct tz_print_layout *l, const char *project_root,
			 const char *name, const char *path, struct tz_error *err)
{
	struct tz_layout_doc ld;
	int rc = -1;

	memset(l, 0, sizeof(*l));
	l->ink_limit = 300;
	l->jpeg_quality = 85;
	l->small_text_inks = 2;
	if (tz_layout_doc_open(&ld, project_root, name, path, "print-layout", "print layout",
			       err))
		return -1;
	l->display = tz_strdup(ld.display);
	l->name = tz_xml_prop(ld.root, "name");
	if (!l->display || !l->name) {
		tz_error_nomem(err);
		goto out;
	}
	if (read_layout(l, ld.root, err) || sanity(l, ld.root->line, err))
		goto out;
	if (fill_fonts(l)) {
		tz_error_nomem(err);
		goto out;
	}
	rc = 0;
out:
	tz_layout_doc_release(&ld);
	if (rc)
		tz_print_layout_release(l);
	return rc;
}
