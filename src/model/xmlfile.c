/*
 * xmlfile.c - load and validate a standalone XML file (see xmlfile.h).
 */
#include "xmlfile.h"

#include <stdlib.h>
#include <string.h>

#include "xmlsafe.h"
#include "../util/alloc.h"
#include "../util/datadir.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

xmlDocPtr tz_xml_load_checked(const char *path, const char *schema, const char *what,
			      const char *hint, struct tz_diags *d)
{
	struct tz_xml_ctx ctx;
	char *canon, *dir = NULL, *given = NULL, *schema_dir = NULL, *canon_schema = NULL,
	     *rng = NULL;
	xmlDocPtr doc = NULL;
	size_t before = d->errors;

	canon = realpath(path, NULL);
	if (!canon) {
		tz_diags_add(d, TZ_SEV_ERROR, path, 0, "cannot open the %s; %s", what, hint);
		return NULL;
	}
	dir = tz_dirname(canon);
	given = tz_dirname(path);
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	canon_schema = schema_dir ? realpath(schema_dir, NULL) : NULL;
	rng = canon_schema ? tz_path_join(canon_schema, schema) : NULL;
	if (!dir || !given || !rng) {
		if (!canon_schema && schema_dir)
			tz_diags_add(d, TZ_SEV_ERROR, NULL, 0,
				     "cannot find the schema folder '%s'; set TECHZINE_DATA to the techzine folder",
				     schema_dir);
		else
			tz_diags_nomem(d);
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = dir;
	ctx.roots[ctx.nroots++] = canon_schema;
	ctx.scan_root = dir;
	ctx.display_root = dir;
	ctx.display_dir = given;
	ctx.diags = d;
	doc = tz_xml_parse(&ctx, canon, 0);
	if (doc && tz_xml_validate(&ctx, doc, rng) != 0) {
		if (d->errors == before)
			tz_diags_add(d, TZ_SEV_ERROR, path, 0, "%s does not match schema/%s", what,
				     schema);
		xmlFreeDoc(doc);
		doc = NULL;
	}
out:
	free(rng);
	free(canon_schema);
	free(schema_dir);
	free(given);
	free(dir);
	free(canon);
	return doc;
}

char *tz_xml_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *c;

	if (!v)
		return NULL;
	c = tz_strdup((const char *)v);
	xmlFree(v);
	return c;
}

xmlNodePtr tz_xml_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, name) == 0)
			return k;
	return NULL;
}
