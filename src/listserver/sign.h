/*
 * sign.h - everything the list server hands out is signed, nothing is
 * stored: HMAC-SHA256 (nettle) with the server's secret over a purpose
 * and the fields it vouches for.
 *
 * The one idea: a signature binds a purpose ("confirm", "form", "csrf",
 * "click") to its fields, separated by NUL bytes, so a signature made for
 * one purpose or one set of fields is never valid for another, and none
 * of them is ever an unsubscribe token (token.h signs the bare address
 * key). Signatures are 22 base64url characters (132 bits), compared in
 * constant time. An expiry, where there is one, is one of the fields.
 *
 * Log tags name a person in the log by a keyed hash (12 hex digits of
 * HMAC(secret, "log" NUL key)): without the secret, a copy of the list
 * does not reveal who a log line is about.
 */
#ifndef LS_SIGN_H
#define LS_SIGN_H

#include <stddef.h>

#define LS_SIG_LEN 22
#define LS_SIG_SIZE 23
#define LS_TAG_SIZE 13

void ls_sign(const char *secret, const char *purpose, const char *const *fields, size_t n,
	     char out[LS_SIG_SIZE]);
/* 1 when sig is the signature of purpose and fields. */
int ls_sign_check(const char *secret, const char *purpose, const char *const *fields,
		  size_t n, const char *sig);
void ls_log_tag(const char *secret, const char *address, char out[LS_TAG_SIZE]);

#endif
