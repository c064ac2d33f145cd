/*
 * layoutdoc.h - open a layout file (layouts/<name>.xml: a print layout or a
 * newsletter theme) securely and validated against schema/layout.rng.
 *
 * The one idea: both renderers' settings are XML like the issue, so they go
 * through the same confined, DOCTYPE-free parser (xmlsafe.h); the readers
 * (model/layout.c for print, web/theme.c for the newsletter) only walk a
 * valid tree and never see a parse error themselves.
 */
#ifndef TZ_LAYOUTDOC_H
#define TZ_LAYOUTDOC_H

#include <libxml/tree.h>

#include "../util/error.h"

struct tz_layout_doc {
	xmlDocPtr doc;
	xmlNodePtr root;  /* the document element, named as requested */
	char *display;    /* the file as the user should see it */
};

/*
 * Open layouts/<name>.xml below project_root (name: no '/' and no leading
 * '.'), or, when path is not NULL, the file at path (a --layout option).
 * The root element must be root_name ("print-layout" or
 * "newsletter-theme"). what names the file in messages ("print layout").
 * 0, or -1 with err filled (file:line of the first schema error).
 */
int tz_layout_doc_open(struct tz_layout_doc *ld, const char *project_root,
		       const char *name, const char *path, const char *root_name,
		       const char *what, struct tz_error *err);
void tz_layout_doc_release(struct tz_layout_doc *ld);

/* Attributes: tz_xml_prop (xmlfile.h). */
/* Element text with whitespace collapsed (malloc'd), NULL on no memory. */
char *tz_layout_text(xmlNodePtr n);

#endif
