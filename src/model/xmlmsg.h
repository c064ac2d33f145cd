/*
 * xmlmsg.h - libxml2's parser and RELAX NG messages translated into what
 * the officer should do ("dates are written 2027-02-12", "write &amp; for
 * &"), and the cascade of follow-up messages one mistake causes dropped.
 *
 * The knowledge of our formats (which attributes an element needs, which
 * values a choice allows, how a type is written) is in one table in
 * xmlmsg.c, so a schema change is a table change.
 */
#ifndef TZ_XMLMSG_H
#define TZ_XMLMSG_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../util/buf.h"

/* One libxml2 error, as on_error sees it. */
struct tz_xml_fault {
	int parser;           /* from the XML parser (else RELAX NG validation) */
	int code;             /* libxml2's error code */
	const char *msg;      /* libxml2's message (may end in a newline) */
	const char *str1, *str2;
	int int1;             /* parser: the line a mismatched tag was opened on */
	xmlNodePtr node;      /* validation: the element concerned, may be NULL */
	const char *line_text; /* parser: the source line, may be NULL */
	size_t line_len;
};

/* What came before in this parse: one mistake, one message. */
struct tz_xml_explain_state {
	int parser_error_seen; /* the file already has a parser error */
	int type_error_seen;   /* a value error was just explained */
	const void *type_node; /* ... on this element */
	char type_attr[64];    /* ... in this attribute ("" for content) */
	long elemwrong_line;   /* a "did not expect" was explained at this line */
};

/* Write the plain-language message for f into out. Returns 0 when the
 * message should be reported, 1 when it only repeats an earlier one. May
 * set *line to a better line (a tag that was never closed: where it opened). */
int tz_xml_explain(const struct tz_xml_fault *f, struct tz_xml_explain_state *st,
		   struct tz_buf *out, long *line);

/* For an element libxml2 says "failed to validate attributes" about
 * without saying where: the first element named name under root that lacks
 * a required attribute, and the plain message for it (in out). NULL when
 * every such element has its required attributes (then the failure was a
 * bad value, already explained). */
xmlNodePtr tz_xml_missing_attribute(xmlNodePtr root, const char *name, struct tz_buf *out);

#endif
