/*
 * draft.c - story drafts from feed items (see draft.h).
 */
#include "draft.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "feedtext.h"
#include "../model/load.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define SLUG_MAX 60

char *tz_draft_slug(const char *prefix, const char *title)
{
	struct tz_buf b;
	int dash = 1;

	tz_buf_init(&b, 256);
	if (tz_buf_adds(&b, prefix))
		goto fail;
	for (const unsigned char *p = (const unsigned char *)title; *p && b.len < SLUG_MAX;
	     p++) {
		if (isalnum(*p)) {
			if (dash && tz_buf_addc(&b, '-'))
				goto fail;
			dash = 0;
			if (tz_buf_addc(&b, (char)tolower(*p)))
				goto fail;
		} else if (*p < 0x80 || (*p & 0xC0) == 0xC0) {
			dash = 1; /* a space, punctuation or the start of a non-ASCII letter */
		}
	}
	while (b.len > strlen(prefix) && b.data[b.len - 1] == '-')
		tz_buf_truncate(&b, b.len - 1);
	if (b.len > SLUG_MAX)
		tz_buf_truncate(&b, SLUG_MAX);
	while (b.len > 1 && b.data[b.len - 1] == '-')
		tz_buf_truncate(&b, b.len - 1);
	return tz_buf_detach(&b, NULL);
fail:
	tz_buf_release(&b);
	return NULL;
}

static int element(struct tz_buf *b, const char *indent, const char *name,
		   const char *text)
{
	return tz_buf_addf(b, "%s<%s>", indent, name) || tz_feed_escape(b, text) ||
	       tz_buf_addf(b, "</%s>\n", name);
}

static int tags(struct tz_buf *b, const struct tz_source *s, const struct tz_feed_item *it)
{
	const char *all[TZ_SOURCE_MAX_TAGS + TZ_FEED_MAX_CATEGORIES];
	size_t n = 0;

	for (size_t i = 0; i < s->ntags; i++)
		all[n++] = s->tags[i];
	for (size_t i = 0; i < it->ncategories; i++) {
		size_t k;
		for (k = 0; k < n && strcasecmp(all[k], it->categories[i]); k++)
			;
		if (k == n)
			all[n++] = it->categories[i];
	}
	if (!n)
		return 0;
	if (tz_buf_adds(b, "  <tags>"))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (tz_buf_adds(b, "<tag>") || tz_feed_escape(b, all[i]) ||
		    tz_buf_adds(b, "</tag>"))
			return -1;
	return tz_buf_adds(b, "</tags>\n");
}

int tz_draft_build(const struct tz_draft *d, struct tz_buf *out, struct tz_error *err)
{
	const struct tz_feed_item *it = d->item;
	const struct tz_source *s = d->source;
	char byline[300];
	int r;

	snprintf(byline, sizeof(byline), "Bron: %s", s->name);
	r = tz_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") ||
	    tz_buf_addf(out, "<story id=\"%s\" kind=\"%s\" lang=\"nl\" status=\"concept\">\n", d->id, s->kind);
	if (!r && it->title[0])
		r = element(out, "  ", "headline", it->title);
	else if (!r)
		r = tz_buf_adds(out, "  <headline>Zonder titel: ") || tz_feed_escape(out, s->name) ||
		    tz_buf_adds(out, "</headline>\n");
	if (!r && d->lead && d->lead[0])
		r = element(out, "  ", "lead", d->lead);
	if (!r)
		r = element(out, "  ", "byline", byline);
	if (!r && it->date[0])
		r = tz_buf_addf(out, "  <date>%s</date>\n", it->date);
	if (!r && s->municipality)
		r = element(out, "  ", "municipality", s->municipality);
	if (!r)
		r = tags(out, s, it) || tz_buf_adds(out, "  <body>\n");
	if (!r && d->image_src)
		r = tz_buf_adds(out, "    <figure src=\"") || tz_feed_escape(out, d->image_src) ||
		    tz_buf_adds(out, "\"><alt>") ||
		    tz_feed_escape(out, d->image_alt && d->image_alt[0] ? d->image_alt : it->title[0] ? it->title : s->name) ||
		    tz_buf_adds(out, "</alt><credit>") || tz_feed_escape(out, s->name) ||
		    tz_buf_adds(out, "</credit></figure>\n");
	if (!r && d->body && d->body->nblocks)
		r = tz_buf_add(out, d->body->blocks.data, d->body->blocks.len);
	if (!r && it->link)
		r = tz_buf_adds(out, "    <p>Bron: <a href=\"") || tz_feed_escape(out, it->link) ||
		    tz_buf_adds(out, "\">") || tz_feed_escape(out, s->name) ||
		    tz_buf_adds(out, "</a></p>\n");
	else if (!r && !(d->body && d->body->nblocks))
		r = element(out, "    ", "p", it->title[0] ? it->title : s->name);
	if (!r)
		r = tz_buf_adds(out, "  </body>\n");
	if (!r && !strcmp(s->kind, "event"))
		/* the schema and `check` want event details the feed does not give */
		r = tz_buf_addf(out, "  <event date=\"%s\" place=\"nog invullen\"/>\n",
				it->date[0] ? it->date : d->today);
	if (!r)
		r = tz_buf_adds(out, "</story>\n");
	if (r)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "draft too large or out of memory");
	return 0;
}

int tz_draft_validate(const char *xml, size_t len, struct tz_error *err)
{
	struct tz_xml_ctx ctx;
	struct tz_diags diags;
	char *schema_dir, *canon, *schema;
	xmlDocPtr doc;
	int rc = -1;

	schema_dir = tz_path_join(tz_data_dir(), "schema");
	canon = schema_dir ? realpath(schema_dir, NULL) : NULL;
	schema = canon ? tz_path_join(canon, "story.rng") : NULL;
	free(schema_dir);
	if (!schema) {
		free(canon);
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
				    "cannot find schema/story.rng; set TECHZINE_DATA to the techzine folder");
	}
	tz_diags_init(&diags);
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = canon;
	ctx.diags = &diags;
	doc = xmlReadMemory(xml, (int)len, "draft.xml", NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "draft is not well-formed XML");
	} else if (tz_xml_validate(&ctx, doc, schema) != 0) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "draft does not match story.rng: %s",
			     diags.n ? diags.items[0].msg : "invalid");
	} else {
		rc = 0;
	}
	if (doc)
		xmlFreeDoc(doc);
	tz_diags_release(&diags);
	free(schema);
	free(canon);
	return rc;
}
