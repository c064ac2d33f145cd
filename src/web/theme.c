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

#include "../model/layoutdoc.h"
#include "../model/xmlfile.h"
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
		{"accent-text", offsetof(struct tz_theme, accent_text)},
		{"green-text", offsetof(struct tz_theme, green_text)},
		{"accent-on-deep", offsetof(struct tz_theme, accent_on_deep)},
		{"on-deep", offsetof(struct tz_theme, on_deep)},
		{"rule", offsetof(struct tz_theme, rule)},
		{"dark-background", offsetof(struct tz_theme, dark_background)},
		{"dark-paper", offsetof(struct tz_theme, dark_paper)},
		{"dark-tint", offsetof(struct tz_theme, dark_tint)},
		{"dark-deep", offsetof(struct tz_theme, dark_deep)},
		{"dark-text", offsetof(struct tz_theme, dark_text)},
		{"dark-muted", offsetof(struct tz_theme, dark_muted)},
		{"dark-accent", offsetof(struct tz_theme, dark_accent)},
		{"dark-green", offsetof(struct tz_theme, dark_green)},
		{"dark-heading", offsetof(struct tz_theme, dark_heading)},
		{"dark-link", offsetof(struct tz_theme, dark_link)},
		{"dark-rule", offsetof(struct tz_theme, dark_rule)},
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
	set_colour(th, "accent-text", "#a84300");
	set_colour(th, "green-text", "#2e6e22");
	set_colour(th, "accent-on-deep", "#ff9d5c");
	set_colour(th, "on-deep", "#dbe6f3");
	set_colour(th, "rule", "#dde3ea");
	set_colour(th, "dark-background", "#0d0f12");
	set_colour(th, "dark-paper", "#16191d");
	set_colour(th, "dark-tint", "#1f2a36");
	set_colour(th, "dark-deep", "#0b2440");
	set_colour(th, "dark-text", "#e4e7eb");
	set_colour(th, "dark-muted", "#aab3bd");
	set_colour(th, "dark-accent", "#ff9d5c");
	set_colour(th, "dark-green", "#8fd17a");
	set_colour(th, "dark-heading", "#cfe0f5");
	set_colour(th, "dark-link", "#9cc3ff");
	set_colour(th, "dark-rule", "#3a4450");
}

/* Fill th from the validated document; returns -1 with err set. */
static int read_theme(xmlNodePtr root, struct tz_theme *th, const char *display,
		      struct tz_error *err)
{
	/* the schema makes these attributes required, so a NULL from
	 * xmlGetProp means libxml2 ran out of memory */
	char *w = tz_xml_prop(root, "width");
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
			th->font_body = tz_xml_prop(n, "body");
			th->font_heading = tz_xml_prop(n, "heading");
			if (!th->font_body || !th->font_heading)
				return tz_error_nomem(err);
			if (!tz_theme_font_ok(th->font_body) || !tz_theme_font_ok(th->font_heading))
				return tz_error_set(err, TZ_ERR_CONTENT, display, n->line,
						    "font stack not allowed in an e-mail style (use letters, digits, spaces, commas and quotes)");
		} else if (!strcmp(name, "colours")) {
			for (xmlNodePtr c = n->children; c; c = c->next) {
				if (c->type != XML_ELEMENT_NODE)
					continue;
				char *cn = tz_xml_prop(c, "name"), *rgb = tz_xml_prop(c, "rgb");
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
			th->logo_text = tz_xml_prop(n, "text");
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
				*dst = tz_layout_text(c);
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
	struct tz_layout_doc ld;
	const char *name = issue->newsletter_theme ? issue->newsletter_theme : "newsletter";
	int rc;

	defaults(th);
	if (tz_layout_doc_open(&ld, issue->root, name, NULL, "newsletter-theme",
			       "newsletter theme", err))
		return -1;
	rc = read_theme(ld.root, th, ld.display, err);
	if (!rc)
		rc = tz_theme_sender_from_colophon(issue, th, err);
	if (!rc)
		rc = tz_theme_check_contrast(th, ld.display, err);
	tz_layout_doc_release(&ld);
	if (rc)
		tz_theme_release(th);
	return rc;
}
