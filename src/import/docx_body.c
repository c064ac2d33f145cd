/*
 * docx_body.c - word/document.xml into the import document.
 *
 * A paragraph's role comes from its style (followed up the basedOn chain
 * until the mapping knows a name), its numbering (w:numPr, direct or from
 * the style) and its outline level. Runs carry bold and italic directly or
 * through a character style; hidden runs (w:vanish) are dropped and
 * counted. Tracked changes: w:ins and w:moveTo are read (accepted), w:del
 * and w:moveFrom skipped (dropped), each counted for the report. Links come
 * from w:hyperlink and from HYPERLINK field codes, simple (w:fldSimple) or
 * complex (w:fldChar begin / w:instrText / separate / end), which may span
 * runs; only the field's result text is shown, as Word shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docxint.h"
#include "xmlpart.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_DEPTH 64

static xmlChar *wval(const xmlNode *n)
{
	return tz_part_attr(n, W_NS, "val");
}

static int is_on(const xmlNode *prop)
{
	xmlChar *v = wval(prop);
	int r = !v || (strcmp((const char *)v, "0") && strcmp((const char *)v, "false") &&
		       strcmp((const char *)v, "off"));
	xmlFree(v);
	return r;
}

static void set_link(struct docx *x, const char *url)
{
	free(x->link);
	x->link = url ? tz_strdup(url) : NULL;
	tz_idoc_link(x->d, x->link);
}

/* HYPERLINK "url" \o "tip" -> url (malloc'd), NULL for \l (internal) */
static char *field_url(const char *instr)
{
	const char *p = instr, *end;

	while (*p == ' ')
		p++;
	if (strncmp(p, "HYPERLINK", 9))
		return NULL;
	p += 9;
	for (;;) {
		while (*p == ' ')
			p++;
		if (p[0] == '\\' && p[1]) {
			if (p[1] == 'l')
				return NULL;
			p += 2;
			while (*p == ' ')
				p++;
			if (*p == '"') { /* the switch's argument */
				end = strchr(p + 1, '"');
				if (!end)
					return NULL;
				p = end + 1;
			}
			continue;
		}
		break;
	}
	if (*p == '"') {
		end = strchr(p + 1, '"');
		return end ? tz_strndup(p + 1, (size_t)(end - p - 1)) : NULL;
	}
	end = p + strcspn(p, " ");
	return end > p ? tz_strndup(p, (size_t)(end - p)) : NULL;
}

static int in_instruction(const struct docx *x)
{
	return x->nfields && !x->fields[x->nfields - 1].result;
}

static void field_char(struct docx *x, const xmlNode *fc)
{
	xmlChar *type = tz_part_attr(fc, W_NS, "fldCharType");
	struct docx_field *f;

	if (!type)
		return;
	if (!strcmp((const char *)type, "begin")) {
		if (x->nfields < DOCX_MAX_FIELDS) {
			f = &x->fields[x->nfields];
			memset(f, 0, sizeof(*f));
		}
		x->nfields++;
	} else if (!strcmp((const char *)type, "separate") && x->nfields &&
		   x->nfields <= DOCX_MAX_FIELDS) {
		char *url;
		f = &x->fields[x->nfields - 1];
		f->result = 1;
		f->instr[f->len] = '\0';
		url = field_url(f->instr);
		if (url) {
			set_link(x, url);
			f->link_set = 1;
		}
		free(url);
	} else if (!strcmp((const char *)type, "end") && x->nfields) {
		if (x->nfields <= DOCX_MAX_FIELDS && x->fields[x->nfields - 1].link_set)
			set_link(x, NULL);
		x->nfields--;
	}
	xmlFree(type);
}

static void instr_text(struct docx *x, const xmlNode *n)
{
	struct docx_field *f;
	char *t;
	size_t k;

	if (!x->nfields || x->nfields > DOCX_MAX_FIELDS)
		return;
	f = &x->fields[x->nfields - 1];
	t = tz_part_text(n, sizeof(f->instr));
	k = t ? strlen(t) : 0;
	if (k > sizeof(f->instr) - 1 - f->len)
		k = sizeof(f->instr) - 1 - f->len;
	if (t)
		memcpy(f->instr + f->len, t, k);
	f->len += k;
	free(t);
}

static const char *find_desc_attr(const xmlNode *n, const char *ns, const char *el,
				  const char *attr, xmlChar **out, int depth)
{
	if (depth > 24 || *out)
		return NULL;
	for (const xmlNode *c = n->children; c && !*out; c = c->next) {
		if (tz_part_is(c, ns, el))
			*out = tz_part_attr(c, attr[0] == 'r' && attr[1] == ':' ? R_NS : NULL,
					    attr[0] == 'r' && attr[1] == ':' ? attr + 2 : attr);
		else if (c->type == XML_ELEMENT_NODE)
			find_desc_attr(c, ns, el, attr, out, depth + 1);
	}
	return NULL;
}

static xmlNodePtr find_desc(xmlNodePtr n, const char *ns, const char *el, int depth)
{
	if (depth > 24)
		return NULL;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		xmlNodePtr r;
		if (tz_part_is(c, ns, el))
			return c;
		if (c->type == XML_ELEMENT_NODE && (r = find_desc(c, ns, el, depth + 1)))
			return r;
	}
	return NULL;
}

static void blocks(struct docx *x, xmlNodePtr parent, int depth);

static void image(struct docx *x, const char *rid, const char *alt, const char *name)
{
	const struct docx_rel *r = tz_docx_rel(x, rid);
	struct tz_buf b;
	struct tz_error err;
	int rc;

	if (!r) {
		tz_idoc_report(x->d, "image '%s' dropped: its part is missing", name);
		return;
	}
	if (r->external) {
		tz_idoc_report(x->d, "linked image '%.200s' dropped: only embedded images are imported",
			       r->target);
		return;
	}
	tz_buf_init(&b, TZ_PART_MAX + 1);
	tz_error_clear(&err);
	rc = tz_zipfetch_take(x->fetch, r->target, &b, &err);
	if (rc == 1)
		rc = tz_zip_read(&x->z, r->target, TZ_PART_MAX, &b, &err);
	if (rc == 0) {
		size_t len = b.len;
		unsigned char *data = (unsigned char *)tz_buf_detach(&b, NULL);
		x->images++;
		if (data) /* the document takes the bytes: no copy */
			tz_idoc_image_take(x->d, data, len, r->target, alt);
		else
			tz_idoc_fail(x->d, TZ_ERR_NOMEM, "out of memory reading '%s'", r->target);
	} else {
		tz_idoc_report(x->d, "image '%s' dropped: %s", r->target,
			       err.code ? err.msg : "not in the package");
	}
	tz_buf_release(&b);
}

static void drawing(struct docx *x, xmlNodePtr n, int depth)
{
	xmlChar *rid = NULL, *link = NULL, *descr = NULL, *name = NULL;
	xmlNodePtr docpr = find_desc(n, WP_NS, "docPr", 0), txbx;

	find_desc_attr(n, A_NS, "blip", "r:embed", &rid, 0);
	if (!rid)
		find_desc_attr(n, A_NS, "blip", "r:link", &link, 0);
	if (docpr) {
		descr = tz_part_attr(docpr, NULL, "descr");
		name = tz_part_attr(docpr, NULL, "name");
		if (!descr || !descr[0]) {
			xmlFree(descr);
			descr = tz_part_attr(docpr, NULL, "title");
		}
	}
	if (rid) {
		image(x, (const char *)rid, descr && descr[0] ? (const char *)descr : NULL,
		      name ? (const char *)name : "image");
	} else if (link) {
		tz_idoc_report(x->d, "linked image dropped: only embedded images are imported%s", "");
	} else if ((txbx = find_desc(n, W_NS, "txbxContent", 0)) != NULL) {
		blocks(x, txbx, depth + 1); /* a text box: its text joins the story */
	} else {
		x->objects++;
	}
	xmlFree(rid);
	xmlFree(link);
	xmlFree(descr);
	xmlFree(name);
}

static void run_props(struct docx *x, xmlNodePtr rpr, unsigned *style, int *hidden)
{
	xmlNodePtr c;
	unsigned s = x->para_style;

	*hidden = 0;
	if ((c = tz_part_child(rpr, W_NS, "rStyle"))) {
		xmlChar *id = wval(c);
		const struct docx_style *st = tz_docx_style(x, (const char *)id);
		for (int k = 0; st && k < 10; k++) {
			unsigned m = tz_stylemap_char(x->in->map, st->name);
			if (m || st->inline_style) {
				s |= m | st->inline_style;
				break;
			}
			st = tz_docx_style(x, st->based_on);
		}
		xmlFree(id);
	}
	if ((c = tz_part_child(rpr, W_NS, "b")))
		s = is_on(c) ? s | TZ_INLINE_STRONG : s & ~TZ_INLINE_STRONG;
	if ((c = tz_part_child(rpr, W_NS, "i")))
		s = is_on(c) ? s | TZ_INLINE_EM : s & ~TZ_INLINE_EM;
	if (((c = tz_part_child(rpr, W_NS, "vanish")) && is_on(c)) ||
	    ((c = tz_part_child(rpr, W_NS, "webHidden")) && is_on(c)))
		*hidden = 1;
	if (tz_part_child(rpr, W_NS, "rPrChange"))
		x->fmt_changes++;
	*style = s;
}

static void text(struct docx *x, const char *s)
{
	if (!in_instruction(x))
		tz_idoc_text(x->d, s, strlen(s));
}

static void note_ref(struct docx *x, xmlNodePtr c, char kind)
{
	xmlChar *id = tz_part_attr(c, W_NS, "id");
	const char *t = tz_docx_note(x, kind, (const char *)id);
	char mark[32];

	if (t) {
		size_t k = tz_idoc_footnote(x->d, t);
		snprintf(mark, sizeof(mark), "[%zu]", k);
		tz_idoc_style(x->d, 0);
		text(x, mark);
	}
	xmlFree(id);
}

static void run(struct docx *x, xmlNodePtr r, int depth)
{
	unsigned style;
	int hidden;

	run_props(x, tz_part_child(r, W_NS, "rPr"), &style, &hidden);
	if (hidden) {
		char *t = tz_part_text(r, 200);
		if (t && t[0]) {
			if (!x->hidden++)
				snprintf(x->hidden_sample, sizeof(x->hidden_sample), "%.60s", t);
		}
		free(t);
		return;
	}
	for (xmlNodePtr c = r->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		tz_idoc_style(x->d, style);
		if (tz_part_is(c, W_NS, "t")) {
			char *t = tz_part_text(c, (size_t)1024 * 1024);
			if (t)
				text(x, t);
			free(t);
		} else if (tz_part_is(c, W_NS, "tab")) {
			text(x, "\t");
		} else if (tz_part_is(c, W_NS, "br") || tz_part_is(c, W_NS, "cr")) {
			xmlChar *type = tz_part_attr(c, W_NS, "type");
			if (type && strcmp((const char *)type, "textWrapping"))
				x->breaks++;
			else
				text(x, "\n"); /* a soft line break: white space in XML */
			xmlFree(type);
		} else if (tz_part_is(c, W_NS, "noBreakHyphen")) {
			text(x, "\xE2\x80\x91");
		} else if (tz_part_is(c, W_NS, "softHyphen")) {
			text(x, "\xC2\xAD");
		} else if (tz_part_is(c, W_NS, "fldChar")) {
			field_char(x, c);
		} else if (tz_part_is(c, W_NS, "instrText")) {
			instr_text(x, c);
		} else if (tz_part_is(c, W_NS, "footnoteReference")) {
			note_ref(x, c, 'f');
		} else if (tz_part_is(c, W_NS, "endnoteReference")) {
			note_ref(x, c, 'e');
		} else if (tz_part_is(c, W_NS, "drawing")) {
			drawing(x, c, depth);
		} else if (tz_part_is(c, W_NS, "pict")) {
			xmlChar *rid = NULL, *alt = NULL;
			xmlNodePtr shape = find_desc(c, V_NS, "shape", 0);
			find_desc_attr(c, V_NS, "imagedata", "r:id", &rid, 0);
			alt = shape ? tz_part_attr(shape, NULL, "alt") : NULL;
			if (rid)
				image(x, (const char *)rid, (const char *)alt, "image");
			else
				x->objects++;
			xmlFree(rid);
			xmlFree(alt);
		} else if (tz_part_is(c, MC_NS, "AlternateContent")) {
			xmlNodePtr choice = tz_part_child(c, MC_NS, "Choice");
			if (choice && depth < MAX_DEPTH)
				run(x, choice, depth + 1);
		} else if (tz_part_is(c, W_NS, "object")) {
			x->objects++;
		}
	}
}

static void inlines(struct docx *x, xmlNodePtr p, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = p->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (tz_part_is(c, W_NS, "r")) {
			run(x, c, depth);
		} else if (tz_part_is(c, W_NS, "hyperlink")) {
			xmlChar *rid = tz_part_attr(c, R_NS, "id");
			const struct docx_rel *r = tz_docx_rel(x, (const char *)rid);
			char *saved = x->link ? tz_strdup(x->link) : NULL;
			if (r && r->external)
				set_link(x, r->target);
			inlines(x, c, depth + 1);
			set_link(x, saved);
			free(saved);
			xmlFree(rid);
		} else if (tz_part_is(c, W_NS, "fldSimple")) {
			xmlChar *instr = tz_part_attr(c, W_NS, "instr");
			char *url = instr ? field_url((const char *)instr) : NULL;
			if (url)
				set_link(x, url);
			inlines(x, c, depth + 1);
			if (url)
				set_link(x, NULL);
			free(url);
			xmlFree(instr);
		} else if (tz_part_is(c, W_NS, "ins") || tz_part_is(c, W_NS, "moveTo")) {
			x->ins++;
			inlines(x, c, depth + 1);
		} else if (tz_part_is(c, W_NS, "del") || tz_part_is(c, W_NS, "moveFrom")) {
			x->del++;
		} else if (tz_part_is(c, W_NS, "sdt")) {
			xmlNodePtr content = tz_part_child(c, W_NS, "sdtContent");
			if (content)
				inlines(x, content, depth + 1);
		} else if (tz_part_is(c, W_NS, "smartTag") || tz_part_is(c, W_NS, "customXml") ||
			   tz_part_is(c, W_NS, "dir") || tz_part_is(c, W_NS, "bdo")) {
			inlines(x, c, depth + 1);
		} else if (tz_part_is(c, MC_NS, "AlternateContent")) {
			xmlNodePtr choice = tz_part_child(c, MC_NS, "Choice");
			if (choice)
				inlines(x, choice, depth + 1);
		}
	}
}

static void paragraph(struct docx *x, xmlNodePtr p, int depth)
{
	xmlNodePtr ppr = tz_part_child(p, W_NS, "pPr"), c;
	xmlChar *sid = wval(tz_part_child(ppr, W_NS, "pStyle"));
	const struct docx_style *st = tz_docx_style(x, sid ? (const char *)sid : "");
	const char *sname = st ? st->name : NULL;
	enum tz_role role = TZ_ROLE_BODY;
	int level = 0, mapped = 0, num_id = 0, ilvl = 0, outline = 0;
	xmlNodePtr numpr = tz_part_child(ppr, W_NS, "numPr");

	if (!st) /* no style: the default paragraph style, usually Normal */
		for (size_t i = 0; i < x->nstyles && !st; i++)
			if (x->styles[i].para && !strcmp(x->styles[i].id, "Normal"))
				st = &x->styles[i];
	x->para_style = 0;
	for (int k = 0; st && k < 10; k++, st = tz_docx_style(x, st->based_on)) {
		if (!mapped)
			mapped = tz_stylemap_para(x->in->map, st->name, &role, &level) ||
				 tz_stylemap_para(x->in->map, st->id, &role, &level);
		if (!num_id && st->num_id)
			num_id = st->num_id, ilvl = st->ilvl;
		if (!outline)
			outline = st->outline;
		if (!mapped)
			x->para_style |= st->inline_style;
	}
	if (numpr) {
		xmlChar *v = wval(tz_part_child(numpr, W_NS, "numId"));
		xmlChar *l = wval(tz_part_child(numpr, W_NS, "ilvl"));
		if (v)
			num_id = (int)strtol((const char *)v, NULL, 10);
		if (l)
			ilvl = (int)strtol((const char *)l, NULL, 10);
		xmlFree(v);
		xmlFree(l);
	}
	if ((c = tz_part_child(ppr, W_NS, "outlineLvl"))) {
		xmlChar *v = wval(c);
		outline = v ? (int)strtol((const char *)v, NULL, 10) + 1 : 0;
		xmlFree(v);
	}
	if (num_id > 0 && (role == TZ_ROLE_BODY || role == TZ_ROLE_LIST)) {
		role = TZ_ROLE_LIST;
		level = ilvl;
	} else if (role == TZ_ROLE_LIST) {
		level = 0;
	} else if (role == TZ_ROLE_BODY && outline >= 1 && outline <= 6) {
		role = TZ_ROLE_HEADING;
		level = outline;
	}
	if (tz_part_child(ppr, W_NS, "pPrChange"))
		x->fmt_changes++;
	tz_idoc_para_begin(x->d, role, level,
			   role == TZ_ROLE_LIST && tz_docx_ordered(x, num_id, ilvl), sname);
	if (role == TZ_ROLE_LIST && num_id > 0)
		tz_idoc_list(x->d, num_id, tz_docx_start(x, num_id, ilvl));
	inlines(x, p, depth + 1);
	tz_idoc_para_end(x->d);
	tz_idoc_link(x->d, x->link); /* a field may run on into the next paragraph */
	xmlFree(sid);
}

static void table(struct docx *x, xmlNodePtr t, int depth)
{
	tz_idoc_table_begin(x->d);
	for (xmlNodePtr r = t->children; r; r = r->next) {
		if (!tz_part_is(r, W_NS, "tr"))
			continue;
		tz_idoc_row_begin(x->d);
		for (xmlNodePtr c = r->children; c; c = c->next) {
			if (!tz_part_is(c, W_NS, "tc"))
				continue;
			tz_idoc_cell_begin(x->d);
			blocks(x, c, depth + 1);
			tz_idoc_cell_end(x->d);
		}
	}
	tz_idoc_table_end(x->d);
}

static void blocks(struct docx *x, xmlNodePtr parent, int depth)
{
	if (depth > MAX_DEPTH || x->d->failed)
		return;
	for (xmlNodePtr c = parent->children; c && !x->d->failed; c = c->next) {
		if (tz_part_is(c, W_NS, "p")) {
			paragraph(x, c, depth);
		} else if (tz_part_is(c, W_NS, "tbl")) {
			table(x, c, depth);
		} else if (tz_part_is(c, W_NS, "sdt")) {
			xmlNodePtr content = tz_part_child(c, W_NS, "sdtContent");
			if (content)
				blocks(x, content, depth + 1);
		} else if (tz_part_is(c, W_NS, "ins") || tz_part_is(c, W_NS, "moveTo")) {
			x->ins++;
			blocks(x, c, depth + 1);
		} else if (tz_part_is(c, W_NS, "del") || tz_part_is(c, W_NS, "moveFrom")) {
			x->del++;
		} else if (tz_part_is(c, W_NS, "customXml") || tz_part_is(c, W_NS, "txbxContent")) {
			blocks(x, c, depth + 1);
		} else if (tz_part_is(c, W_NS, "sectPr")) {
			/* page setup */
		} else if (tz_part_is(c, W_NS, "altChunk")) {
			tz_idoc_report(x->d, "an embedded document (altChunk) dropped%s", "");
		}
	}
}

void tz_docx_body(struct docx *x, xmlNodePtr body)
{
	blocks(x, body, 0);
}
