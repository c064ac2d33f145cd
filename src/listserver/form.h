/*
 * form.h - request bodies and query strings, parsed into name/value pairs.
 *
 * The one idea: a form is data from a stranger, so the parser is pure
 * (bytes in, fields out, no I/O), bounded (at most LS_FORM_MAX_FIELDS
 * fields of at most LS_FORM_VALUE_MAX bytes each) and strict: a broken
 * %-escape, a NUL byte or an unterminated multipart part makes the whole
 * form malformed rather than half-read. Both encodings a browser or a mail
 * provider sends are parsed: application/x-www-form-urlencoded (also the
 * query string) and multipart/form-data (RFC 7578, which RFC 8058 allows
 * for the one-click POST). Written by hand because libmicrohttpd's post
 * processor needs a live connection and so cannot be fuzzed on its own;
 * tests/fuzz/fuzz_form.c feeds this one arbitrary bytes.
 *
 * Values are not checked for UTF-8 here; ls_text_ok() does that for the
 * fields a handler keeps.
 */
#ifndef LS_FORM_H
#define LS_FORM_H

#include <stddef.h>

#define LS_FORM_MAX_FIELDS 32
#define LS_FORM_NAME_MAX 64
#define LS_FORM_VALUE_MAX 2048

struct ls_field {
	char *name;  /* malloc'd, NUL-terminated */
	char *value; /* malloc'd, NUL-terminated, no NUL inside */
	size_t len;  /* of value */
};

struct ls_form {
	struct ls_field f[LS_FORM_MAX_FIELDS];
	size_t n;
};

enum ls_form_status { LS_FORM_OK = 0, LS_FORM_MALFORMED = -1, LS_FORM_NOMEM = -2 };

void ls_form_init(struct ls_form *f);
void ls_form_release(struct ls_form *f);

/* "a=1&b=x%20y+z": the body of a urlencoded POST, or a query string. */
int ls_form_parse_urlencoded(struct ls_form *f, const char *data, size_t len);
/* multipart/form-data with the boundary from content_type. */
int ls_form_parse_multipart(struct ls_form *f, const char *content_type, const char *data,
			    size_t len);
/* By Content-Type (NULL or unknown: urlencoded). */
int ls_form_parse_body(struct ls_form *f, const char *content_type, const char *data,
		       size_t len);

/* The first value of name, or NULL. */
const char *ls_form_get(const struct ls_form *f, const char *name);
/* How many fields are called name. */
size_t ls_form_count(const struct ls_form *f, const char *name);

/* Valid UTF-8 of at most max bytes, without C0/C1 control characters or
 * DEL (so no CR, LF, TAB, ESC): fit for a CSV cell, a header, a page. */
int ls_text_ok(const char *s, size_t max);

#endif
