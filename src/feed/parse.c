/*
 * parse.c - RSS 2.0 / Atom parsing (see parse.h).
 *
 * Both formats reduce to the same item fields; the only subtle part is
 * Atom's text constructs: type="text" is plain text and gets escaped into
 * HTML, type="html" is HTML already, type="xhtml" is inline XML that we
 * serialise back to markup for the one HTML converter.
 */
#include "parse.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "feedtext.h"
#include "html.h"
#include "../model/limits.h"
#include "../model/xmlsafe.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"

static int is(const xmlNode *n, const char *ns, const char *name)
{
	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
		return 0;
	if (!ns)
		return n->ns == NULL;
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static char *text_of(const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *copy;

	if (!v)
		return tz_strdup("");
	copy = tz_strdup((const char *)v);
	xmlFree(v);
	return copy;
}

static char *prop(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *copy;

	if (!v)
		return NULL;
	copy = tz_strdup((const char *)v);
	xmlFree(v);
	return copy;
}

static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
				     "jul", "aug", "sep", "oct", "nov", "dec"};

static int real_date(long y, long m, long d, char out[11])
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	char tmp[40];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", (int)y, (int)m, (int)d);
	memcpy(out, tmp, 11);
	return 0;
}

int tz_feed_date(const char *s, char out[11])
{
	char *end;
	long y, m = 0, d;

	out[0] = '\0';
	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (isdigit((unsigned char)s[0]) && strlen(s) >= 10 && s[4] == '-' && s[7] == '-') {
		for (int i = 0; i < 10; i++)
			if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
				return -1;
		y = strtol(s, NULL, 10);
		m = strtol(s + 5, NULL, 10);
		d = strtol(s + 8, NULL, 10);
		return real_date(y, m, d, out);
	}
	/* RFC 822: [Day, ] DD Mon YYYY ... (the time and zone are not needed) */
	if (isalpha((unsigned char)*s)) {
		s = strchr(s, ',');
		if (!s)
			return -1;
		s++;
	}
	d = strtol(s, &end, 10);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(end, months[i], 3))
			m = i + 1;
	if (!m)
		return -1;
	end += 3;
	while (isalpha((unsigned char)*end)) /* "June" */
		end++;
	y = strtol(end, &end, 10);
	if (y < 100) /* RFC 822 two-digit years */
		y += 2000;
	return real_date(y, m, d, out);
}

/* Escape plain text so the HTML converter reads it as text. */
static char *plain_to_html(const char *s)
{
	struct tz_buf b;

	tz_buf_init(&b, 0);
	for (; *s; s++) {
		int r = *s == '<' ? tz_buf_adds(&b, "&lt;")
			: *s == '&' ? tz_buf_adds(&b, "&amp;")
			: tz_buf_addc(&b, *s);
		if (r) {
			tz_buf_release(&b);
			return NULL;
		}
	}
	return tz_buf_detach(&b, NULL);
}

/* An Atom text construct as HTML. */
static char *atom_html(const xmlNode *n)
{
	char *type = prop(n, "type"), *t, *res = NULL;

	if (type && !strcmp(type, "xhtml")) {
		xmlBufferPtr xb = xmlBufferCreate();
		if (xb) {
			for (xmlNode *k = n->children; k; k = k->next)
				xmlNodeDump(xb, n->doc, k, 0, 0);
			res = tz_strdup((const char *)xmlBufferContent(xb));
			xmlBufferFree(xb);
		}
	} else if (type && (!strcmp(type, "html") || !strcmp(type, "text/html"))) {
		res = text_of(n);
	} else {
		t = text_of(n);
		res = t ? plain_to_html(t) : NULL;
		free(t);
	}
	free(type);
	return res;
}

static void add_category(struct tz_feed_item *it, char *raw)
{
	char *c = raw ? tz_feed_clean(raw, 60) : NULL;

	free(raw);
	if (!c || !*c || it->ncategories >= TZ_FEED_MAX_CATEGORIES) {
		free(c);
		return;
	}
	for (size_t i = 0; i < it->ncategories; i++)
		if (!strcasecmp(it->categories[i], c)) {
			free(c);
			return;
		}
	it->categories[it->ncategories++] = c;
}

static void set_once(char **dst, char *v)
{
	if (*dst || !v || !*v) {
		free(v);
		return;
	}
	*dst = v;
}

static void image_candidate(struct tz_feed_item *it, const xmlNode *k)
{
	char *type = prop(k, "type"), *medium = prop(k, "medium");
	int image = (type && !strncasecmp(type, "image/", 6)) ||
		    (medium && !strcmp(medium, "image"));

	if (image && !it->image_url) {
		char *u = prop(k, "url");
		it->image_url = tz_url_resolve(NULL, u);
		free(u);
	}
	free(type);
	free(medium);
}

static void rss_item(const xmlNode *n, struct tz_feed_item *it)
{
	char *raw_title = NULL, *guid = NULL, *link = NULL, *date = NULL;

	for (const xmlNode *k = n->children; k; k = k->next) {
		if (is(k, NULL, "title"))
			set_once(&raw_title, text_of(k));
		else if (is(k, NULL, "link"))
			set_once(&link, text_of(k));
		else if (is(k, NULL, "guid"))
			set_once(&guid, text_of(k));
		else if (is(k, NULL, "pubDate"))
			set_once(&date, text_of(k));
		else if (is(k, NULL, "description"))
			set_once(&it->summary_html, text_of(k));
		else if (is(k, NS_CONTENT, "encoded"))
			set_once(&it->content_html, text_of(k));
		else if (is(k, NULL, "category"))
			add_category(it, text_of(k));
		else if (is(k, NULL, "enclosure") || is(k, NS_MEDIA, "content"))
			image_candidate(it, k);
	}
	/* titles are plain text by the RSS spec, but feeds put escaped markup
	 * in them all the time: read them as HTML so no tag text survives */
	it->title = raw_title ? tz_html_to_text(raw_title, strlen(raw_title), 300)
			      : tz_strdup("");
	it->link = tz_url_resolve(NULL, link);
	if (guid)
		it->key = tz_feed_clean(guid, 1000);
	else if (it->link)
		it->key = tz_strdup(it->link);
	tz_feed_date(date, it->date);
	free(raw_title);
	free(guid);
	free(link);
	free(date);
}

static void atom_entry(const xmlNode *n, struct tz_feed_item *it)
{
	char *title = NULL, *id = NULL, *date = NULL, *updated = NULL;

	for (const xmlNode *k = n->children; k; k = k->next) {
		if (is(k, NS_ATOM, "title")) {
			set_once(&title, atom_html(k));
		} else if (is(k, NS_ATOM, "id")) {
			set_once(&id, text_of(k));
		} else if (is(k, NS_ATOM, "published")) {
			set_once(&date, text_of(k));
		} else if (is(k, NS_ATOM, "updated")) {
			set_once(&updated, text_of(k));
		} else if (is(k, NS_ATOM, "summary")) {
			set_once(&it->summary_html, atom_html(k));
		} else if (is(k, NS_ATOM, "content")) {
			set_once(&it->content_html, atom_html(k));
		} else if (is(k, NS_ATOM, "category")) {
			add_category(it, prop(k, "term"));
		} else if (is(k, NS_ATOM, "link")) {
			char *rel = prop(k, "rel"), *href = prop(k, "href");
			if (!rel || !strcmp(rel, "alternate")) {
				if (!it->link)
					it->link = tz_url_resolve(NULL, href);
			} else if (!strcmp(rel, "enclosure")) {
				char *type = prop(k, "type");
				if (type && !strncasecmp(type, "image/", 6) && !it->image_url)
					it->image_url = tz_url_resolve(NULL, href);
				free(type);
			}
			free(rel);
			free(href);
		} else if (is(k, NS_MEDIA, "content")) {
			image_candidate(it, k);
		}
	}
	it->title = title ? tz_html_to_text(title, strlen(title), 300) : tz_strdup("");
	if (id)
		it->key = tz_feed_clean(id, 1000);
	else if (it->link)
		it->key = tz_strdup(it->link);
	if (tz_feed_date(date, it->date))
		tz_feed_date(updated, it->date);
	free(title);
	free(id);
	free(date);
	free(updated);
}

static void item_release(struct tz_feed_item *it)
{
	free(it->key);
	free(it->title);
	free(it->link);
	free(it->summary_html);
	free(it->content_html);
	free(it->image_url);
	for (size_t i = 0; i < it->ncategories; i++)
		free(it->categories[i]);
	memset(it, 0, sizeof(*it));
}

void tz_feed_release(struct tz_feed *feed)
{
	for (size_t i = 0; i < feed->n; i++)
		item_release(&feed->items[i]);
	free(feed->items);
	memset(feed, 0, sizeof(*feed));
}

static int collect(struct tz_feed *feed, const xmlNode *parent, int atom)
{
	size_t cap = 0;

	for (const xmlNode *k = parent->children; k; k = k->next) {
		struct tz_feed_item *it;
		if (!(atom ? is(k, NS_ATOM, "entry") : is(k, NULL, "item")))
			continue;
		if (feed->n >= TZ_FEED_MAX_ITEMS) {
			feed->dropped++;
			continue;
		}
		if (tz_array_grow((void **)&feed->items, &cap, feed->n + 1, sizeof(*it)))
			return -1;
		it = &feed->items[feed->n];
		memset(it, 0, sizeof(*it));
		if (atom)
			atom_entry(k, it);
		else
			rss_item(k, it);
		if (!it->title)
			return item_release(it), -1;
		if (!it->key || !*it->key) { /* cannot tell whether it was seen */
			item_release(it);
			feed->dropped++;
			continue;
		}
		feed->n++;
	}
	return 0;
}

int tz_feed_parse(const char *data, size_t len, const char *url, struct tz_feed *feed,
		  struct tz_error *err)
{
	xmlParserCtxtPtr pctxt;
	xmlDocPtr doc;
	xmlNodePtr root, channel = NULL;
	long dline;
	int rc = -1;

	memset(feed, 0, sizeof(*feed));
	if (len > TZ_MAX_XML_BYTES || len > INT_MAX)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "feed larger than %zu bytes",
				    TZ_MAX_XML_BYTES);
	dline = tz_xml_find_doctype(data, len);
	if (dline)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "refused: DOCTYPE or ENTITY declaration at line %ld (entities are never loaded)",
				    dline);
	pctxt = xmlNewParserCtxt();
	if (!pctxt)
		return tz_error_nomem(err);
	doc = xmlCtxtReadMemory(pctxt, data, (int)len, url, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
					XML_PARSE_NOCDATA);
	if (!doc || !pctxt->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(pctxt);
		char msg[200];
		size_t n;
		snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "unreadable");
		n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
			msg[--n] = '\0';
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "malformed XML at line %d: %s",
			     e ? e->line : 0, msg);
		goto out;
	}
	if (doc->intSubset || doc->extSubset) { /* never trust one check alone */
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "refused: DOCTYPE declaration");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (root && is(root, NS_ATOM, "feed")) {
		feed->atom = 1;
		channel = root;
	} else if (root && is(root, NULL, "rss")) {
		for (xmlNode *k = root->children; k && !channel; k = k->next)
			if (is(k, NULL, "channel"))
				channel = k;
	}
	if (!channel) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			     "not an RSS 2.0 or Atom feed (root element '%s')",
			     root ? (const char *)root->name : "none");
		goto out;
	}
	if (collect(feed, channel, feed->atom)) {
		tz_error_nomem(err);
		tz_feed_release(feed);
		goto out;
	}
	rc = 0;
out:
	if (doc)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctxt);
	return rc;
}
