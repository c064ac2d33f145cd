/*
 * test_dkim.c - DKIM relaxed canonicalization against RFC 6376 3.4.5's
 * example and the edge cases (trailing empty lines, empty body, WSP runs,
 * LF-only lines, a CR that is not a line end, chunk borders), key names.
 * That signatures verify is tested with real verifiers in e2e/dkim.
 */
#include <stdio.h>
#include <string.h>

#include "mail/dkim.h"
#include "mail/dkim_canon.h"
#include "mail/dnsrecords.h"
#include "tap.h"

static void sink(void *ctx, const char *data, size_t len)
{
	tz_buf_add(ctx, data, len);
}

/* The relaxed body of s, fed in pieces of step bytes. */
static const char *body(const char *s, size_t step, struct tz_buf *out)
{
	struct tz_dkim_body b;
	size_t len = strlen(s);
	tz_buf_reset(out);
	tz_dkim_body_init(&b, sink, out);
	for (size_t i = 0; i < len; i += step)
		tz_dkim_body_feed(&b, s + i, len - i < step ? len - i : step);
	tz_dkim_body_end(&b);
	return out->data;
}

static const char *header(const char *s, int crlf, struct tz_buf *out)
{
	tz_buf_reset(out);
	if (tz_dkim_canon_header(out, s, strlen(s), crlf))
		return "(failed)";
	return out->data;
}

int main(void)
{
	struct tz_buf b;
	tz_buf_init(&b, 0);

	/* RFC 6376 3.4.5 */
	CHECK_STR(header("A: X\r\n", 1, &b), "a:X\r\n");
	CHECK_STR(header("B : Y\t\r\n\tZ  \r\n", 1, &b), "b:Y Z\r\n");
	for (size_t step = 1; step <= 7; step++)
		CHECK_STR(body(" C \r\nD \t E\r\n\r\n\r\n", step, &b), " C\r\nD E\r\n");
	/* headers: name case, WSP around the colon, folding, no CRLF variant */
	CHECK_STR(header("Subject:   =?UTF-8?Q?a?=\r\n =?UTF-8?Q?b?=\r\n", 1, &b),
		  "subject:=?UTF-8?Q?a?= =?UTF-8?Q?b?=\r\n");
	CHECK_STR(header("DKIM-Signature: v=1; b=", 0, &b), "dkim-signature:v=1; b=");
	CHECK_STR(header("X-Empty:\r\n", 1, &b), "x-empty:\r\n");
	CHECK_STR(header("no colon\r\n", 1, &b), "(failed)");
	/* bodies */
	CHECK_STR(body("", 1, &b), "");
	CHECK_STR(body("\r\n\r\n", 1, &b), "");
	CHECK_STR(body("  \r\n\t\r\n", 1, &b), "");
	CHECK_STR(body("x", 1, &b), "x\r\n");
	CHECK_STR(body("x  ", 2, &b), "x\r\n");
	CHECK_STR(body("\r\n\r\nx\r\n", 3, &b), "\r\n\r\nx\r\n");
	CHECK_STR(body("a\nb\n\n", 1, &b), "a\r\nb\r\n");
	CHECK_STR(body("a\rb\r\n", 1, &b), "a\rb\r\n");
	CHECK_STR(body("a\r", 1, &b), "a\r\r\n");
	CHECK_STR(body("a \r\n \r\nb", 4, &b), "a\r\n\r\nb\r\n");
	/* a body longer than the 4 KiB batch */
	{
		char big[10000];
		memset(big, 'x', sizeof big - 3);
		memcpy(big + sizeof big - 3, "\r\n", 3);
		CHECK(strlen(body(big, 999, &b)) == sizeof big - 1);
	}
	/* the fast path (runs with single SPs and CRLFs between content) gives
	 * the bytes the one-byte-at-a-time path gives, on random bodies */
	{
		static const char alphabet[] = "ab  \t\r\n\r\n=";
		char text[600];
		struct tz_buf one;
		unsigned seed = 20;
		int same = 1;
		tz_buf_init(&one, 0);
		for (int round = 0; round < 2000 && same; round++) {
			size_t len = (size_t)(seed % (sizeof text - 1));
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
			}
			text[len] = 0;
			seed = seed * 1103515245u + 12345u;
			body(text, 1, &one);
			same = strcmp(body(text, len ? len : 1, &b), one.data) == 0 &&
			       strcmp(body(text, 1 + (seed >> 16) % 37, &b), one.data) == 0;
			if (!same)
				fprintf(stderr, "differs on body #%d (%zu bytes)\n", round, len);
		}
		CHECK(same);
		tz_buf_release(&one);
	}
	/* names */
	CHECK(tz_dkim_name_ok("dutchtechzone.example"));
	CHECK(tz_dkim_name_ok("rsa-2026_a"));
	CHECK(!tz_dkim_name_ok("a..b"));
	CHECK(!tz_dkim_name_ok(".a"));
	CHECK(!tz_dkim_name_ok("a b"));
	CHECK(!tz_dkim_name_ok("a;b"));
	CHECK(!tz_dkim_name_ok(""));
	/* organisational domains for alignment */
	CHECK_STR(tz_org_domain("bounces.dutchtechzone.example"), "dutchtechzone.example");
	CHECK_STR(tz_org_domain("dutchtechzone.example"), "dutchtechzone.example");
	CHECK_STR(tz_org_domain("mail.example.co.uk"), "example.co.uk");
	CHECK_STR(tz_org_domain("mail.ns.nl"), "ns.nl");
	CHECK_STR(tz_org_domain("localhost"), "localhost");
	tz_buf_release(&b);
	return tap_done();
}
