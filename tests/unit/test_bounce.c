/*
 * test_bounce.c - the bounce reason tables and the non-RFC-3464 readers:
 * the bounded QP/base64 decoders (at the end of exactly-sized buffers, so
 * ASan sees any read past them), status and reply code finders, the
 * phrase -> reason and status -> reason tables, the verdicts, the formats
 * in tests/fixtures/bounces/formats (Exim, qmail, Office 365 DMARC, AOL two
 * recipients in one block, Amazon SES JSON, Hotmail JMRP, QP ending in
 * "="), and - when ../shared/bounce-corpus is there (or
 * TZ_BOUNCE_CORPUS) - that every table row still matches the corpus
 * message it was learned from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list/bounce_reason.h"
#include "list/bounce_servers.h"
#include "list/partdecode.h"
#include "list/report.h"
#include "list/token.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "bounce_fixture.h"
#include "tap.h"

#define SECRET "unit-test-secret-0123456789"

/* A fixture of tests/fixtures/bounces/formats/ with its placeholders filled in. */
static char *load(const char *name, size_t *len)
{
	char rel[512];
	snprintf(rel, sizeof rel, "formats/%s", name);
	return tz_test_bounce_fixture(rel, SECRET, len);
}

/* parse from an exactly-sized heap copy: a read past the end is an ASan error */
static struct tz_report parse_exact(const char *m, size_t len)
{
	struct tz_report r;
	char *exact = malloc(len ? len : 1);
	memcpy(exact, m, len);
	CHECK(tz_report_parse(exact, len, &r) == 0);
	free(exact);
	return r;
}

static struct tz_report parse(const char *name)
{
	size_t len;
	char *m = load(name, &len);
	struct tz_report r = parse_exact(m, len);
	free(m);
	return r;
}

static const struct tz_report_rcpt *rcpt(const struct tz_report *r, const char *addr)
{
	for (size_t i = 0; i < r->nrcpt; i++)
		if (strcmp(r->rcpt[i].address, addr) == 0)
			return &r->rcpt[i];
	return NULL;
}

static void decoders(void)
{
	static const char *const qp[][2] = {
		{"a=3Db", "a=b"}, {"soft=\nbreak", "softbreak"}, {"crlf=\r\nbreak", "crlfbreak"},
		{"end=", "end="}, {"end=4", "end=4"}, {"blank=  \nx", "blankx"}, {"bad=ZZ", "bad=ZZ"}};
	for (size_t i = 0; i < sizeof qp / sizeof qp[0]; i++) {
		size_t n = strlen(qp[i][0]);
		char *exact = malloc(n);
		struct tz_buf out;
		memcpy(exact, qp[i][0], n);
		tz_buf_init(&out, 0);
		CHECK(tz_decode_qp(&out, exact, n) == 0);
		CHECK_STR(out.data, qp[i][1]);
		tz_buf_release(&out);
		free(exact);
	}
	{
		static const char b64[] = "SGVs\r\nbG8=junk";
		char *exact = malloc(sizeof b64 - 1);
		struct tz_buf out;
		memcpy(exact, b64, sizeof b64 - 1);
		tz_buf_init(&out, 0);
		CHECK(tz_decode_base64(&out, exact, sizeof b64 - 1) == 0);
		CHECK_STR(out.data, "Hello");
		tz_buf_release(&out);
		free(exact);
	}
	{ /* ISO-2022-JP, undeclared, to UTF-8; an unknown charset is copied */
		static const char jis[] = "\x1b$B%G%#%l%/%H%j\x1b(B";
		struct tz_buf out;
		tz_buf_init(&out, 0);
		CHECK(tz_has_iso2022jp(jis, sizeof jis - 1));
		CHECK(tz_decode_charset(&out, jis, sizeof jis - 1, NULL) == 0);
		CHECK_STR(out.data, "ディレクトリ");
		tz_buf_reset(&out);
		CHECK(tz_decode_charset(&out, "abc", 3, "x-no-such-charset") == 0);
		CHECK_STR(out.data, "abc");
		tz_buf_reset(&out);
		CHECK(tz_decode_charset(&out, "caf\xe9", 4, "iso-8859-1") == 0);
		CHECK_STR(out.data, "café");
		tz_buf_release(&out);
	}
	{ /* the cap of the output buffer is an error, not an overflow */
		struct tz_buf out;
		tz_buf_init(&out, 4);
		CHECK(tz_decode_qp(&out, "abcdefgh", 8) == -1);
		tz_buf_release(&out);
	}
}

static void codes(void)
{
	char st[16], reply[4];
	tz_find_status("host [192.0.2.153]: 550 5.1.1 <a@b.c>", 38, st);
	CHECK_STR(st, "5.1.1");
	tz_find_status("at 5.10.20.30 only", 18, st);
	CHECK_STR(st, "");
	tz_find_status("#5.7.509 Access denied", 22, st);
	CHECK_STR(st, "5.7.509");
	tz_find_reply("host [192.0.2.153]: 550 5.1.1", 29, reply);
	CHECK_STR(reply, "550");
	tz_find_reply("id 5501 and 550-5.7.1", 21, reply);
	CHECK_STR(reply, "550");
	tz_find_reply("(#5.1.1)", 8, reply);
	CHECK_STR(reply, "");
}

static void reasons(void)
{
	/* the words decide before the code */
	CHECK(tz_reason_classify("5.1.1", "550", "failed", "550 5.1.1 blocked using zen.spamhaus.org") ==
	      TZ_R_BLOCKED);
	CHECK(tz_reason_classify("5.7.1", "554", "failed", "554 5.7.1 unknown user") ==
	      TZ_R_USERUNKNOWN);
	CHECK(tz_reason_classify("5.7.26", "550", "failed", "unauthenticated email from x is not "
							  "accepted due to domain's DMARC policy") ==
	      TZ_R_AUTHFAILURE);
	/* the code when the words say nothing */
	CHECK(tz_reason_classify("5.1.1", "550", "failed", "") == TZ_R_USERUNKNOWN);
	CHECK(tz_reason_classify("5.2.2", "", "failed", "") == TZ_R_MAILBOXFULL);
	CHECK(tz_reason_classify("5.7.606", "550", "failed", "") == TZ_R_BLOCKED);
	CHECK(tz_reason_classify("4.4.7", "", "delayed", "") == TZ_R_EXPIRED);
	CHECK(tz_reason_classify("", "556", "failed", "") == TZ_R_NOTACCEPT);
	CHECK(tz_reason_classify("2.0.0", "250", "delivered", "250 ok") == TZ_R_DELIVERED);
	CHECK(tz_reason_classify("5.0.0", "", "failed", "") == TZ_R_UNDEFINED);
	/* "ube" is a word, not the inside of "tube" */
	CHECK(tz_reason_phrase_find("youtube link", 12) == NULL);
	/* verdicts */
	CHECK(tz_reason_verdict(TZ_R_USERUNKNOWN, "5.1.1", "550") == TZ_V_HARD);
	CHECK(tz_reason_verdict(TZ_R_NOTACCEPT, "5.1.10", "") == TZ_V_HARD);
	CHECK(tz_reason_verdict(TZ_R_NOTACCEPT, "4.3.2", "") == TZ_V_SOFT);
	CHECK(tz_reason_verdict(TZ_R_MAILBOXFULL, "5.2.2", "552") == TZ_V_SOFT);
	CHECK(tz_reason_verdict(TZ_R_AUTHFAILURE, "5.7.26", "550") == TZ_V_SENDER);
	CHECK(tz_reason_verdict(TZ_R_FEEDBACK, "", "") == TZ_V_COMPLAINT);
	CHECK(tz_reason_verdict(TZ_R_VACATION, "", "") == TZ_V_NONE);
	for (int i = 0; i < TZ_R_COUNT; i++)
		CHECK(strcmp(tz_reason_name((enum tz_reason)i), "undefined") != 0 || i == TZ_R_UNDEFINED);
}

static void formats(void)
{
	struct tz_report r;
	const struct tz_report_rcpt *rc;

	r = parse("exim-two-recipients.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK_STR(r.server, "Exim");
	CHECK(r.nrcpt == 2);
	rc = rcpt(&r, "lars.hoffmann@example.org");
	CHECK(rc && rc->reason == TZ_R_USERUNKNOWN && rc->verdict == TZ_V_HARD);
	CHECK(rc && strcmp(rc->status, "5.1.1") == 0 && strcmp(rc->reply, "550") == 0);
	rc = rcpt(&r, "renee.devries@example.nl");
	CHECK(rc && rc->reason == TZ_R_MAILBOXFULL && rc->verdict == TZ_V_SOFT);
	CHECK(rc && strcmp(rc->status, "4.2.2") == 0);
	CHECK(tz_token_check(SECRET, "lars.hoffmann@example.org", r.token));

	r = parse("qmail-hard.eml");
	CHECK_STR(r.server, "qmail");
	CHECK(r.nrcpt == 1);
	CHECK_STR(r.rcpt[0].address, "noor.el.idrissi@example.nl");
	CHECK(r.rcpt[0].verdict == TZ_V_HARD);
	CHECK_STR(r.rcpt[0].status, "5.1.1");

	r = parse("office365-dmarc.eml");
	CHECK(r.kind == TZ_REPORT_DSN && r.nrcpt == 1);
	CHECK(r.rcpt[0].reason == TZ_R_AUTHFAILURE);
	CHECK(r.rcpt[0].verdict == TZ_V_SENDER);

	/* two recipients in one block: each its own status */
	r = parse("aol-two-in-one-block.eml");
	CHECK(r.nrcpt == 2);
	rc = rcpt(&r, "femke.zwiers@example.nl");
	CHECK(rc && strcmp(rc->status, "5.2.2") == 0 && rc->verdict == TZ_V_SOFT);
	rc = rcpt(&r, "a.bakker-oosting@example.org");
	CHECK(rc && strcmp(rc->status, "5.1.1") == 0 && rc->verdict == TZ_V_HARD);

	r = parse("ses-json-hard.eml");
	CHECK(r.kind == TZ_REPORT_DSN && r.nrcpt == 1);
	CHECK_STR(r.server, "Amazon SES notification");
	CHECK_STR(r.rcpt[0].address, "s.oconnor@example.org");
	CHECK(r.rcpt[0].verdict == TZ_V_HARD);

	r = parse("hotmail-jmrp.eml");
	CHECK(r.kind == TZ_REPORT_ARF);
	CHECK_STR(r.feedback_type, "abuse");

	/* libetpan's decoder read 2 bytes past a QP part ending in "=" */
	r = parse("qp-soft-break-end.eml");
	CHECK(r.kind == TZ_REPORT_DSN && r.nrcpt == 1);
	CHECK(r.rcpt[0].verdict == TZ_V_HARD);
	CHECK(strstr(r.rcpt[0].diagnostic, "User unknown") != NULL);
}

/* Every table row still matches the corpus message it was learned from. */
static void samples(void)
{
	char dir[1024], path[1200];
	const char *env = getenv("TZ_BOUNCE_CORPUS");
	struct tz_error err;
	struct tz_buf b;
	size_t checked = 0;
	if (env)
		snprintf(dir, sizeof dir, "%s/mail", env);
	else
		snprintf(dir, sizeof dir, "%s/../shared/bounce-corpus/mail", getenv("TZ_TEST_SRC"));
	snprintf(path, sizeof path, "%s/arf-02.eml", dir);
	tz_buf_init(&b, 0);
	if (tz_read_file(path, 1 << 20, &b, &err)) {
		printf("# no bounce corpus at %s: table samples not checked\n", dir);
		tz_buf_release(&b);
		return;
	}
	for (size_t i = 0; i < tz_reason_nphrases; i++) {
		const struct tz_reason_phrase *p = &tz_reason_phrases[i];
		struct tz_buf dec;
		int hit;
		if (strcmp(p->sample, "vocabulary") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s.eml", dir, p->sample);
		tz_buf_reset(&b);
		CHECK(tz_read_file(path, 16 << 20, &b, &err) == 0);
		tz_buf_init(&dec, 0);
		(void)tz_decode_qp(&dec, b.data, b.len);
		hit = tz_reason_phrase_matches(p->phrase, b.data, b.len) == 1 ||
		      tz_reason_phrase_matches(p->phrase, dec.data, dec.len) == 1;
		if (!hit) { /* an undeclared ISO-2022-JP text */
			tz_buf_reset(&dec);
			(void)tz_decode_charset(&dec, b.data, b.len, NULL);
			hit = tz_reason_phrase_matches(p->phrase, dec.data, dec.len) == 1;
		}
		if (!hit)
			printf("# phrase \"%s\" is not in its sample %s\n", p->phrase, p->sample);
		CHECK(hit);
		tz_buf_release(&dec);
		checked++;
	}
	for (size_t i = 0; i < tz_bounce_nservers; i++) {
		const struct tz_bounce_server *s = &tz_bounce_servers[i];
		struct tz_report r;
		snprintf(path, sizeof path, "%s/%s.eml", dir, s->sample);
		tz_buf_reset(&b);
		CHECK(tz_read_file(path, 16 << 20, &b, &err) == 0);
		CHECK(tz_report_parse(b.data, b.len, &r) == 0);
		/* the sample is recognised (by this row or a more specific one) */
		if (!r.server)
			printf("# server row \"%s\": its sample %s is not recognised\n", s->name,
			       s->sample);
		CHECK(r.server != NULL);
		checked++;
	}
	printf("# %zu table rows checked against their corpus samples\n", checked);
	tz_buf_release(&b);
}

int main(void)
{
	decoders();
	codes();
	reasons();
	formats();
	samples();
	return tap_done();
}
