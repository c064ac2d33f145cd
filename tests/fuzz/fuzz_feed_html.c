/*
 * fuzz_feed_html.c - libFuzzer harness: feed item HTML -> story markup
 * (feed/html.h), plain-text extraction and URL resolution.
 *
 * Input: the first line is the base URL (the item link), the rest is the
 * HTML. Besides the sanitizers, the harness checks what a draft story may
 * hold: the blocks, wrapped in one element, are well-formed XML with only
 * p, h2, ul, li, em, strong and a (never nested), every href and the image
 * URL pass tz_link_ok, and all text is valid UTF-8 without control or bidi
 * characters; tz_html_to_text keeps to its byte limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "feed/html.h"
#include "model/load.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int allowed(const xmlNode *n)
{
	static const char *const names[] = {"story", "p", "h2", "ul", "ol", "li", "em",
					     "strong", "a", NULL};
	for (const char *const *p = names; *p; p++)
		if (!strcmp((const char *)n->name, *p))
			return 1;
	return 0;
}

static int is_list(const xmlNode *n)
{
	return n->type == XML_ELEMENT_NODE &&
	       (!strcmp((const char *)n->name, "ul") || !strcmp((const char *)n->name, "ol"));
}

/* story.rng's lists: <ol start> a number 0..99999; an <li> holds text, then
 * at most one list, last; lists nest at most 3 deep. */
static void check_list(const xmlNode *l, int depth)
{
	xmlChar *start = xmlGetProp(l, (const xmlChar *)"start");

	if (depth > 3 || (start && (strspn((const char *)start, "0123456789") != strlen((const char *)start) ||
				    !start[0] || strtol((const char *)start, NULL, 10) > 99999)))
		abort();
	xmlFree(start);
	for (const xmlNode *li = l->children; li; li = li->next) {
		int lists = 0;
		if (li->type != XML_ELEMENT_NODE || strcmp((const char *)li->name, "li"))
			abort();
		for (const xmlNode *c = li->children; c; c = c->next) {
			if (is_list(c)) {
				lists++;
				check_list(c, depth + 1);
			} else if (lists) {
				abort(); /* anything after the nested list */
			}
		}
		if (lists > 1)
			abort();
	}
}

static void check_tree(const xmlNode *n, int in_link)
{
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE) {
			continue;
		}
		if (k->type != XML_ELEMENT_NODE || !allowed(k))
			abort();
		if (is_list(k) && !strcmp((const char *)n->name, "story"))
			check_list(k, 1);
		if (!strcmp((const char *)k->name, "a")) {
			xmlChar *href = xmlGetProp(k, (const xmlChar *)"href");
			if (in_link || !href || !tz_link_ok((const char *)href))
				abort();
			xmlFree(href);
			check_tree(k, 1);
		} else {
			check_tree(k, in_link);
		}
	}
}

/* Valid UTF-8 without controls or bidi; newlines only where allowed. */
static void check_text(const char *s, int newlines)
{
	size_t n = strlen(s), at = tz_utf8_invalid_at(s, n);

	if (at != (size_t)-1 || tz_utf8_bidi_control_at(s, n) != (size_t)-1)
		abort();
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = tz_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!k || tz_utf8_is_forbidden(cp) || cp == '\t' || (cp == '\n' && !newlines))
			abort();
		i += k;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nl = memchr(s, '\n', size);
	struct tz_html_story st;
	struct tz_error err;
	struct tz_buf wrapped;
	char *base = NULL, *html, *text, *url;
	size_t hlen, max = size ? data[0] : 0;
	static int init;

	if (!init) {
		xmlSetGenericErrorFunc(NULL, quiet);
		init = 1;
	}
	if (size > 200000)
		return 0;
	if (nl) {
		size_t blen = (size_t)(nl - s);
		base = malloc(blen + 1);
		if (!base)
			abort();
		memcpy(base, s, blen);
		base[blen] = '\0';
		s = nl + 1;
	}
	hlen = size - (size_t)(s - (const char *)data);
	html = malloc(hlen + 1); /* the fuzzer's bytes are not NUL-terminated */
	if (!html)
		abort();
	memcpy(html, s, hlen);
	html[hlen] = '\0';
	s = html;

	tz_html_story_init(&st);
	if (tz_html_to_story(s, hlen, base, &st, &err) == 0) {
		xmlDocPtr doc;
		tz_buf_init(&wrapped, 0);
		if (tz_buf_adds(&wrapped, "<story>") || tz_buf_add(&wrapped, st.blocks.data, st.blocks.len) ||
		    tz_buf_adds(&wrapped, "</story>"))
			abort();
		doc = xmlReadMemory(wrapped.data, (int)wrapped.len, "blocks.xml", "UTF-8",
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!doc)
			abort(); /* not well-formed */
		check_tree(xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
		check_text(wrapped.data, 1); /* a newline ends each block */
		tz_buf_release(&wrapped);
		if (st.first_paragraph)
			check_text(st.first_paragraph, 0);
		/* http or https, in any case: "Https://" from a base URL is fine */
		if (st.image_url && (!tz_link_ok(st.image_url) || strncasecmp(st.image_url, "http", 4)))
			abort();
		if (st.image_alt)
			check_text(st.image_alt, 0);
	}
	tz_html_story_release(&st);

	text = tz_html_to_text(s, hlen, max);
	if (text) {
		if (strlen(text) > max + 3) /* the ellipsis is 3 bytes of UTF-8 */
			abort();
		check_text(text, 0);
		free(text);
	}
	url = tz_url_resolve(base, s);
	if (url && !tz_link_ok(url))
		abort();
	free(url);
	free(html);
	free(base);
	return 0;
}
