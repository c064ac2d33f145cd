/*
 * sources.h - the feed list (issues/sources.xml, schema/sources.rng).
 *
 * Loaded with the same secure parser as an issue (xmlsafe.h: no DOCTYPE,
 * no network) and validated against the schema; duplicate ids or URLs are
 * findings too, so every problem is reported at once with file:line.
 */
#ifndef TZ_FEED_SOURCES_H
#define TZ_FEED_SOURCES_H

#include <stddef.h>

#include "../util/error.h"

#define TZ_SOURCE_MAX_TAGS 8

struct tz_source {
	char *id, *name, *url, *kind;
	char *municipality; /* may be NULL */
	char *tags[TZ_SOURCE_MAX_TAGS];
	size_t ntags;
	long line;
};

struct tz_sources {
	struct tz_source *items;
	size_t n;
};

/* Load path; returns 0, or -1 with findings in diags. */
int tz_sources_load(const char *path, struct tz_sources *out, struct tz_diags *diags);
void tz_sources_release(struct tz_sources *s);

#endif
