/*
 * build.c - walk a validated issue document and fill struct tz_issue.
 *
 * The schema guarantees the element structure, so unknown elements are
 * simply skipped here. Text is normalised as it is copied: runs of XML
 * whitespace become one space, leading and trailing space of a block go,
 * and U+00A0 survives (it is how authors say "never break here").
 */
#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "../text/nfc.h"
#include "../text/quotes.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

struct builder {
	struct tz_xml_ctx *ctx;
	struct tz_issue *issue;
	struct tz_diags *diags;
	int oom;
	int too_long; /* a block's text hit TZ_MAX_TEXT_BYTES */
	int too_deep; /* a block's inline markup passed TZ_MAX_XML_DEPTH */
	xmlChar *last_base;    /* the base URI src_of resolved last (owned) */
	const char *last_file; /* its display path (in issue->files) */
};

static int is_el(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, name))
			return c;
	return NULL;
}

static char *dup_checked(struct builder *b, const char *s)
{
	char *p;

	if (!s)
		return NULL;
	p = tz_strdup(s);
	if (!p)
		b->oom = 1;
	return p;
}

/* Text enters the model in NFC (nfc.h): composed here, not refused by check. */
static char *nfc_checked(struct builder *b, char *s)
{
	if (s && tz_nfc_inplace(&s))
		b->oom = 1;
	return s;
}

static char *attr(struct builder *b, xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, (const xmlChar *)name) : NULL;
	char *s;

	if (!v)
		return NULL;
	s = nfc_checked(b, dup_checked(b, (const char *)v));
	xmlFree(v);
	return s;
}

/* Append text to out collapsing XML whitespace; *space says whether the
 * output currently ends in a collapsible space (or is at block start). */
static void add_collapsed(struct builder *b, struct tz_buf *out, const char *s,
			  int *space)
{
	for (; *s; s++) {
		int r = 0;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!*space)
				r = tz_buf_addc(out, ' ');
			*space = 1;
		} else if (*s == '"' || *s == '\'') {
			/* typed straight, printed typographic: “…”, ‘…’, zo’n */
			int opening = *space || (out->len && tz_quote_opens_after(out->data, out->len));
			r = tz_buf_adds(out, tz_quote_typographic(*s, opening, s + 1));
			*space = 0;
		} else {
			r = tz_buf_addc(out, *s);
			*space = 0;
		}
		if (r) {
			if (out->len + 1 > out->max)
				b->too_long = 1;
			else
				b->oom = 1;
			return;
		}
	}
}

static struct tz_src src_of(struct builder *b, xmlNodePtr n);

/* Report a block whose text went over the limit, at its element. */
static void report_too_long(struct builder *b, xmlNodePtr n)
{
	struct tz_src src;

	if (b->too_deep) {
		/* refused, not cut: the text inside would silently go missing */
		b->too_deep = 0;
		src = src_of(b, n);
		tz_diags_add(b->diags, TZ_SEV_ERROR, src.file, src.line,
			     "the markup in <%s> is nested more than %d levels deep; simplify it",
			     (const char *)n->name, TZ_MAX_XML_DEPTH);
	}
	if (!b->too_long)
		return;
	b->too_long = 0;
	src = src_of(b, n);
	tz_diags_add(b->diags, TZ_SEV_ERROR, src.file, src.line,
		     "the text of <%s> is longer than %zu bytes; split it into paragraphs",
		     (const char *)n->name, TZ_MAX_TEXT_BYTES);
}

static char *text_of(struct builder *b, xmlNodePtr n)
{
	struct tz_buf out;
	xmlChar *raw;
	int space = 1;

	if (!n)
		return NULL;
	raw = xmlNodeGetContent(n);
	tz_buf_init(&out, TZ_MAX_TEXT_BYTES);
	if (raw)
		add_collapsed(b, &out, (const char *)raw, &space);
	xmlFree(raw);
	while (out.len && out.data[out.len - 1] == ' ')
		tz_buf_truncate(&out, out.len - 1);
	report_too_long(b, n);
	return nfc_checked(b, tz_buf_detach(&out, NULL));
}

struct run_state {
	struct tz_runs *runs;
	struct tz_buf cur;
	unsigned style;
	const char *href;
	int space;
	xmlNodePtr stop; /* a child of the block where its text ends, or NULL */
};

static void flush_run(struct builder *b, struct run_state *st)
{
	struct tz_run *r;

	if (!st->cur.len)
		return;
	if (tz_array_grow((void **)&st->runs->items, &st->runs->cap, st->runs->n + 1,
			  sizeof(*st->runs->items))) {
		b->oom = 1;
		return;
	}
	r = &st->runs->items[st->runs->n++];
	r->style = st->style;
	r->href = st->href ? dup_checked(b, st->href) : NULL;
	r->text = nfc_checked(b, tz_buf_detach(&st->cur, NULL));
	if (!r->text)
		b->oom = 1;
}

/* <span lang="..">: English marks its words, Dutch inside English unmarks */
static void set_lang(struct run_state *st, xmlNodePtr c)
{
	xmlChar *lang = xmlGetProp(c, (const xmlChar *)"lang");
	if (lang && !xmlStrcmp(lang, (const xmlChar *)"en"))
		st->style |= TZ_STYLE_LANG_EN;
	else if (lang)
		st->style &= ~(unsigned)TZ_STYLE_LANG_EN;
	xmlFree(lang);
}

static void walk_inline(struct builder *b, struct run_state *st, xmlNodePtr n, int depth)
{
	if (depth > TZ_MAX_XML_DEPTH) {
		b->too_deep = 1;
		return;
	}
	for (xmlNodePtr c = n->children; c && c != st->stop; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			add_collapsed(b, &st->cur, (const char *)c->content, &st->space);
		} else if (c->type == XML_ELEMENT_NODE) {
			unsigned saved_style = st->style;
			const char *saved_href = st->href;
			xmlChar *href = NULL;

			flush_run(b, st);
			if (is_el(c, "em"))
				st->style |= TZ_STYLE_EM;
			else if (is_el(c, "strong"))
				st->style |= TZ_STYLE_STRONG;
			else if (is_el(c, "span"))
				set_lang(st, c);
			else if (is_el(c, "a"))
				st->href = (const char *)(href = xmlGetProp(c, (const xmlChar *)"href"));
			walk_inline(b, st, c, depth + 1);
			flush_run(b, st);
			st->style = saved_style;
			st->href = saved_href;
			xmlFree(href);
		}
	}
}

/* The runs of n's content up to its child stop (NULL: all of it). */
static void runs_until(struct builder *b, xmlNodePtr n, xmlNodePtr stop, struct tz_runs *runs)
{
	struct run_state st;

	memset(&st, 0, sizeof(st));
	st.runs = runs;
	st.stop = stop;
	st.space = 1;
	tz_buf_init(&st.cur, TZ_MAX_TEXT_BYTES);
	walk_inline(b, &st, n, 0);
	flush_run(b, &st);
	tz_buf_release(&st.cur);
	report_too_long(b, n);
	/* trim trailing space of the last run, drop runs left empty */
	while (runs->n) {
		struct tz_run *last = &runs->items[runs->n - 1];
		size_t len = strlen(last->text);
		while (len && last->text[len - 1] == ' ')
			last->text[--len] = '\0';
		if (len)
			break;
		free(last->text);
		free(last->href);
		runs->n--;
	}
}

static void runs_of(struct builder *b, xmlNodePtr n, struct tz_runs *runs)
{
	runs_until(b, n, NULL, runs);
}

static const char *intern_file(struct builder *b, char *file)
{
	struct tz_issue *is = b->issue;

	if (!file)
		return NULL;
	for (size_t i = 0; i < is->nfiles; i++) {
		if (!strcmp(is->files[i], file)) {
			free(file);
			return is->files[i];
		}
	}
	size_t cap = is->nfiles;
	if (tz_array_grow((void **)&is->files, &cap, is->nfiles + 1, sizeof(char *))) {
		free(file);
		b->oom = 1;
		return NULL;
	}
	is->files[is->nfiles++] = file;
	return file;
}

/* The display path of the file n came from. Every block asks, and
 * resolving it takes a realpath (a system call per path component: 6,000
 * for the 68-page stress issue, 3 % of `techzine pdf`), so the answer for
 * the last base URI is kept: blocks come in document order, file by file. */
static const char *file_of(struct builder *b, xmlNodePtr n)
{
	xmlChar *base = n && n->doc ? xmlNodeGetBase(n->doc, n) : NULL;
	const char *file;

	if (!base)
		return NULL;
	if (b->last_base && !strcmp((const char *)base, (const char *)b->last_base)) {
		xmlFree(base);
		return b->last_file;
	}
	file = intern_file(b, tz_xml_base_file(b->ctx, (const char *)base));
	if (!file) {
		xmlFree(base);
		return NULL;
	}
	if (b->last_base)
		xmlFree(b->last_base);
	b->last_base = base;
	b->last_file = file;
	return file;
}

static struct tz_src src_of(struct builder *b, xmlNodePtr n)
{
	struct tz_src s;

	s.file = file_of(b, n);
	s.line = xmlGetLineNo(n);
	return s;
}

static void build_figure(struct builder *b, xmlNodePtr n, struct tz_block *blk)
{
	struct tz_figure *f = tz_calloc(1, sizeof(*f));
	char *span;

	if (!f) {
		b->oom = 1;
		return;
	}
	blk->figure = f;
	f->image.src = attr(b, n, "src");
	f->image.at = blk->src;
	span = attr(b, n, "span");
	f->span = span && !strcmp(span, "page") ? TZ_SPAN_PAGE : TZ_SPAN_COLUMN;
	free(span);
	f->alt = text_of(b, child(n, "alt"));
	f->caption = text_of(b, child(n, "caption"));
	f->credit = text_of(b, child(n, "credit"));
}

static void build_keyfigures(struct builder *b, xmlNodePtr n, struct tz_block *blk)
{
	size_t count = 0;

	for (xmlNodePtr c = n->children; c; c = c->next)
		count += is_el(c, "kf");
	blk->figures = tz_calloc(count, sizeof(*blk->figures));
	if (!blk->figures) {
		b->oom = 1;
		return;
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		struct tz_keyfigure *k;
		if (!is_el(c, "kf"))
			continue;
		k = &blk->figures[blk->nfigures++];
		k->label = attr(b, c, "label");
		k->value_text = attr(b, c, "value");
		k->value = k->value_text ? strtod(k->value_text, NULL) : 0;
		k->unit = attr(b, c, "unit");
		k->note = attr(b, c, "note");
	}
}

static int is_list(xmlNodePtr n)
{
	return is_el(n, "ul") || is_el(n, "ol");
}

/* The list nested in <li> after its text (story.rng: at most one, last). */
static xmlNodePtr sublist_of(xmlNodePtr li)
{
	for (xmlNodePtr c = li->children; c; c = c->next)
		if (is_list(c))
			return c;
	return NULL;
}

static void build_list(struct builder *b, xmlNodePtr n, struct tz_block *blk, int depth)
{
	size_t count = 0, nested = 0;
	char *start = attr(b, n, "start");

	blk->ordered = is_el(n, "ol");
	blk->start = start ? strtol(start, NULL, 10) : 1;
	free(start);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_el(c, "li")) {
			count++;
			nested += sublist_of(c) != NULL;
		}
	blk->items = tz_calloc(count, sizeof(*blk->items));
	/* the schema bounds the depth; the check here keeps recursion bounded
	 * for a tree that did not come through it */
	if (nested && depth < TZ_MAX_LIST_DEPTH)
		blk->sublists = tz_calloc(count, sizeof(struct tz_block *));
	if (!blk->items || (nested && depth < TZ_MAX_LIST_DEPTH && !blk->sublists)) {
		b->oom = 1;
		return;
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		xmlNodePtr sub;
		size_t k;
		if (!is_el(c, "li"))
			continue;
		sub = sublist_of(c);
		k = blk->nitems++;
		runs_until(b, c, sub, &blk->items[k]);
		if (!sub || !blk->sublists)
			continue;
		blk->sublists[k] = tz_calloc(1, sizeof(struct tz_block));
		if (!blk->sublists[k]) {
			b->oom = 1;
			return;
		}
		blk->sublists[k]->kind = TZ_BLOCK_LIST;
		blk->sublists[k]->src = src_of(b, sub);
		build_list(b, sub, blk->sublists[k], depth + 1);
	}
}

static size_t count_elements(xmlNodePtr n)
{
	size_t count = 0;

	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		count += c->type == XML_ELEMENT_NODE;
	return count;
}

static void build_blocks(struct builder *b, xmlNodePtr body, struct tz_block **out,
			 size_t *nout);

static void build_block(struct builder *b, xmlNodePtr c, struct tz_block *blk)
{
	blk->src = src_of(b, c);
	if (is_el(c, "p")) {
		blk->kind = TZ_BLOCK_PARA;
		runs_of(b, c, &blk->runs);
	} else if (is_el(c, "h2")) {
		blk->kind = TZ_BLOCK_SUBHEAD;
		runs_of(b, c, &blk->runs);
	} else if (is_el(c, "quote") || is_el(c, "pullquote")) {
		blk->kind = is_el(c, "quote") ? TZ_BLOCK_QUOTE : TZ_BLOCK_PULLQUOTE;
		runs_of(b, c, &blk->runs);
		blk->by = attr(b, c, "by");
	} else if (is_el(c, "figure")) {
		blk->kind = TZ_BLOCK_FIGURE;
		build_figure(b, c, blk);
	} else if (is_el(c, "factbox")) {
		blk->kind = TZ_BLOCK_FACTBOX;
		blk->title = attr(b, c, "title");
		build_blocks(b, c, &blk->children, &blk->nchildren);
	} else if (is_el(c, "keyfigures")) {
		blk->kind = TZ_BLOCK_KEYFIGURES;
		blk->title = attr(b, c, "title");
		blk->source = attr(b, c, "source");
		build_keyfigures(b, c, blk);
	} else if (is_list(c)) {
		blk->kind = TZ_BLOCK_LIST;
		build_list(b, c, blk, 1);
	}
}

static void build_blocks(struct builder *b, xmlNodePtr body, struct tz_block **out,
			 size_t *nout)
{
	size_t count = count_elements(body);

	*out = tz_calloc(count, sizeof(**out));
	*nout = 0;
	if (!*out) {
		b->oom = 1;
		return;
	}
	for (xmlNodePtr c = body->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			build_block(b, c, &(*out)[(*nout)++]);
}

static void build_text(struct builder *b, xmlNodePtr n, const char *lang,
		       struct tz_story_text *t)
{
	xmlNodePtr tags = child(n, "tags"), body = child(n, "body"), lead = child(n, "lead");

	t->src = src_of(b, n);
	t->lang = dup_checked(b, lang);
	t->kicker = text_of(b, child(n, "kicker"));
	t->headline = text_of(b, child(n, "headline"));
	t->byline = text_of(b, child(n, "byline"));
	t->date = text_of(b, child(n, "date"));
	t->municipality = text_of(b, child(n, "municipality"));
	if (lead)
		runs_of(b, lead, &t->lead);
	if (tags) {
		size_t count = count_elements(tags);
		t->tags = tz_calloc(count, sizeof(char *));
		if (!t->tags)
			b->oom = 1;
		for (xmlNodePtr c = tags->children; t->tags && c; c = c->next)
			if (is_el(c, "tag"))
				t->tags[t->ntags++] = text_of(b, c);
	}
	if (body)
		build_blocks(b, body, &t->blocks, &t->nblocks);
}

static const char *const kind_names[] = {"news",   "parel", "interview",
					 "column", "event", "figures"};

const char *tz_story_kind_name(enum tz_story_kind k)
{
	return (size_t)k < sizeof(kind_names) / sizeof(*kind_names) ? kind_names[k] : "?";
}

static struct tz_story *build_story(struct builder *b, xmlNodePtr n, const char *deflang)
{
	struct tz_story *s = tz_calloc(1, sizeof(*s));
	xmlNodePtr c;
	char *kind, *lang;
	size_t nvar = 0;

	if (!s) {
		b->oom = 1;
		return NULL;
	}
	s->src = src_of(b, n);
	s->id = attr(b, n, "id");
	kind = attr(b, n, "kind");
	for (size_t k = 0; kind && k < sizeof(kind_names) / sizeof(*kind_names); k++)
		if (!strcmp(kind, kind_names[k]))
			s->kind = (enum tz_story_kind)k;
	free(kind);
	kind = attr(b, n, "status");
	s->concept = kind && !strcmp(kind, "concept");
	free(kind);
	lang = attr(b, n, "lang");
	build_text(b, n, lang ? lang : deflang, &s->text);
	free(lang);
	if ((c = child(n, "company"))) {
		s->company = tz_calloc(1, sizeof(*s->company));
		if (s->company) {
			char *v;
			s->company->src = src_of(b, c);
			s->company->name = attr(b, c, "name");
			s->company->website = attr(b, c, "website");
			s->company->sector = attr(b, c, "sector");
			s->company->place = attr(b, c, "place");
			v = attr(b, c, "employees");
			s->company->employees = v ? strtol(v, NULL, 10) : -1;
			free(v);
			v = attr(b, c, "founded");
			s->company->founded = v ? (int)strtol(v, NULL, 10) : 0;
			free(v);
		} else {
			b->oom = 1;
		}
	}
	if ((c = child(n, "event"))) {
		s->event = tz_calloc(1, sizeof(*s->event));
		if (s->event) {
			s->event->src = src_of(b, c);
			s->event->date = attr(b, c, "date");
			s->event->time = attr(b, c, "time");
			s->event->place = attr(b, c, "place");
			s->event->registration = attr(b, c, "registration");
		} else {
			b->oom = 1;
		}
	}
	for (c = n->children; c; c = c->next)
		nvar += is_el(c, "variant");
	if (nvar) {
		s->variants = tz_calloc(nvar, sizeof(*s->variants));
		if (!s->variants)
			b->oom = 1;
		for (c = n->children; s->variants && c; c = c->next) {
			if (!is_el(c, "variant"))
				continue;
			lang = attr(b, c, "lang");
			build_text(b, c, lang ? lang : "en", &s->variants[s->nvariants++]);
			free(lang);
		}
	}
	/* an agenda item is dated by its event, not by when it was written:
	 * every edition shows the story's date under the headline */
	if (s->event && s->event->date) {
		enum { MAX_TEXTS = 1 + 16 };
		struct tz_story_text *texts[MAX_TEXTS];
		size_t nt = 0;
		texts[nt++] = &s->text;
		for (size_t v = 0; v < s->nvariants && nt < MAX_TEXTS; v++)
			texts[nt++] = &s->variants[v];
		for (size_t i = 0; i < nt; i++) {
			char *d = dup_checked(b, s->event->date);
			if (!d)
				continue;
			free(texts[i]->date);
			texts[i]->date = d;
		}
	}
	return s;
}

static void build_section(struct builder *b, xmlNodePtr n, struct tz_section *sec)
{
	size_t count = 0;

	sec->src = src_of(b, n);
	sec->id = attr(b, n, "id");
	sec->title = attr(b, n, "title");
	sec->intro = attr(b, n, "intro");
	for (xmlNodePtr c = n->children; c; c = c->next)
		count += is_el(c, "story");
	sec->stories = tz_calloc(count, sizeof(struct tz_story *));
	if (!sec->stories) {
		b->oom = 1;
		return;
	}
	for (xmlNodePtr c = n->children; c; c = c->next) {
		struct tz_story *s;
		if (!is_el(c, "story"))
			continue;
		s = build_story(b, c, b->issue->lang);
		if (s) {
			s->section = sec;
			sec->stories[sec->nstories++] = s;
		}
	}
}

static void build_colophon(struct builder *b, xmlNodePtr n, struct tz_colophon *col)
{
	size_t count = 0;

	col->publisher = text_of(b, child(n, "publisher"));
	col->design = text_of(b, child(n, "design"));
	col->printer = text_of(b, child(n, "printer"));
	col->circulation = text_of(b, child(n, "circulation"));
	col->contact = text_of(b, child(n, "contact"));
	col->address = text_of(b, child(n, "address"));
	col->note = text_of(b, child(n, "note"));
	for (xmlNodePtr c = n->children; c; c = c->next)
		count += is_el(c, "editor");
	col->editors = tz_calloc(count, sizeof(char *));
	if (!col->editors) {
		b->oom = 1;
		return;
	}
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_el(c, "editor"))
			col->editors[col->neditors++] = text_of(b, c);
}

static long element_line(xmlNodePtr n)
{
	return n ? xmlGetLineNo(n) : 0;
}

void tz_build_issue(struct tz_xml_ctx *ctx, xmlDocPtr doc, struct tz_issue *is)
{
	struct builder b = {ctx, is, ctx->diags, 0, 0, 0, NULL, NULL};
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	char *v, *slash;
	size_t count = 0;

	is->lines.root = xmlGetLineNo(root);
	is->lines.title = element_line(child(root, "title"));
	is->lines.edition = element_line(child(root, "edition"));
	is->lines.subject = element_line(child(root, "subject"));
	is->lines.preheader = element_line(child(root, "preheader"));
	is->lines.mail = element_line(child(root, "mail"));
	is->lines.cover = element_line(child(root, "cover"));
	is->lines.colophon = element_line(child(root, "colophon"));
	v = attr(&b, root, "number");
	is->number = v ? (int)strtol(v, NULL, 10) : 0;
	free(v);
	is->date = attr(&b, root, "date");
	is->lang = attr(&b, root, "lang");
	if (!is->lang)
		is->lang = dup_checked(&b, "nl");
	slash = strrchr(is->dir, '/');
	is->slug = dup_checked(&b, slash ? slash + 1 : is->dir);
	is->title = text_of(&b, child(root, "title"));
	is->edition = text_of(&b, child(root, "edition"));
	is->subject = text_of(&b, child(root, "subject"));
	is->preheader = text_of(&b, child(root, "preheader"));
	n = child(root, "layout");
	is->print_layout = attr(&b, n, "print");
	is->newsletter_theme = attr(&b, n, "newsletter");
	if (!is->print_layout)
		is->print_layout = dup_checked(&b, "magazine-a4");
	if (!is->newsletter_theme)
		is->newsletter_theme = dup_checked(&b, "newsletter");
	if ((n = child(root, "mail"))) {
		is->mail.from = attr(&b, n, "from");
		is->mail.reply_to = attr(&b, n, "reply-to");
		is->mail.list_id = attr(&b, n, "list-id");
		is->mail.base_url = attr(&b, n, "base-url");
		is->mail.unsubscribe_url = attr(&b, n, "unsubscribe-url");
		is->mail.unsubscribe_mailto = attr(&b, n, "unsubscribe-mailto");
		is->mail.bounce_domain = attr(&b, n, "bounce-domain");
		is->mail.click_base = attr(&b, n, "click-base");
		{
			char *tc = attr(&b, n, "track-clicks");
			is->mail.track_clicks = tc && !strcmp(tc, "yes");
			free(tc);
		}
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (is_el(c, "dkim") && is->mail.ndkim < TZ_MAX_DKIM) {
				struct tz_dkim_setting *k = &is->mail.dkim[is->mail.ndkim++];
				k->domain = attr(&b, c, "domain");
				k->selector = attr(&b, c, "selector");
				k->key = attr(&b, c, "key");
				k->line = (long)xmlGetLineNo(c);
			} else if (is_el(c, "dkim"))
				is->mail.dkim_over++;
	}
	if ((n = child(root, "cover"))) {
		is->cover.src = attr(&b, n, "image");
		is->cover.at.file = is->path;
		is->cover.at.line = is->lines.cover;
		is->cover_alt = attr(&b, n, "alt");
		count = count_elements(n);
		is->cover_lines = tz_calloc(count, sizeof(char *));
		if (!is->cover_lines)
			b.oom = 1;
		for (xmlNodePtr c = n->children; is->cover_lines && c; c = c->next)
			if (is_el(c, "line"))
				is->cover_lines[is->ncover_lines++] = text_of(&b, c);
	}
	count = 0;
	for (n = root->children; n; n = n->next)
		count += is_el(n, "section");
	is->sections = tz_calloc(count, sizeof(*is->sections));
	if (!is->sections)
		b.oom = 1;
	for (n = root->children; is->sections && n; n = n->next)
		if (is_el(n, "section"))
			build_section(&b, n, &is->sections[is->nsections++]);
	if ((n = child(root, "colophon")))
		build_colophon(&b, n, &is->colophon);
	if (b.last_base)
		xmlFree(b.last_base);
	if (b.oom)
		tz_diags_nomem(ctx->diags);
}
