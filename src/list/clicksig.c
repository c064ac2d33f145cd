/*
 * clicksig.c - purpose-bound HMAC signatures and the click link (see
 * clicksig.h). nettle does the HMAC; the base64url is written here
 * because it is twenty lines without padding and nettle's base64url
 * encoder wants padding removed afterwards anyway.
 */
#include "clicksig.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <string.h>

#include "../util/banned.h"

static const char b64u[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void tz_purpose_mac(const char *secret, const char *purpose, const char *const *fields,
		    size_t n, uint8_t out[32])
{
	struct hmac_sha256_ctx ctx;
	hmac_sha256_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha256_update(&ctx, strlen(purpose) + 1, (const uint8_t *)purpose);
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i] ? fields[i] : "";
		hmac_sha256_update(&ctx, strlen(f) + 1, (const uint8_t *)f);
	}
	hmac_sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void tz_purpose_sign(const char *secret, const char *purpose, const char *const *fields,
		     size_t n, char out[TZ_SIG_SIZE])
{
	uint8_t m[SHA256_DIGEST_SIZE];
	size_t k = 0;
	tz_purpose_mac(secret, purpose, fields, n, m);
	for (size_t bit = 0; k < TZ_SIG_LEN; bit += 6) {
		unsigned v = ((unsigned)m[bit / 8] << 8 | m[bit / 8 + 1]) >> (10 - bit % 8);
		out[k++] = b64u[v & 63];
	}
	out[k] = 0;
}

int tz_click_issue_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_') || n >= 40)
			return 0;
	return n > 0;
}

int tz_click_url_ok(const char *url)
{
	size_t n = strlen(url);
	if (n > TZ_CLICK_URL_MAX || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 127)
			return 0;
	return 1;
}

int tz_click_path(const char *secret, const char *issue, const char *url, struct tz_buf *out)
{
	const unsigned char *u = (const unsigned char *)url;
	size_t len = strlen(url);
	const char *f[2] = {issue, url};
	char sig[TZ_SIG_SIZE];
	if (tz_buf_addf(out, "/r/%s/", issue))
		return -1;
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)u[i] << 16 | (i + 1 < len ? (unsigned)u[i + 1] << 8 : 0) |
			     (i + 2 < len ? u[i + 2] : 0);
		size_t chars = i + 2 < len ? 4 : i + 1 < len ? 3 : 2;
		for (size_t k = 0; k < chars; k++)
			if (tz_buf_addc(out, b64u[(v >> (18 - 6 * k)) & 63]))
				return -1;
	}
	tz_purpose_sign(secret, "click", f, 2, sig);
	return tz_buf_addf(out, "?s=%s", sig);
}
