/*
 * sources.c - load and check the feed list (see sources.h).
 */
#include "sources.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "feedtext.h"
#include "../model/load.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static char *prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *c;

	if (!v)
		return NULL;
	c = tz_strdup((const char *)v);
	xmlFree(v);
	return c;
}

void tz_sources_release(struct tz_sources *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct tz_source *x = &s->items[i];
		free(x->id);
		free(x->name);
		free(x->url);
		free(x->kind);
		free(x->municipality);
		for (size_t k = 0; k < x->ntags; k++)
			free(x->tags[k]);
	}
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static int read_source(xmlNodePtr n, struct tz_source *x)
{
	memset(x, 0, sizeof(*x));
	x->line = xmlGetLineNo(n);
	x->id = prop(n, "id");
	x->url = prop(n, "url");
	x->kind = prop(n, "kind");
	x->municipality = prop(n, "municipality");
	{
		char *raw = prop(n, "name");
		x->name = raw ? tz_feed_clean(raw, 200) : NULL;
		free(raw);
	}
	if (!x->id || !x->url || !x->kind || !x->name)
		return -1;
	for (xmlNodePtr k = n->children; k; k = k->next) {
		xmlChar *t;
		if (k->type != XML_ELEMENT_NODE || x->ntags >= TZ_SOURCE_MAX_TAGS)
			continue;
		t = xmlNodeGetContent(k);
		x->tags[x->ntags] = t ? tz_feed_clean((const char *)t, 60) : NULL;
		xmlFree(t);
		if (!x->tags[x->ntags])
			return -1;
		if (*x->tags[x->ntags])
			x->ntags++;
		else
			free(x->tags[x->ntags]);
	}
	return 0;
}

int tz_sources_load(const char *path, struct tz_sources *out, struct tz_diags *diags)
{
	struct tz_xml_ctx ctx;
	char *canon = NULL, *dir = NULL, *given = NULL, *schema_dir = NULL,
	     *canon_schema = NULL, *schema = NULL;
	xmlDocPtr doc = NULL;
	size_t before = diags->errors, cap = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	canon = realpath(path, NULL);
	if (!canon) {
		tz_diags_add(diags, TZ_SEV_ERROR, path, 0,
			     "cannot open the feed list; give it with --sources FILE");
		return -1;
	}
	dir = tz_dirname(canon);
	given = tz_dirname(path);
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	canon_schema = schema_dir ? realpath(schema_dir, NULL) : NULL;
	schema = canon_schema ? tz_path_join(canon_schema, "sources.rng") : NULL;
	if (!dir || !given || !schema) {
		if (!canon_schema && schema_dir)
			tz_diags_add(diags, TZ_SEV_ERROR, NULL, 0,
				     "cannot find the schema folder '%s'; set TECHZINE_DATA to the techzine folder",
				     schema_dir);
		else
			tz_diags_nomem(diags);
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = dir;
	ctx.roots[ctx.nroots++] = canon_schema;
	ctx.scan_root = dir;
	ctx.display_root = dir;
	ctx.display_dir = given;
	ctx.diags = diags;
	doc = tz_xml_parse(&ctx, canon, 0);
	if (!doc)
		goto out;
	if (tz_xml_validate(&ctx, doc, schema) != 0) {
		if (diags->errors == before)
			tz_diags_add(diags, TZ_SEV_ERROR, path, 0,
				     "feed list does not match schema/sources.rng");
		goto out;
	}
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next) {
		struct tz_source *x;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (tz_array_grow((void **)&out->items, &cap, out->n + 1, sizeof(*x))) {
			tz_diags_nomem(diags);
			goto out;
		}
		x = &out->items[out->n++];
		if (read_source(n, x)) {
			tz_diags_nomem(diags);
			goto out;
		}
		for (size_t i = 0; i + 1 < out->n; i++) {
			if (!strcmp(out->items[i].id, x->id))
				tz_diags_add(diags, TZ_SEV_ERROR, path, x->line,
					     "source id '%s' is used twice (also at line %ld)", x->id,
					     out->items[i].line);
			if (!strcmp(out->items[i].url, x->url))
				tz_diags_add(diags, TZ_SEV_ERROR, path, x->line,
					     "feed '%s' is listed twice (also at line %ld)", x->url,
					     out->items[i].line);
		}
	}
	rc = diags->errors == before ? 0 : -1;
out:
	if (rc)
		tz_sources_release(out);
	if (doc)
		xmlFreeDoc(doc);
	free(schema);
	free(canon_schema);
	free(schema_dir);
	free(given);
	free(dir);
	free(canon);
	return rc;
}
