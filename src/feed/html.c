/*
 * html.c - feed item HTML to story markup (see html.h).
 *
 * Two walkers share one writer (feedtext.h): a block walker that decides
 * where paragraphs, headings and lists begin and end, and an inline walker
 * for what goes inside one of them. Text that arrives at block level opens
 * an implicit paragraph; a paragraph with no visible text is never written.
 * Depth is capped so a hostile nesting cannot exhaust the stack.
 */
#include "html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "feedtext.h"
#include "../model/limits.h"
#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_DEPTH 64
#define MAX_HTML_BYTES ((size_t)2 * 1024 * 1024)

struct conv {
	struct tz_html_story *s;
	const char *base;
	struct tz_buf para;
	struct tz_feedtext w;
	int plain; /* write no markup (headings, alt text, plain extraction) */
	int in_link; /* inside a written <a>: links never nest */
	int nomem;
};

static int name_in(const xmlNode *n, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp((const char *)n->name, *names))
			return 1;
	return 0;
}

/* Gone with all their text. */
static const char *const dropped[] = {
	"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
	"form", "input", "button", "select", "textarea", "option", "noscript",
	"template", "svg", "math", "head", "title", "meta", "link", "base", "audio",
	"video", "canvas", "map", "param", "source", "track", "picture", NULL};
/* End the paragraph before and after. */
static const char *const blocky[] = {
	"p", "div", "section", "article", "header", "footer", "main", "aside", "nav",
	"blockquote", "figure", "figcaption", "table", "thead", "tbody", "tfoot",
	"tr", "td", "th", "caption", "dl", "dt", "dd", "pre", "center", "address",
	"hr", "html", "body", "details", "summary", "li", NULL};
static const char *const headings[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
static const char *const lists[] = {"ul", "ol", "menu", NULL};

char *tz_url_resolve(const char *base, const char *ref)
{
	xmlChar *abs;
	char *trimmed, *res = NULL;
	size_t a = 0, n;

	if (!ref)
		return NULL;
	n = strlen(ref);
	while (a < n && (unsigned char)ref[a] <= ' ')
		a++;
	while (n > a && (unsigned char)ref[n - 1] <= ' ')
		n--;
	if (a == n || n - a > 2000)
		return NULL;
	trimmed = tz_strndup(ref + a, n - a);
	if (!trimmed)
		return NULL;
	abs = xmlBuildURI((const xmlChar *)trimmed,
			  (const xmlChar *)(base && *base ? base : trimmed));
	if (abs && (!strncasecmp((const char *)abs, "http://", 7) ||
		    !strncasecmp((const char *)abs, "https://", 8) ||
		    !strncasecmp((const char *)abs, "mailto:", 7)) &&
	    tz_link_ok((const char *)abs))
		res = tz_strdup((const char *)abs);
	xmlFree(abs);
	free(trimmed);
	return res;
}

static char *attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *copy;

	if (!v)
		return NULL;
	copy = tz_strdup((const char *)v);
	xmlFree(v);
	return copy;
}

static int tiny(const xmlNode *n, const char *name)
{
	char *v = attr(n, name), *end;
	long px;
	int r = 0;

	if (v) {
		px = strtol(v, &end, 10);
		r = end != v && px <= 2;
	}
	free(v);
	return r;
}

static void consider_image(struct conv *c, const xmlNode *n)
{
	char *src, *alt;

	if (c->s->image_url || tiny(n, "width") || tiny(n, "height"))
		return; /* only the first; 1x1 pixels are trackers */
	src = attr(n, "src");
	c->s->image_url = tz_url_resolve(c->base, src);
	free(src);
	if (!c->s->image_url || !strncasecmp(c->s->image_url, "mailto:", 7)) {
		free(c->s->image_url);
		c->s->image_url = NULL;
		return;
	}
	alt = attr(n, "alt");
	c->s->image_alt = tz_feed_clean(alt ? alt : "", 300);
	free(alt);
	if (!c->s->image_alt)
		c->nomem = 1;
}

static void walk_inline(struct conv *c, const xmlNode *n, int depth);

static void inline_children(struct conv *c, const xmlNode *n, int depth)
{
	for (const xmlNode *k = n->children; k; k = k->next)
		walk_inline(c, k, depth + 1);
}

static void wrap(struct conv *c, const xmlNode *n, int depth, const char *open,
		 const char *close)
{
	if (!c->plain)
		tz_feedtext_markup(&c->w, open, 1);
	inline_children(c, n, depth);
	if (!c->plain)
		tz_feedtext_markup(&c->w, close, 0);
}

static void walk_inline(struct conv *c, const xmlNode *n, int depth)
{
	static const char *const em[] = {"em", "i", "cite", "dfn", NULL};
	static const char *const strong[] = {"strong", "b", NULL};

	if (depth > MAX_DEPTH)
		return;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content)
			tz_feedtext_add(&c->w, (const char *)n->content,
					strlen((const char *)n->content));
		return;
	}
	if (n->type != XML_ELEMENT_NODE || name_in(n, dropped))
		return;
	if (!strcasecmp((const char *)n->name, "img")) {
		consider_image(c, n);
		return;
	}
	if (!strcasecmp((const char *)n->name, "br") || name_in(n, blocky) ||
	    name_in(n, headings) || name_in(n, lists)) {
		c->w.space = 1;
		inline_children(c, n, depth);
		c->w.space = 1;
		return;
	}
	if (name_in(n, em)) {
		wrap(c, n, depth, "<em>", "</em>");
	} else if (name_in(n, strong)) {
		wrap(c, n, depth, "<strong>", "</strong>");
	} else if (!strcasecmp((const char *)n->name, "a")) {
		char *href = attr(n, "href");
		char *url = c->plain || c->in_link ? NULL : tz_url_resolve(c->base, href);
		free(href);
		if (url) {
			struct tz_buf tag;
			tz_buf_init(&tag, 0);
			if (tz_buf_adds(&tag, "<a href=\"") || tz_feed_escape(&tag, url) ||
			    tz_buf_adds(&tag, "\">"))
				c->nomem = 1;
			else {
				c->in_link++;
				wrap(c, n, depth, tag.data, "</a>");
				c->in_link--;
			}
			tz_buf_release(&tag);
			free(url);
		} else {
			inline_children(c, n, depth);
		}
	} else {
		inline_children(c, n, depth); /* unknown: keep the text */
	}
}

static void begin_para(struct conv *c)
{
	tz_buf_reset(&c->para);
	tz_feedtext_init(&c->w, &c->para, !c->plain);
}

/* Write the open paragraph (if it has text) as <tag>..</tag>. */
static void end_para(struct conv *c, const char *tag)
{
	struct tz_buf *b = &c->s->blocks;

	if (c->w.failed)
		c->nomem = 1;
	if (c->w.has_text) {
		if (tz_buf_addf(b, "    <%s>", tag) || tz_buf_add(b, c->para.data, c->para.len) ||
		    tz_buf_addf(b, "</%s>\n", tag))
			c->nomem = 1;
		else
			c->s->nblocks++;
	}
	begin_para(c);
}

static void first_paragraph(struct conv *c, const xmlNode *n, int depth);

/* The first number of list n: <ol start> (0..99999), else 1. */
static long list_start(const xmlNode *n)
{
	char *s = strcasecmp((const char *)n->name, "ol") ? NULL : attr(n, "start");
	char *end = NULL;
	long v = s ? strtol(s, &end, 10) : 1;

	if (!s || end == s || v < 0 || v > 99999)
		v = 1;
	free(s);
	return v;
}

/* <ul>, <ol> or <ol start="N"> for list n (ul, ol, menu). */
static int list_open(struct tz_buf *out, const xmlNode *n)
{
	long start = list_start(n);

	if (strcasecmp((const char *)n->name, "ol"))
		return tz_buf_adds(out, "<ul>");
	return start == 1 ? tz_buf_adds(out, "<ol>") : tz_buf_addf(out, "<ol start=\"%ld\">", start);
}

static const char *list_close(const xmlNode *n)
{
	return strcasecmp((const char *)n->name, "ol") ? "</ul>" : "</ol>";
}

/* The items of list n (ul, ol, menu) at level 1..TZ_MAX_LIST_DEPTH as
 * story markup appended to out: each <li>'s text, then the lists nested in
 * it as one nested list (the first one's kind: a story item holds one);
 * past the deepest level a nested list's text joins its item. Items with
 * neither text nor nested items are dropped. Returns the items written. */
static size_t list_items(struct conv *c, const xmlNode *n, int depth, int level, struct tz_buf *out)
{
	struct tz_buf item, sub;
	size_t count = 0;

	if (depth > MAX_DEPTH)
		return 0;
	tz_buf_init(&item, 0);
	tz_buf_init(&sub, 0);
	for (const xmlNode *k = n->children; k; k = k->next) {
		const xmlNode *first_sub = NULL;
		if (k->type != XML_ELEMENT_NODE || strcasecmp((const char *)k->name, "li"))
			continue;
		begin_para(c);
		for (const xmlNode *ch = k->children; ch; ch = ch->next) {
			if (ch->type == XML_ELEMENT_NODE && name_in(ch, lists) &&
			    level < TZ_MAX_LIST_DEPTH)
				first_sub = first_sub ? first_sub : ch;
			else
				walk_inline(c, ch, depth + 2);
		}
		if (c->w.failed)
			c->nomem = 1;
		tz_buf_reset(&item);
		tz_buf_reset(&sub);
		/* saved before the nested lists reuse the paragraph buffer */
		if (c->w.has_text && tz_buf_add(&item, c->para.data, c->para.len))
			c->nomem = 1;
		for (const xmlNode *ch = first_sub; ch; ch = ch->next)
			if (ch->type == XML_ELEMENT_NODE && name_in(ch, lists))
				list_items(c, ch, depth + 2, level + 1, &sub);
		if (!item.len && !sub.len)
			continue;
		count++;
		if (tz_buf_adds(out, "<li>") || tz_buf_add(out, item.data, item.len) ||
		    (sub.len && first_sub &&
		     (list_open(out, first_sub) || tz_buf_add(out, sub.data, sub.len) ||
		      tz_buf_adds(out, list_close(first_sub)))) ||
		    tz_buf_adds(out, "</li>"))
			c->nomem = 1;
	}
	tz_buf_release(&item);
	tz_buf_release(&sub);
	return count;
}

static void walk_block(struct conv *c, const xmlNode *n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	if (n->type != XML_ELEMENT_NODE) {
		walk_inline(c, n, depth);
		return;
	}
	if (name_in(n, dropped))
		return;
	if (name_in(n, headings)) {
		end_para(c, "p");
		c->plain = 1;
		begin_para(c);
		c->w.escape = 1; /* no markup in a heading, but its text is still XML */
		inline_children(c, n, depth);
		c->plain = 0;
		end_para(c, "h2");
		return;
	}
	if (name_in(n, lists)) {
		struct tz_buf items;
		end_para(c, "p");
		tz_buf_init(&items, 0);
		if (list_items(c, n, depth, 1, &items)) {
			if (tz_buf_adds(&c->s->blocks, "    ") || list_open(&c->s->blocks, n) ||
			    tz_buf_add(&c->s->blocks, items.data, items.len) ||
			    tz_buf_adds(&c->s->blocks, list_close(n)) ||
			    tz_buf_adds(&c->s->blocks, "\n"))
				c->nomem = 1;
			c->s->nblocks++;
		}
		tz_buf_release(&items);
		begin_para(c);
		return;
	}
	if (name_in(n, blocky)) {
		end_para(c, "p");
		if (!strcasecmp((const char *)n->name, "p"))
			first_paragraph(c, n, depth);
		for (const xmlNode *k = n->children; k; k = k->next)
			walk_block(c, k, depth + 1);
		end_para(c, "p");
		return;
	}
	walk_inline(c, n, depth);
}

/* Remember the plain text of the first <p> for the lead. */
static void first_paragraph(struct conv *c, const xmlNode *n, int depth)
{
	struct conv p;
	struct tz_html_story scratch;

	if (c->s->first_paragraph)
		return;
	tz_html_story_init(&scratch);
	memset(&p, 0, sizeof(p));
	p.s = &scratch;
	p.plain = 1;
	tz_buf_init(&p.para, 0);
	tz_feedtext_init(&p.w, &p.para, 0);
	inline_children(&p, n, depth);
	if (p.w.has_text && !p.w.failed)
		c->s->first_paragraph = tz_buf_detach(&p.para, NULL);
	tz_buf_release(&p.para);
	tz_html_story_release(&scratch);
}

void tz_html_story_init(struct tz_html_story *s)
{
	memset(s, 0, sizeof(*s));
	tz_buf_init(&s->blocks, 0);
}

void tz_html_story_release(struct tz_html_story *s)
{
	tz_buf_release(&s->blocks);
	free(s->first_paragraph);
	free(s->image_url);
	free(s->image_alt);
	memset(s, 0, sizeof(*s));
}

static htmlDocPtr parse(const char *html, size_t len)
{
	if (len > MAX_HTML_BYTES)
		return NULL;
	return htmlReadMemory(html, (int)len, NULL, "UTF-8",
			      HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
}

int tz_html_to_story(const char *html, size_t len, const char *base,
		     struct tz_html_story *out, struct tz_error *err)
{
	htmlDocPtr doc;
	struct conv c;
	xmlNodePtr root;

	if (len > MAX_HTML_BYTES)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "item text larger than %zu bytes", MAX_HTML_BYTES);
	if (!len)
		return 0;
	doc = parse(html, len);
	if (!doc)
		return 0; /* nothing usable: an empty body */
	memset(&c, 0, sizeof(c));
	c.s = out;
	c.base = base;
	tz_buf_init(&c.para, 0);
	begin_para(&c);
	root = xmlDocGetRootElement(doc);
	if (root)
		walk_block(&c, root, 0);
	end_para(&c, "p");
	tz_buf_release(&c.para);
	xmlFreeDoc(doc);
	if (c.nomem)
		return tz_error_nomem(err);
	return 0;
}

char *tz_html_to_text(const char *html, size_t len, size_t max)
{
	htmlDocPtr doc;
	struct conv c;
	struct tz_html_story scratch;
	xmlNodePtr root;
	char *res = NULL;

	if (!len)
		return tz_strdup("");
	doc = parse(html, len);
	if (!doc)
		return tz_strdup("");
	tz_html_story_init(&scratch);
	memset(&c, 0, sizeof(c));
	c.s = &scratch;
	c.plain = 1;
	tz_buf_init(&c.para, 0);
	tz_feedtext_init(&c.w, &c.para, 0);
	root = xmlDocGetRootElement(doc);
	if (root)
		walk_inline(&c, root, 0);
	if (!c.w.failed && !c.nomem)
		res = tz_feed_clean(c.para.data, max);
	tz_buf_release(&c.para);
	tz_html_story_release(&scratch);
	xmlFreeDoc(doc);
	return res;
}
