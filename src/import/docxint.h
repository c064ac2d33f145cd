/*
 * docxint.h - the .docx reader's state, shared by docx.c (the package:
 * relationships, styles, numbering, notes, comments, metadata) and
 * docx_body.c (paragraphs, runs, fields, drawings, tables).
 */
#ifndef TZ_IMPORT_DOCXINT_H
#define TZ_IMPORT_DOCXINT_H

#include <libxml/tree.h>

#include "import.h"
#include "zipfetch.h"
#include "zipread.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define V_NS "urn:schemas-microsoft-com:vml"

struct docx_rel {
	char *id, *target; /* target: a part name, or a URL when external */
	int external;
	int image; /* the relationship's type is .../image */
};

struct docx_style {
	char *id, *name, *based_on;
	int para;        /* paragraph style (else character) */
	int num_id, ilvl; /* numbering from the style, 0 none */
	int outline;     /* outline level + 1, 0 none */
	unsigned inline_style;
};

/* A level's first number other than 1: of an abstract numbering (w:start)
 * or a numbering instance's override (w:lvlOverride/w:startOverride). */
struct docx_start {
	int id, lvl;
	long start;
};

struct docx_note {
	char *id, *text;
};

#define DOCX_MAX_FIELDS 16

struct docx_field {
	char instr[512];
	size_t len;
	int result;   /* past the separate mark */
	int link_set; /* this field set the current link */
};

struct docx {
	const struct tz_import_input *in;
	struct tz_idoc *d;
	struct tz_zip z;
	struct tz_zipfetch *fetch; /* the photos, inflated on a second thread */
	char *main_part, *main_dir;
	struct docx_rel *rels;
	size_t nrels, rels_cap;
	struct docx_style *styles;
	size_t nstyles, styles_cap;
	/* numbering: numId -> abstract; abstract x level -> ordered */
	int *num_abs;       /* index numId, value abstractNumId or -1 */
	size_t nnum;
	unsigned char *abs_ordered; /* [abstract * 9 + level] */
	size_t nabs;
	struct docx_start *starts, *overrides;
	size_t nstarts, starts_cap, noverrides, overrides_cap;
	struct docx_note *notes; /* footnotes and endnotes ("f12", "e3") */
	size_t nnotes, notes_cap;
	struct docx_field fields[DOCX_MAX_FIELDS];
	int nfields;
	char *link; /* current link (hyperlink or field) */
	size_t ins, del, fmt_changes, hidden, breaks, images, objects;
	char hidden_sample[80];
	unsigned para_style; /* bold/italic of the paragraph's style */
	int depth;
};

/* docx.c */
const struct docx_rel *tz_docx_rel(const struct docx *x, const char *id);
const struct docx_style *tz_docx_style(const struct docx *x, const char *id);
int tz_docx_ordered(const struct docx *x, int num_id, int ilvl);
/* The first number of list num_id at level ilvl (1 unless the document says). */
long tz_docx_start(const struct docx *x, int num_id, int ilvl);
const char *tz_docx_note(const struct docx *x, char kind, const char *id);
/* Read a part into a fresh buffer-backed document; NULL when absent. */
xmlDocPtr tz_docx_part(struct docx *x, const char *name, int required, struct tz_error *err);

/* docx_styles.c: word/styles.xml into x->styles (SAX); 0 or -1 with err. */
int tz_docx_read_styles(struct docx *x, struct tz_error *err);

/* docx_body.c */
void tz_docx_body(struct docx *x, xmlNodePtr body);

#endif
