/*
 * issuexml.h - the text of a new issue.xml (for `techzine new`).
 *
 * What stays the same from issue to issue is copied from the previous
 * issue's parsed document (title, layout, mail with its base-url moved to
 * the new month, colophon); stories are XIncluded from stories/<id>.xml in
 * one section per story kind, in a fixed order.
 */
#ifndef TZ_FEED_ISSUEXML_H
#define TZ_FEED_ISSUEXML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../util/buf.h"

struct tz_issue_xml_in {
	xmlDocPtr prev;         /* the previous issue.xml (base-url is edited in place) */
	const char *prev_month; /* "2026-12" */
	const char *month;      /* "2027-01", already checked */
	long number;
	const char *cover;      /* images/<name> */
	char *const *ids, *const *kinds;
	size_t n;
};

/* Append the issue.xml text to b; 0, or -1 when out of memory/too large. */
int tz_issue_xml(const struct tz_issue_xml_in *in, struct tz_buf *b, size_t *nsections);

#endif
