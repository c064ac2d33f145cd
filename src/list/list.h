/*
 * list.h - a subscriber list in memory: the header, one row of cells per
 * subscriber, and the comments and empty lines between them, so that a
 * rewrite changes only what was changed (unknown columns and comments
 * stay where they were).
 *
 * The one idea: a row is the CSV record itself (its cells in the file's
 * column order); the known fields are found through a column map, and a
 * known column that the file lacks reads as "" and is appended to the
 * header the first time it is set. Rows are found by address key through a
 * hash index.
 *
 * File format (docs/subscribers.md): UTF-8 CSV, comma, header row with
 * email, name, language, municipality, interests, status, consent_date,
 * consent_source, last_change (and, once a soft bounce was seen,
 * soft_bounces and last_bounce); '#' lines are comments.
 */
#ifndef TZ_LIST_H
#define TZ_LIST_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

enum tz_field {
	TZ_F_EMAIL,
	TZ_F_NAME,
	TZ_F_LANGUAGE,
	TZ_F_MUNICIPALITY,
	TZ_F_INTERESTS,
	TZ_F_STATUS,
	TZ_F_CONSENT_DATE,
	TZ_F_CONSENT_SOURCE,
	TZ_F_LAST_CHANGE,
	TZ_F_REQUIRED = TZ_F_LAST_CHANGE, /* the columns every list has */
	TZ_F_SOFT_BOUNCES,
	TZ_F_LAST_BOUNCE,
	TZ_F_COUNT
};
extern const char *const tz_field_names[TZ_F_COUNT];

enum tz_status { TZ_ST_ACTIVE, TZ_ST_UNSUBSCRIBED, TZ_ST_BOUNCED, TZ_ST_COMPLAINED, TZ_ST_BAD };
extern const char *const tz_status_names[4];
enum tz_status tz_status_parse(const char *s);

struct tz_sub {
	char **cell; /* ncols cells, owned */
	long line;   /* in the file it was read from; 0 for new rows */
	int gone;    /* removed: not written back */
	char *raw;   /* the record as read, written back while nothing changed */
};

struct tz_list_extra {
	size_t pos;    /* records (the header counts) before it: 0 above the header */
	char *text;    /* comment line, or NULL for an empty line */
};

struct tz_list {
	char *path;
	char **cols;
	size_t ncols;
	char *raw_header; /* as read, while no column was added */
	const char *eol;  /* "\r\n" (RFC 4180, the default) or "\n", as the file had */
	int col[TZ_F_COUNT]; /* column of each known field, -1 when absent */
	struct tz_sub *rows;
	size_t n, cap;
	struct tz_list_extra *extra;
	size_t nextra, extra_cap;
	size_t *slots; /* open addressing: row index + 1, 0 empty */
	size_t nslots, used;
};

/* An empty list with the required header. */
int tz_list_init(struct tz_list *l, const char *path);
void tz_list_release(struct tz_list *l);
/* Parse a list file's bytes. A broken file (no email column, bad CSV) is
 * an error in err; problems of single rows go to d with their line, the
 * rows are kept. */
int tz_list_parse(struct tz_list *l, const char *path, const char *data, size_t len,
		  struct tz_diags *d, struct tz_error *err);
/*
 * Read a list row by row without keeping the rows, for a send over a list
 * of any size: l gets the header only (columns, column map); fn sees each
 * data row with its cells (ncols of them) and where its bytes are in data,
 * after the checks tz_list_parse makes (problems to d). A row whose address
 * is already on an earlier line is reported and not passed on. Memory: the
 * header and 8 bytes a row. fn returning nonzero stops the scan (its err).
 */
typedef int (*tz_list_row_fn)(void *ctx, const struct tz_list *l, const struct tz_sub *s,
			      size_t off, size_t len, struct tz_error *err);
int tz_list_scan(struct tz_list *l, const char *path, const char *data, size_t len,
		 tz_list_row_fn fn, void *ctx, struct tz_diags *d, struct tz_error *err);
/* The file's bytes (comma, the file's own line ends). */
int tz_list_serialise(const struct tz_list *l, struct tz_buf *out);

const char *tz_sub_get(const struct tz_list *l, const struct tz_sub *s, enum tz_field f);
int tz_sub_set(struct tz_list *l, struct tz_sub *s, enum tz_field f, const char *v);
enum tz_status tz_sub_status(const struct tz_list *l, const struct tz_sub *s);
/* Find by address (any case); NULL when absent or removed. */
struct tz_sub *tz_list_find(const struct tz_list *l, const char *address);
/* A new row with the address set; NULL when out of memory. */
struct tz_sub *tz_list_append(struct tz_list *l, const char *address);
void tz_list_remove(struct tz_list *l, struct tz_sub *s);
/* Index of a column by name (exact), -1 when absent. */
int tz_list_column(const struct tz_list *l, const char *name);

/* Today's local date "YYYY-MM-DD" (TECHZINE_TODAY overrides, for tests). */
void tz_today(char out[11]);
/* Is s a date "YYYY-MM-DD"? */
int tz_date_ok(const char *s);
/* "YYYY-MM-DD" into its numbers; -1 when not of that shape. */
int tz_date_split(const char *s, int *y, int *m, int *d);

#endif
