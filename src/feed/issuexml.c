/*
 * issuexml.c - a new issue.xml from the previous one (see issuexml.h).
 */
#include "issuexml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedtext.h"
#include "../model/xmlfile.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const struct {
	const char *kind, *id, *title;
} sections[] = {
	{"news", "nieuws", "Nieuws"},	    {"parel", "parels", "Parels"},
	{"interview", "interview", "Interview"}, {"column", "column", "Column"},
	{"figures", "cijfers", "Cijfers"},     {"event", "agenda", "Agenda"},
};
#define NSECTIONS (sizeof(sections) / sizeof(*sections))

static const char *const month_names[] = {
	"januari", "februari", "maart",	    "april",   "mei",	   "juni",
	"juli",	   "augustus", "september", "oktober", "november", "december"};

static int text_el(struct tz_buf *b, const char *name, const char *text)
{
	return tz_buf_addf(b, "  <%s>", name) || tz_feed_escape(b, text) ||
	       tz_buf_addf(b, "</%s>\n", name);
}

static int dump(struct tz_buf *b, xmlDocPtr doc, xmlNodePtr n)
{
	xmlBufferPtr xb;
	int rc;

	if (!n)
		return 0;
	xb = xmlBufferCreate();
	if (!xb)
		return -1;
	xmlNodeDump(xb, doc, n, 1, 0);
	rc = tz_buf_adds(b, "  ") || tz_buf_adds(b, (const char *)xmlBufferContent(xb)) ||
	     tz_buf_adds(b, "\n");
	xmlBufferFree(xb);
	return rc;
}

/* issue.xml of the new issue, from the previous one and the drafts. */
int tz_issue_xml(const struct tz_issue_xml_in *p, struct tz_buf *b, size_t *nsections)
{
	xmlNodePtr root = xmlDocGetRootElement(p->prev), mail = tz_xml_child(root, "mail"),
		   cov = tz_xml_child(root, "cover"), title = tz_xml_child(root, "title");
	xmlChar *raw = title ? xmlNodeGetContent(title) : NULL;
	char *t = raw ? tz_feed_clean((const char *)raw, 200) : NULL;
	char *lang = tz_xml_prop(root, "lang"), *alt = cov ? tz_xml_prop(cov, "alt") : NULL, *base;
	char when[64], line[200];
	long m = strtol(p->month + 5, NULL, 10);
	int r;

	snprintf(when, sizeof(when), "%s %.4s", month_names[m - 1], p->month);
	if (mail && (base = tz_xml_prop(mail, "base-url"))) { /* .../2026-12 -> .../2027-01 */
		char *at = strstr(base, p->prev_month);
		if (at) {
			memcpy(at, p->month, 7);
			xmlSetProp(mail, (const xmlChar *)"base-url", (const xmlChar *)base);
		}
		free(base);
	}
	r = tz_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") ||
	    tz_buf_addf(b, "<issue xmlns:xi=\"http://www.w3.org/2001/XInclude\" number=\"%ld\" date=\"%s-01\" lang=\"%s\">\n",
			p->number, p->month, lang && !strcmp(lang, "en") ? "en" : "nl") ||
	    text_el(b, "title", t ? t : "TechZine") ||
	    tz_buf_addf(b, "  <edition>Nummer %ld · %s</edition>\n", p->number, when) ||
	    tz_buf_adds(b, "  <subject>") || tz_feed_escape(b, t ? t : "TechZine") ||
	    tz_buf_addf(b, " %s</subject>\n", when) || dump(b, p->prev, tz_xml_child(root, "layout")) ||
	    dump(b, p->prev, mail) || tz_buf_adds(b, "  <cover image=\"") ||
	    tz_feed_escape(b, p->cover) ||
	    tz_buf_addf(b, "\" alt=\"NOG INVULLEN: beschrijf de nieuwe omslagfoto (deze is nog die van %s)\">\n",
			p->prev_month);
	snprintf(line, sizeof(line),
		 "NOG INVULLEN: omslagregel (omslagfoto en regels zijn nog die van %s)",
		 p->prev_month);
	r = r || tz_buf_adds(b, "  ") || text_el(b, "line", line) ||
	    tz_buf_adds(b, "  </cover>\n");
	for (size_t s = 0; !r && s < NSECTIONS; s++) {
		int open = 0;
		for (size_t i = 0; !r && i < p->n; i++) {
			if (strcmp(p->kinds[i], sections[s].kind))
				continue;
			if (!open++)
				r = tz_buf_addf(b, "  <section id=\"%s\" title=\"%s\">\n", sections[s].id,
						sections[s].title);
			r = r || tz_buf_addf(b, "    <xi:include href=\"stories/%s.xml\"/>\n",
					     p->ids[i]);
		}
		if (open) {
			r = r || tz_buf_adds(b, "  </section>\n");
			(*nsections)++;
		}
	}
	r = r || dump(b, p->prev, tz_xml_child(root, "colophon")) || tz_buf_adds(b, "</issue>\n");
	xmlFree(raw);
	free(t);
	free(lang);
	free(alt);
	return r ? -1 : 0;
}

