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

#include "xmlsafe.h"
#include "../util/error.h"

/* One file being loaded: the parser context and the folders it points to.
 * Loads may come only from the file's own folder and the schema folder. The
 * context stays valid (for tz_xml_node_file and the like) until release. */
struct tz_xml_file {
	struct tz_xml_ctx ctx;
	char *dir;        /* canonical folder of the file (a caller may take it) */
	char *given_dir;  /* the folder as the user gave it, for messages */
	char *schema_dir; /* canonical schema folder of the data folder */
	xmlDocPtr doc;    /* the valid document (a caller may take it) */
};

/* Parse canon, the canonical path of the file given as path, with XInclude
 * when xinclude is set, and validate it against schema/<schema>; what names
 * the document when it does not match ("issue", "feed list"). Returns 0 with
 * f->doc set, -1 with diagnostics added, or -2 with a diagnostic when the
 * installation is at fault (no schema folder: see TECHZINE_DATA) or memory
 * ran out. Release f either way. */
int tz_xml_file_load(struct tz_xml_file *f, const char *canon, const char *path,
		     const char *schema, const char *what, int xinclude, struct tz_diags *d);
void tz_xml_file_release(struct tz_xml_file *f);

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
