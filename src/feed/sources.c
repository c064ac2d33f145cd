/*
 * sources.c - load and check the feed list (see sources.h).
 */
#include "sources.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "feedtext.h"
#include "../model/load.h"
#include "../model/xmlfile.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

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
	x->id = tz_xml_prop(n, "id");
	x->url = tz_xml_prop(n, "url");
	x->kind = tz_xml_prop(n, "kind");
	x->municipality = tz_xml_prop(n, "municipality");
	{
		char *raw = tz_xml_prop(n, "name");
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
	xmlDocPtr doc;
	size_t before = diags->errors, cap = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	doc = tz_xml_load_checked(path, "sources.rng", "feed list", "give it with --sources FILE",
				  diags);
	if (!doc)
		goto out;
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
	return rc;
}
