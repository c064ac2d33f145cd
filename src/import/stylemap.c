/*
 * stylemap.c - the style mapping file (see stylemap.h). Read with the same
 * rules as every other XML file: no DOCTYPE, no network, validated against
 * schema/import.rng, errors with file:line.
 */
#include "stylemap.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../model/limits.h"
#include "../model/load.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

void tz_stylemap_init(struct tz_stylemap *m)
{
	memset(m, 0, sizeof(*m));
}

void tz_stylemap_release(struct tz_stylemap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].key);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

void tz_stylemap_key(const char *name, char *out, size_t outsz)
{
	size_t n = 0;

	if (!outsz)
		return;
	for (const char *p = name; p && *p && n + 1 < outsz; p++) {
		/* ODF encodes a space in a style name as _20_ */
		if (!strncmp(p, "_20_", 4)) {
			p += 3;
			continue;
		}
		if (*p == ' ' || *p == '-' || *p == '_')
			continue;
		out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
}

static const struct tz_stylemap_entry *find(const struct tz_stylemap *m, const char *name,
					    int is_char)
{
	char key[256];

	if (!name)
		return NULL;
	tz_stylemap_key(name, key, sizeof(key));
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].is_char == is_char && !strcmp(m->v[i].key, key))
			return &m->v[i];
	return NULL;
}

int tz_stylemap_para(const struct tz_stylemap *m, const char *name, enum tz_role *role,
		     int *level)
{
	const struct tz_stylemap_entry *e = find(m, name, 0);

	if (!e)
		return 0;
	*role = e->role;
	*level = e->level;
	return 1;
}

unsigned tz_stylemap_char(const struct tz_stylemap *m, const char *name)
{
	const struct tz_stylemap_entry *e = find(m, name, 1);

	return e ? e->inline_style : 0;
}

static enum tz_role role_of(const char *s)
{
	static const struct {
		const char *name;
		enum tz_role role;
	} roles[] = {{"title", TZ_ROLE_TITLE},     {"subtitle", TZ_ROLE_SUBTITLE},
		     {"heading", TZ_ROLE_HEADING}, {"quote", TZ_ROLE_QUOTE},
		     {"list", TZ_ROLE_LIST},       {"caption", TZ_ROLE_CAPTION},
		     {"byline", TZ_ROLE_BYLINE},   {"ignore", TZ_ROLE_IGNORE}};

	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (!strcmp(s, roles[i].name))
			return roles[i].role;
	return TZ_ROLE_BODY;
}

static int add_entry(struct tz_stylemap *m, xmlNodePtr n)
{
	xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
	xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
	xmlChar *as = xmlGetProp(n, (const xmlChar *)"as");
	xmlChar *level = xmlGetProp(n, (const xmlChar *)"level");
	struct tz_stylemap_entry *e;
	char key[256];
	int rc = -1;

	if (!name)
		goto out;
	tz_stylemap_key((const char *)name, key, sizeof(key));
	if (tz_array_grow((void **)&m->v, &m->cap, m->n + 1, sizeof(*m->v)))
		goto out;
	e = &m->v[m->n];
	memset(e, 0, sizeof(*e));
	e->key = tz_strdup(key);
	if (!e->key)
		goto out;
	e->is_char = !strcmp((const char *)n->name, "character");
	e->role = role ? role_of((const char *)role) : TZ_ROLE_BODY;
	e->level = level ? (int)strtol((const char *)level, NULL, 10) : 1;
	if (as && !strcmp((const char *)as, "em"))
		e->inline_style = TZ_INLINE_EM;
	else if (as && !strcmp((const char *)as, "strong"))
		e->inline_style = TZ_INLINE_STRONG;
	m->n++;
	rc = 0;
out:
	xmlFree(name);
	xmlFree(role);
	xmlFree(as);
	xmlFree(level);
	return rc;
}

int tz_stylemap_load(struct tz_stylemap *m, const char *path, struct tz_error *err)
{
	struct tz_xml_ctx ctx;
	struct tz_diags diags;
	struct tz_buf data;
	char *schema_dir, *canon, *schema;
	xmlDocPtr doc = NULL;
	long line;
	int rc = -1;

	tz_buf_init(&data, TZ_MAX_XML_BYTES + 1);
	tz_diags_init(&diags);
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	canon = schema_dir ? realpath(schema_dir, NULL) : NULL;
	schema = canon ? tz_path_join(canon, "import.rng") : NULL;
	free(schema_dir);
	if (!schema) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
			     "cannot find schema/import.rng; set TECHZINE_DATA to the techzine folder");
		goto out;
	}
	if (tz_read_file(path, TZ_MAX_XML_BYTES, &data, err))
		goto out;
	if ((line = tz_xml_find_doctype(data.data, data.len)) != 0) {
		tz_error_set(err, TZ_ERR_CONTENT, path, line,
			     "DOCTYPE and ENTITY declarations are not allowed in a style mapping");
		goto out;
	}
	doc = xmlReadMemory(data.data, (int)data.len, path, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		tz_error_set(err, TZ_ERR_CONTENT, path, e ? e->line : 0,
			     "style mapping is not well-formed XML: %s", e && e->message ? e->message : "?");
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = canon;
	ctx.diags = &diags;
	if (tz_xml_validate(&ctx, doc, schema) != 0) {
		tz_error_set(err, TZ_ERR_CONTENT, diags.n && diags.items[0].file ? diags.items[0].file : path,
			     diags.n ? diags.items[0].line : 0,
			     "style mapping does not match schema/import.rng: %s",
			     diags.n ? diags.items[0].msg : "invalid");
		goto out;
	}
	for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && add_entry(m, n)) {
			tz_error_nomem(err);
			goto out;
		}
	rc = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	tz_diags_release(&diags);
	tz_buf_release(&data);
	free(schema);
	free(canon);
	return rc;
}

int tz_stylemap_load_default(struct tz_stylemap *m, struct tz_error *err)
{
	char *path = tz_path_join(tz_data_dir(), "layouts/import.xml");
	int rc;

	if (!path)
		return tz_error_nomem(err);
	rc = tz_stylemap_load(m, path, err);
	free(path);
	return rc;
}
