/*
 * docx.c - the .docx (WordprocessingML) reader: the package around the
 * body. The main part is found through _rels/.rels, as Word does, not by
 * its usual name; relationships, styles, numbering, footnotes, endnotes,
 * comments and core properties are read once into small tables, then
 * docx_body.c walks word/document.xml.
 */
#include "docxint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmlpart.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define PKG_REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"

xmlDocPtr tz_docx_part(struct docx *x, const char *name, int required, struct tz_error *err)
{
	struct tz_buf b;
	xmlDocPtr doc = NULL;
	int r;

	tz_buf_init(&b, TZ_PART_MAX + 1);
	r = tz_zip_read(&x->z, name, TZ_PART_MAX, &b, err);
	if (r == 1 && required)
		tz_error_set(err, TZ_ERR_CONTENT, x->in->path, 0,
			     "the document has no '%s'; not a Word document, or damaged", name);
	if (r == 0)
		doc = tz_part_parse(b.data, b.len, x->in->path, name, err);
	tz_buf_release(&b);
	return doc;
}

/* dir + target with "." and ".." resolved; NULL when it leaves the package. */
static char *resolve(const char *dir, const char *target)
{
	char joined[2048], out[2048];
	size_t n = 0;
	const char *p;

	if (target[0] == '/')
		snprintf(joined, sizeof(joined), "%s", target + 1);
	else if (snprintf(joined, sizeof(joined), "%s%s", dir, target) >= (int)sizeof(joined))
		return NULL;
	for (p = joined; *p;) {
		size_t k = strcspn(p, "/");
		if (k == 1 && p[0] == '.') {
			/* nothing */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (!n)
				return NULL;
			while (n && out[n - 1] != '/')
				n--;
			if (n)
				n--; /* the slash */
		} else if (k) {
			if (n)
				out[n++] = '/';
			memcpy(out + n, p, k);
			n += k;
		}
		p += k;
		if (*p == '/')
			p++;
	}
	out[n] = '\0';
	return n ? tz_strdup(out) : NULL;
}

/* Relationships of a part (dir: the folder its targets are relative to).
 * With want_type, only return the target of the first relationship whose
 * type ends in want_type (for _rels/.rels). */
static char *read_rels(struct docx *x, const char *rels_name, const char *dir,
		       const char *want_type, struct tz_error *err)
{
	xmlDocPtr doc = tz_docx_part(x, rels_name, 0, err);
	xmlNodePtr root;
	char *found = NULL;

	if (!doc)
		return NULL;
	root = xmlDocGetRootElement(doc);
	for (xmlNodePtr n = root ? root->children : NULL; n && !found; n = n->next) {
		xmlChar *id, *target, *mode, *type;
		if (!tz_part_is(n, PKG_REL_NS, "Relationship"))
			continue;
		id = tz_part_attr(n, NULL, "Id");
		target = tz_part_attr(n, NULL, "Target");
		mode = tz_part_attr(n, NULL, "TargetMode");
		type = tz_part_attr(n, NULL, "Type");
		if (want_type) {
			size_t tl = type ? strlen((const char *)type) : 0, wl = strlen(want_type);
			if (target && tl >= wl && !strcmp((const char *)type + tl - wl, want_type))
				found = resolve(dir, (const char *)target);
		} else if (id && target &&
			   !tz_array_grow((void **)&x->rels, &x->rels_cap, x->nrels + 1,
					  sizeof(*x->rels))) {
			struct docx_rel *r = &x->rels[x->nrels];
			size_t tl = type ? strlen((const char *)type) : 0;
			r->external = mode && !strcmp((const char *)mode, "External");
			r->image = tl >= 6 && !strcmp((const char *)type + tl - 6, "/image");
			r->id = tz_strdup((const char *)id);
			r->target = r->external ? tz_strdup((const char *)target)
						: resolve(dir, (const char *)target);
			if (r->id && r->target) {
				x->nrels++;
			} else {
				free(r->id);
				free(r->target);
			}
		}
		xmlFree(id);
		xmlFree(target);
		xmlFree(mode);
		xmlFree(type);
	}
	xmlFreeDoc(doc);
	return found;
}

const struct docx_rel *tz_docx_rel(const struct docx *x, const char *id)
{
	for (size_t i = 0; id && i < x->nrels; i++)
		if (!strcmp(x->rels[i].id, id))
			return &x->rels[i];
	return NULL;
}

const struct docx_style *tz_docx_style(const struct docx *x, const char *id)
{
	for (size_t i = 0; id && i < x->nstyles; i++)
		if (!strcmp(x->styles[i].id, id))
			return &x->styles[i];
	return NULL;
}

static int int_attr(const xmlNode *n, const char *local, int dflt)
{
	xmlChar *v = tz_part_attr(n, W_NS, local);
	int r = v ? (int)strtol((const char *)v, NULL, 10) : dflt;
	xmlFree(v);
	return r;
}

int tz_docx_ordered(const struct docx *x, int num_id, int ilvl)
{
	int abs;

	if (num_id <= 0 || (size_t)num_id >= x->nnum || ilvl < 0 || ilvl > 8)
		return 0;
	abs = x->num_abs[num_id];
	if (abs < 0 || (size_t)abs >= x->nabs)
		return 0;
	return x->abs_ordered[(size_t)abs * 9 + (size_t)ilvl];
}

#define DOCX_MAX_NUM 4096

static long find_start(const struct docx_start *v, size_t n, int id, int lvl, long dflt)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id && v[i].lvl == lvl)
			return v[i].start;
	return dflt;
}

long tz_docx_start(const struct docx *x, int num_id, int ilvl)
{
	int abs;

	if (num_id <= 0 || (size_t)num_id >= x->nnum)
		return 1;
	abs = x->num_abs[num_id];
	return find_start(x->overrides, x->noverrides, num_id, ilvl,
			  find_start(x->starts, x->nstarts, abs, ilvl, 1));
}

/* Remember a start other than 1 (bounded by the ids' own bounds). */
static void add_start(struct docx_start **v, size_t *n, size_t *cap, int id, int lvl,
		      const xmlNode *val)
{
	xmlChar *s = tz_part_attr(val, W_NS, "val");
	long start = s ? strtol((const char *)s, NULL, 10) : 1;

	xmlFree(s);
	if (start == 1 || *n >= (size_t)DOCX_MAX_NUM * 9 ||
	    tz_array_grow((void **)v, cap, *n + 1, sizeof(**v)))
		return; /* out of memory: the list counts from 1 */
	(*v)[*n].id = id;
	(*v)[*n].lvl = lvl;
	(*v)[(*n)++].start = start < 0 ? 0 : start > 99999 ? 99999 : start;
}

static void read_numbering(struct docx *x, struct tz_error *err)
{
	xmlDocPtr doc = tz_docx_part(x, "word/numbering.xml", 0, err);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	if (!root)
		goto out;
	x->num_abs = tz_malloc((size_t)DOCX_MAX_NUM * sizeof(int));
	x->abs_ordered = tz_calloc((size_t)DOCX_MAX_NUM * 9, 1);
	if (!x->num_abs || !x->abs_ordered)
		goto out;
	for (size_t i = 0; i < DOCX_MAX_NUM; i++)
		x->num_abs[i] = -1;
	x->nnum = x->nabs = DOCX_MAX_NUM;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (tz_part_is(n, W_NS, "abstractNum")) {
			int a = int_attr(n, "abstractNumId", -1);
			if (a < 0 || a >= DOCX_MAX_NUM)
				continue;
			for (xmlNodePtr l = n->children; l; l = l->next) {
				int lv = int_attr(l, "ilvl", -1);
				xmlChar *fmt;
				if (!tz_part_is(l, W_NS, "lvl") || lv < 0 || lv > 8)
					continue;
				fmt = tz_part_attr(tz_part_child(l, W_NS, "numFmt"), W_NS, "val");
				if (tz_part_child(l, W_NS, "start"))
					add_start(&x->starts, &x->nstarts, &x->starts_cap, a, lv,
						  tz_part_child(l, W_NS, "start"));
				x->abs_ordered[(size_t)a * 9 + (size_t)lv] =
					fmt && strcmp((const char *)fmt, "bullet") &&
					strcmp((const char *)fmt, "none");
				xmlFree(fmt);
			}
		} else if (tz_part_is(n, W_NS, "num")) {
			int id = int_attr(n, "numId", -1);
			int a = int_attr(tz_part_child(n, W_NS, "abstractNumId"), "val", -1);
			if (id <= 0 || id >= DOCX_MAX_NUM)
				continue;
			x->num_abs[id] = a;
			for (xmlNodePtr o = n->children; o; o = o->next) {
				int lv = int_attr(o, "ilvl", -1);
				if (tz_part_is(o, W_NS, "lvlOverride") && lv >= 0 && lv <= 8 &&
				    tz_part_child(o, W_NS, "startOverride"))
					add_start(&x->overrides, &x->noverrides, &x->overrides_cap, id,
						  lv, tz_part_child(o, W_NS, "startOverride"));
			}
		}
	}
out:
	if (doc)
		xmlFreeDoc(doc);
}

const char *tz_docx_note(const struct docx *x, char kind, const char *id)
{
	for (size_t i = 0; id && i < x->nnotes; i++)
		if (x->notes[i].id[0] == kind && !strcmp(x->notes[i].id + 1, id))
			return x->notes[i].text;
	return NULL;
}

static void read_notes(struct docx *x, const char *part, const char *el, char kind,
		       struct tz_error *err)
{
	xmlDocPtr doc = tz_docx_part(x, part, 0, err);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		xmlChar *id, *type;
		char key[64];
		if (!tz_part_is(n, W_NS, el))
			continue;
		type = tz_part_attr(n, W_NS, "type");
		id = tz_part_attr(n, W_NS, "id");
		if (id && !type && strlen((const char *)id) < 40 &&
		    !tz_array_grow((void **)&x->notes, &x->notes_cap, x->nnotes + 1, sizeof(*x->notes))) {
			snprintf(key, sizeof(key), "%c%s", kind, (const char *)id);
			x->notes[x->nnotes].id = tz_strdup(key);
			x->notes[x->nnotes].text = tz_part_text(n, (size_t)64 * 1024);
			if (x->notes[x->nnotes].id && x->notes[x->nnotes].text)
				x->nnotes++;
			else {
				free(x->notes[x->nnotes].id);
				free(x->notes[x->nnotes].text);
			}
		}
		xmlFree(type);
		xmlFree(id);
	}
	if (doc)
		xmlFreeDoc(doc);
}

static void read_comments(struct docx *x, struct tz_error *err)
{
	xmlDocPtr doc = tz_docx_part(x, "word/comments.xml", 0, err);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		xmlChar *author;
		char *text, *clean;
		if (!tz_part_is(n, W_NS, "comment"))
			continue;
		author = tz_part_attr(n, W_NS, "author");
		text = tz_part_text(n, 4096);
		clean = text ? tz_idoc_clean(text, strlen(text)) : NULL;
		tz_idoc_report(x->d, "comment by %s dropped: '%.300s'",
			       author ? (const char *)author : "?", clean ? clean : "");
		free(clean);
		free(text);
		xmlFree(author);
	}
	if (doc)
		xmlFreeDoc(doc);
}

static void read_core(struct docx *x, struct tz_error *err)
{
	xmlDocPtr doc = tz_docx_part(x, "docProps/core.xml", 0, err);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		char **field = NULL;
		char *t;
		if (tz_part_is(n, DC_NS, "title"))
			field = &x->d->meta_title;
		else if (tz_part_is(n, DC_NS, "creator"))
			field = &x->d->meta_author;
		else if (tz_part_is(n, DCTERMS_NS, "created"))
			field = &x->d->meta_date;
		if (!field)
			continue;
		t = tz_part_text(n, 1024);
		if (t)
			tz_idoc_meta(x->d, field, t);
		free(t);
	}
	if (doc)
		xmlFreeDoc(doc);
}

static void docx_free(struct docx *x)
{
	for (size_t i = 0; i < x->nrels; i++) {
		free(x->rels[i].id);
		free(x->rels[i].target);
	}
	free(x->rels);
	for (size_t i = 0; i < x->nstyles; i++) {
		free(x->styles[i].id);
		free(x->styles[i].name);
		free(x->styles[i].based_on);
	}
	free(x->styles);
	for (size_t i = 0; i < x->nnotes; i++) {
		free(x->notes[i].id);
		free(x->notes[i].text);
	}
	free(x->notes);
	free(x->num_abs);
	free(x->abs_ordered);
	free(x->starts);
	free(x->overrides);
	tz_zipfetch_free(x->fetch);
	free(x->link);
	free(x->main_part);
	free(x->main_dir);
	tz_zip_close(&x->z);
}

/* The main part's photos, inflated while its styles and text are parsed
 * (zipfetch.h); without memory for the list, they are read as met. */
static void start_fetch(struct docx *x)
{
	const char **names = tz_calloc(x->nrels + 1, sizeof(*names));
	size_t n = 0;

	if (!names)
		return;
	for (size_t i = 0; i < x->nrels; i++)
		if (x->rels[i].image && !x->rels[i].external)
			names[n++] = x->rels[i].target;
	x->fetch = tz_zipfetch_start(x->in->data, x->in->len, x->in->path, names, n, TZ_PART_MAX);
	free(names);
}

static int docx_read(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err)
{
	struct docx x;
	xmlDocPtr doc = NULL;
	xmlNodePtr body;
	char rels[1100];
	const char *slash;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.in = in;
	x.d = d;
	if (tz_zip_open(&x.z, in->data, in->len, in->path, err))
		return -1;
	x.main_part = read_rels(&x, "_rels/.rels", "", "/officeDocument", err);
	if (!x.main_part) {
		if (err->code == TZ_OK)
			tz_error_set(err, TZ_ERR_CONTENT, in->path, 0,
				     "the package names no main document; not a Word document, or damaged");
		goto out;
	}
	slash = strrchr(x.main_part, '/');
	x.main_dir = tz_strndup(x.main_part, slash ? (size_t)(slash - x.main_part) + 1 : 0);
	if (!x.main_dir || snprintf(rels, sizeof(rels), "%s_rels/%s.rels", x.main_dir,
				    slash ? slash + 1 : x.main_part) >= (int)sizeof(rels)) {
		tz_error_nomem(err);
		goto out;
	}
	if (tz_zip_has(&x.z, "word/vbaProject.bin"))
		tz_idoc_report(d, "macro-enabled document: the text is imported, the macros were neither run nor read%s", "");
	(void)read_rels(&x, rels, x.main_dir, NULL, err);
	start_fetch(&x);
	if (tz_docx_read_styles(&x, err))
		goto out;
	read_numbering(&x, err);
	read_notes(&x, "word/footnotes.xml", "footnote", 'f', err);
	read_notes(&x, "word/endnotes.xml", "endnote", 'e', err);
	read_core(&x, err);
	/* the optional parts above may fail (damaged); only a refusal counts */
	if (err->code == TZ_ERR_CONTENT || err->code == TZ_ERR_LIMIT || err->code == TZ_ERR_NOMEM)
		goto out;
	doc = tz_docx_part(&x, x.main_part, 1, err);
	if (!doc)
		goto out;
	body = tz_part_child(xmlDocGetRootElement(doc), W_NS, "body");
	if (!body) {
		tz_error_set(err, TZ_ERR_CONTENT, in->path, 0,
			     "'%s' has no w:body; not a Word document (Strict Open XML? save as Word Document .docx)",
			     x.main_part);
		goto out;
	}
	tz_docx_body(&x, body);
	read_comments(&x, err);
	if (err->code != TZ_OK)
		goto out;
	if (x.ins || x.del)
		tz_idoc_report(d, "tracked changes: %zu insertion(s) accepted, %zu deletion(s) dropped",
			       x.ins, x.del);
	if (x.fmt_changes)
		tz_idoc_report(d, "tracked changes: %zu formatting change(s) accepted", x.fmt_changes);
	if (x.hidden)
		tz_idoc_report(d, "hidden text dropped (%zu run(s)), starting '%s'", x.hidden,
			       x.hidden_sample);
	if (x.breaks)
		tz_idoc_report(d, "%zu page, column or section break(s) dropped", x.breaks);
	if (x.objects)
		tz_idoc_report(d, "%zu embedded object(s), chart(s) or shape(s) dropped", x.objects);
	rc = d->failed ? -1 : 0;
	if (rc)
		*err = d->err;
out:
	if (doc)
		xmlFreeDoc(doc);
	docx_free(&x);
	return rc;
}

const struct tz_reader tz_reader_docx = {"docx", TZ_IMPORT_DOCX, docx_read};
