/*
 * xmlfile.h - load one standalone XML file (a feed list, a server
 * configuration, ...) that must match a schema of the data folder.
 *
 * The file is parsed through xmlsafe (no DOCTYPE, no network, loads only
 * beside the file or from the schema folder) without XInclude and validated
 * against schema/<schema>. Every failure is a diagnostic with file:line.
 */
#ifndef TZ_XMLFILE_H
#define TZ_XMLFILE_H

#include <libxml/tree.h>

#include "../util/error.h"

/* Parse and validate path. what names the file for messages ("feed list"),
 * hint says how to give another ("give it with --sources FILE"). Returns the
 * document (caller frees with xmlFreeDoc) or NULL with diagnostics added. */
xmlDocPtr tz_xml_load_checked(const char *path, const char *schema, const char *what,
			      const char *hint, struct tz_diags *d);

/* The attribute name of n as a malloc'd string; NULL when absent (or out
 * of memory). */
char *tz_xml_prop(xmlNodePtr n, const char *name);
/* The first child element of n called name; NULL when none (or n is NULL). */
xmlNodePtr tz_xml_child(xmlNodePtr n, const char *name);

#endif
