/*
 * test_listserver.c - the list server's pure parts: form parsing (both
 * encodings, every limit at and past it), template escaping and every
 * page template rendering, signatures bound to purpose and fields, the
 * confirmation link round trip (forged, expired, other address), click
 * links, proxy CIDRs, token buckets and the log escaper.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "listserver/clicks.h"
#include "listserver/config.h"
#include "listserver/confirm.h"
#include "listserver/form.h"
#include "listserver/limit.h"
#include "listserver/log.h"
#include "listserver/pages.h"
#include "listserver/sign.h"
#include "listserver/tpl.h"
#include "util/buf.h"

#define SECRET "unit-secret-0123456789"

static void test_urlencoded(void)
{
	struct ls_form f;
	char big[LS_FORM_VALUE_MAX + 16];
	ls_form_init(&f);
	CHECK(ls_form_parse_urlencoded(&f, "a=1&b=x%20y+z&&c&d=%C3%A9", 25) == LS_FORM_OK);
	CHECK(f.n == 4);
	CHECK_STR(ls_form_get(&f, "b"), "x y z");
	CHECK_STR(ls_form_get(&f, "c"), "");
	CHECK_STR(ls_form_get(&f, "d"), "\xc3\xa9");
	CHECK(ls_form_get(&f, "zz") == NULL);
	ls_form_release(&f);
	/* broken escapes, a NUL, and the One-Click substring trick */
	CHECK(ls_form_parse_urlencoded(&f, "a=%zz", 5) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	CHECK(ls_form_parse_urlencoded(&f, "a=%4", 4) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	CHECK(ls_form_parse_urlencoded(&f, "a=x%00y", 7) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	CHECK(ls_form_parse_urlencoded(&f, "List-Unsubscribe=One-Clickxyz", 29) == LS_FORM_OK);
	CHECK_STR(ls_form_get(&f, "List-Unsubscribe"), "One-Clickxyz");
	ls_form_release(&f);
	/* value at the limit and one past it */
	memset(big, 'x', sizeof big);
	memcpy(big, "v=", 2);
	CHECK(ls_form_parse_urlencoded(&f, big, 2 + LS_FORM_VALUE_MAX) == LS_FORM_OK);
	ls_form_release(&f);
	CHECK(ls_form_parse_urlencoded(&f, big, 2 + LS_FORM_VALUE_MAX + 1) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	/* field count at the limit and past it */
	{
		struct tz_buf b;
		tz_buf_init(&b, 0);
		for (int i = 0; i < LS_FORM_MAX_FIELDS; i++)
			tz_buf_addf(&b, "%sk%d=v", i ? "&" : "", i);
		CHECK(ls_form_parse_urlencoded(&f, b.data, b.len) == LS_FORM_OK);
		ls_form_release(&f);
		tz_buf_adds(&b, "&one=more");
		CHECK(ls_form_parse_urlencoded(&f, b.data, b.len) == LS_FORM_MALFORMED);
		ls_form_release(&f);
		tz_buf_release(&b);
	}
}

static void test_multipart(void)
{
	struct ls_form f;
	const char *ct = "multipart/form-data; boundary=----x1";
	const char *body = "------x1\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\n"
			   "One-Click\r\n------x1\r\nContent-Disposition: form-data; name=\"b\"; "
			   "filename=\"f.txt\"\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n"
			   "------x1--\r\n";
	ls_form_init(&f);
	CHECK(ls_form_parse_body(&f, ct, body, strlen(body)) == LS_FORM_OK);
	CHECK(f.n == 2);
	CHECK_STR(ls_form_get(&f, "List-Unsubscribe"), "One-Click");
	CHECK_STR(ls_form_get(&f, "b"), "line1\r\nline2");
	ls_form_release(&f);
	/* no close delimiter, a missing boundary, a part without a name */
	CHECK(ls_form_parse_body(&f, ct, body, strlen(body) - 14) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	CHECK(ls_form_parse_body(&f, "multipart/form-data", body, strlen(body)) == LS_FORM_MALFORMED);
	ls_form_release(&f);
	CHECK(ls_form_parse_body(&f, ct, "------x1\r\nX: y\r\n\r\nv\r\n------x1--", 31) ==
	      LS_FORM_MALFORMED);
	ls_form_release(&f);
}

static void test_text_ok(void)
{
	CHECK(ls_text_ok("Renée de Vries", 100));
	CHECK(!ls_text_ok("a\r\nBcc: x@y.nl", 100));
	CHECK(!ls_text_ok("esc\x1b[2J", 100));
	CHECK(!ls_text_ok("bad \xff utf8", 100));
	CHECK(!ls_text_ok("c1 \xc2\x85 nel", 100));
	CHECK(ls_text_ok("0123456789", 10));
	CHECK(!ls_text_ok("0123456789x", 10));
}

static void test_templates(void)
{
	struct tz_buf b;
	struct ls_var v[] = {{"x", "<script>\"'&"}, {"raw", "<b>ok</b>"}};
	const char *pages[] = {ls_tpl_message, ls_tpl_unsub_ask, ls_tpl_form, ls_tpl_confirm_ask,
			       ls_tpl_prefs, ls_tpl_option, ls_tpl_checkbox, ls_tpl_layout};
	struct ls_var all[] = {{"nl", "n"}, {"en", "e"}, {"masked", "m"}, {"action", "/s"},
			       {"ft", "1.x"}, {"src", ""}, {"languages", ""}, {"municipalities", ""},
			       {"interests", ""}, {"version", "1"}, {"consent_nl", "c"},
			       {"consent_en", "c"}, {"error", ""}, {"e", "a@b.nl"}, {"t", "T"},
			       {"csrf", "C"}, {"name", "N"}, {"notice", ""}, {"value", "v"},
			       {"selected", ""}, {"label", "l"}, {"checked", ""}, {"content", "c"}};
	tz_buf_init(&b, 0);
	CHECK(ls_tpl_render(&b, "a{{x}}b{{&raw}}c", v, 2) == 0);
	CHECK_STR(b.data, "a&lt;script&gt;&quot;&#39;&amp;b<b>ok</b>c");
	tz_buf_reset(&b);
	CHECK(ls_tpl_render(&b, "{{nosuch}}", v, 2) == -1);
	tz_buf_reset(&b);
	CHECK(ls_tpl_render(&b, "{{x", v, 2) == -1);
	/* every page template has every slot it uses */
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		tz_buf_reset(&b);
		CHECK(ls_tpl_render(&b, pages[i], all, sizeof all / sizeof all[0]) == 0);
	}
	tz_buf_release(&b);
}

static void test_sign(void)
{
	char a[LS_SIG_SIZE], b[LS_SIG_SIZE], t1[LS_TAG_SIZE], t2[LS_TAG_SIZE];
	const char *f1[2] = {"ab", "c"}, *f2[2] = {"a", "bc"};
	ls_sign(SECRET, "x", f1, 2, a);
	ls_sign(SECRET, "x", f2, 2, b);
	CHECK(strlen(a) == LS_SIG_LEN);
	CHECK(strcmp(a, b) != 0); /* fields are separated, not concatenated */
	CHECK(ls_sign_check(SECRET, "x", f1, 2, a));
	CHECK(!ls_sign_check(SECRET, "y", f1, 2, a));
	CHECK(!ls_sign_check("other-secret-0123456", "x", f1, 2, a));
	ls_log_tag(SECRET, "Jan@Example.NL", t1);
	ls_log_tag(SECRET, "jan@example.nl", t2);
	CHECK_STR(t1, t2);
	ls_log_tag("other-secret-0123456", "jan@example.nl", t2);
	CHECK(strcmp(t1, t2) != 0);
}

static void test_confirm(void)
{
	struct ls_signup su, back;
	struct tz_buf q;
	struct ls_form f;
	memset(&su, 0, sizeof su);
	snprintf(su.address, sizeof su.address, "lid@example.nl");
	snprintf(su.fields.name, sizeof su.fields.name, "<b>Lid</b> & co");
	snprintf(su.fields.language, sizeof su.fields.language, "nl");
	snprintf(su.fields.interests, sizeof su.fields.interests, "parels;agenda");
	snprintf(su.version, sizeof su.version, "2026-12");
	su.ts = 1800000000LL;
	su.expiry = su.ts + LS_CONFIRM_SECONDS;
	tz_buf_init(&q, 0);
	CHECK(ls_confirm_query(SECRET, &su, &q) == 0);
	ls_form_init(&f);
	CHECK(ls_form_parse_urlencoded(&f, q.data, q.len) == 0);
	CHECK(ls_confirm_read(SECRET, &f, su.ts + 10, &back) == LS_CONFIRM_OK);
	CHECK_STR(back.fields.name, su.fields.name);
	CHECK_STR(back.fields.interests, "parels;agenda");
	CHECK(ls_confirm_read(SECRET, &f, su.expiry + 1, &back) == LS_CONFIRM_EXPIRED);
	CHECK(ls_confirm_read("another-secret-012345", &f, su.ts, &back) == LS_CONFIRM_BAD);
	ls_form_release(&f);
	/* the same signature on another address */
	{
		struct tz_buf q2;
		char *at = strstr(q.data, "lid%40");
		tz_buf_init(&q2, 0);
		tz_buf_add(&q2, q.data, (size_t)(at - q.data));
		tz_buf_adds(&q2, "lie%40");
		tz_buf_adds(&q2, at + 6);
		ls_form_init(&f);
		CHECK(ls_form_parse_urlencoded(&f, q2.data, q2.len) == 0);
		CHECK(ls_confirm_read(SECRET, &f, su.ts, &back) == LS_CONFIRM_BAD);
		ls_form_release(&f);
		tz_buf_release(&q2);
	}
	tz_buf_release(&q);
}

static void test_clicks_cidr_limit_log(void)
{
	struct tz_buf p;
	char url[LS_CLICK_URL_MAX + 1], esc[32];
	const char *target = "https://example.nl/a?b=c&d=é";
	struct ls_cidr c;
	unsigned char a4[4], a6[16];
	struct ls_limiter l;
	tz_buf_init(&p, 0);
	CHECK(ls_click_path(SECRET, "2026-12", target, &p) == 0);
	CHECK(strncmp(p.data, "/r/2026-12/", 11) == 0);
	{
		char *q = strchr(p.data, '?');
		*q = 0;
		CHECK(ls_click_decode(p.data + 11, url, sizeof url) == 0);
		CHECK_STR(url, target);
	}
	CHECK(ls_click_decode("a", url, sizeof url) == -1);
	CHECK(ls_click_decode("a*b", url, sizeof url) == -1);
	CHECK(ls_click_issue_ok("2026-12") && !ls_click_issue_ok("../x") && !ls_click_issue_ok(""));
	tz_buf_release(&p);

	CHECK(ls_cidr_parse("10.0.0.0/8", &c) == 0);
	inet_pton(AF_INET, "10.200.1.1", a4);
	CHECK(ls_cidr_match(&c, AF_INET, a4));
	inet_pton(AF_INET, "11.0.0.1", a4);
	CHECK(!ls_cidr_match(&c, AF_INET, a4));
	CHECK(ls_cidr_parse("2001:db8::/32", &c) == 0);
	inet_pton(AF_INET6, "2001:db8:1::5", a6);
	CHECK(ls_cidr_match(&c, AF_INET6, a6));
	CHECK(!ls_cidr_match(&c, AF_INET, a4));
	CHECK(ls_cidr_parse("10.0.0.0/33", &c) == -1);
	CHECK(ls_cidr_parse("host.example", &c) == -1);

	CHECK(ls_limiter_init(&l, 16, 3, 60) == 0);
	CHECK(ls_limiter_take(&l, "a", 100) == 0);
	CHECK(ls_limiter_take(&l, "a", 100) == 0);
	CHECK(ls_limiter_take(&l, "a", 100) == 0);
	CHECK(ls_limiter_take(&l, "a", 100) > 0); /* the 4th within the burst */
	CHECK(ls_limiter_take(&l, "b", 100) == 0);
	CHECK(ls_limiter_take(&l, "a", 120) == 0); /* 20 s refill one token */
	ls_limiter_release(&l);

	ls_log_escape("GET\x1b[2J\r\n\\x", esc, sizeof esc);
	CHECK_STR(esc, "GET\\x1b[2J\\x0d\\x0a\\x5cx");
	ls_log_escape("0123456789012345678901234567890123456789", esc, sizeof esc);
	CHECK(strlen(esc) == sizeof esc - 1);
}

int main(void)
{
	test_urlencoded();
	test_multipart();
	test_text_ok();
	test_templates();
	test_sign();
	test_confirm();
	test_clicks_cidr_limit_log();
	return tap_done();
}
