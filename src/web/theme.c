/*
 * theme.c - load the newsletter theme (see theme.h).
 *
 * The schema fixes the structure; what it cannot say (that a font stack
 * cannot close a style attribute or open a CSS rule) is checked here with a
 * character whitelist, and missing colours get the house defaults.
 */
#include "theme.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../model/load.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

void tz_theme_release(struct tz_theme *th)
{
	free(th->font_body);
	free(th->font_heading);
	free(th->logo_text);
	free(th->sender);
	free(th->reason);
	free(th->reason_en);
	memset(th, 0, sizeof(*th));
}

int tz_theme_font_ok(const char *s)
{
	if (!s || !s[0])
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ' ' || c == ',' || c == '\'' || c == '"' || c == '-'))
			return 0;
	}
	return 1;
}

/* Text content with whitespace collapsed (malloc'd). */
static char *node_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *out, *w;
	int space = 0;

	if (!c)
		return NULL;
	out = tz_malloc(strlen((const char *)c) + 1);
	if (out) {
		w = out;
		for (const char *r = (const char *)c; *r; r++) {
			if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
				space = w != out;
				continue;
			}
			if (space)
				*w++ = ' ';
			space = 0;
			*w++ = *r;
		}
		*w = '\0';
	}
	xmlFree(c);
	return out;
}

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = tz_strdup((const char *)v);
	xmlFree(v);
	return s;
}

static int is_rgb(const char *v)
{
	if (!v || strlen(v) != 7 || v[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", v[i]))
			return 0;
	return 1;
}

static void set_colour(struct tz_theme *th, const char *name, const char *rgb)
{
	static const struct { const char *name; size_t off; } map[] = {
		{"text", offsetof(struct tz_theme, text)},
		{"muted", offsetof(struct tz_theme, muted)},
		{"accent", offsetof(struct tz_theme, accent)},
		{"deep", offsetof(struct tz_theme, deep)},
		{"green", offsetof(struct tz_theme, green)},
		{"tint", offsetof(struct tz_theme, tint)},
		{"background", offsetof(struct tz_theme, background)},
		{"paper", offsetof(struct tz_theme, paper)},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].name, name))
			memcpy((char *)th + map[i].off, rgb, 8);
}

static void defaults(struct tz_theme *th)
{
	memset(th, 0, sizeof(*th));
	th->width = 600;
	set_colour(th, "text", "#1a1a1a");
	set_colour(th, "muted", "#5b6470");
	set_colour(th, "accent", "#f26a21");
	set_colour(th, "deep", "#123b6d");
	set_colour(th, "green", "#5aa845");
	set_colour(th, "tint", "#eaf2fa");
	set_colour(th, "background", "#f2f4f7");
	set_colour(th, "paper", "#ffffff");
}

/* Fill th from the validated document; returns -1 with err set. */
static int read_theme(xmlNodePtr root, struct tz_theme *th, const char *display,
		      struct tz_error *err)
{
	/* the schema makes these attributes required, so a NULL from
	 * xmlGetProp means libxml2 ran out of memory */
	char *w = prop(root, "width");
	long width;

	if (!w)
		return tz_error_nomem(err);
	width = strtol(w, NULL, 10);
	free(w);
	if (width < 320 || width > 800)
		return tz_error_set(err, TZ_ERR_CONTENT, display, root->line,
				    "newsletter width %ld out of range (320-800 px)", width);
	th->width = (int)width;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (!strcmp(name, "fonts")) {
			th->font_body = prop(n, "body");
			th->font_heading = prop(n, "heading");
			if (!th->font_body || !th->font_heading)
				return tz_error_nomem(err);
			if (!tz_theme_font_ok(th->font_body) || !tz_theme_font_ok(th->font_heading))
				return tz_error_set(err, TZ_ERR_CONTENT, display, n->line,
						    "font stack not allowed in an e-mail style (use letters, digits, spaces, commas and quotes)");
		} else if (!strcmp(name, "colours")) {
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if (c->type != XML_ELEMENT_NODE)
					continue;
				char *cn = prop(c, "name"), *rgb = prop(c, "rgb");
				int ok = cn && is_rgb(rgb);
				if (!cn || !rgb) {
					free(cn);
					free(rgb);
					return tz_error_nomem(err);
				}
				if (ok)
					set_colour(th, cn, rgb);
				free(cn);
				free(rgb);
				if (!ok)
					return tz_error_set(err, TZ_ERR_CONTENT, display, c->line,
							    "colour needs a name and rgb=\"#rrggbb\"");
			}
		} else if (!strcmp(name, "logo")) {
			th->logo_text = prop(n, "text");
			if (!th->logo_text)
				return tz_error_nomem(err);
		} else if (!strcmp(name, "footer")) {
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if (c->type != XML_ELEMENT_NODE)
					continue;
				char **dst = !strcmp((const char *)c->name, "sender")   ? &th->sender
					     : !strcmp((const char *)c->name, "reason") ? &th->reason
										       : &th->reason_en;
				free(*dst);
				*dst = node_text(c);
				if (!*dst)
					return tz_error_nomem(err);
			}
		}
	}
	if (!th->logo_text)
		th->logo_text = tz_strdup("Dutch TechZone");
	if (!th->font_body || !th->font_heading || !th->logo_text || !th->sender || !th->reason)
		return tz_error_nomem(err);
	if (!th->sender[0])
		return tz_error_set(err, TZ_ERR_CONTENT, display, 0,
				    "newsletter footer needs the sender's postal address");
	return 0;
}

int tz_theme_load(const struct tz_issue *issue, struct tz_theme *th, struct tz_error *err)
{
	struct tz_xml_ctx ctx;
	struct tz_diags diags;
	char *layouts = NULL, *canon_layouts = NULL, *file = NULL, *canon = NULL,
	     *schema_dir = NULL, *canon_schema = NULL, *schema = NULL, *display = NULL;
	const char *name = issue->newsletter_theme ? issue->newsletter_theme : "newsletter";
	xmlDocPtr doc = NULL;
	int rc = -1;

	defaults(th);
	tz_diags_init(&diags);
	if (strchr(name, '/') || name[0] == '.') {
		tz_error_set(err, TZ_ERR_CONTENT, issue->path, 0, "bad newsletter theme name '%s'", name);
		goto out;
	}
	layouts = tz_path_join(issue->root ? issue->root : tz_data_dir(), "layouts");
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	if (!layouts || !schema_dir) {
		tz_error_nomem(err);
		goto out;
	}
	canon_layouts = realpath(layouts, NULL);
	canon_schema = realpath(schema_dir, NULL);
	if (!canon_layouts || !canon_schema) {
		tz_error_set(err, TZ_ERR_IO, canon_layouts ? schema_dir : layouts, 0,
			     "cannot find the folder; set TECHZINE_DATA to the techzine folder");
		goto out;
	}
	{
		size_t n = strlen(name) + 5;
		char *fname = tz_malloc(n);
		if (!fname) {
			tz_error_nomem(err);
			goto out;
		}
		snprintf(fname, n, "%s.xml", name);
		file = tz_path_join(canon_layouts, fname);
		display = tz_path_join(layouts, fname);
		free(fname);
	}
	schema = tz_path_join(canon_schema, "layout.rng");
	if (!file || !display || !schema) {
		tz_error_nomem(err);
		goto out;
	}
	canon = realpath(file, NULL);
	if (!canon || !tz_path_is_inside(canon_layouts, canon)) {
		tz_error_set(err, TZ_ERR_CONTENT, display, 0,
			     "cannot open newsletter theme '%s' (layouts/%s.xml)", name, name);
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = canon_layouts;
	ctx.roots[ctx.nroots++] = canon_schema;
	ctx.scan_root = canon_layouts;
	ctx.display_root = canon_layouts;
	ctx.display_dir = layouts;
	ctx.diags = &diags;
	doc = tz_xml_parse(&ctx, canon, 0);
	if (doc && tz_xml_validate(&ctx, doc, schema) == 0) {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		if (!root || strcmp((const char *)root->name, "newsletter-theme") != 0)
			tz_error_set(err, TZ_ERR_CONTENT, display, 0,
				     "layout '%s' is not a <newsletter-theme>", name);
		else
			rc = read_theme(root, th, display, err);
		goto out;
	}
	if (diags.nomem) {
		tz_error_nomem(err);
	} else {
		const struct tz_diag *d = NULL;
		for (size_t i = 0; i < diags.n && !d; i++)
			if (diags.items[i].sev == TZ_SEV_ERROR)
				d = &diags.items[i];
		tz_error_set(err, TZ_ERR_CONTENT, d && d->file ? d->file : display, d ? d->line : 0,
			     "bad newsletter theme: %s", d ? d->msg : "does not match schema/layout.rng");
	}
out:
	if (doc)
		xmlFreeDoc(doc);
	tz_diags_release(&diags);
	free(display);
	free(canon);
	free(file);
	free(schema);
	free(canon_schema);
	free(schema_dir);
	free(canon_layouts);
	free(layouts);
	if (rc)
		tz_theme_release(th);
	return rc;
}
