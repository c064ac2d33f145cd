/*
 * test_prefsurl.c - the personal links `send` writes (tz_unsubscribe_url):
 * the preferences link is the list server's /p/ beside the /u/ of
 * unsubscribe-url (with its query kept), an unsubscribe service that is
 * not a /u/ keeps the old "&p=1", a host named "u" is not a path; and the
 * click link of src/list/clicksig.c against a signature computed here
 * from its definition (HMAC-SHA256 over "click", issue, URL, NUL after
 * each), so renderer and server cannot drift apart unnoticed.
 */
#include <nettle/base64.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "list/clicksig.h"
#include "mail/send.h"
#include "tap.h"

static void url_of(const char *base, int prefs, char *out, size_t n)
{
	struct tz_issue is;
	struct tz_recipient r;
	struct tz_buf b;
	memset(&is, 0, sizeof is);
	memset(&r, 0, sizeof r);
	is.mail.unsubscribe_url = (char *)base;
	r.email = "a+b@example.nl";
	r.token = "Tok_en-1Tok_en-1Tok_en";
	tz_buf_init(&b, 4096);
	CHECK(tz_unsubscribe_url(&is, &r, prefs, &b) == 0);
	snprintf(out, n, "%s", b.data ? b.data : "");
	tz_buf_release(&b);
}

int main(void)
{
	char got[512];
	struct tz_buf b;
	uint8_t mac[SHA256_DIGEST_SIZE];
	struct hmac_sha256_ctx ctx;
	char b64[64];
	size_t k;

	url_of("https://x.example/u/", 0, got, sizeof got);
	CHECK_STR(got, "https://x.example/u/?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en");
	url_of("https://x.example/u/", 1, got, sizeof got);
	CHECK_STR(got, "https://x.example/p/?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en");
	url_of("https://x.example/lijst/u", 1, got, sizeof got);
	CHECK_STR(got, "https://x.example/lijst/p/?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en");
	url_of("https://x.example/u/?list=a", 1, got, sizeof got);
	CHECK_STR(got, "https://x.example/p/?list=a&e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en");
	url_of("https://x.example/afmelden", 1, got, sizeof got);
	CHECK_STR(got, "https://x.example/afmelden?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en&p=1");
	url_of("https://u", 1, got, sizeof got);
	CHECK_STR(got, "https://u?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en&p=1");
	url_of("https://x.example/menu/", 1, got, sizeof got);
	CHECK_STR(got, "https://x.example/menu/?e=a%2Bb%40example.nl&t=Tok_en-1Tok_en-1Tok_en&p=1");

	/* the click link: /r/ISSUE/base64url(URL)?s=first 22 chars of base64url(HMAC) */
	hmac_sha256_set_key(&ctx, 20, (const uint8_t *)"secret-0123456789abc");
	hmac_sha256_update(&ctx, 6, (const uint8_t *)"click");
	hmac_sha256_update(&ctx, 8, (const uint8_t *)"2026-12");
	hmac_sha256_update(&ctx, 20, (const uint8_t *)"https://a.example/x");
	hmac_sha256_digest(&ctx, sizeof mac, mac);
	base64_encode_raw(b64, sizeof mac, mac);
	for (k = 0; k < 22; k++)
		b64[k] = b64[k] == '+' ? '-' : b64[k] == '/' ? '_' : b64[k];
	b64[22] = 0;
	tz_buf_init(&b, 4096);
	CHECK(tz_click_path("secret-0123456789abc", "2026-12", "https://a.example/x", &b) == 0);
	snprintf(got, sizeof got, "/r/2026-12/aHR0cHM6Ly9hLmV4YW1wbGUveA?s=%s", b64);
	CHECK_STR(b.data, got);
	tz_buf_release(&b);
	CHECK(tz_click_issue_ok("2026-12") && !tz_click_issue_ok("") && !tz_click_issue_ok("a/b") &&
	      tz_click_issue_ok("x123456789012345678901234567890123456789") /* 40 */ &&
	      !tz_click_issue_ok("x1234567890123456789012345678901234567890") /* 41 */);
	CHECK(tz_click_url_ok("http://a.example/") && !tz_click_url_ok("mailto:a@b.nl") &&
	      !tz_click_url_ok("https://a.example/ x") && !tz_click_url_ok("javascript:x"));
	return tap_done();
}
