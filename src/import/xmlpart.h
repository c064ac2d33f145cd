/*
 * xmlpart.h - one XML part of a document container, parsed the techzine
 * way (no DOCTYPE or ENTITY declaration reaches libxml2, no network, no
 * entity substitution), plus small helpers for namespaced element walking.
 */
#ifndef TZ_IMPORT_XMLPART_H
#define TZ_IMPORT_XMLPART_H

#include <stddef.h>

#include <libxml/tree.h>

#include "../util/error.h"

#define TZ_PART_MAX ((size_t)64 * 1024 * 1024)

/* Parse len bytes of part (named for messages, inside path). NULL with err. */
xmlDocPtr tz_part_parse(const char *data, size_t len, const char *path, const char *part,
			struct tz_error *err);
/* Is n an element called local in namespace ns? */
int tz_part_is(const xmlNode *n, const char *ns, const char *local);
/* The attribute local in namespace ns (NULL ns: no namespace), copied with
 * xmlGetNsProp; xmlFree it. */
xmlChar *tz_part_attr(const xmlNode *n, const char *ns, const char *local);
/* First child element ns:local, or NULL. */
xmlNodePtr tz_part_child(const xmlNode *n, const char *ns, const char *local);
/* Concatenated text of every text node below n (malloc'd, capped at max). */
char *tz_part_text(const xmlNode *n, size_t max);

#endif
