/*
 * xmlsafe.h - the only way techzine parses XML it did not write.
 *
 * libxml2 is used with XML_PARSE_NONET only (no entity substitution, no DTD
 * loading). Before libxml2 sees a file, its bytes are scanned and any
 * DOCTYPE or ENTITY declaration is refused with its line, so XXE and entity
 * bombs never reach the parser. Every external load that libxml2 attempts
 * (XInclude, schema includes) goes through our entity loader, which allows
 * only files inside the given roots (symlinks resolved) and applies the same
 * scan. All parser, XInclude and validation errors become diagnostics with
 * file:line.
 */
#ifndef TZ_XMLSAFE_H
#define TZ_XMLSAFE_H

#include <libxml/tree.h>

#include "xmlmsg.h"
#include "../util/error.h"

struct tz_xml_ctx {
	const char *roots[4];   /* canonical folders loads may come from */
	size_t nroots;
	const char *scan_root;  /* files under here are scanned for DOCTYPE */
	const char *display_dir;  /* how to print paths under display_root */
	const char *display_root; /* canonical form of display_dir */
	struct tz_diags *diags;
	int refused; /* a load was refused: suppress libxml2's echo of it */
	char pending[1024]; /* refusal waiting for the xi:include's location */
	/* translating libxml2's messages (xmlmsg.h) */
	struct tz_xml_explain_state explain;
	char parser_file[1024];   /* the file the last parser error was in */
	size_t parser_errors;     /* files with a parser error in this parse */
	char attr_pending[8][64]; /* "failed to validate attributes", no place */
	size_t nattr_pending;
};

/* Parse path (already canonical) into a document; NULL on failure with
 * diagnostics added. Runs XInclude when xinclude is set. */
xmlDocPtr tz_xml_parse(struct tz_xml_ctx *ctx, const char *path, int xinclude);

/* Validate doc against schema file (canonical path); 0 when valid. */
int tz_xml_validate(struct tz_xml_ctx *ctx, xmlDocPtr doc, const char *schema);

/* Free the cached compiled schemas (at exit). */
void tz_xml_cleanup(void);

/* The file a node came from (after XInclude), as a display path (malloc'd). */
char *tz_xml_node_file(struct tz_xml_ctx *ctx, xmlNodePtr node);
/* The same for a base URI as xmlNodeGetBase gives it (malloc'd). Costs a
 * realpath, a system call per path component: callers asking for many
 * nodes of one file remember the answer per base. */
char *tz_xml_base_file(struct tz_xml_ctx *ctx, const char *base);
/* A canonical path as the user should see it (malloc'd). */
char *tz_xml_display_path(struct tz_xml_ctx *ctx, const char *canonical);

/* Scan XML bytes for DOCTYPE/ENTITY declarations; returns the 1-based line
 * of the first one, or 0 when there is none. Pure, for tests and fuzzing. */
long tz_xml_find_doctype(const char *data, size_t len);

#endif
