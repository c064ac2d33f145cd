/*
 * token.h - unsubscribe tokens and address hashes, both without a database.
 *
 * The token of an address is HMAC-SHA256(secret, key) where key is the
 * address in lower case (address.h), its first 132 bits in base64url: 22
 * characters of [A-Za-z0-9_-]. `send` writes it into the List-Unsubscribe
 * URL (?e=ADDRESS&t=TOKEN), the mailto subject (unsubscribe-TOKEN) and the
 * VERP envelope sender (bounce+TOKEN@bounce-domain, 29 octets of the 64 a
 * local part may have). Whoever holds an address and a token can check
 * them with the secret alone; a token without an address is looked up by
 * computing the tokens of the list (one HMAC per subscriber).
 *
 * The secret is TECHZINE_TOKEN_SECRET (at least 16 characters) from the
 * environment; TECHZINE_DEMO=1 selects a public demo secret.
 *
 * The hash of an address ("sha256:" and 64 hex digits of SHA-256 over the
 * key) is what the suppression list and the journals keep after an erasure
 * request, and its first 12 hex digits name an address in logs.
 */
#ifndef TZ_TOKEN_H
#define TZ_TOKEN_H

#include <stddef.h>

#include "../util/error.h"

#define TZ_TOKEN_LEN 22
#define TZ_TOKEN_SIZE 23
#define TZ_HASH_SIZE 72 /* "sha256:" + 64 + NUL */
#define TZ_TAG_SIZE 13

/* The secret, or NULL with err set (exit 2: how to set it). */
const char *tz_token_secret(struct tz_error *err);
void tz_token_make(const char *secret, const char *address, char out[TZ_TOKEN_SIZE]);
/* 1 when token is the token of address (constant time). */
int tz_token_check(const char *secret, const char *address, const char *token);
/* Does s look like a token (22 characters of base64url)? */
int tz_token_syntax_ok(const char *s, size_t len);

void tz_address_hash(const char *address, char out[TZ_HASH_SIZE]);
void tz_address_tag(const char *address, char out[TZ_TAG_SIZE]);
/* Is s a "sha256:<64 hex>" hash? */
int tz_is_address_hash(const char *s);

#endif
