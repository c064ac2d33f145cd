/*
 * xmlmsg.c - libxml2's messages in the officer's words (see xmlmsg.h).
 *
 * libxml2 2.9 gives RELAX NG errors as a code with the element and value
 * in str1/str2, and parser errors as a message plus the parser's position.
 * We match the message (stable across 2.9-2.12) and add what we know about
 * our own formats from the tables below: which attributes an element
 * takes, how each value type is written, which children an element has.
 * The first message of a parse error is the one that matters; the ones that
 * follow it ("attributes construct error", "Premature end of data") are the
 * parser losing its way and are dropped.
 */
#include "xmlmsg.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libxml/relaxng.h>

#include "../util/banned.h"

struct attr_rule {
	const char *elem, *attr;
	int required;
	const char *how; /* how the value is written; NULL: free text */
};

static const struct attr_rule attr_rules[] = {
	{"story", "id", 1, "letters, digits, - and _, starting with a letter, no spaces: id=\"parel-vecht\""},
	{"story", "kind", 1, "one of news, parel, interview, column, event, figures: kind=\"news\""},
	{"story", "lang", 0, "nl or en"},
	{"story", "status", 0, "concept (not ready) or klaar (ready to publish)"},
	{"variant", "lang", 1, "nl or en: lang=\"en\""},
	{"figure", "src", 1, "the picture in the issue's images folder: src=\"images/foto.jpg\""},
	{"figure", "span", 0, "column or page"},
	{"quote", "by", 0, NULL},
	{"pullquote", "by", 0, NULL},
	{"factbox", "title", 0, NULL},
	{"keyfigures", "title", 0, NULL},
	{"keyfigures", "source", 0, NULL},
	{"ol", "start", 0, "the number of the first item, a whole number up to 99999: start=\"4\""},
	{"kf", "label", 1, "what the number counts: label=\"Banen\""},
	{"kf", "value", 1, "a number with a dot for decimals and no thousands separators: value=\"118000\""},
	{"kf", "unit", 0, NULL},
	{"kf", "note", 0, NULL},
	{"a", "href", 1, "the full address: href=\"https://www.voorbeeld.nl/\""},
	{"company", "name", 1, "the company's name: name=\"Kunststofwerken Vecht\""},
	{"company", "website", 0, "the full address: website=\"https://www.voorbeeld.nl\""},
	{"company", "sector", 0, NULL},
	{"company", "place", 0, NULL},
	{"company", "employees", 0, "a whole number without dots: employees=\"120\""},
	{"company", "founded", 0, "a year of four digits: founded=\"1987\""},
	{"event", "date", 1, "the day of the event, year-month-day: date=\"2027-02-12\""},
	{"event", "time", 0, NULL},
	{"event", "place", 1, "where it is: place=\"Emmen, Raadhuisplein 1\""},
	{"event", "registration", 0, "the full address of the sign-up page: registration=\"https://…\""},
	{"issue", "number", 1, "a whole number from 1: number=\"25\""},
	{"issue", "date", 1, "year-month-day: date=\"2027-01-01\""},
	{"issue", "lang", 0, "nl or en"},
	{"layout", "print", 0, "a layout name from layouts/: print=\"magazine-a4\""},
	{"layout", "newsletter", 0, "a theme name from layouts/: newsletter=\"newsletter\""},
	{"mail", "from", 1, "name and address: from=\"TechZine &lt;nieuwsbrief@voorbeeld.nl&gt;\""},
	{"mail", "reply-to", 0, NULL},
	{"mail", "list-id", 0, NULL},
	{"mail", "base-url", 0, NULL},
	{"mail", "unsubscribe-url", 0, NULL},
	{"mail", "unsubscribe-mailto", 0, NULL},
	{"mail", "bounce-domain", 0, NULL},
	{"mail", "track-clicks", 0, "yes or no: track-clicks=\"yes\""},
	{"mail", "click-base", 0, "the list server's public address: click-base=\"https://…\""},
	{"cover", "image", 1, "the cover picture: image=\"images/omslag.jpg\""},
	{"cover", "alt", 0, NULL},
	{"section", "id", 1, "letters, digits, - and _, no spaces: id=\"nieuws\""},
	{"section", "title", 1, "the section's heading: title=\"Nieuws\""},
	{"section", "intro", 0, NULL},
};

/* How a value of each XML Schema type is written. */
static const struct {
	const char *type, *how;
} type_rules[] = {
	{"date", "dates are written year-month-day, like 2027-02-12"},
	{"gYear", "write a year of four digits, like 1987"},
	{"nonNegativeInteger", "write a whole number without dots or spaces, like 120"},
	{"positiveInteger", "write a whole number from 1, without dots, like 25"},
	{"integer", "write a whole number without dots, like 120"},
	{"decimal", "write a number with a dot for decimals and no thousands separators, like 118000 or 3.5"},
	{"NCName", "use letters, digits, - and _ only, start with a letter and leave out spaces, like parel-vecht"},
};

/* Which children an element takes, for "not allowed here". */
static const struct {
	const char *parent, *children;
	const char *required; /* space-separated children that must be there */
} child_rules[] = {
	{"story", "kicker, headline, lead, byline, date, municipality, tags, body (in this order), then company, event and variant", "headline body"},
	{"variant", "kicker, headline, lead, byline, date, municipality, tags, body (in this order)", "headline body"},
	{"body", "p, h2, quote, pullquote, figure, factbox, keyfigures, ul and ol", NULL},
	{"p", "text with em, strong and a (a link)", NULL},
	{"lead", "text with em, strong and a (a link)", NULL},
	{"li", "text with em, strong and a (a link), then one ul or ol (lists nest at most 3 deep)", NULL},
	{"quote", "text with em, strong and a (a link)", NULL},
	{"em", "text with strong and a (a link)", NULL},
	{"strong", "text with em and a (a link)", NULL},
	{"a", "text with em and strong", NULL},
	{"factbox", "p, ul and ol", NULL},
	{"ul", "li", NULL},
	{"ol", "li", NULL},
	{"figure", "alt, caption and credit (in this order)", "alt"},
	{"keyfigures", "kf", NULL},
	{"tags", "tag", NULL},
	{"cover", "line", NULL},
	{"issue", "title, edition, subject, preheader, layout, mail, cover, section and colophon (in this order)", "title subject cover section colophon"},
	{"colophon", "publisher, editor, design, printer, circulation, contact, address and note (in this order)", "publisher editor contact address"},
	{"section", "xi:include lines, one per story", NULL},
};

/* Elements people bring from HTML or word processors, and ours for them. */
static const struct {
	const char *elem, *instead;
} html_rules[] = {
	{"b", "write <strong> instead of <b>"},
	{"i", "write <em> instead of <i>"},
	{"h1", "write <h2> for a subhead (the headline goes in <headline>)"},
	{"h3", "write <h2> for a subhead"},
	{"h4", "write <h2> for a subhead"},
	{"br", "start a new paragraph <p> instead of a line break"},
	{"img", "use <figure src=\"images/…\"><alt>…</alt></figure> for a picture"},
	{"ol", "use <ul> with <li> items"},
	{"span", "remove the <span> tags and keep the text"},
	{"div", "remove the <div> tags and put the text in <p> paragraphs"},
	{"title", "use <headline> for the story's title"},
	{"intro", "use <lead> for the opening paragraph"},
	{"text", "put the text in <p> paragraphs inside <body>"},
};

static const struct attr_rule *find_attr(const char *elem, const char *attr)
{
	for (size_t i = 0; i < sizeof(attr_rules) / sizeof(*attr_rules); i++)
		if (elem && attr && !strcmp(attr_rules[i].elem, elem) &&
		    !strcmp(attr_rules[i].attr, attr))
			return &attr_rules[i];
	return NULL;
}

static const char *type_how(const char *type)
{
	for (size_t i = 0; i < sizeof(type_rules) / sizeof(*type_rules); i++)
		if (type && !strcmp(type_rules[i].type, type))
			return type_rules[i].how;
	return NULL;
}

static size_t child_rule(const char *parent)
{
	for (size_t i = 0; i < sizeof(child_rules) / sizeof(*child_rules); i++)
		if (parent && !strcmp(child_rules[i].parent, parent))
			return i;
	return (size_t)-1;
}

static const char *node_name(xmlNodePtr n)
{
	return n && n->name ? (const char *)n->name : NULL;
}

static int has_child(xmlNodePtr n, const char *name, size_t len)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE && strlen((const char *)k->name) == len &&
		    !strncmp((const char *)k->name, name, len))
			return 1;
	return 0;
}

/* "a required child is missing" explains most "did not expect" errors. */
static int explain_missing_child(xmlNodePtr parent, struct tz_buf *out)
{
	size_t r = child_rule(node_name(parent));
	const char *p;

	if (r == (size_t)-1 || !child_rules[r].required)
		return 0;
	for (p = child_rules[r].required; *p;) {
		size_t len = strcspn(p, " ");
		if (!has_child(parent, p, len)) {
			tz_buf_addf(out, "<%s> has no <%.*s>: add <%.*s>…</%.*s>; <%s> holds %s",
				    node_name(parent), (int)len, p, (int)len, p, (int)len, p,
				    node_name(parent), child_rules[r].children);
			return 1;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* Up to max digits at *p as a number (advancing p); -1 when none. */
static int digits(const char **p, int max)
{
	int v = 0, n = 0;

	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n ? v : -1;
}

/* "12-02-2027" or "12/2/2027" written the Dutch way: suggest the ISO form;
 * "2027-02-30": say the day does not exist. */
static void suggest_date(const char *v, struct tz_buf *out)
{
	const char *p = v;
	int a, b, c;
	char sep;

	if (!v)
		return;
	a = digits(&p, 4);
	sep = *p;
	if (a < 0 || (sep != '-' && sep != '/' && sep != '.'))
		return;
	p++;
	b = digits(&p, 2);
	if (b < 0 || *p != sep)
		return;
	p++;
	c = digits(&p, 4);
	if (c < 0 || *p)
		return;
	if (a >= 1 && a <= 31 && b >= 1 && b <= 12 && c >= 1000)
		tz_buf_addf(out, ": write %04d-%02d-%02d", c, b, a);
	else if (a >= 1000 && sep == '-')
		tz_buf_addf(out, " and the day must exist: %d-%02d has no day %d", a, b, c);
}

/* The attribute of node whose value is v (for a type error on an attribute). */
static const char *attr_with_value(xmlNodePtr node, const char *v)
{
	for (xmlAttrPtr a = node ? node->properties : NULL; a && v; a = a->next) {
		xmlNodePtr t = a->children;
		if (t && t->content && !strcmp((const char *)t->content, v))
			return (const char *)a->name;
	}
	return NULL;
}

static void explain_type(const struct tz_xml_fault *f, struct tz_buf *out)
{
	const char *type = f->str1, *value = f->str2 ? f->str2 : "";
	const char *attr = attr_with_value(f->node, value), *how = type_how(type);
	size_t before;

	if (attr)
		tz_buf_addf(out, "%s=\"%s\" on <%s>: ", attr, value, node_name(f->node));
	else
		tz_buf_addf(out, "<%s>%s</%s>: ", node_name(f->node), value, node_name(f->node));
	if (type && !strcmp(type, "date")) {
		tz_buf_adds(out, "dates are written year-month-day");
		before = out->len;
		suggest_date(value, out);
		if (out->len == before)
			tz_buf_adds(out, ", like 2027-02-12");
		return;
	}
	tz_buf_adds(out, how ? how : "correct the value as in the example in the README's guide");
}

static void explain_attribute(const struct tz_xml_fault *f, struct tz_buf *out)
{
	const char *attr = f->str1, *elem = f->str2 ? f->str2 : node_name(f->node);
	const struct attr_rule *r = find_attr(elem, attr);
	xmlChar *v;
	int first = 1;

	if (!r) {
		if (!elem) /* libxml2 names the element; be safe if it did not */
			elem = "?";
		tz_buf_addf(out, "<%s> has no attribute '%s': remove it", elem, attr);
		for (size_t i = 0; i < sizeof(attr_rules) / sizeof(*attr_rules); i++)
			if (elem && !strcmp(attr_rules[i].elem, elem)) {
				tz_buf_addf(out, "%s%s", first ? " (it takes " : ", ",
					    attr_rules[i].attr);
				first = 0;
			}
		if (!first)
			tz_buf_adds(out, ")");
		return;
	}
	v = f->node ? xmlGetProp(f->node, (const xmlChar *)attr) : NULL;
	tz_buf_addf(out, "%s=\"%s\" on <%s> is not allowed; write %s", attr, v ? (char *)v : "",
		    elem, r->how ? r->how : "a plain text value");
	if (v)
		xmlFree(v);
}

static void explain_unexpected(const struct tz_xml_fault *f, struct tz_buf *out)
{
	const char *elem = f->str1;
	xmlNodePtr parent = f->node ? f->node->parent : NULL;
	size_t r;

	if (f->node && f->node->type == XML_ELEMENT_NODE && elem &&
	    strcmp(node_name(f->node), elem))
		parent = f->node; /* libxml2 sometimes points at the parent */
	if (explain_missing_child(parent, out))
		return;
	for (size_t i = 0; i < sizeof(html_rules) / sizeof(*html_rules); i++)
		if (elem && !strcmp(html_rules[i].elem, elem)) {
			tz_buf_addf(out, "<%s> is not part of the story format: %s", elem,
				    html_rules[i].instead);
			return;
		}
	r = child_rule(node_name(parent));
	if (r != (size_t)-1)
		tz_buf_addf(out, "<%s> is not allowed here inside <%s>: move or remove it; <%s> holds %s",
			    elem, node_name(parent), node_name(parent), child_rules[r].children);
	else
		tz_buf_addf(out, "<%s> is not allowed here: move or remove it", elem);
}

/* Curly quotes opening an attribute value (name=“…”, name=”…”, name=„…”):
 * the attribute's name into name, or "" when there are none. */
static int smart_quoted_attribute(const char *s, size_t n, char *name, size_t size)
{
	static const char *const q[] = {"\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e",
					"\xe2\x80\x98", "\xe2\x80\x99", "\xc2\xab", "\xc2\xbb"};
	for (size_t i = 1; s && i < n; i++) {
		if (s[i - 1] != '=')
			continue;
		for (size_t k = 0; k < sizeof(q) / sizeof(*q); k++)
			if (i + strlen(q[k]) <= n && !memcmp(s + i, q[k], strlen(q[k]))) {
				size_t end = i - 1, start = end;
				while (start > 0 && (isalnum((unsigned char)s[start - 1]) ||
						     s[start - 1] == '-' || s[start - 1] == ':'))
					start--;
				if (end - start >= size)
					start = end - (size - 1);
				memcpy(name, s + start, end - start);
				name[end - start] = '\0';
				return 1;
			}
	}
	return 0;
}

static int starts(const char *msg, const char *prefix)
{
	return msg && !strncmp(msg, prefix, strlen(prefix));
}

/* A name from a libxml2 message: "Entity 'nbsp' not defined" -> nbsp. */
static void quoted(const char *msg, char *out, size_t size)
{
	const char *a = msg ? strchr(msg, '\'') : NULL, *b = a ? strchr(a + 1, '\'') : NULL;
	size_t n = a && b ? (size_t)(b - a - 1) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(out, a + 1, n);
	out[n] = '\0';
}

static int explain_parser(const struct tz_xml_fault *f, struct tz_xml_explain_state *st,
			  struct tz_buf *out, long *line)
{
	const char *m = f->msg;
	char name[64];

	if (st->parser_error_seen)
		return 1; /* the parser lost its way after the first mistake */
	st->parser_error_seen = 1;
	if (starts(m, "xmlParseEntityRef: no name") || starts(m, "EntityRef: expecting ';'"))
		tz_buf_adds(out, "a bare & in the text: write &amp; instead (\"Industry &amp; Business Park\")");
	else if (starts(m, "Entity '")) {
		quoted(m, name, sizeof(name));
		if (!strcmp(name, "nbsp"))
			tz_buf_adds(out, "'&nbsp;' is not known in XML: type a normal space");
		else
			tz_buf_addf(out, "'&%s;' is not known in XML: type the character itself (é, –, ©) or write &amp; for a plain &",
				    name);
	} else if (starts(m, "StartTag: invalid element name") || starts(m, "xmlParseStartTag: invalid element name"))
		tz_buf_adds(out, "a bare < in the text: write &lt; instead (or 'kleiner dan')");
	else if (starts(m, "Unescaped '<' not allowed"))
		tz_buf_adds(out, "a < inside an attribute value: write &lt; instead");
	else if (starts(m, "AttValue: \" or ' expected") || starts(m, "attributes construct error") ||
		 starts(m, "Couldn't find end of Start Tag")) {
		if (smart_quoted_attribute(f->line_text, f->line_len, name, sizeof(name)))
			tz_buf_addf(out, "the value of %s is in curly quotes (“…”, typed by a word processor): write straight quotes, %s=\"…\"",
				    name, name);
		else if (starts(m, "AttValue"))
			tz_buf_adds(out, "an attribute value must be in straight quotes: name=\"value\"");
		else
			tz_buf_adds(out, "a start tag is not finished: check its quotes (name=\"value\") and the > at its end");
	} else if (starts(m, "Opening and ending tag mismatch")) {
		if (f->int1 > 0)
			*line = f->int1;
		tz_buf_addf(out, "<%s> is not closed: add </%s> where its text ends (the parser met </%s> first)",
			    f->str1 ? f->str1 : "?", f->str1 ? f->str1 : "?",
			    f->str2 ? f->str2 : "?");
	} else if (starts(m, "Premature end of data in tag")) {
		if (f->int1 > 0)
			*line = f->int1;
		tz_buf_addf(out, "<%s> is never closed: add </%s> at the end of its content",
			    f->str1 ? f->str1 : "?", f->str1 ? f->str1 : "?");
	} else if (starts(m, "Extra content at the end of the document"))
		tz_buf_adds(out, "there is something after the closing tag of the story: move it inside or remove it");
	else if (starts(m, "Specification mandates value for attribute"))
		tz_buf_addf(out, "attribute '%s' has no value: write %s=\"…\"", f->str1 ? f->str1 : "?",
			    f->str1 ? f->str1 : "?");
	else if (starts(m, "Attribute ") && strstr(m, "redefined"))
		tz_buf_addf(out, "attribute '%s' is written twice in one tag: keep one", f->str1 ? f->str1 : "?");
	else if (starts(m, "Input is not proper UTF-8") || starts(m, "Document labelled UTF-16"))
		tz_buf_adds(out, "the file is not UTF-8: save it again with the encoding UTF-8");
	else if (starts(m, "Document is empty") || starts(m, "Start tag expected"))
		tz_buf_adds(out, "the file has no story: 'techzine story new NAME' writes a skeleton to fill in");
	else if (starts(m, "Comment not terminated"))
		tz_buf_adds(out, "a comment <!-- is not closed: add -->");
	else if (starts(m, "EndTag: '</' not found"))
		tz_buf_adds(out, "a closing tag is missing at the end: add it (every <name> needs its </name>)");
	else if (strstr(m, "out of allowed range") || starts(m, "PCDATA invalid Char")) {
		const char *hex = strstr(m, "0x");
		size_t n = hex ? strspn(hex + 2, "0123456789abcdefABCDEF") : 0;
		if (n && n <= 8)
			tz_buf_addf(out, "a character XML does not allow (%.*s, invisible or broken): delete it (retype the text around it)",
				    (int)n + 2, hex);
		else
			tz_buf_adds(out, "a character XML does not allow (invisible or broken): delete it (retype the text around it)");
	}
	else
		tz_buf_addf(out, "%s; compare with the example story in the README's guide", m);
	return 0;
}

/* The kind of a RELAX NG error, from its message: libxml2 2.9 reports
 * the codes shifted by one, later versions do not; the texts are stable. */
static int rng_kind(const char *m)
{
	static const struct {
		const char *prefix, *contains;
		int kind;
	} kinds[] = {
		{"Type ", "doesn't allow value", XML_RELAXNG_ERR_TYPE},
		{"Error validating datatype", NULL, XML_RELAXNG_ERR_DATATYPE},
		{"Error validating value", NULL, XML_RELAXNG_ERR_VALUE},
		{"Element ", "failed to validate content", XML_RELAXNG_ERR_CONTENTVALID},
		{"Element ", "failed to validate attributes", XML_RELAXNG_ERR_ATTRVALID},
		{"Element ", "has extra content", XML_RELAXNG_ERR_EXTRACONTENT},
		{"Invalid attribute", NULL, XML_RELAXNG_ERR_INVALIDATTR},
		{"Did not expect element", NULL, XML_RELAXNG_ERR_ELEMWRONG},
		{"Did not expect text", NULL, XML_RELAXNG_ERR_TEXTWRONG},
		{"Expecting an element got text", NULL, XML_RELAXNG_ERR_NOTELEM},
		{"Expecting an element ", "got nothing", XML_RELAXNG_ERR_NOELEM},
		{"Expecting element ", "to be empty", XML_RELAXNG_ERR_ELEMNOTEMPTY},
		{"Expecting element ", ", got ", XML_RELAXNG_ERR_ELEMNAME},
	};
	for (size_t i = 0; m && i < sizeof(kinds) / sizeof(*kinds); i++)
		if (starts(m, kinds[i].prefix) && (!kinds[i].contains || strstr(m, kinds[i].contains)))
			return kinds[i].kind;
	return -1;
}

int tz_xml_explain(const struct tz_xml_fault *f, struct tz_xml_explain_state *st,
		   struct tz_buf *out, long *line)
{
	const char *elem = f->str1 ? f->str1 : node_name(f->node);

	if (f->parser)
		return explain_parser(f, st, out, line);
	switch (rng_kind(f->msg)) {
	case XML_RELAXNG_ERR_TYPE:
		explain_type(f, out);
		st->type_error_seen = 1;
		st->type_node = f->node;
		snprintf(st->type_attr, sizeof(st->type_attr), "%s",
			 attr_with_value(f->node, f->str2) ? attr_with_value(f->node, f->str2) : "");
		return 0;
	case XML_RELAXNG_ERR_VALUE: {
		xmlChar *v = f->node ? xmlNodeGetContent(f->node) : NULL;
		if (node_name(f->node) && !strcmp(node_name(f->node), "municipality"))
			tz_buf_addf(out, "<municipality>%s</municipality> is not one of ours: write Borger-Odoorn, Coevorden, Emmen, Hardenberg, Hoogeveen or Regio",
				    v ? (char *)v : "");
		else
			tz_buf_addf(out, "<%s>%s</%s> is not an allowed value; correct it as in the README's guide",
				    node_name(f->node), v ? (char *)v : "", node_name(f->node));
		if (v)
			xmlFree(v);
		st->type_error_seen = 1;
		return 0;
	}
	case XML_RELAXNG_ERR_DATATYPE:
	case XML_RELAXNG_ERR_CONTENTVALID:
		if (st->type_error_seen || st->elemwrong_line)
			return 1;
		if (explain_missing_child(f->node, out))
			return 0;
		tz_buf_addf(out, "<%s> is not complete or its parts are in the wrong order; compare with the example in the README's guide",
			    elem);
		return 0;
	case XML_RELAXNG_ERR_INVALIDATTR:
		/* the value's type error on this attribute was already explained */
		if (st->type_node && st->type_node == f->node && f->str1 &&
		    !strcmp(st->type_attr, f->str1))
			return 1;
		explain_attribute(f, out);
		return 0;
	case XML_RELAXNG_ERR_ELEMWRONG:
		explain_unexpected(f, out);
		st->elemwrong_line = f->node ? xmlGetLineNo(f->node) : 1;
		return 0;
	case XML_RELAXNG_ERR_EXTRACONTENT:
		if (st->elemwrong_line)
			return 1;
		tz_buf_addf(out, "<%s> has something that does not belong there (%s): move or remove it",
			    elem, f->str2 ? f->str2 : "?");
		return 0;
	case XML_RELAXNG_ERR_NOELEM:
		tz_buf_addf(out, "<%s> is missing here: add <%s>…</%s>", elem, elem, elem);
		return 0;
	case XML_RELAXNG_ERR_ELEMNAME:
		if (explain_missing_child(f->node ? f->node->parent : NULL, out))
			return 0;
		tz_buf_addf(out, "expected <%s> here, found <%s>: add <%s> or put the elements in the documented order",
			    elem, f->str2 ? f->str2 : "?", elem);
		return 0;
	case XML_RELAXNG_ERR_TEXTWRONG:
	case XML_RELAXNG_ERR_NOTELEM:
		tz_buf_addf(out, "text directly inside <%s>: put it in a paragraph <p>…</p> (or remove it)",
			    elem);
		return 0;
	case XML_RELAXNG_ERR_ELEMNOTEMPTY:
		tz_buf_addf(out, "<%s> takes no text: put its values in attributes, like <%s … />", elem,
			    elem);
		return 0;
	case XML_RELAXNG_ERR_ATTRVALID:
		return 1; /* said without a place; tz_xml_missing_attribute finds it */
	default:
		tz_buf_addf(out, "%s; compare with the example in the README's guide",
			    f->msg ? f->msg : "the file does not match its schema");
		return 0;
	}
}

xmlNodePtr tz_xml_missing_attribute(xmlNodePtr root, const char *name, struct tz_buf *out)
{
	for (xmlNodePtr n = root; n; n = n->next) {
		xmlNodePtr hit;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)n->name, name)) {
			for (size_t i = 0; i < sizeof(attr_rules) / sizeof(*attr_rules); i++) {
				const struct attr_rule *r = &attr_rules[i];
				if (!r->required || strcmp(r->elem, name) ||
				    xmlHasProp(n, (const xmlChar *)r->attr))
					continue;
				tz_buf_addf(out, "<%s> needs the attribute %s: add %s", name, r->attr,
					    r->how ? r->how : "it");
				return n;
			}
		}
		hit = tz_xml_missing_attribute(n->children, name, out);
		if (hit)
			return hit;
	}
	return NULL;
}
