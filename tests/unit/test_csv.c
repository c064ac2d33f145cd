/*
 * test_csv.c - the CSV reader and writer, spreadsheet encodings, address
 * normalisation (IDN through libidn2), tokens and hashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list/address.h"
#include "list/csv.h"
#include "list/token.h"
#include "util/buf.h"
#include "tap.h"

static struct tz_csv parse(const char *s, char delim, int comments, int *rc, struct tz_error *err)
{
	struct tz_csv c;
	struct tz_csv_options o = {delim, comments};
	*rc = tz_csv_parse(s, strlen(s), &o, &c, err);
	return c;
}

/* The documented limits, each at the limit and one past it: a field of
 * 64 KiB, 256 fields in a record, 2,000,000 records. */
static void test_limits(void)
{
	struct tz_buf b;
	struct tz_csv c;
	struct tz_csv_options o = {',', 0};
	struct tz_error err;
	int rc;

	for (int past = 0; past <= 1; past++) {
		tz_buf_init(&b, (size_t)64 << 20);
		tz_buf_adds(&b, "email,name\nx@example.nl,");
		for (size_t i = 0; i < TZ_CSV_MAX_FIELD + (size_t)past; i++)
			tz_buf_addc(&b, 'a');
		tz_buf_adds(&b, "\n");
		memset(&c, 0, sizeof(c));
		rc = tz_csv_parse(b.data, b.len, &o, &c, &err);
		CHECK(past ? rc != 0 && strstr(err.msg, "field") && err.line == 2 : rc == 0 && c.n == 2);
		tz_csv_release(&c);
		tz_buf_release(&b);

		tz_buf_init(&b, (size_t)64 << 20);
		for (size_t i = 0; i < TZ_CSV_MAX_FIELDS + (size_t)past; i++)
			tz_buf_adds(&b, i ? ",f" : "f");
		tz_buf_adds(&b, "\n");
		memset(&c, 0, sizeof(c));
		rc = tz_csv_parse(b.data, b.len, &o, &c, &err);
		CHECK(past ? rc != 0 && err.line == 1 : rc == 0 && c.n == 1 && c.r[0].nf == TZ_CSV_MAX_FIELDS);
		tz_csv_release(&c);
		tz_buf_release(&b);

		tz_buf_init(&b, (size_t)64 << 20);
		for (size_t i = 0; i < TZ_CSV_MAX_RECORDS + (size_t)past; i++)
			tz_buf_adds(&b, "a\n");
		memset(&c, 0, sizeof(c));
		rc = tz_csv_parse(b.data, b.len, &o, &c, &err);
		CHECK(past ? rc != 0 && strstr(err.msg, "record") : rc == 0 && c.n == TZ_CSV_MAX_RECORDS);
		if (past && rc != 0 && !strstr(err.msg, "record"))
			printf("# record limit message: %s\n", err.msg);
		tz_csv_release(&c);
		tz_buf_release(&b);
	}
}

static void norm_ok(const char *in, const char *want)
{
	char out[TZ_ADDRESS_MAX];
	const char *why = NULL;
	int rc = tz_address_normalise(in, out, &why);
	CHECK(rc == 0);
	if (rc == 0)
		CHECK_STR(out, want);
	else
		fprintf(stderr, "  '%s': %s\n", in, why);
}

static void norm_bad(const char *in, const char *why_part)
{
	char out[TZ_ADDRESS_MAX];
	const char *why = "";
	CHECK(tz_address_normalise(in, out, &why) != 0);
	CHECK(strstr(why, why_part) != NULL);
}

/* Alt+Enter in a spreadsheet cell: every break and the blanks around it
 * become one space; none at the ends; the count is of breaks. */
static void test_fold_breaks(void)
{
	static const struct { const char *in, *out; size_t n; } t[] = {
		{"Jan\nJansen", "Jan Jansen", 1},
		{"Jan \r\n  Jansen", "Jan Jansen", 1},
		{"Jan\r\rJansen", "Jan Jansen", 2},
		{"Jan\n\nvan\nDijk", "Jan van Dijk", 3},
		{"\nJan\n", "Jan", 2},
		{"Jan Jansen", "Jan Jansen", 0},
		{"", "", 0},
		{"\r\n", "", 1},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		char buf[64];
		snprintf(buf, sizeof buf, "%s", t[i].in);
		CHECK(tz_csv_fold_breaks(buf) == t[i].n);
		CHECK_STR(buf, t[i].out);
	}
}

int main(void)
{
	struct tz_error err;
	struct tz_csv c;
	struct tz_buf b;
	const char *how;
	int rc;

	/* quoting, doubled quotes, a quoted line break, CRLF, the line numbers */
	c = parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\r\nlast,,\n", 0, 0, &rc, &err);
	CHECK(rc == 0);
	CHECK(c.delim == ',');
	CHECK(c.n == 4);
	CHECK(c.r[1].kind == TZ_CSV_DATA && c.r[1].nf == 3);
	CHECK_STR(c.r[1].f[0], "x, y");
	CHECK_STR(c.r[1].f[1], "say \"hi\"");
	CHECK_STR(c.r[1].f[2], "two\nlines");
	CHECK(c.r[1].line == 2);
	CHECK(c.r[2].kind == TZ_CSV_EMPTY && c.r[2].line == 4);
	CHECK(c.r[3].line == 5 && c.r[3].nf == 3 && c.r[3].f[2][0] == 0);
	tz_csv_release(&c);

	/* the delimiter is detected from the header; comments are kept */
	c = parse("# list\nemail;naam\nx@y.example;\"A;B\"\n", 0, 1, &rc, &err);
	CHECK(rc == 0 && c.delim == ';');
	CHECK(c.r[0].kind == TZ_CSV_COMMENT);
	CHECK_STR(c.r[0].f[0], "# list");
	CHECK_STR(c.r[2].f[1], "A;B");
	tz_csv_release(&c);
	c = parse("email\tname\nx@y.example\tZ\n", 0, 0, &rc, &err);
	CHECK(rc == 0 && c.delim == '\t' && c.r[1].nf == 2);
	tz_csv_release(&c);

	/* an unterminated quote is an error at the line it starts on */
	c = parse("a,b\n1,\"open\n\nmore\n", 0, 0, &rc, &err);
	CHECK(rc != 0);
	CHECK(err.line == 2);
	CHECK(strstr(err.msg, "not closed") != NULL);
	tz_csv_release(&c);
	c = parse("a,b\n", 0, 0, &rc, &err);
	tz_csv_release(&c);
	{
		struct tz_csv_options o = {0, 0};
		CHECK(tz_csv_parse("a\0b\n", 4, &o, &c, &err) != 0);
		tz_csv_release(&c);
	}

	/* encodings: BOM dropped, Windows-1252 converted, UTF-16 refused */
	tz_buf_init(&b, 0);
	CHECK(tz_csv_to_utf8("\xef\xbb\xbfM\xc3\xbcller", 10, &b, &how, &err) == 0);
	CHECK_STR(b.data, "M\xc3\xbcller");
	CHECK_STR(how, "utf-8 with BOM");
	tz_buf_reset(&b);
	CHECK(tz_csv_to_utf8("M\xfcller \x80 \x93q\x94", 13, &b, &how, &err) == 0);
	CHECK_STR(b.data, "M\xc3\xbcller \xe2\x82\xac \xe2\x80\x9cq\xe2\x80\x9d");
	CHECK_STR(how, "windows-1252");
	tz_buf_reset(&b);
	CHECK(tz_csv_to_utf8("\xff\xfe" "e\0", 4, &b, &how, &err) != 0);
	CHECK(strstr(err.msg, "UTF-16") != NULL);

	/* writing: quotes only where needed; formulas defused on request */
	tz_buf_reset(&b);
	tz_csv_add_field(&b, "plain", ',', 0);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "Hoffmann, Lars", ',', 0);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "say \"x\"", ',', 0);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "=cmd|' /C calc'!A0", ',', 1);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "+31 6", ',', 1);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "@SUM(1,2)", ',', 1);
	tz_buf_addc(&b, '|');
	tz_csv_add_field(&b, "=in list", ',', 0);
	CHECK_STR(b.data, "plain|\"Hoffmann, Lars\"|\"say \"\"x\"\"\"|'=cmd|' /C calc'!A0|'+31 6|"
			  "\"'@SUM(1,2)\"|=in list");
	tz_buf_release(&b);

	/* addresses */
	norm_ok("  Jan.Jansen@Example.NL ", "Jan.Jansen@example.nl");
	norm_ok("<piet@voorbeeld.nl>", "piet@voorbeeld.nl");
	norm_ok("mailto:info@bedrijf.example", "info@bedrijf.example");
	norm_ok("info@b\xc3\xbc" "cher.example", "info@xn--bcher-kva.example");
	norm_ok("info@\xc3\xa9" "cole.FR", "info@xn--cole-9oa.fr");
	norm_ok("x@xn--bcher-kva.example", "x@xn--bcher-kva.example");
	norm_ok("\xc2\xa0" "a@x.example\xc2\xa0", "a@x.example");
	norm_bad("jan.example.nl", "no '@'");
	norm_bad("jan@localhost", "no dot");
	norm_bad("jan@@x.example", "more than one");
	norm_bad("jan..x@x.example", "'.'");
	norm_bad("\"jan x\"@x.example", "quoted");
	norm_bad("jan@[192.0.2.1]", "literal");
	norm_bad("j\xc3\xa1n@x.example", "SMTPUTF8");
	norm_bad("jan@x.123", "top-level");
	norm_bad("jan@-x.example", "starts with '-'");
	norm_bad("", "empty");

	/* tokens: 22 base64url characters, the same for any case of the address */
	{
		char t1[TZ_TOKEN_SIZE], t2[TZ_TOKEN_SIZE], h[TZ_HASH_SIZE], m[64];
		tz_token_make("secret-secret-secret", "Jan@Example.nl", t1);
		tz_token_make("secret-secret-secret", "jan@example.nl", t2);
		CHECK(strlen(t1) == TZ_TOKEN_LEN && tz_token_syntax_ok(t1, strlen(t1)));
		CHECK_STR(t1, t2);
		CHECK(tz_token_check("secret-secret-secret", "JAN@example.nl", t1));
		CHECK(!tz_token_check("another-secret-xyz", "jan@example.nl", t1));
		CHECK(!tz_token_check("secret-secret-secret", "jan@example.com", t1));
		t2[0] = t2[0] == 'A' ? 'B' : 'A';
		CHECK(!tz_token_check("secret-secret-secret", "jan@example.nl", t2));
		tz_address_hash("Jan@Example.nl", h);
		CHECK(tz_is_address_hash(h));
		{
			char h2[TZ_HASH_SIZE];
			tz_address_hash("jan@example.nl", h2);
			CHECK_STR(h, h2);
			/* known answer from coreutils: printf jan@example.nl | sha256sum */
			CHECK_STR(h2, "sha256:a5a44ec75c51b7cc477320c7c519e21b911ae44b3b93c9014dfc36164e195a13");
		}
		tz_address_mask("renee.devries@example.nl", m, sizeof m);
		CHECK_STR(m, "r***@e***.nl");
	}
	test_limits();
	test_fold_breaks();
	return tap_done();
}
