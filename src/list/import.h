/*
 * import.h - merge a spreadsheet export into a list.
 *
 * The one idea: every row of the file ends in exactly one bucket, added,
 * updated, unchanged, merged (a duplicate within the file), skipped (with
 * why: suppressed, unsubscribed before) or rejected (with why), and every
 * bucket but "unchanged" and "added" names the line. Nothing is dropped
 * without a line in the report. The import works on bytes and on a list in
 * memory; the command decides whether to write (--dry-run does not).
 */
#ifndef TZ_IMPORT_H
#define TZ_IMPORT_H

#include <stddef.h>

#include "list.h"
#include "suppress.h"
#include "../util/error.h"

struct tz_import_options {
	const char *file;           /* the import file, for messages */
	const char *consent_date;   /* for rows without one (YYYY-MM-DD) or NULL */
	const char *consent_source; /* for rows without one, or NULL: "import FILE" */
	char delim;                 /* 0: detect */
};

struct tz_import_report {
	size_t rows, added, updated, unchanged, merged, skipped, rejected, empty, suppressed;
	const char *encoding; /* "utf-8", "utf-8 with BOM", "windows-1252" */
	char delim;
	struct tz_diags lines; /* per line: "rejected: ...", "skipped: ...", ... */
};

void tz_import_report_init(struct tz_import_report *r);
void tz_import_report_release(struct tz_import_report *r);
/* Merge; err only for a file that cannot be read as a table at all. */
int tz_import(struct tz_list *l, struct tz_suppression *s, const char *data, size_t len,
	      const struct tz_import_options *o, struct tz_import_report *rep,
	      struct tz_error *err);

/* "E-mailadres" -> TZ_F_EMAIL ...; -1 unknown. Also voornaam etc. (>= 100). */
int tz_import_header_field(const char *header);
/* "14-3-2025", "2025/03/14 10:22" ... -> "2025-03-14"; -1 when not a date. */
int tz_import_date(const char *s, char out[11]);

#endif
