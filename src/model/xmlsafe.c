/*
 * xmlsafe.c - confined, DOCTYPE-free XML parsing with file:line errors
 * (see xmlsafe.h).
 *
 * libxml2's external entity loader and structured error handler are process
 * globals, so the context of the parse in progress is kept in `current`;
 * techzine parses one issue at a time.
 */
#include "xmlsafe.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/uri.h>
#include <libxml/xinclude.h>
#include <libxml/xmlerror.h>

#include "limits.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static struct tz_xml_ctx *current;
static xmlExternalEntityLoader default_loader;

long tz_xml_find_doctype(const char *data, size_t len)
{
	static const char *const bad[] = {"<!DOCTYPE", "<!ENTITY"};
	long line = 1;

	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n') {
			line++;
			continue;
		}
		if (data[i] != '<' || i + 2 > len || data[i + 1] != '!')
			continue;
		for (size_t k = 0; k < 2; k++) {
			size_t n = strlen(bad[k]);
			if (i + n <= len && !strncasecmp(data + i, bad[k], n))
				return line;
		}
	}
	return 0;
}

char *tz_xml_display_path(struct tz_xml_ctx *ctx, const char *canonical)
{
	size_t n;

	if (ctx->display_root && tz_path_is_inside(ctx->display_root, canonical)) {
		n = strlen(ctx->display_root);
		if (canonical[n] == '\0')
			return tz_strdup(ctx->display_dir);
		if (!strcmp(ctx->display_dir, "."))
			return tz_strdup(canonical + n + 1);
		return tz_path_join(ctx->display_dir, canonical + n + 1);
	}
	return tz_strdup(canonical);
}

/* Turn a URL libxml2 hands us (plain path or file: URI) into a path. */
static char *url_to_path(const char *url)
{
	if (!strncmp(url, "file://", 7)) {
		const char *p = url + 7;
		if (!strncmp(p, "localhost/", 10))
			p += 9;
		return xmlURIUnescapeString(p, 0, NULL);
	}
	if (!strncmp(url, "file:", 5))
		return xmlURIUnescapeString(url + 5, 0, NULL);
	if (strstr(url, "://"))
		return NULL; /* any other scheme: never */
	return tz_strdup(url);
}

static void flush_pending(struct tz_xml_ctx *ctx)
{
	if (ctx->pending[0])
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, NULL, 0, "%s", ctx->pending);
	ctx->pending[0] = '\0';
}

static char *confine(struct tz_xml_ctx *ctx, const char *path, struct tz_error *err)
{
	char *canon = NULL;

	for (size_t i = 0; i < ctx->nroots; i++) {
		canon = tz_path_confined(ctx->roots[i], NULL, path, err);
		if (canon)
			return canon;
		if (err->code != TZ_ERR_CONTENT || strstr(err->msg, "cannot find"))
			break; /* missing file: say so, do not try other roots */
	}
	return NULL;
}

/* Read a file for scanning; returns 0 and fills out, or -1 with err. */
static int scan_file(const char *canon, struct tz_buf *out, long *doctype_line,
		     struct tz_error *err)
{
	if (tz_read_file(canon, TZ_MAX_XML_BYTES, out, err))
		return -1;
	*doctype_line = tz_xml_find_doctype(out->data, out->len);
	return 0;
}

/* Remember why a load was refused; the message is reported with the file
 * and line of the xi:include that asked for it (see on_error). */
static void refuse(struct tz_xml_ctx *ctx, const char *what, const char *why)
{
	flush_pending(ctx);
	/* a long path is cut short; the message stays useful */
	if (snprintf(ctx->pending, sizeof(ctx->pending), "refusing to load '%s': %s", what,
		     why) >= (int)sizeof(ctx->pending))
		ctx->pending[sizeof(ctx->pending) - 2] = '.';
	ctx->refused = 1;
}

static xmlParserInputPtr safe_loader(const char *url, const char *id,
				     xmlParserCtxtPtr pctxt)
{
	struct tz_xml_ctx *ctx = current;
	struct tz_error err;
	struct tz_buf data;
	char *path, *canon, *shown;
	long dline = 0;
	xmlParserInputPtr in;

	(void)id;
	if (!ctx)
		return default_loader ? default_loader(url, id, pctxt) : NULL;
	tz_error_clear(&err);
	path = url ? url_to_path(url) : NULL;
	if (!path) {
		refuse(ctx, url ? url : "(null)",
		       "only local files inside the issue folder are allowed");
		return NULL;
	}
	canon = confine(ctx, path, &err);
	if (!canon) {
		refuse(ctx, path, err.msg);
		free(path);
		return NULL;
	}
	free(path);
	if (ctx->scan_root && tz_path_is_inside(ctx->scan_root, canon)) {
		tz_buf_init(&data, TZ_MAX_XML_BYTES + 1);
		if (scan_file(canon, &data, &dline, &err)) {
			shown = tz_xml_display_path(ctx, canon);
			tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, 0, "%s", err.msg);
			free(shown);
			ctx->refused = 1;
			tz_buf_release(&data);
			free(canon);
			return NULL;
		}
		tz_buf_release(&data);
		if (dline) {
			shown = tz_xml_display_path(ctx, canon);
			tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, dline,
				     "DOCTYPE and ENTITY declarations are not allowed; remove them and write characters directly in UTF-8");
			free(shown);
			ctx->refused = 1;
			free(canon);
			return NULL;
		}
	}
	in = xmlNewInputFromFile(pctxt, canon);
	free(canon);
	return in;
}

/* The source line the parser stopped on, for telling curly quotes apart. */
static void parser_line(xmlErrorPtr e, const char **text, size_t *len)
{
	xmlParserCtxtPtr pc = e->ctxt;
	const xmlChar *b, *c, *end;

	*text = NULL;
	*len = 0;
	if (!pc || !pc->input || !pc->input->base || !pc->input->cur)
		return;
	b = pc->input->base;
	c = pc->input->cur;
	end = pc->input->end ? pc->input->end : c;
	if (c > end)
		return;
	while (c > b && c[-1] != '\n')
		c--;
	*text = (const char *)c;
	while (c < end && *c != '\n')
		c++;
	*len = (size_t)(c - (const xmlChar *)*text);
}

/* libxml2's message in plain words (xmlmsg.c) into msg; 1: drop it. */
static int explain(struct tz_xml_ctx *ctx, xmlErrorPtr e, const char *file, struct tz_buf *msg,
		   long *line)
{
	struct tz_xml_fault f;

	memset(&f, 0, sizeof(f));
	f.code = e->code;
	f.msg = e->message ? e->message : "XML error";
	f.str1 = e->str1;
	f.str2 = e->str2;
	f.int1 = e->int1;
	if (e->domain == XML_FROM_PARSER || e->domain == XML_FROM_NAMESPACE) {
		if (strcmp(ctx->parser_file, file ? file : "")) {
			snprintf(ctx->parser_file, sizeof(ctx->parser_file), "%s", file ? file : "");
			ctx->explain.parser_error_seen = 0;
			ctx->parser_errors++;
		}
		f.parser = 1;
		parser_line(e, &f.line_text, &f.line_len);
		return tz_xml_explain(&f, &ctx->explain, msg, line);
	}
	if (e->domain == XML_FROM_XINCLUDE && ctx->parser_errors &&
	    strstr(f.msg, "could not load"))
		return 1; /* the story's own error says why */
	if (e->domain == XML_FROM_RELAXNGV) {
		if (e->code == XML_RELAXNG_ERR_ATTRVALID && e->str1 &&
		    ctx->nattr_pending < sizeof(ctx->attr_pending) / sizeof(*ctx->attr_pending)) {
			size_t i;
			for (i = 0; i < ctx->nattr_pending; i++)
				if (!strcmp(ctx->attr_pending[i], (const char *)e->str1))
					break;
			if (i == ctx->nattr_pending)
				snprintf(ctx->attr_pending[ctx->nattr_pending++],
					 sizeof(*ctx->attr_pending), "%s", e->str1);
		}
		f.node = e->node;
		return tz_xml_explain(&f, &ctx->explain, msg, line);
	}
	tz_buf_adds(msg, f.msg);
	return 0;
}

static void on_error(void *data, xmlErrorPtr e)
{
	struct tz_xml_ctx *ctx = data;
	char *file = NULL;
	long line = e->line;
	size_t len;
	struct tz_buf msg;

	if (!ctx || e->level == XML_ERR_NONE)
		return;
	/* libxml2 echoes a refused load as I/O and XInclude errors: we already
	 * said why, once, in the loader. */
	if (ctx->pending[0] && e->domain == XML_FROM_XINCLUDE && e->node) {
		file = tz_xml_node_file(ctx, (xmlNodePtr)e->node);
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, file, xmlGetLineNo((xmlNodePtr)e->node),
			     "%s", ctx->pending);
		ctx->pending[0] = '\0';
		free(file);
		return;
	}
	if (ctx->refused && (e->domain == XML_FROM_IO || e->domain == XML_FROM_XINCLUDE))
		return;
	if (e->node && (e->domain == XML_FROM_RELAXNGV || e->domain == XML_FROM_XINCLUDE ||
			e->domain == XML_FROM_VALID)) {
		file = tz_xml_node_file(ctx, (xmlNodePtr)e->node);
		line = xmlGetLineNo((xmlNodePtr)e->node);
	} else if (e->file) {
		char *p = url_to_path(e->file);
		char *canon = p ? realpath(p, NULL) : NULL;
		file = canon ? tz_xml_display_path(ctx, canon) : tz_strdup(e->file);
		free(canon);
		free(p);
	}
	tz_buf_init(&msg, 4096);
	if (explain(ctx, e, file, &msg, &line)) {
		tz_buf_release(&msg);
		free(file);
		return;
	}
	len = msg.len;
	while (len && (msg.data[len - 1] == '\n' || msg.data[len - 1] == ' '))
		len--;
	tz_buf_truncate(&msg, len);
	for (size_t i = 0; i < msg.len; i++) /* one finding, one line */
		if (msg.data[i] == '\n' || msg.data[i] == '\r')
			msg.data[i] = ' ';
	tz_diags_add(ctx->diags,
		     e->level == XML_ERR_WARNING ? TZ_SEV_WARNING : TZ_SEV_ERROR, file,
		     line > 0 ? line : 0, "%s", msg.data);
	tz_buf_release(&msg);
	free(file);
}

static void begin(struct tz_xml_ctx *ctx)
{
	if (!default_loader)
		default_loader = xmlGetExternalEntityLoader();
	current = ctx;
	ctx->refused = 0;
	ctx->pending[0] = '\0';
	memset(&ctx->explain, 0, sizeof(ctx->explain));
	ctx->parser_file[0] = '\0';
	ctx->parser_errors = 0;
	ctx->nattr_pending = 0;
	xmlSetExternalEntityLoader(safe_loader);
	xmlSetStructuredErrorFunc(ctx, on_error);
}

static void end(void)
{
	if (current)
		flush_pending(current);
	current = NULL;
	xmlSetStructuredErrorFunc(NULL, NULL);
}

char *tz_xml_node_file(struct tz_xml_ctx *ctx, xmlNodePtr node)
{
	xmlChar *base;
	char *shown;

	if (!node || !node->doc)
		return NULL;
	base = xmlNodeGetBase(node->doc, node);
	if (!base)
		return NULL;
	shown = tz_xml_base_file(ctx, (const char *)base);
	xmlFree(base);
	return shown;
}

char *tz_xml_base_file(struct tz_xml_ctx *ctx, const char *base)
{
	char *path, *canon, *shown;

	path = url_to_path(base);
	if (!path)
		return NULL;
	canon = realpath(path, NULL);
	shown = tz_xml_display_path(ctx, canon ? canon : path);
	free(canon);
	free(path);
	return shown;
}

xmlDocPtr tz_xml_parse(struct tz_xml_ctx *ctx, const char *path, int xinclude)
{
	struct tz_error err;
	struct tz_buf data;
	xmlParserCtxtPtr pctxt;
	xmlDocPtr doc = NULL;
	long dline;
	char *shown = tz_xml_display_path(ctx, path);

	tz_error_clear(&err);
	tz_buf_init(&data, TZ_MAX_XML_BYTES + 1);
	if (scan_file(path, &data, &dline, &err)) {
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, 0, "%s", err.msg);
		goto out;
	}
	if (dline) {
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, dline,
			     "DOCTYPE and ENTITY declarations are not allowed; remove them and write characters directly in UTF-8");
		goto out;
	}
	pctxt = xmlNewParserCtxt();
	if (!pctxt) {
		tz_diags_nomem(ctx->diags);
		goto out;
	}
	begin(ctx);
	if (data.len > INT32_MAX) {
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, 0, "file too large");
		end();
		xmlFreeParserCtxt(pctxt);
		goto out;
	}
	doc = xmlCtxtReadMemory(pctxt, data.data, (int)data.len, path, NULL, XML_PARSE_NONET);
	if (doc && (doc->intSubset || doc->extSubset)) {
		/* cannot happen after the scan, but never trust one check alone */
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, 1,
			     "DOCTYPE declarations are not allowed");
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc && !pctxt->wellFormed) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (doc && xinclude) {
		int r = xmlXIncludeProcessFlags(doc, XML_PARSE_NONET | XML_PARSE_NOXINCNODE);
		if (r < 0 || ctx->refused) {
			if (!ctx->refused && !ctx->diags->errors)
				tz_diags_add(ctx->diags, TZ_SEV_ERROR, shown, 0,
					     "cannot resolve XInclude");
			xmlFreeDoc(doc);
			doc = NULL;
		}
	}
	end();
	xmlFreeParserCtxt(pctxt);
out:
	tz_buf_release(&data);
	free(shown);
	return doc;
}

/* Compiled schemas are kept for the life of the process: loading issue.rng
 * costs more than validating an issue against it. */
static struct {
	char *path;
	xmlRelaxNGPtr rng;
} schema_cache[4];

static xmlRelaxNGPtr schema_load(struct tz_xml_ctx *ctx, const char *schema)
{
	xmlRelaxNGParserCtxtPtr pc;
	xmlRelaxNGPtr rng = NULL;
	const char *saved = ctx->scan_root;
	size_t i;

	for (i = 0; i < sizeof(schema_cache) / sizeof(*schema_cache); i++) {
		if (!schema_cache[i].path)
			break;
		if (!strcmp(schema_cache[i].path, schema))
			return schema_cache[i].rng;
	}
	ctx->scan_root = NULL; /* our own schema files are trusted */
	pc = xmlRelaxNGNewParserCtxt(schema);
	if (pc) {
		xmlRelaxNGSetParserStructuredErrors(pc, on_error, ctx);
		rng = xmlRelaxNGParse(pc);
		xmlRelaxNGFreeParserCtxt(pc);
	}
	ctx->scan_root = saved;
	if (rng && i < sizeof(schema_cache) / sizeof(*schema_cache)) {
		schema_cache[i].path = tz_strdup(schema);
		if (schema_cache[i].path)
			schema_cache[i].rng = rng;
	}
	return rng;
}

void tz_xml_cleanup(void)
{
	for (size_t i = 0; i < sizeof(schema_cache) / sizeof(*schema_cache); i++) {
		free(schema_cache[i].path);
		if (schema_cache[i].rng)
			xmlRelaxNGFree(schema_cache[i].rng);
		schema_cache[i].path = NULL;
		schema_cache[i].rng = NULL;
	}
}

static xmlNodePtr first_element(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!xmlStrcmp(n->name, (const xmlChar *)name))
			return n;
		xmlNodePtr c = first_element(n->children, name);
		if (c)
			return c;
	}
	return NULL;
}

/* libxml2 says "Element event failed to validate attributes" without a
 * place when a required attribute is missing: find the element ourselves. */
static void report_missing_attributes(struct tz_xml_ctx *ctx, xmlDocPtr doc, size_t errors_before)
{
	for (size_t i = 0; i < ctx->nattr_pending; i++) {
		struct tz_buf msg;
		xmlNodePtr n;
		char *file;

		tz_buf_init(&msg, 1024);
		n = tz_xml_missing_attribute(xmlDocGetRootElement(doc), ctx->attr_pending[i], &msg);
		/* a format the table does not know, and nothing else said about it:
		 * the element itself, so the error has a place */
		if (!n && ctx->diags->errors == errors_before)
			n = first_element(xmlDocGetRootElement(doc), ctx->attr_pending[i]);
		if (n) {
			file = tz_xml_node_file(ctx, n);
			if (msg.len)
				tz_diags_add(ctx->diags, TZ_SEV_ERROR, file, xmlGetLineNo(n), "%s", msg.data);
			else
				tz_diags_add(ctx->diags, TZ_SEV_ERROR, file, xmlGetLineNo(n),
					     "<%s> has a missing or wrong attribute: compare it with the schema",
					     ctx->attr_pending[i]);
			free(file);
		}
		tz_buf_release(&msg);
	}
}

int tz_xml_validate(struct tz_xml_ctx *ctx, xmlDocPtr doc, const char *schema)
{
	xmlRelaxNGPtr rng;
	xmlRelaxNGValidCtxtPtr vc;
	int r = -1, cached;

	size_t errors_before = ctx->diags->errors;
	begin(ctx);
	rng = schema_load(ctx, schema);
	if (!rng) {
		tz_diags_add(ctx->diags, TZ_SEV_ERROR, NULL, 0,
			     "cannot load schema '%s'; set TECHZINE_DATA to the techzine folder",
			     schema);
		end();
		return -1;
	}
	cached = 0;
	for (size_t i = 0; i < sizeof(schema_cache) / sizeof(*schema_cache); i++)
		cached |= schema_cache[i].rng == rng;
	vc = xmlRelaxNGNewValidCtxt(rng);
	if (vc) {
		xmlRelaxNGSetValidStructuredErrors(vc, on_error, ctx);
		r = xmlRelaxNGValidateDoc(vc, doc);
		xmlRelaxNGFreeValidCtxt(vc);
	}
	if (r != 0)
		report_missing_attributes(ctx, doc, errors_before);
	if (!cached)
		xmlRelaxNGFree(rng);
	end();
	return r == 0 ? 0 : -1;
}
