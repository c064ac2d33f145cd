/*
 * sign.c - purpose-bound HMAC signatures and keyed log tags (sign.h); the
 * HMAC itself is src/list/clicksig.c, which the newsletter renderer shares.
 */
#include "sign.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <stdint.h>
#include <string.h>

#include "../list/address.h"
#include "../list/clicksig.h"
#include "../util/banned.h"

void ls_sign(const char *secret, const char *purpose, const char *const *fields, size_t n,
	     char out[LS_SIG_SIZE])
{
	tz_purpose_sign(secret, purpose, fields, n, out);
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
	tz_purpose_mac(secret, "log", f, 1, m);
	for (size_t i = 0; i < 6; i++) {
		out[2 * i] = "0123456789abcdef"[m[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[m[i] & 15];
	}
	out[12] = 0;
}
