/*
 * test_list.c - the list model (comments, unknown columns and untouched
 * rows survive a rewrite byte for byte; row checks with line numbers),
 * the suppression file, segments (AND/OR), the spreadsheet import (Dutch
 * headers, duplicates, suppressed rows, rejects with line numbers) and the
 * text replacement that erasure uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list/forget.h"
#include "list/import.h"
#include "list/list.h"
#include "list/segment.h"
#include "list/suppress.h"
#include "tap.h"
#include "util/buf.h"

static const char list_text[] =
	"# TechZine subscribers\r\n"
	"email,name,language,municipality,interests,status,consent_date,consent_source,last_change,sector\r\n"
	"jan@example.nl,\"Jansen, Jan\",nl,Emmen,\"onderwijs;agenda\",active,2025-01-02,form,2025-01-02,ICT\r\n"
	"\r\n"
	"# hand-added\r\n"
	"piet@example.org,Piet,en,Coevorden,parels,active,2025-02-03,beurs,2025-02-03,metaal\r\n"
	"kees@example.nl,Kees,,Emmen,agenda,unsubscribed,2024-01-01,form,2025-06-01,\r\n";

/* a row problem on each of lines 3 to 7 */
static const char bad_rows[] =
	"email,name,language,municipality,interests,status,consent_date,"
	"consent_source,last_change\n"
	"ok@example.nl,A,nl,,,active,2025-01-01,x,2025-01-01\n"
	"nope,B,nl,,,active,2025-01-01,x,2025-01-01\n"
	"OK@example.nl,C,nl,,,active,2025-01-01,x,2025-01-01\n"
	"c@example.nl,C,fr,,,gone,,,\n"
	"d@example.nl,D,nl,,,active,,x,\n"
	"e@example.nl,E,nl,,,active,2025-01-01,x,2025-01-01,extra\n";

static int has_diag(const struct tz_diags *d, long line, const char *part)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].line == line && strstr(d->items[i].msg, part))
			return 1;
	return 0;
}

struct scanned {
	const char *data;
	size_t rows, bad_offsets;
	char first[64];
};

static int on_row(void *ctx, const struct tz_list *l, const struct tz_sub *s, size_t off,
		  size_t len, struct tz_error *err)
{
	struct scanned *sc = ctx;
	const char *email = tz_sub_get(l, s, TZ_F_EMAIL);
	(void)err;
	/* the row's bytes start with its address (no quotes in these fixtures) */
	if (strncmp(sc->data + off, email, strlen(email)) != 0 || len < strlen(email))
		sc->bad_offsets++;
	if (!sc->rows++)
		snprintf(sc->first, sizeof sc->first, "%s", email);
	return 0;
}

/* tz_list_scan reports exactly what tz_list_parse reports, row for row. */
static int scan_matches_parse(const char *text, size_t *rows)
{
	struct tz_list a, b;
	struct tz_diags da, db;
	struct tz_error ea, eb;
	struct scanned sc = {text, 0, 0, ""};
	int ra, rb, same;
	tz_diags_init(&da);
	tz_diags_init(&db);
	tz_error_clear(&ea);
	tz_error_clear(&eb);
	ra = tz_list_parse(&a, "x.csv", text, strlen(text), &da, &ea);
	rb = tz_list_scan(&b, "x.csv", text, strlen(text), on_row, &sc, &db, &eb);
	/* a broken file is the same error; the scan may have warned before it */
	same = ra == rb && sc.bad_offsets == 0 && strcmp(ea.msg, eb.msg) == 0 &&
	       ea.line == eb.line && (ra || (da.n == db.n && da.errors == db.errors));
	for (size_t i = 0; same && !ra && i < da.n; i++)
		same = da.items[i].line == db.items[i].line &&
		       strcmp(da.items[i].msg, db.items[i].msg) == 0;
	if (!same)
		fprintf(stderr, "# scan/parse differ: rc %d/%d, diags %zu/%zu, offsets %zu bad\n",
			ra, rb, da.n, db.n, sc.bad_offsets);
	*rows = sc.rows;
	tz_list_release(&a);
	tz_list_release(&b);
	tz_diags_release(&da);
	tz_diags_release(&db);
	return same;
}

static int import(struct tz_list *l, struct tz_suppression *s, const char *csv,
		  struct tz_import_report *rep, const char *consent_date)
{
	struct tz_import_options o = {"import.csv", consent_date, NULL, 0};
	struct tz_error err;
	tz_import_report_init(rep);
	return tz_import(l, s, csv, strlen(csv), &o, rep, &err);
}

int main(void)
{
	struct tz_list l;
	struct tz_diags d;
	struct tz_error err;
	struct tz_buf out;
	struct tz_sub *s;

	/* parse and write back unchanged: the same bytes */
	tz_diags_init(&d);
	CHECK(tz_list_parse(&l, "t.csv", list_text, strlen(list_text), &d, &err) == 0);
	CHECK(d.errors == 0);
	CHECK(l.n == 3);
	tz_buf_init(&out, 0);
	CHECK(tz_list_serialise(&l, &out) == 0);
	CHECK_STR(out.data, list_text);

	/* one change rewrites one row; the unknown column and comments stay */
	s = tz_list_find(&l, "PIET@example.org");
	CHECK(s != NULL);
	CHECK(tz_sub_set(&l, s, TZ_F_STATUS, "unsubscribed") == 0);
	tz_buf_reset(&out);
	tz_list_serialise(&l, &out);
	CHECK(strstr(out.data, "# hand-added\r\npiet@example.org,Piet,en,Coevorden,parels,"
			       "unsubscribed,2025-02-03,beurs,2025-02-03,metaal\r\n") != NULL);
	CHECK(strstr(out.data, "\"onderwijs;agenda\"") != NULL); /* untouched row as it was */

	/* a new column (soft bounces) is added to the header and every row */
	CHECK(tz_sub_set(&l, tz_list_find(&l, "jan@example.nl"), TZ_F_SOFT_BOUNCES, "1") == 0);
	tz_buf_reset(&out);
	tz_list_serialise(&l, &out);
	CHECK(strstr(out.data, "last_change,sector,soft_bounces\r\n") != NULL);
	CHECK(strstr(out.data, ",ICT,1\r\n") != NULL);
	CHECK(strstr(out.data, "# TechZine subscribers\r\n") == out.data);

	/* remove and append */
	tz_list_remove(&l, tz_list_find(&l, "kees@example.nl"));
	CHECK(tz_list_find(&l, "kees@example.nl") == NULL);
	s = tz_list_append(&l, "Kees@Example.nl");
	CHECK(s != NULL && tz_list_find(&l, "kees@example.nl") == s);
	tz_list_release(&l);
	tz_diags_release(&d);

	/* row problems come with their line */
	{
		tz_diags_init(&d);
		CHECK(tz_list_parse(&l, "bad.csv", bad_rows, strlen(bad_rows), &d, &err) == 0);
		CHECK(has_diag(&d, 3, "invalid address 'nope'"));
		CHECK(has_diag(&d, 4, "already on line 2"));
		CHECK(has_diag(&d, 5, "unknown language 'fr'"));
		CHECK(has_diag(&d, 5, "unknown status 'gone'"));
		CHECK(has_diag(&d, 6, "no consent date"));
		CHECK(has_diag(&d, 7, "10 fields, the header has 9"));
		tz_list_release(&l);
		tz_diags_release(&d);
		/* a minimal list without consent columns: warnings, no errors */
		tz_diags_init(&d);
		CHECK(tz_list_parse(&l, "min.csv", "email,name,status\na@x.example,A,active\n", 39, &d,
				    &err) == 0);
		CHECK(d.errors == 0 && d.warnings >= 2);
		CHECK(has_diag(&d, 1, "consent is not recorded"));
		tz_list_release(&l);
		tz_diags_release(&d);
		tz_diags_init(&d);
		CHECK(tz_list_parse(&l, "nohdr.csv", "name,x\nA,b\n", 11, &d, &err) != 0);
		CHECK(strstr(err.msg, "no 'email' column") != NULL);
		tz_list_release(&l);
		tz_diags_release(&d);
	}

	/* the send's row-by-row scan: same checks, duplicates exact, 8 bytes a row */
	{
		struct tz_buf big;
		size_t rows;
		CHECK(scan_matches_parse(list_text, &rows) && rows == 3);
		CHECK(scan_matches_parse(bad_rows, &rows) && rows == 5); /* the duplicate is left out */
		CHECK(scan_matches_parse("email,name\n\"a@x.nl,b\n", &rows)); /* unclosed quote */
		CHECK(scan_matches_parse("name,x\nA,b\n", &rows) && rows == 0);
		CHECK(scan_matches_parse("# only a comment\n", &rows) && rows == 0);
		/* 20,000 rows, every 7th a case variant of an earlier one, quoted
		 * names across lines: the scan's 32-bit hashes settle every clash */
		tz_buf_init(&big, 0);
		CHECK(tz_buf_adds(&big, "email,name,status\n") == 0);
		for (int i = 0; i < 20000; i++) {
			if (i % 7 == 6)
				tz_buf_addf(&big, "Lezer%d@Example.NL,\"Dubbel\nregel\",active\n", i / 2);
			else
				tz_buf_addf(&big, "lezer%d@example.nl,Lezer %d,active\n", i, i);
		}
		CHECK(scan_matches_parse(big.data, &rows) && rows > 17000 && rows < 20000);
		tz_buf_release(&big);
	}

	/* segments: AND across keys, OR within a key */
	{
		struct tz_segment seg;
		tz_diags_init(&d);
		tz_list_parse(&l, "t.csv", list_text, strlen(list_text), &d, &err);
		tz_segment_init(&seg);
		CHECK(tz_segment_add(&seg, "municipality=emmen", &err) == 0);
		CHECK(tz_segment_bind(&seg, &l, &err) == 0);
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "jan@example.nl")));
		CHECK(!tz_segment_match(&seg, &l, tz_list_find(&l, "piet@example.org")));
		CHECK(tz_segment_add(&seg, "municipality=Coevorden", &err) == 0); /* OR */
		CHECK(tz_segment_bind(&seg, &l, &err) == 0);
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "piet@example.org")));
		CHECK(tz_segment_add(&seg, "interest=AGENDA", &err) == 0); /* AND */
		CHECK(tz_segment_bind(&seg, &l, &err) == 0);
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "jan@example.nl")));
		CHECK(!tz_segment_match(&seg, &l, tz_list_find(&l, "piet@example.org")));
		tz_segment_release(&seg);
		tz_segment_init(&seg);
		CHECK(tz_segment_add(&seg, "sector=metaal,ict", &err) == 0);
		CHECK(tz_segment_bind(&seg, &l, &err) == 0);
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "jan@example.nl")));
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "piet@example.org")));
		tz_segment_release(&seg);
		tz_segment_init(&seg);
		seg.default_lang = "nl";
		CHECK(tz_segment_add(&seg, "language=nl", &err) == 0);
		CHECK(tz_segment_bind(&seg, &l, &err) == 0);
		CHECK(tz_segment_match(&seg, &l, tz_list_find(&l, "kees@example.nl"))); /* empty = nl */
		CHECK(!tz_segment_match(&seg, &l, tz_list_find(&l, "piet@example.org")));
		tz_segment_release(&seg);
		tz_segment_init(&seg);
		CHECK(tz_segment_add(&seg, "colour=blue", &err) == 0);
		CHECK(tz_segment_bind(&seg, &l, &err) != 0);
		CHECK(strstr(err.msg, "not a column") != NULL);
		CHECK(tz_segment_add(&seg, "novalue", &err) != 0);
		CHECK(tz_segment_add(&seg, "status=active", &err) == 0);
		tz_segment_release(&seg);
		tz_list_release(&l);
		tz_diags_release(&d);
	}

	/* suppression: by address or hash, a re-added address stays one entry */
	{
		struct tz_suppression sp;
		const char *text = "address,reason,date,source\n"
				   "Kees@Example.NL,unsubscribed,2025-06-01,form\n"
				   "sha256:a5a44ec75c51b7cc477320c7c519e21b911ae44b3b93c9014dfc36164e195a13,"
				   "complained,2025-07-01,arf\n";
		CHECK(tz_suppression_parse(&sp, "s.csv", text, strlen(text), &err) == 0);
		CHECK(tz_suppression_find(&sp, "kees@example.nl") != NULL);
		CHECK(tz_suppression_find(&sp, "JAN@example.nl") != NULL);
		CHECK(tz_suppression_find(&sp, "piet@example.org") == NULL);
		CHECK(tz_suppression_add(&sp, "piet@example.org", "bounced", "bounce") == 0);
		CHECK(tz_suppression_add(&sp, "Piet@example.org", "bounced", "bounce") == 0);
		CHECK(sp.n == 3);
		CHECK(tz_suppression_hash_only(&sp, "kees@example.nl") == 1);
		tz_buf_reset(&out);
		tz_suppression_serialise(&sp, &out);
		CHECK(strstr(out.data, "Kees") == NULL && strstr(out.data, "piet") == NULL);
		CHECK(strstr(out.data, "sha256:") != NULL);
		tz_suppression_release(&sp);
	}

	/* import: Dutch headers with a BOM, semicolons, Windows-1252 names,
	 * duplicates in two cases, a suppressed address, rejects with lines */
	{
		struct tz_suppression sp;
		struct tz_import_report rep;
		const char *csv =
			"\xef\xbb\xbf" "E-mailadres;Voornaam;Achternaam;Gemeente;Taal;Interesses;Datum toestemming;Telefoon\r\n"
			"Anna@Voorbeeld.NL;Anna;de Boer;Emmen;Nederlands;onderwijs, agenda;14-3-2025;0591\r\n"
			"anna@voorbeeld.nl;;;;;parels;;\r\n"
			"geen-adres;X;Y;Emmen;nl;;1-1-2025;\r\n"
			";;;;;;;\r\n"
			"kees@example.nl;Kees;K;Emmen;nl;;2025-01-01;\r\n"
			"info@b\xc3\xbc" "cher.example;B;C;Coevorden;English;;2025-02-30;\r\n"
			"info2@b\xc3\xbc" "cher.example;B;C;Coevorden;fr;;2025-02-03;\r\n"
			"info3@b\xc3\xbc" "cher.example;\"Twee\r\nregels\";C;Coevorden;en;;2025-02-03;\r\n";
		CHECK(tz_list_init(&l, "new.csv") == 0);
		{
			const char *st = "Kees@example.nl,unsubscribed,2025-06-01,x\n";
			CHECK(tz_suppression_parse(&sp, "s.csv", st, strlen(st), &err) == 0);
		}
		CHECK(import(&l, &sp, csv, &rep, NULL) == 0);
		CHECK_STR(rep.encoding, "utf-8 with BOM");
		CHECK(rep.delim == ';');
		/* the name over two lines (Alt+Enter in a cell) is folded, not
		 * rejected: issue 22 */
		CHECK(rep.added == 2);
		CHECK(rep.merged == 1);
		CHECK(rep.skipped == 1);
		CHECK(rep.rejected == 3);
		CHECK(rep.empty == 1);
		CHECK(rep.rows == rep.added + rep.updated + rep.unchanged + rep.merged + rep.skipped +
				  rep.rejected + rep.suppressed);
		CHECK(has_diag(&rep.lines, 3, "merged"));
		CHECK(has_diag(&rep.lines, 4, "invalid address 'geen-adres'"));
		CHECK(has_diag(&rep.lines, 6, "suppressed"));
		CHECK(has_diag(&rep.lines, 7, "not a date"));
		CHECK(has_diag(&rep.lines, 8, "unknown language 'fr'"));
		CHECK(has_diag(&rep.lines, 9, "had a line break inside its cell"));
		CHECK(!has_diag(&rep.lines, 9, "rejected"));
		{
			int folded = 0;
			for (size_t k = 0; k < l.n; k++)
				folded += !strcmp(tz_sub_get(&l, &l.rows[k], TZ_F_NAME), "Twee regels C");
			CHECK(folded == 1);
		}
		CHECK(has_diag(&rep.lines, 1, "'Telefoon' is not imported"));
		s = tz_list_find(&l, "anna@voorbeeld.nl");
		CHECK(s != NULL);
		CHECK_STR(tz_sub_get(&l, s, TZ_F_EMAIL), "Anna@voorbeeld.nl");
		CHECK_STR(tz_sub_get(&l, s, TZ_F_NAME), "Anna de Boer");
		CHECK_STR(tz_sub_get(&l, s, TZ_F_LANGUAGE), "nl");
		CHECK_STR(tz_sub_get(&l, s, TZ_F_INTERESTS), "onderwijs;agenda;parels");
		CHECK_STR(tz_sub_get(&l, s, TZ_F_CONSENT_DATE), "2025-03-14");
		CHECK_STR(tz_sub_get(&l, s, TZ_F_CONSENT_SOURCE), "import import.csv");
		CHECK(tz_list_find(&l, "kees@example.nl") == NULL);
		tz_import_report_release(&rep);

		/* the same file again: nothing new; Windows-1252 is converted */
		CHECK(import(&l, &sp, csv, &rep, NULL) == 0);
		CHECK(rep.added == 0 && rep.unchanged == 2);
		tz_import_report_release(&rep);
		CHECK(import(&l, &sp, "email,naam\r\nmuller@x.example,M\xfcller\r\n", &rep, "2025-05-05") == 0);
		CHECK_STR(rep.encoding, "windows-1252");
		CHECK_STR(tz_sub_get(&l, tz_list_find(&l, "muller@x.example"), TZ_F_NAME), "M\xc3\xbcller");
		tz_import_report_release(&rep);
		/* no consent column and no --consent-date: rejected */
		CHECK(import(&l, &sp, "email\nnew@x.example\n", &rep, NULL) == 0);
		CHECK(rep.rejected == 1 && has_diag(&rep.lines, 2, "no consent date"));
		tz_import_report_release(&rep);
		/* an export saying someone left: suppressed, never re-activated */
		CHECK(import(&l, &sp, "email,status\nanna@voorbeeld.nl,afgemeld\n", &rep, NULL) == 0);
		CHECK(rep.updated == 1);
		CHECK(tz_suppression_find(&sp, "anna@voorbeeld.nl") != NULL);
		tz_import_report_release(&rep);
		CHECK(import(&l, &sp, "email,status\nANNA@voorbeeld.nl,active\n", &rep, "2026-01-01") == 0);
		CHECK(rep.skipped == 1);
		CHECK_STR(tz_sub_get(&l, tz_list_find(&l, "anna@voorbeeld.nl"), TZ_F_STATUS), "unsubscribed");
		tz_import_report_release(&rep);
		/* a trailing separator on a row is harmless; a real extra field is not */
		CHECK(import(&l, &sp, "email;naam\nt1@x.example;T;\nt2@x.example;T;extra\n", &rep,
			     "2025-05-05") == 0);
		CHECK(rep.added == 1 && rep.rejected == 1);
		CHECK(has_diag(&rep.lines, 3, "3 fields but the header has 2"));
		tz_import_report_release(&rep);
		/* interests: 64 in a cell is the limit (the merge is quadratic) */
		{
			struct tz_buf many;
			tz_buf_init(&many, 0);
			tz_buf_adds(&many, "email,interesses\ni64@x.example,\"");
			for (int i = 0; i < 64; i++)
				tz_buf_addf(&many, "%si%d", i ? "," : "", i);
			tz_buf_adds(&many, "\"\ni65@x.example,\"");
			for (int i = 0; i < 65; i++)
				tz_buf_addf(&many, "%si%d", i ? "," : "", i);
			tz_buf_adds(&many, "\"\n");
			CHECK(import(&l, &sp, many.data, &rep, "2025-05-05") == 0);
			CHECK(rep.added == 1 && rep.rejected == 1);
			CHECK(has_diag(&rep.lines, 3, "more than 64 interests"));
			tz_import_report_release(&rep);
			tz_buf_release(&many);
		}
		/* no address column */
		tz_import_report_init(&rep);
		{
			struct tz_import_options o = {"x.csv", NULL, NULL, 0};
			CHECK(tz_import(&l, &sp, "naam;plaats\nA;B\n", 16, &o, &rep, &err) != 0);
			CHECK(strstr(err.msg, "no address column") != NULL);
		}
		tz_import_report_release(&rep);
		tz_suppression_release(&sp);
		tz_list_release(&l);
	}

	/* dates the spreadsheets write */
	{
		char dt[11];
		CHECK(tz_import_date("14-3-2025", dt) == 0 && strcmp(dt, "2025-03-14") == 0);
		CHECK(tz_import_date("2025/03/14 10:22", dt) == 0 && strcmp(dt, "2025-03-14") == 0);
		CHECK(tz_import_date("14.03.2025", dt) == 0 && strcmp(dt, "2025-03-14") == 0);
		CHECK(tz_import_date("29-2-2024", dt) == 0);
		CHECK(tz_import_date("29-2-2025", dt) != 0);
		CHECK(tz_import_date("14-13-2025", dt) != 0);
		CHECK(tz_import_date("gisteren", dt) != 0);
	}

	/* erasure replaces whole addresses only */
	{
		const char *j = "R jan@example.nl\nS JAN@example.nl 1 <m>\nR xjan@example.nl\n"
				"F jan@example.nl 2 550 5.1.1 <jan@example.nl>: unknown\nR jan@example.nl.evil\n";
		tz_buf_reset(&out);
		CHECK(tz_forget_text(j, strlen(j), "jan@example.nl", "H", &out) == 4);
		CHECK_STR(out.data, "R H\nS H 1 <m>\nR xjan@example.nl\nF H 2 550 5.1.1 <H>: unknown\n"
				    "R jan@example.nl.evil\n");
		CHECK(tz_forget_mentions(j, strlen(j), "xjan@example.nl"));
		CHECK(!tz_forget_mentions(j, strlen(j), "an@example.nl"));
	}
	tz_buf_release(&out);
	return tap_done();
}
