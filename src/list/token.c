/*
 * token.c - HMAC tokens and SHA-256 address hashes with nettle (token.h).
 */
#include "token.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "secretfile.h"
#include "../util/banned.h"

#define DEMO_SECRET "techzine-demo-secret-not-for-production"

const char *tz_token_secret(struct tz_error *err)
{
	const char *s = getenv("TECHZINE_TOKEN_SECRET");
	const char *demo = getenv("TECHZINE_DEMO");
	const char *f;
	char path[4096];
	struct tz_error ferr;

	if (s && strlen(s) >= 16)
		return s;
	if (demo && strcmp(demo, "1") == 0)
		return DEMO_SECRET;
	tz_error_clear(&ferr);
	if ((f = tz_secret_file_read(&ferr)))
		return f;
	if (ferr.code) {
		*err = ferr;
		return NULL;
	}
	if (tz_secret_file_path(path, sizeof(path)))
		snprintf(path, sizeof(path), "~/.config/techzine/token-secret");
	tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
		     "TECHZINE_TOKEN_SECRET is not set (at least 16 characters; "
		     "TECHZINE_DEMO=1 uses the public demo secret) and there is no secret file '%s'; "
		     "run 'techzine secret init' once to create it, and keep it: the unsubscribe links "
		     "of every newsletter depend on it",
		     path);
	return NULL;
}

void tz_token_make(const char *secret, const char *address, char out[TZ_TOKEN_SIZE])
{
	static const char b64u[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	struct hmac_sha256_ctx ctx;
	uint8_t mac[SHA256_DIGEST_SIZE];
	char key[TZ_ADDRESS_MAX];
	size_t k = 0;
	tz_address_key(address, key);
	hmac_sha256_set_key(&ctx, strlen(secret), (const uint8_t *)secret);
	hmac_sha256_update(&ctx, strlen(key), (const uint8_t *)key);
	hmac_sha256_digest(&ctx, sizeof mac, mac);
	/* 132 bits of the MAC, 6 bits per character */
	for (size_t bit = 0; k < TZ_TOKEN_LEN; bit += 6) {
		unsigned v = ((unsigned)mac[bit / 8] << 8 | mac[bit / 8 + 1]) >> (10 - bit % 8);
		out[k++] = b64u[v & 63];
	}
	out[k] = 0;
}

int tz_token_check(const char *secret, const char *address, const char *token)
{
	char want[TZ_TOKEN_SIZE];
	unsigned diff = 0;
	if (!token || strlen(token) != TZ_TOKEN_LEN)
		return 0;
	tz_token_make(secret, address, want);
	for (size_t i = 0; i < TZ_TOKEN_LEN; i++)
		diff |= (unsigned)(want[i] ^ token[i]);
	return diff == 0;
}

int tz_token_syntax_ok(const char *s, size_t len)
{
	if (len != TZ_TOKEN_LEN)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

void tz_address_hash(const char *address, char out[TZ_HASH_SIZE])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	char key[TZ_ADDRESS_MAX];
	tz_address_key(address, key);
	sha256_init(&ctx);
	sha256_update(&ctx, strlen(key), (const uint8_t *)key);
	sha256_digest(&ctx, sizeof d, d);
	memcpy(out, "sha256:", 7);
	for (size_t i = 0; i < sizeof d; i++) {
		out[7 + 2 * i] = "0123456789abcdef"[d[i] >> 4];
		out[8 + 2 * i] = "0123456789abcdef"[d[i] & 15];
	}
	out[7 + 64] = 0;
}

void tz_address_tag(const char *address, char out[TZ_TAG_SIZE])
{
	char h[TZ_HASH_SIZE];
	tz_address_hash(address, h);
	memcpy(out, h + 7, 12);
	out[12] = 0;
}

int tz_is_address_hash(const char *s)
{
	if (strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71)
		return 0;
	for (s += 7; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}
