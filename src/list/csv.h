/*
 * csv.h - RFC 4180 CSV as bytes in, rows out (and rows back to bytes).
 *
 * The one idea: the parser never looks at a file. It takes a byte string
 * (already UTF-8; see tz_csv_to_utf8 for what spreadsheets really write),
 * splits it into records with the physical line each record starts on, and
 * keeps comment lines and empty lines as records of their own so a list can
 * be rewritten with its comments in place. That keeps it fuzzable and lets
 * every message carry a line number.
 *
 * Accepted beyond RFC 4180 (docs/subscribers.md): LF or CR line ends,
 * ';' or TAB as delimiter, a stray quote inside an unquoted field taken
 * literally. Refused: an unterminated quoted field, a NUL byte, records
 * over the limits below.
 */
#ifndef TZ_CSV_H
#define TZ_CSV_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

#define TZ_CSV_MAX_FIELD ((size_t)64 * 1024)
#define TZ_CSV_MAX_FIELDS 256
#define TZ_CSV_MAX_RECORDS ((size_t)2000000)

enum tz_csv_kind { TZ_CSV_DATA, TZ_CSV_COMMENT, TZ_CSV_EMPTY };

struct tz_csv_record {
	enum tz_csv_kind kind;
	long line;    /* physical line the record starts on (1-based) */
	size_t nf;
	char **f;     /* nf fields, NUL-terminated, owned; comment: f[0] is the line */
	size_t off, len; /* the record's bytes in the input, without the line end */
};

struct tz_csv {
	struct tz_csv_record *r;
	size_t n, cap;
	char delim;
};

struct tz_csv_options {
	char delim;   /* 0: detect from the first data record (',' ';' TAB) */
	int comments; /* lines starting with '#' are comments */
};

/* Parse len bytes. On error err names the line; out holds what was parsed
 * before it and must be released either way. */
int tz_csv_parse(const char *data, size_t len, const struct tz_csv_options *o,
		 struct tz_csv *out, struct tz_error *err);
void tz_csv_release(struct tz_csv *c);

/*
 * The same parser one record at a time, for files too large to hold as
 * rows (a send reads a 100,000-row list this way in constant memory).
 * tz_csv_next returns 1 with a record (release it), 0 at the end, -1 with
 * err naming the line. The data must outlive the reader.
 */
struct tz_csv_reader {
	const char *d;
	size_t len, p, nrec;
	long line;
	char delim;
	int comments;
	struct tz_buf fb;
};
int tz_csv_reader_init(struct tz_csv_reader *rd, const char *d, size_t len,
		       const struct tz_csv_options *o, struct tz_error *err);
int tz_csv_next(struct tz_csv_reader *rd, struct tz_csv_record *r, struct tz_error *err);
void tz_csv_reader_release(struct tz_csv_reader *rd);
/* The first record of d (no comments, no detection: delim is given), as
 * tz_csv_next returns it: a row read again from where it was found. */
int tz_csv_parse_one(const char *d, size_t len, char delim, struct tz_csv_record *r,
		     struct tz_error *err);
void tz_csv_record_release(struct tz_csv_record *r);

/*
 * Spreadsheet bytes to UTF-8: a UTF-8 BOM is dropped; text that is not
 * valid UTF-8 is taken as Windows-1252 (Excel's "CSV" on Dutch Windows) and
 * converted; UTF-16 (a BOM FF FE / FE FF) is refused with what to do.
 * *how is set to "utf-8", "utf-8 with BOM" or "windows-1252".
 */
int tz_csv_to_utf8(const char *data, size_t len, struct tz_buf *out, const char **how,
		   struct tz_error *err);

/* Append one field, quoted when it must be. guard_formula: a value that a
 * spreadsheet would run as a formula (= + - @ TAB CR first) gets a leading
 * apostrophe (OWASP "CSV injection"). */
int tz_csv_add_field(struct tz_buf *out, const char *s, char delim, int guard_formula);
/* Fold every line break in a field (CR, LF or CRLF, with the blanks around
 * it: Alt+Enter in a spreadsheet cell) to one space, in place. Returns the
 * number of breaks folded. */
size_t tz_csv_fold_breaks(char *s);

#endif
