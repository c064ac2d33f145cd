/*
 * docx_styles.c - word/styles.xml into the style table, with libxml2's
 * SAX2 interface rather than a tree: Word's and python-docx's styles.xml
 * runs to 350 KB of which we keep a few attributes a style, and building
 * the tree cost more than reading the whole story. The same rules apply as
 * for every part (tz_part_parse's DOCTYPE scan first, no network, no
 * entity substitution); only the bytes of w:style elements are looked at.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "docxint.h"
#include "xmlpart.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_STYLES 5000

struct sax {
	struct docx *x;
	int depth;         /* element depth below the root */
	int in_style;      /* inside a w:style (depth 1) */
	char path[4][16];  /* local names of the elements below the style */
	struct docx_style cur;
	int failed;
};

static const xmlChar *attr_of(int nattr, const xmlChar **attrs, const char *local)
{
	/* SAX2 attributes: localname, prefix, URI, value, end - five a piece */
	for (int i = 0; i < nattr; i++) {
		const xmlChar **a = attrs + (ptrdiff_t)5 * i;
		if (!strcmp((const char *)a[0], local) && a[2] && !strcmp((const char *)a[2], W_NS)) {
			size_t n = (size_t)(a[4] - a[3]);
			static xmlChar buf[256];
			if (n >= sizeof(buf))
				n = sizeof(buf) - 1;
			memcpy(buf, a[3], n);
			buf[n] = '\0';
			return buf;
		}
	}
	return NULL;
}

static int is_on(const xmlChar *v)
{
	return !v || (strcmp((const char *)v, "0") && strcmp((const char *)v, "false") &&
		      strcmp((const char *)v, "off"));
}

static char *dup(struct sax *s, const xmlChar *v)
{
	char *p = tz_strdup(v ? (const char *)v : "");

	if (!p)
		s->failed = 1;
	return p;
}

static void start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		  int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs)
{
	struct sax *s = ((xmlParserCtxtPtr)ctx)->_private;
	const char *name = (const char *)local;
	int w = uri && !strcmp((const char *)uri, W_NS);

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndef;
	s->depth++;
	if (s->depth == 2 && w && !strcmp(name, "style")) {
		const xmlChar *type = attr_of(nattr, attrs, "type");
		memset(&s->cur, 0, sizeof(s->cur));
		s->cur.para = !type || !strcmp((const char *)type, "paragraph");
		s->cur.id = dup(s, attr_of(nattr, attrs, "styleId"));
		s->in_style = 1;
		return;
	}
	if (!s->in_style || !w || s->depth > 5)
		return;
	snprintf(s->path[s->depth - 3], sizeof(s->path[0]), "%s", name);
	if (s->depth == 3 && !strcmp(name, "name") && !s->cur.name) {
		s->cur.name = dup(s, attr_of(nattr, attrs, "val"));
	} else if (s->depth == 3 && !strcmp(name, "basedOn") && !s->cur.based_on) {
		s->cur.based_on = dup(s, attr_of(nattr, attrs, "val"));
	} else if (s->depth == 4 && !strcmp(s->path[0], "pPr") && !strcmp(name, "outlineLvl")) {
		const xmlChar *v = attr_of(nattr, attrs, "val");
		s->cur.outline = (v ? (int)strtol((const char *)v, NULL, 10) : 9) + 1;
	} else if (s->depth == 5 && !strcmp(s->path[0], "pPr") && !strcmp(s->path[1], "numPr")) {
		const xmlChar *v = attr_of(nattr, attrs, "val");
		int k = v ? (int)strtol((const char *)v, NULL, 10) : 0;
		if (!strcmp(name, "numId"))
			s->cur.num_id = k;
		else if (!strcmp(name, "ilvl"))
			s->cur.ilvl = k;
	} else if (s->depth == 4 && !strcmp(s->path[0], "rPr") &&
		   (!strcmp(name, "b") || !strcmp(name, "i"))) {
		if (is_on(attr_of(nattr, attrs, "val")))
			s->cur.inline_style |= name[0] == 'b' ? TZ_INLINE_STRONG : TZ_INLINE_EM;
	}
}

static void end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct sax *s = ((xmlParserCtxtPtr)ctx)->_private;
	struct docx *x = s->x;

	(void)local;
	(void)prefix;
	(void)uri;
	if (s->depth-- != 2 || !s->in_style)
		return;
	s->in_style = 0;
	if (!s->cur.name && s->cur.id)
		s->cur.name = tz_strdup(s->cur.id);
	if (s->cur.id && s->cur.name && x->nstyles < MAX_STYLES &&
	    !tz_array_grow((void **)&x->styles, &x->styles_cap, x->nstyles + 1, sizeof(*x->styles))) {
		x->styles[x->nstyles++] = s->cur;
	} else {
		free(s->cur.id);
		free(s->cur.name);
		free(s->cur.based_on);
	}
	memset(&s->cur, 0, sizeof(s->cur));
}

int tz_docx_read_styles(struct docx *x, struct tz_error *err)
{
	struct tz_buf b;
	struct sax s;
	xmlSAXHandler h;
	xmlParserCtxtPtr ctxt;
	long line;
	int r, rc = 0;

	tz_buf_init(&b, TZ_PART_MAX + 1);
	r = tz_zip_read(&x->z, "word/styles.xml", TZ_PART_MAX, &b, err);
	if (r) {
		tz_buf_release(&b);
		return r < 0 ? -1 : 0;
	}
	if ((line = tz_xml_find_doctype(b.data, b.len)) != 0) {
		tz_buf_release(&b);
		return tz_error_set(err, TZ_ERR_CONTENT, x->in->path, 0,
				    "'word/styles.xml' holds a DOCTYPE or ENTITY declaration (line %ld); refused, a word processor never writes one",
				    line);
	}
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = start;
	h.endElementNs = end;
	memset(&s, 0, sizeof(s));
	s.x = x;
	ctxt = xmlCreateMemoryParserCtxt(b.data, (int)b.len);
	if (!ctxt) {
		tz_buf_release(&b);
		return tz_error_nomem(err);
	}
	memcpy(ctxt->sax, &h, sizeof(h));
	ctxt->_private = &s;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlParseDocument(ctxt);
	if (!ctxt->wellFormed)
		rc = tz_error_set(err, TZ_ERR_CONTENT, x->in->path, 0,
				  "'word/styles.xml' is not well-formed XML; the document is damaged");
	else if (s.failed)
		rc = tz_error_nomem(err);
	free(s.cur.id);
	free(s.cur.name);
	free(s.cur.based_on);
	xmlFreeParserCtxt(ctxt);
	tz_buf_release(&b);
	return rc;
}
