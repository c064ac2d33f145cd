/*
 * test_report.c - the bounce mailbox parser on the fixtures in
 * tests/fixtures/bounces (Postfix, Exchange and Gmail DSNs, an ARF
 * complaint, an unsubscribe reply, an auto-reply): kind, recipients,
 * status codes, tokens and where they were found.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list/report.h"
#include "list/token.h"
#include "util/buf.h"
#include "util/fsutil.h"
#include "bounce_fixture.h"
#include "tap.h"

#define SECRET "unit-test-secret-0123456789"

/* A fixture of tests/fixtures/bounces/ with its placeholders filled in. */
static char *load(const char *name, size_t *len)
{
	char rel[512];
	snprintf(rel, sizeof rel, "%s", name);
	return tz_test_bounce_fixture(rel, SECRET, len);
}

static struct tz_report parse(const char *name)
{
	struct tz_report r;
	size_t len;
	char *m = load(name, &len);
	CHECK(tz_report_parse(m, len, &r) == 0);
	free(m);
	return r;
}

static int token_is(const struct tz_report *r, const char *addr)
{
	return tz_token_check(SECRET, addr, r->token);
}

int main(void)
{
	struct tz_report r;

	r = parse("postfix-hard.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK(r.nrcpt == 1);
	CHECK_STR(r.rcpt[0].address, "jan-willem.ijzerman@example.nl");
	CHECK_STR(r.rcpt[0].status, "5.1.1");
	CHECK_STR(r.rcpt[0].action, "failed");
	CHECK(strstr(r.rcpt[0].diagnostic, "User unknown") != NULL);
	CHECK(token_is(&r, "jan-willem.ijzerman@example.nl"));
	CHECK_STR(r.token_from, "verp");
	CHECK(r.date > 0);

	r = parse("exchange-hard.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK_STR(r.rcpt[0].address, "a.bakker-oosting@example.org");
	CHECK_STR(r.rcpt[0].status, "5.1.10");
	CHECK(tz_status_class(r.rcpt[0].status) == 5);
	CHECK(token_is(&r, "a.bakker-oosting@example.org"));

	r = parse("gmail-hard.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK_STR(r.rcpt[0].address, "t.brunink@example.nl");
	CHECK_STR(r.rcpt[0].status, "5.1.1");
	CHECK(token_is(&r, "t.brunink@example.nl"));
	CHECK_STR(r.address, "t.brunink@example.nl");

	r = parse("postfix-delayed-1.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK_STR(r.rcpt[0].action, "delayed");
	CHECK(tz_status_class(r.rcpt[0].status) == 4);
	CHECK(token_is(&r, "maarten.kuiper@example.nl"));

	r = parse("arf-complaint.eml");
	CHECK(r.kind == TZ_REPORT_ARF);
	CHECK_STR(r.feedback_type, "abuse");
	CHECK_STR(r.address, "s.oconnor@example.org");
	CHECK(token_is(&r, "s.oconnor@example.org"));

	r = parse("unsubscribe-reply.eml");
	CHECK(r.kind == TZ_REPORT_UNSUBSCRIBE);
	CHECK_STR(r.token_from, "subject");
	CHECK(token_is(&r, "chloe.van.t.hek@example.org"));

	r = parse("autoreply.eml");
	CHECK(r.kind == TZ_REPORT_AUTOREPLY);
	CHECK(r.why[0] != 0);
	CHECK(r.token[0] == 0);

	/* the forged DSN parses as a DSN; its token does not check out */
	r = parse("forged-dsn.eml");
	CHECK(r.kind == TZ_REPORT_DSN);
	CHECK(!token_is(&r, "noor.el.idrissi@example.nl"));

	/* not mail at all, and truncated mail: unknown, no crash */
	CHECK(tz_report_parse("", 0, &r) == 0 && r.kind == TZ_REPORT_UNKNOWN);
	CHECK(tz_report_parse("Content-Type: multipart/report; boundary=x\n\n--x\n", 43, &r) == 0);
	CHECK(r.kind == TZ_REPORT_UNKNOWN);
	CHECK(tz_status_class("2.0.0") == 0 && tz_status_class("4.4.7") == 4);

	/* inputs the fuzzer found (tests/fixtures/bounces/regress): no crash, no UB */
	{
		char dir[1024];
		DIR *d;
		struct dirent *e;
		int n = 0;
		snprintf(dir, sizeof dir, "%s/tests/fixtures/bounces/regress", getenv("TZ_TEST_SRC"));
		d = opendir(dir);
		CHECK(d != NULL);
		while (d && (e = readdir(d))) {
			struct tz_buf b;
			struct tz_error err;
			char p[2048];
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			tz_buf_init(&b, 0);
			CHECK(tz_read_file(p, 1 << 20, &b, &err) == 0);
			CHECK(tz_report_parse(b.data, b.len, &r) == 0);
			CHECK(r.nrcpt <= TZ_REPORT_MAX_RCPTS);
			tz_buf_release(&b);
			n++;
		}
		if (d)
			closedir(d);
		CHECK(n > 0);
	}
	/* the size limit: a report of exactly 10 MiB is read, one byte more
	 * is left alone as not recognised (never parsed) */
	{
		char *big;
		size_t blen;
		char *src = load("postfix-hard.eml", &blen);
		CHECK(src != NULL);
		big = src ? malloc(TZ_REPORT_MAX_BYTES + 2) : NULL;
		if (big) {
			memcpy(big, src, blen);
			memset(big + blen, ' ', TZ_REPORT_MAX_BYTES + 1 - blen);
			big[TZ_REPORT_MAX_BYTES + 1] = '\0';
			CHECK(tz_report_parse(big, TZ_REPORT_MAX_BYTES, &r) == 0 &&
			      r.kind == TZ_REPORT_DSN);
			CHECK(tz_report_parse(big, TZ_REPORT_MAX_BYTES + 1, &r) == 0 &&
			      r.kind == TZ_REPORT_UNKNOWN && strstr(r.why, "larger than"));
		}
		free(big);
		free(src);
	}
	return tap_done();
}
