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

int tz_xml_file_load(struct tz_xml_file *f, const char *canon, const char *path,
		     const char *schema, const char *what, int xinclude, struct tz_diags *d)
{
	char *schema_dir, *rng = NULL;
	size_t before = d->errors;

	memset(f, 0, sizeof(*f));
	f->dir = tz_dirname(canon);
	f->given_dir = tz_dirname(path);
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	f->schema_dir = schema_dir ? realpath(schema_dir, NULL) : NULL;
	if (f->schema_dir)
		rng = tz_path_join(f->schema_dir, schema);
	if (!f->dir || !f->given_dir || !rng) {
		if (schema_dir && !f->schema_dir)
			tz_diags_add(d, TZ_SEV_ERROR, NULL, 0,
				     "cannot find the schema folder '%s'; set TECHZINE_DATA to the techzine folder",
				     schema_dir);
		else
			tz_diags_nomem(d);
		free(schema_dir);
		return -2;
	}
	free(schema_dir);
	f->ctx.roots[f->ctx.nroots++] = f->dir;
	f->ctx.roots[f->ctx.nroots++] = f->schema_dir;
	f->ctx.scan_root = f->dir;
	f->ctx.display_root = f->dir;
	f->ctx.display_dir = f->given_dir;
	f->ctx.diags = d;
	f->doc = tz_xml_parse(&f->ctx, canon, xinclude);
	if (f->doc && tz_xml_validate(&f->ctx, f->doc, rng) != 0) {
		if (d->errors == before)
			tz_diags_add(d, TZ_SEV_ERROR, path, 0, "%s does not match schema/%s", what,
				     schema);
		xmlFreeDoc(f->doc);
		f->doc = NULL;
	}
	free(rng);
	return f->doc ? 0 : -1;
}

void tz_xml_file_release(struct tz_xml_file *f)
{
	if (f->doc)
		xmlFreeDoc(f->doc);
	free(f->dir);
	free(f->given_dir);
	free(f->schema_dir);
	memset(f, 0, sizeof(*f));
}

xmlDocPtr tz_xml_load_checked(const char *path, const char *schema, const char *what,
			      const char *hint, struct tz_diags *d)
{
	struct tz_xml_file f;
	char *canon = realpath(path, NULL);
	xmlDocPtr doc = NULL;

	if (!canon) {
		tz_diags_add(d, TZ_SEV_ERROR, path, 0, "cannot open the %s; %s", what, hint);
		return NULL;
	}
	if (!tz_xml_file_load(&f, canon, path, schema, what, 0, d)) {
		doc = f.doc;
		f.doc = NULL;
	}
	tz_xml_file_release(&f);
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
