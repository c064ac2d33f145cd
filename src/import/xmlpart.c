/*
 * xmlpart.c - see xmlpart.h.
 */
#include "xmlpart.h"

#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

xmlDocPtr tz_part_parse(const char *data, size_t len, const char *path, const char *part,
			struct tz_error *err)
{
	xmlDocPtr doc;
	long line;

	if (len > TZ_PART_MAX) {
		tz_error_set(err, TZ_ERR_LIMIT, path, 0, "'%s' is larger than %zu MiB; refused", part,
			     TZ_PART_MAX / ((size_t)1024 * 1024));
		return NULL;
	}
	if ((line = tz_xml_find_doctype(data, len)) != 0) {
		tz_error_set(err, TZ_ERR_CONTENT, path, 0,
			     "'%s' holds a DOCTYPE or ENTITY declaration (line %ld); refused, a word processor never writes one",
			     part, line);
		return NULL;
	}
	doc = xmlReadMemory(data, (int)len, part, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				    XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
	if (!doc) {
		const xmlError *e = xmlGetLastError();
		char msg[300];
		snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "?");
		msg[strcspn(msg, "\r\n")] = '\0';
		tz_error_set(err, TZ_ERR_CONTENT, path, 0,
			     "'%s' is not well-formed XML (line %d: %s); the document is damaged",
			     part, e ? e->line : 0, msg);
	}
	return doc;
}

int tz_part_is(const xmlNode *n, const char *ns, const char *local)
{
	if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local))
		return 0;
	if (!ns)
		return n->ns == NULL;
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

xmlChar *tz_part_attr(const xmlNode *n, const char *ns, const char *local)
{
	if (!n)
		return NULL;
	return ns ? xmlGetNsProp(n, (const xmlChar *)local, (const xmlChar *)ns)
		  : xmlGetNoNsProp(n, (const xmlChar *)local);
}

xmlNodePtr tz_part_child(const xmlNode *n, const char *ns, const char *local)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (tz_part_is(c, ns, local))
			return c;
	return NULL;
}

static int collect(const xmlNode *n, struct tz_buf *b, int depth)
{
	if (depth > 256)
		return 0;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			if (tz_buf_adds(b, (const char *)c->content))
				return -1;
		} else if (c->type == XML_ELEMENT_NODE) {
			const char *nm = (const char *)c->name;
			if (collect(c, b, depth + 1))
				return -1;
			/* paragraphs (w:p, text:p, text:h) and tabs are word breaks */
			if ((!strcmp(nm, "p") || !strcmp(nm, "h") || !strcmp(nm, "tab") ||
			     !strcmp(nm, "br")) && tz_buf_addc(b, ' '))
				return -1;
		}
	}
	return 0;
}

char *tz_part_text(const xmlNode *n, size_t max)
{
	struct tz_buf b;

	tz_buf_init(&b, max);
	if (n && collect(n, &b, 0)) {
		/* over the cap: keep what fits */
	}
	return tz_buf_detach(&b, NULL);
}
