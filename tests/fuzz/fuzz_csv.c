/*
 * fuzz_csv.c - libFuzzer harness for the subscriber CSV path: encoding
 * detection (BOM, Windows-1252), the RFC 4180 reader, the list model
 * (parse, check, serialise, parse again: the same rows; the send's row-by-row
 * scan finds exactly what the parse finds), the spreadsheet
 * import into a list with a suppression file, and address normalisation.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "list/address.h"
#include "list/csv.h"
#include "list/import.h"
#include "list/list.h"
#include "list/suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const char *d, size_t n)
{
	struct tz_list l, l2;
	struct tz_diags diags;
	struct tz_error err;
	struct tz_buf out;
	tz_diags_init(&diags);
	tz_buf_init(&out, 1 << 24);
	if (tz_list_parse(&l, "fuzz.csv", d, n, &diags, &err) == 0) {
		if (l.n) {
			tz_sub_set(&l, &l.rows[0], TZ_F_SOFT_BOUNCES, "1");
			tz_list_find(&l, tz_sub_get(&l, &l.rows[0], TZ_F_EMAIL));
		}
		if (tz_list_serialise(&l, &out) == 0) {
			struct tz_diags d2;
			tz_diags_init(&d2);
			/* what we write must read back with as many rows */
			if (tz_list_parse(&l2, "again.csv", out.data, out.len, &d2, &err) == 0) {
				size_t live = 0;
				for (size_t i = 0; i < l.n; i++)
					live += !l.rows[i].gone;
				if (l2.n != live)
					abort();
			}
			tz_list_release(&l2);
			tz_diags_release(&d2);
		}
	}
	tz_list_release(&l);
	tz_diags_release(&diags);
	tz_buf_release(&out);
}

static int count_row(void *ctx, const struct tz_list *l, const struct tz_sub *s, size_t off,
		     size_t len, struct tz_error *err)
{
	(void)l;
	(void)s;
	(void)off;
	(void)len;
	(void)err;
	++*(size_t *)ctx;
	return 0;
}

/* The send's row-by-row scan finds what the whole-file parse finds: the
 * same refusal, or the same findings and the rows (less the duplicates). */
static void scan_like_parse(const char *d, size_t n)
{
	struct tz_list a, b;
	struct tz_diags da, db;
	struct tz_error ea, eb;
	size_t rows = 0;
	int ra, rb;
	tz_diags_init(&da);
	tz_diags_init(&db);
	tz_error_clear(&ea);
	tz_error_clear(&eb);
	ra = tz_list_parse(&a, "fuzz.csv", d, n, &da, &ea);
	rb = tz_list_scan(&b, "fuzz.csv", d, n, count_row, &rows, &db, &eb);
	/* both refuse a broken file (which fault is named first may differ:
	 * the parse reads the whole file before it looks at the header) */
	if (ra != rb)
		abort();
	if (ra == 0) {
		if (da.n != db.n || da.errors != db.errors || da.warnings != db.warnings)
			abort();
		for (size_t i = 0; i < da.n; i++)
			if (da.items[i].line != db.items[i].line || strcmp(da.items[i].msg, db.items[i].msg))
				abort();
		/* a duplicate is an error and is not passed on */
		if (rows > a.n || (!da.errors && rows != a.n))
			abort();
	}
	tz_list_release(&a);
	tz_list_release(&b);
	tz_diags_release(&da);
	tz_diags_release(&db);
}

/* a line break in a cell folds to one space: none is left, nothing grows */
static void fold(const char *d, size_t n)
{
	char *c = malloc(n + 1);
	size_t len;
	if (!c)
		return;
	memcpy(c, d, n);
	c[n] = 0;
	len = strlen(c);
	tz_csv_fold_breaks(c);
	if (strchr(c, '\r') || strchr(c, '\n') || strlen(c) > len)
		abort();
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tz_buf utf8;
	struct tz_error err;
	const char *how;
	struct tz_list l;
	struct tz_suppression sp;
	struct tz_import_report rep;
	struct tz_import_options o = {"fuzz.csv", NULL, "fuzz", 0};
	char norm[TZ_ADDRESS_MAX], first[512];
	const char *why;
	size_t fl = size < sizeof first - 1 ? size : sizeof first - 1;

	fold(s, size);

	memcpy(first, s, fl);
	first[fl] = 0;
	if (tz_address_normalise(first, norm, &why) == 0) {
		char again[TZ_ADDRESS_MAX];
		/* normalising is idempotent */
		if (tz_address_normalise(norm, again, &why) || strcmp(norm, again))
			abort();
	}
	tz_buf_init(&utf8, 1 << 24);
	if (tz_csv_to_utf8(s, size, &utf8, &how, &err) == 0 && !memchr(utf8.data, 0, utf8.len)) {
		roundtrip(utf8.data, utf8.len);
		scan_like_parse(utf8.data, utf8.len);
	}
	tz_buf_release(&utf8);

	if (tz_list_init(&l, "fuzz.csv") == 0 && tz_suppression_parse(&sp, "s.csv", "", 0, &err) == 0) {
		tz_import_report_init(&rep);
		if (size && data[0] == 'X')
			o.consent_date = "2026-01-01";
		tz_import(&l, &sp, s, size, &o, &rep, &err);
		tz_import_report_release(&rep);
		tz_suppression_release(&sp);
	}
	tz_list_release(&l);
	return 0;
}
