/*
 * sign.c - purpose-bound HMAC signatures and keyed log tags (sign.h).
 */
#include "sign.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <string.h>

#include "../list/address.h"
#include "../util/banned.h"

static void mac(const char *secret, const char *purpose, const char *const *fields, size_t n,
		uint8_t out[SHA256_DIGEST_SIZE])
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

void ls_sign(const char *secret, const char *purpose, const char *const *fields, size_t n,
	     char out[LS_SIG_SIZE])
{
	static const char b64u[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	uint8_t m[SHA256_DIGEST_SIZE];
	size_t k = 0;
	mac(secret, purpose, fields, n, m);
	for (size_t bit = 0; k < LS_SIG_LEN; bit += 6) {
		unsigned v = ((unsigned)m[bit / 8] << 8 | m[bit / 8 + 1]) >> (10 - bit % 8);
		out[k++] = b64u[v & 63];
	}
	out[k] = 0;
}

int ls_sign_check(const char *secret, const char *purpose, const char *const *fields,
		  size_t n, const char *sig)
{
	char want[LS_SIG_SIZE];
	unsigned diff = 0;
	if (!sig || strlen(sig) != LS_SIG_LEN)
		return 0;
	ls_sign(secret, purpose, fields, n, want);
	for (size_t i = 0; i < LS_SIG_LEN; i++)
		diff |= (unsigned)(want[i] ^ sig[i]);
	return diff == 0;
}

void ls_log_tag(const char *secret, const char *address, char out[LS_TAG_SIZE])
{
	char key[TZ_ADDRESS_MAX];
	const char *f[1] = {key};
	uint8_t m[SHA256_DIGEST_SIZE];
	tz_address_key(address, key);
	mac(secret, "log", f, 1, m);
	for (size_t i = 0; i < 6; i++) {
		out[2 * i] = "0123456789abcdef"[m[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[m[i] & 15];
	}
	out[12] = 0;
}
