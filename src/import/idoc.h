/*
 * idoc.h - the document every import reader fills, and nothing else.
 *
 * A reader (docx, odt, md, html, txt) walks its format and calls these
 * builder functions in reading order: paragraphs with a role (title,
 * heading, quote, list item, caption ...) holding inline text with em,
 * strong and links; images; tables of plain cells; footnotes; metadata; and
 * a report line for everything dropped or changed. The story writer
 * (story.h) then decides what becomes headline, lead, figure, keyfigures,
 * so that mapping logic exists once for all formats, as in pandoc's
 * reader -> AST -> writer design.
 *
 * Text is cleaned on the way in (controls and bidi overrides dropped,
 * white space kept for XML to collapse), composed to NFC and XML-escaped;
 * every buffer is capped so a 5,000-page document gives a clear "too long"
 * instead of unbounded memory.
 */
#ifndef TZ_IMPORT_IDOC_H
#define TZ_IMPORT_IDOC_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

enum tz_role {
	TZ_ROLE_BODY = 0,
	TZ_ROLE_TITLE,
	TZ_ROLE_SUBTITLE,
	TZ_ROLE_HEADING,
	TZ_ROLE_QUOTE,
	TZ_ROLE_LIST,
	TZ_ROLE_CAPTION,
	TZ_ROLE_BYLINE,
	TZ_ROLE_IGNORE, /* table of contents, headers, footers: dropped, reported */
	TZ_ROLE_IMAGE,  /* block kinds below are not paragraph styles */
	TZ_ROLE_TABLE
};

#define TZ_INLINE_EM 1u
#define TZ_INLINE_STRONG 2u

/* A growable list of malloc'd strings. */
struct tz_strlist {
	char **v;
	size_t n, cap;
};
int tz_strlist_add(struct tz_strlist *l, const char *s); /* copies s */
int tz_strlist_take(struct tz_strlist *l, char *s);      /* owns s, even on failure */
void tz_strlist_release(struct tz_strlist *l);

struct tz_iblock {
	enum tz_role role;
	int level;        /* heading level 1..6, list nesting 0.. */
	int ordered;      /* numbered list item */
	long list_id;     /* list items: which list (0: the reader cannot say) */
	long start;       /* list items: the first number of the item's list */
	char *xml;        /* inline story markup, escaped */
	char *text;       /* plain text */
	unsigned all_style; /* TZ_INLINE_* set on every visible character */
	char *style_name; /* the paragraph style as the document names it */
	/* images */
	char *image_file; /* images/<slug>-N.<ext>, set by the writer */
	unsigned char *image_data;
	size_t image_len;
	char *image_ext; /* "jpg" or "png" */
	char *alt;
	/* tables: rows x cols cells of plain text */
	char **cells;
	size_t rows, cols;
};

struct tz_idoc {
	struct tz_iblock *blocks;
	size_t n, cap;
	/* the paragraph being built */
	struct tz_buf xml, text;
	struct tz_buf pending; /* white space not yet placed in xml */
	int open;
	unsigned style;    /* current inline style */
	char *href;        /* current link */
	char *bad_link;    /* the last link refused, reported once */
	unsigned open_style; /* markup already open in xml */
	int open_link;
	unsigned seen_style; /* AND of styles over visible text */
	int has_text;
	/* the table being built */
	int in_table, in_cell;
	struct tz_strlist cells;
	size_t *row_start, row_cap, rows;
	struct tz_buf cell;
	/* metadata */
	char *meta_title, *meta_author, *meta_date;
	struct tz_strlist notes;  /* footnotes, in order of reference */
	struct tz_strlist report; /* one line per thing dropped or changed */
	size_t total_bytes; /* of all text, for the size limit */
	int failed;         /* memory or a limit; see err */
	struct tz_error err;
};

void tz_idoc_init(struct tz_idoc *d);
void tz_idoc_release(struct tz_idoc *d);

/* Paragraphs: begin, add text (any number of pieces), end. A paragraph
 * that never gets visible text disappears. */
void tz_idoc_para_begin(struct tz_idoc *d, enum tz_role role, int level, int ordered,
			const char *style_name);
void tz_idoc_set_role(struct tz_idoc *d, enum tz_role role, int level);
/* For the list item being built: the list it belongs to (items of one
 * list share an id; a different id at the outer level starts a new list)
 * and that list's first number (default 1). */
void tz_idoc_list(struct tz_idoc *d, long list_id, long start);
/* Append n bytes of UTF-8 text in the current inline style and link. */
void tz_idoc_text(struct tz_idoc *d, const char *s, size_t n);
void tz_idoc_style(struct tz_idoc *d, unsigned style);
/* Link following text to url (NULL ends it); only http(s)/mailto survive. */
void tz_idoc_link(struct tz_idoc *d, const char *url);
void tz_idoc_para_end(struct tz_idoc *d);

/* An image (the bytes are copied); ext from content, alt may be NULL. */
void tz_idoc_image(struct tz_idoc *d, const unsigned char *data, size_t len,
		   const char *name, const char *alt);
/* The same for malloc'd bytes, which the document takes (freed on failure). */
void tz_idoc_image_take(struct tz_idoc *d, unsigned char *data, size_t len, const char *name,
			const char *alt);

/* Tables: paragraphs between cell_begin and cell_end become the cell's
 * plain text. */
void tz_idoc_table_begin(struct tz_idoc *d);
void tz_idoc_row_begin(struct tz_idoc *d);
void tz_idoc_cell_begin(struct tz_idoc *d);
void tz_idoc_cell_end(struct tz_idoc *d);
void tz_idoc_table_end(struct tz_idoc *d);

/* A footnote's plain text; returns its number (1..) for the marker. */
size_t tz_idoc_footnote(struct tz_idoc *d, const char *text);
void tz_idoc_report(struct tz_idoc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set a metadata field (title/author/date) unless it is set already. */
void tz_idoc_meta(struct tz_idoc *d, char **field, const char *value);

/* Record a failure (first one wins). */
void tz_idoc_fail(struct tz_idoc *d, enum tz_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Plain text -> clean NFC (controls dropped, spaces collapsed, trimmed),
 * malloc'd, or NULL when out of memory. */
char *tz_idoc_clean(const char *s, size_t n);

#define TZ_IMPORT_MAX_TEXT ((size_t)3 * 1024 * 1024) /* a story's text */
#define TZ_IMPORT_MAX_BLOCKS 20000
#define TZ_IMPORT_MAX_REPORT 200

#endif
