/*
 * odt.c - the .odt (OpenDocument text) reader.
 *
 * Styles come from styles.xml and content.xml's automatic styles: an
 * automatic style (P1, T3) is followed to its parent until the mapping
 * knows a name (display-name first: "Heading 1", not "Heading_20_1");
 * bold/italic/hidden come from text properties along the same chain.
 * Tracked changes: LibreOffice keeps deleted text only in
 * text:tracked-changes, so skipping that element drops deletions and the
 * body already holds the insertions; both are counted. A captioned photo
 * is a frame whose text box holds the image and the caption paragraph,
 * which the idoc builder splits into image + caption.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "xmlpart.h"
#include "zipread.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define STYLE_NS "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define FO_NS "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define TABLE_NS "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define SVG_NS "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define META_NS "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

#define MAX_DEPTH 64
#define MAX_STYLES 20000

struct ostyle {
	char *name, *display, *parent, *list_style;
	unsigned inline_style, inline_off;
	int hidden;
	int outline; /* default-outline-level */
	int is_list; /* a text:list-style; ordered bits per level */
	unsigned ordered;
	int start[10]; /* list style: each level's text:start-value */
};

struct odt {
	const struct tz_import_input *in;
	struct tz_idoc *d;
	struct tz_zip z;
	struct ostyle *st;
	size_t nst, cap;
	char *link;
	size_t annotations, hidden, changes_ins, changes_del, changes_fmt, objects;
	/* lists: the outer text:list being read (numbered 1.. in order; one
	 * that continues numbering keeps the id of the one before) and the
	 * text:start-value of the list item being read (-1: none) */
	long list_seq, list_id, item_start;
	char hidden_sample[80];
};

static const struct ostyle *find_style(const struct odt *o, const char *name, int list)
{
	/* later entries (content.xml's automatic styles) shadow earlier ones */
	for (size_t i = o->nst; name && i-- > 0;)
		if (o->st[i].is_list == list && !strcmp(o->st[i].name, name))
			return &o->st[i];
	return NULL;
}

static int font_bold(const char *w)
{
	return w && (!strcmp(w, "bold") || strtol(w, NULL, 10) >= 600);
}

static void add_style(struct odt *o, xmlNodePtr n, int list)
{
	struct ostyle *s;
	xmlChar *name = tz_part_attr(n, STYLE_NS, "name");
	xmlNodePtr tp;

	if (!name || o->nst >= MAX_STYLES ||
	    tz_array_grow((void **)&o->st, &o->cap, o->nst + 1, sizeof(*o->st))) {
		xmlFree(name);
		return;
	}
	s = &o->st[o->nst];
	memset(s, 0, sizeof(*s));
	s->is_list = list;
	s->name = tz_strdup((const char *)name);
	xmlFree(name);
	if (!s->name)
		return;
	if (list) {
		for (int k = 0; k < 10; k++)
			s->start[k] = 1;
		for (xmlNodePtr l = n->children; l; l = l->next) {
			xmlChar *lv = tz_part_attr(l, TEXT_NS, "level");
			long k = lv ? strtol((const char *)lv, NULL, 10) : 0;
			xmlFree(lv);
			if (!tz_part_is(l, TEXT_NS, "list-level-style-number") || k < 1 || k > 10)
				continue;
			/* num-format="" is LibreOffice's "None": no number */
			xmlChar *fmt = tz_part_attr(l, STYLE_NS, "num-format");
			xmlChar *sv = tz_part_attr(l, TEXT_NS, "start-value");
			if (!fmt || fmt[0])
				s->ordered |= 1u << (k - 1);
			if (sv)
				s->start[k - 1] = (int)strtol((const char *)sv, NULL, 10);
			xmlFree(fmt);
			xmlFree(sv);
		}
	} else {
		xmlChar *disp = tz_part_attr(n, STYLE_NS, "display-name");
		xmlChar *parent = tz_part_attr(n, STYLE_NS, "parent-style-name");
		xmlChar *ls = tz_part_attr(n, STYLE_NS, "list-style-name");
		xmlChar *ol = tz_part_attr(n, STYLE_NS, "default-outline-level");
		s->display = disp ? tz_strdup((const char *)disp) : NULL;
		s->parent = parent ? tz_strdup((const char *)parent) : NULL;
		s->list_style = ls ? tz_strdup((const char *)ls) : NULL;
		s->outline = ol ? (int)strtol((const char *)ol, NULL, 10) : 0;
		xmlFree(disp);
		xmlFree(parent);
		xmlFree(ls);
		xmlFree(ol);
		if ((tp = tz_part_child(n, STYLE_NS, "text-properties"))) {
			xmlChar *w = tz_part_attr(tp, FO_NS, "font-weight");
			xmlChar *f = tz_part_attr(tp, FO_NS, "font-style");
			xmlChar *disp2 = tz_part_attr(tp, TEXT_NS, "display");
			if (w)
				*(font_bold((const char *)w) ? &s->inline_style : &s->inline_off) |= TZ_INLINE_STRONG;
			if (f)
				*(strcmp((const char *)f, "normal") ? &s->inline_style : &s->inline_off) |= TZ_INLINE_EM;
			s->hidden = disp2 && !strcmp((const char *)disp2, "none");
			xmlFree(w);
			xmlFree(f);
			xmlFree(disp2);
		}
	}
	o->nst++;
}

static void read_styles(struct odt *o, xmlNodePtr root)
{
	for (xmlNodePtr sec = root ? root->children : NULL; sec; sec = sec->next) {
		if (!tz_part_is(sec, OFFICE_NS, "styles") && !tz_part_is(sec, OFFICE_NS, "automatic-styles"))
			continue;
		for (xmlNodePtr n = sec->children; n; n = n->next) {
			if (tz_part_is(n, STYLE_NS, "style"))
				add_style(o, n, 0);
			else if (tz_part_is(n, TEXT_NS, "list-style"))
				add_style(o, n, 1);
		}
	}
}

/* Text style of a span: the chain's bold/italic, and whether hidden. */
static unsigned span_style(const struct odt *o, const char *name, unsigned base, int *hidden)
{
	const struct ostyle *s = find_style(o, name, 0);
	unsigned on = 0, off = 0;

	for (int k = 0; s && k < 10; k++, s = find_style(o, s->parent, 0)) {
		unsigned m = tz_stylemap_char(o->in->map, s->display ? s->display : s->name);
		on |= (m | s->inline_style) & ~off;
		off |= s->inline_off & ~on;
		*hidden |= s->hidden;
	}
	return (base | on) & ~off;
}

static void para_role(const struct odt *o, const char *name, enum tz_role *role, int *level,
		      unsigned *style)
{
	const struct ostyle *s = find_style(o, name, 0);
	int mapped = 0, hidden = 0;

	*style = span_style(o, name, 0, &hidden);
	for (int k = 0; s && k < 10 && !mapped; k++, s = find_style(o, s->parent, 0)) {
		mapped = (s->display && tz_stylemap_para(o->in->map, s->display, role, level)) ||
			 tz_stylemap_para(o->in->map, s->name, role, level);
		if (!mapped && s->outline > 0 && s->outline <= 6) {
			*role = TZ_ROLE_HEADING;
			*level = s->outline;
			mapped = 1;
		}
	}
	if (mapped)
		*style = 0; /* a mapped style's own bold is not direct formatting */
}

static void blocks(struct odt *o, xmlNodePtr parent, int depth, int list_level,
		   const char *list_style);
static void annotation(struct odt *o, xmlNodePtr c);

static void image(struct odt *o, xmlNodePtr frame, xmlNodePtr img)
{
	xmlChar *href = tz_part_attr(img, XLINK_NS, "href");
	char *alt = NULL;
	xmlNodePtr desc = tz_part_child(frame, SVG_NS, "desc");
	struct tz_buf b;
	struct tz_error err;

	if (!desc)
		desc = tz_part_child(frame, SVG_NS, "title");
	if (desc)
		alt = tz_part_text(desc, 2000);
	tz_buf_init(&b, TZ_PART_MAX + 1);
	tz_error_clear(&err);
	if (!href) {
		o->objects++;
	} else if (strstr((const char *)href, "://") || href[0] == '/' ||
		   !tz_zip_name_ok((const char *)href)) {
		tz_idoc_report(o->d, "linked image '%.200s' dropped: only embedded images are imported",
			       (const char *)href);
	} else if (tz_zip_read(&o->z, (const char *)href, TZ_PART_MAX, &b, &err) == 0) {
		tz_idoc_image(o->d, (const unsigned char *)b.data, b.len, (const char *)href, alt);
	} else {
		tz_idoc_report(o->d, "image '%s' dropped: %s", (const char *)href,
			       err.code ? err.msg : "not in the package");
	}
	tz_buf_release(&b);
	free(alt);
	xmlFree(href);
}

static void frame(struct odt *o, xmlNodePtr f, int depth)
{
	xmlNodePtr img = tz_part_child(f, DRAW_NS, "image");
	xmlNodePtr box = tz_part_child(f, DRAW_NS, "text-box");

	if (img)
		image(o, f, img);
	else if (box)
		blocks(o, box, depth + 1, -1, NULL);
	else
		o->objects++;
}

static void inlines(struct odt *o, xmlNodePtr p, int depth, unsigned style)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = p->children; c && !o->d->failed; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content) {
			/* ODF: white space in text is collapsed; text:s carries spaces */
			tz_idoc_style(o->d, style);
			tz_idoc_text(o->d, (const char *)c->content, strlen((const char *)c->content));
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		tz_idoc_style(o->d, style);
		if (tz_part_is(c, TEXT_NS, "span")) {
			xmlChar *sn = tz_part_attr(c, TEXT_NS, "style-name");
			int hidden = 0;
			unsigned s = span_style(o, (const char *)sn, style, &hidden);
			if (hidden) {
				char *t = tz_part_text(c, 200);
				if (t && t[0] && !o->hidden++)
					snprintf(o->hidden_sample, sizeof(o->hidden_sample), "%.60s", t);
				free(t);
			} else {
				inlines(o, c, depth + 1, s);
			}
			xmlFree(sn);
		} else if (tz_part_is(c, TEXT_NS, "a")) {
			xmlChar *href = tz_part_attr(c, XLINK_NS, "href");
			tz_idoc_link(o->d, (const char *)href);
			inlines(o, c, depth + 1, style);
			tz_idoc_link(o->d, NULL);
			xmlFree(href);
		} else if (tz_part_is(c, TEXT_NS, "s")) {
			xmlChar *n = tz_part_attr(c, TEXT_NS, "c");
			long k = n ? strtol((const char *)n, NULL, 10) : 1;
			tz_idoc_text(o->d, " ", 1);
			(void)k; /* XML collapses them anyway */
			xmlFree(n);
		} else if (tz_part_is(c, TEXT_NS, "tab")) {
			tz_idoc_text(o->d, "\t", 1);
		} else if (tz_part_is(c, TEXT_NS, "line-break")) {
			tz_idoc_text(o->d, "\n", 1);
		} else if (tz_part_is(c, TEXT_NS, "note")) {
			xmlNodePtr body = tz_part_child(c, TEXT_NS, "note-body");
			char *t = body ? tz_part_text(body, (size_t)64 * 1024) : NULL;
			if (t) {
				char mark[32];
				snprintf(mark, sizeof(mark), "[%zu]", tz_idoc_footnote(o->d, t));
				tz_idoc_style(o->d, 0);
				tz_idoc_text(o->d, mark, strlen(mark));
			}
			free(t);
		} else if (tz_part_is(c, OFFICE_NS, "annotation")) {
			annotation(o, c);
		} else if (tz_part_is(c, DRAW_NS, "frame")) {
			frame(o, c, depth);
		} else if (tz_part_is(c, DRAW_NS, "a")) {
			inlines(o, c, depth + 1, style);
		} else if (tz_part_is(c, TEXT_NS, "hidden-text") ||
			   tz_part_is(c, TEXT_NS, "hidden-paragraph")) {
			if (!o->hidden++)
				snprintf(o->hidden_sample, sizeof(o->hidden_sample), "(hidden text field)");
		} else if (tz_part_is(c, TEXT_NS, "note-citation") ||
			   tz_part_is(c, OFFICE_NS, "annotation-end") ||
			   tz_part_is(c, TEXT_NS, "change") || tz_part_is(c, TEXT_NS, "change-start") ||
			   tz_part_is(c, TEXT_NS, "change-end") ||
			   tz_part_is(c, TEXT_NS, "soft-page-break") ||
			   tz_part_is(c, TEXT_NS, "bookmark") ||
			   tz_part_is(c, TEXT_NS, "bookmark-start") ||
			   tz_part_is(c, TEXT_NS, "bookmark-end")) {
			/* markers without text */
		} else {
			inlines(o, c, depth + 1, style); /* fields, ruby, meta: their text */
		}
	}
}

/* A comment: its author and paragraphs go into the report, not the story. */
static void annotation(struct odt *o, xmlNodePtr c)
{
	xmlNodePtr who = tz_part_child(c, DC_NS, "creator");
	char *w = who ? tz_part_text(who, 200) : NULL, *clean;
	struct tz_buf b;

	tz_buf_init(&b, 4096);
	for (xmlNodePtr q = c->children; q; q = q->next)
		if (tz_part_is(q, TEXT_NS, "p")) {
			char *pt = tz_part_text(q, 4096);
			if (pt && b.len)
				(void)tz_buf_addc(&b, ' ');
			if (pt)
				(void)tz_buf_adds(&b, pt);
			free(pt);
		}
	clean = tz_idoc_clean(b.data, b.len);
	tz_idoc_report(o->d, "comment by %s dropped: '%.300s'", w && w[0] ? w : "?",
		       clean ? clean : "");
	o->annotations++;
	free(clean);
	free(w);
	tz_buf_release(&b);
}

static void paragraph(struct odt *o, xmlNodePtr p, int depth, int list_level,
		      const char *list_style, int heading)
{
	xmlChar *sn = tz_part_attr(p, TEXT_NS, "style-name");
	enum tz_role role = TZ_ROLE_BODY;
	int level = 0, ordered = 0;
	long start = 1;
	unsigned style = 0;
	const struct ostyle *s;

	para_role(o, (const char *)sn, &role, &level, &style);
	if (heading && (role == TZ_ROLE_BODY || role == TZ_ROLE_HEADING)) {
		xmlChar *lv = tz_part_attr(p, TEXT_NS, "outline-level");
		role = TZ_ROLE_HEADING;
		level = lv ? (int)strtol((const char *)lv, NULL, 10) : 1;
		xmlFree(lv);
	}
	if (list_level >= 0 && (role == TZ_ROLE_BODY || role == TZ_ROLE_LIST)) {
		role = TZ_ROLE_LIST;
		level = list_level;
		s = find_style(o, list_style, 1);
		ordered = s && list_level < 10 && (s->ordered >> list_level & 1u);
		start = o->item_start >= 0 ? o->item_start
			: s && list_level < 10 ? s->start[list_level] : 1;
	}
	s = find_style(o, (const char *)sn, 0);
	tz_idoc_para_begin(o->d, role, level, ordered,
			   s ? (s->display ? s->display : s->name) : NULL);
	if (role == TZ_ROLE_LIST)
		tz_idoc_list(o->d, o->list_id, start);
	inlines(o, p, depth + 1, style);
	tz_idoc_para_end(o->d);
	xmlFree(sn);
}

static void table(struct odt *o, xmlNodePtr t, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr r = t->children; r; r = r->next) {
		if (tz_part_is(r, TABLE_NS, "table-header-rows") || tz_part_is(r, TABLE_NS, "table-rows") ||
		    tz_part_is(r, TABLE_NS, "table-row-group")) {
			table(o, r, depth + 1);
			continue;
		}
		if (!tz_part_is(r, TABLE_NS, "table-row"))
			continue;
		tz_idoc_row_begin(o->d);
		for (xmlNodePtr c = r->children; c; c = c->next) {
			if (!tz_part_is(c, TABLE_NS, "table-cell"))
				continue;
			tz_idoc_cell_begin(o->d);
			blocks(o, c, depth + 1, -1, NULL);
			tz_idoc_cell_end(o->d);
		}
	}
}

static void tracked(struct odt *o, xmlNodePtr tc)
{
	for (xmlNodePtr r = tc->children; r; r = r->next) {
		if (!tz_part_is(r, TEXT_NS, "changed-region"))
			continue;
		if (tz_part_child(r, TEXT_NS, "insertion"))
			o->changes_ins++;
		else if (tz_part_child(r, TEXT_NS, "deletion"))
			o->changes_del++;
		else
			o->changes_fmt++;
	}
}

/* An outer list: a new list id, unless it continues the one before. */
static void list_begin(struct odt *o, xmlNodePtr list)
{
	xmlChar *cont = tz_part_attr(list, TEXT_NS, "continue-numbering");
	xmlChar *cont_list = tz_part_attr(list, TEXT_NS, "continue-list");

	if (!o->list_id || !((cont && !strcmp((const char *)cont, "true")) || cont_list))
		o->list_id = ++o->list_seq;
	xmlFree(cont);
	xmlFree(cont_list);
}

static void blocks(struct odt *o, xmlNodePtr parent, int depth, int list_level,
		   const char *list_style)
{
	if (depth > MAX_DEPTH)
		return;
	for (xmlNodePtr c = parent->children; c && !o->d->failed; c = c->next) {
		if (tz_part_is(c, TEXT_NS, "p")) {
			paragraph(o, c, depth, list_level, list_style, 0);
		} else if (tz_part_is(c, TEXT_NS, "h")) {
			paragraph(o, c, depth, list_level, list_style, 1);
		} else if (tz_part_is(c, TEXT_NS, "list")) {
			xmlChar *ls = tz_part_attr(c, TEXT_NS, "style-name");
			const char *use = ls ? (const char *)ls : list_style;
			long saved_start = o->item_start;
			if (list_level < 0)
				list_begin(o, c);
			for (xmlNodePtr it = c->children; it; it = it->next) {
				xmlChar *sv;
				if (!tz_part_is(it, TEXT_NS, "list-item") &&
				    !tz_part_is(it, TEXT_NS, "list-header"))
					continue;
				sv = tz_part_attr(it, TEXT_NS, "start-value");
				o->item_start = sv ? strtol((const char *)sv, NULL, 10) : -1;
				xmlFree(sv);
				blocks(o, it, depth + 1, list_level + 1, use);
			}
			o->item_start = saved_start;
			xmlFree(ls);
		} else if (tz_part_is(c, TABLE_NS, "table")) {
			tz_idoc_table_begin(o->d);
			table(o, c, depth + 1);
			tz_idoc_table_end(o->d);
		} else if (tz_part_is(c, TEXT_NS, "tracked-changes")) {
			tracked(o, c);
		} else if (tz_part_is(c, TEXT_NS, "table-of-content") ||
			   tz_part_is(c, TEXT_NS, "alphabetical-index") ||
			   tz_part_is(c, TEXT_NS, "illustration-index") ||
			   tz_part_is(c, TEXT_NS, "bibliography")) {
			tz_idoc_report(o->d, "table of contents or index dropped%s", "");
		} else if (tz_part_is(c, TEXT_NS, "section") || tz_part_is(c, TEXT_NS, "index-body")) {
			blocks(o, c, depth + 1, list_level, list_style);
		} else if (tz_part_is(c, DRAW_NS, "frame")) {
			frame(o, c, depth);
		}
	}
}

static void read_meta(struct odt *o, struct tz_error *err)
{
	struct tz_buf b;
	xmlDocPtr doc = NULL;
	xmlNodePtr meta;

	tz_buf_init(&b, TZ_PART_MAX + 1);
	if (tz_zip_read(&o->z, "meta.xml", (size_t)4 * 1024 * 1024, &b, err) == 0)
		doc = tz_part_parse(b.data, b.len, o->in->path, "meta.xml", err);
	tz_buf_release(&b);
	meta = doc ? tz_part_child(xmlDocGetRootElement(doc), OFFICE_NS, "meta") : NULL;
	for (xmlNodePtr n = meta ? meta->children : NULL; n; n = n->next) {
		char **field = NULL;
		char *t;
		if (tz_part_is(n, DC_NS, "title"))
			field = &o->d->meta_title;
		else if (tz_part_is(n, META_NS, "initial-creator") || tz_part_is(n, DC_NS, "creator"))
			field = &o->d->meta_author;
		else if (tz_part_is(n, META_NS, "creation-date") || tz_part_is(n, DC_NS, "date"))
			field = &o->d->meta_date;
		if (!field)
			continue;
		t = tz_part_text(n, 1024);
		if (t)
			tz_idoc_meta(o->d, field, t);
		free(t);
	}
	if (doc)
		xmlFreeDoc(doc);
}

static xmlDocPtr part(struct odt *o, const char *name, int required, struct tz_error *err)
{
	struct tz_buf b;
	xmlDocPtr doc = NULL;
	int r;

	tz_buf_init(&b, TZ_PART_MAX + 1);
	r = tz_zip_read(&o->z, name, TZ_PART_MAX, &b, err);
	if (r == 1 && required)
		tz_error_set(err, TZ_ERR_CONTENT, o->in->path, 0,
			     "the document has no '%s'; not an OpenDocument text, or damaged", name);
	if (r == 0)
		doc = tz_part_parse(b.data, b.len, o->in->path, name, err);
	tz_buf_release(&b);
	return doc;
}

static int odt_read(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err)
{
	struct odt o;
	xmlDocPtr styles = NULL, content = NULL;
	xmlNodePtr body, text;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.in = in;
	o.item_start = -1;
	o.d = d;
	if (tz_zip_open(&o.z, in->data, in->len, in->path, err))
		return -1;
	if (tz_zip_has(&o.z, "Basic") || tz_zip_has(&o.z, "Scripts"))
		tz_idoc_report(d, "the document holds macros: the text is imported, the macros were neither run nor read%s", "");
	styles = part(&o, "styles.xml", 0, err);
	if (err->code != TZ_OK)
		goto out;
	content = part(&o, "content.xml", 1, err);
	if (!content)
		goto out;
	read_meta(&o, err);
	if (err->code != TZ_OK)
		goto out;
	if (styles)
		read_styles(&o, xmlDocGetRootElement(styles));
	read_styles(&o, xmlDocGetRootElement(content));
	body = tz_part_child(xmlDocGetRootElement(content), OFFICE_NS, "body");
	text = tz_part_child(body, OFFICE_NS, "text");
	if (!text) {
		tz_error_set(err, TZ_ERR_CONTENT, in->path, 0,
			     "the document is not a text document (a spreadsheet or presentation?); export the text as .odt or .docx");
		goto out;
	}
	blocks(&o, text, 0, -1, NULL);
	if (o.changes_ins || o.changes_del)
		tz_idoc_report(d, "tracked changes: %zu insertion(s) accepted, %zu deletion(s) dropped",
			       o.changes_ins, o.changes_del);
	if (o.changes_fmt)
		tz_idoc_report(d, "tracked changes: %zu formatting change(s) accepted", o.changes_fmt);
	if (o.hidden)
		tz_idoc_report(d, "hidden text dropped (%zu piece(s)), starting '%s'", o.hidden,
			       o.hidden_sample);
	if (o.objects)
		tz_idoc_report(d, "%zu embedded object(s), chart(s) or shape(s) dropped", o.objects);
	rc = d->failed ? -1 : 0;
	if (rc)
		*err = d->err;
out:
	if (styles)
		xmlFreeDoc(styles);
	if (content)
		xmlFreeDoc(content);
	for (size_t i = 0; i < o.nst; i++) {
		free(o.st[i].name);
		free(o.st[i].display);
		free(o.st[i].parent);
		free(o.st[i].list_style);
	}
	free(o.st);
	free(o.link);
	tz_zip_close(&o.z);
	return rc;
}

const struct tz_reader tz_reader_odt = {"odt", TZ_IMPORT_ODT, odt_read};
