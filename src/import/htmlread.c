/*
 * htmlread.c - the .html reader: the feed's HTML -> story conversion
 * (feed/html.h, one converter for gather and import), then its story
 * markup read back into the import document so that headline, lead and
 * byline are chosen by the same writer as for every other format. The
 * page's <title> and <meta name="author"/"date"> fill the metadata.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "import.h"
#include "xmlpart.h"
#include "../feed/html.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_DEPTH 48

static void meta(struct tz_idoc *d, const unsigned char *data, size_t len)
{
	htmlDocPtr doc = htmlReadMemory((const char *)data, (int)len, NULL, "UTF-8",
					HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, head = NULL;

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !strcasecmp((const char *)c->name, "head"))
			head = c;
	for (xmlNodePtr c = head ? head->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcasecmp((const char *)c->name, "title")) {
			char *t = tz_part_text(c, 2000);
			tz_idoc_meta(d, &d->meta_title, t);
			free(t);
		} else if (!strcasecmp((const char *)c->name, "meta")) {
			xmlChar *name = xmlGetProp(c, (const xmlChar *)"name");
			xmlChar *content = xmlGetProp(c, (const xmlChar *)"content");
			if (name && content && !strcasecmp((const char *)name, "author"))
				tz_idoc_meta(d, &d->meta_author, (const char *)content);
			else if (name && content && (!strcasecmp((const char *)name, "date") ||
						     !strcasecmp((const char *)name, "dcterms.created")))
				tz_idoc_meta(d, &d->meta_date, (const char *)content);
			xmlFree(name);
			xmlFree(content);
		}
	}
	if (doc)
		xmlFreeDoc(doc);
}

static void inlines(struct tz_idoc *d, xmlNodePtr n, unsigned style, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		tz_idoc_style(d, style);
		if (c->type == XML_TEXT_NODE && c->content) {
			tz_idoc_text(d, (const char *)c->content, strlen((const char *)c->content));
		} else if (tz_part_is(c, NULL, "em")) {
			inlines(d, c, style | TZ_INLINE_EM, depth + 1);
		} else if (tz_part_is(c, NULL, "strong")) {
			inlines(d, c, style | TZ_INLINE_STRONG, depth + 1);
		} else if (tz_part_is(c, NULL, "a")) {
			xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
			tz_idoc_link(d, (const char *)href);
			inlines(d, c, style, depth + 1);
			tz_idoc_link(d, NULL);
			xmlFree(href);
		} else if (c->type == XML_ELEMENT_NODE) {
			inlines(d, c, style, depth + 1);
		}
	}
}

static int is_list(xmlNodePtr n)
{
	return tz_part_is(n, NULL, "ul") || tz_part_is(n, NULL, "ol");
}

/* A list of the converted story (story.rng: at most 3 deep) as list items. */
static void list(struct tz_idoc *d, xmlNodePtr l, int level, long id)
{
	int ordered = tz_part_is(l, NULL, "ol");
	xmlChar *s = xmlGetProp(l, (const xmlChar *)"start");
	long start = s ? strtol((const char *)s, NULL, 10) : 1;

	xmlFree(s);
	for (xmlNodePtr li = l->children; li && level < 8; li = li->next) {
		xmlNodePtr sub = NULL;
		if (!tz_part_is(li, NULL, "li"))
			continue;
		tz_idoc_para_begin(d, TZ_ROLE_LIST, level, ordered, NULL);
		tz_idoc_list(d, id, start);
		for (xmlNodePtr c = li->children; c; c = c->next)
			if (is_list(c))
				sub = c;
		if (sub) /* the text before the nested list */
			xmlUnlinkNode(sub);
		inlines(d, li, 0, 0);
		tz_idoc_para_end(d);
		if (sub) {
			xmlAddChild(li, sub);
			list(d, sub, level + 1, id);
		}
	}
}

static int html_read(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err)
{
	struct tz_html_story s;
	struct tz_buf wrapped;
	xmlDocPtr doc = NULL;
	xmlNodePtr body;
	long lists = 0;
	int rc = -1;

	tz_html_story_init(&s);
	tz_buf_init(&wrapped, 0);
	meta(d, in->data, in->len);
	if (tz_html_to_story((const char *)in->data, in->len, NULL, &s, err))
		goto out;
	if (tz_buf_adds(&wrapped, "<body>") || tz_buf_add(&wrapped, s.blocks.data, s.blocks.len) ||
	    tz_buf_adds(&wrapped, "</body>")) {
		tz_error_nomem(err);
		goto out;
	}
	doc = tz_part_parse(wrapped.data, wrapped.len, in->path, "converted HTML", err);
	if (!doc)
		goto out;
	body = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = body->children; c && !d->failed; c = c->next) {
		if (tz_part_is(c, NULL, "h2")) {
			tz_idoc_para_begin(d, TZ_ROLE_HEADING, 2, 0, NULL);
			inlines(d, c, 0, 0);
			tz_idoc_para_end(d);
		} else if (tz_part_is(c, NULL, "p")) {
			tz_idoc_para_begin(d, TZ_ROLE_BODY, 0, 0, NULL);
			inlines(d, c, 0, 0);
			tz_idoc_para_end(d);
		} else if (tz_part_is(c, NULL, "ul") || tz_part_is(c, NULL, "ol")) {
			list(d, c, 0, ++lists);
		}
	}
	if (s.image_url)
		tz_idoc_report(d, "image '%.200s' not downloaded: save it and add a figure by hand",
			       s.image_url);
	tz_idoc_report(d, "HTML read with the feed converter: quotes, tables and figures become paragraphs%s", "");
	if (d->failed) {
		*err = d->err;
		goto out;
	}
	rc = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	tz_buf_release(&wrapped);
	tz_html_story_release(&s);
	return rc;
}

const struct tz_reader tz_reader_html = {"html", TZ_IMPORT_HTML, html_read};
