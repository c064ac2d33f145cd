/*
 * clicksig.h - the signed click link of the list server's counting
 * redirect, and the purpose-bound HMAC it is signed with.
 *
 * Lives below both users: the newsletter renderer (src/web/clicklinks.c)
 * writes the links, the list server (src/listserver/) signs its other
 * tokens with the same HMAC and checks the links. A link is
 *
 *     /r/<issue>/<base64url of the URL, no padding>?s=<signature>
 *
 * where the signature is tz_purpose_sign(secret, "click", {issue, URL}):
 * HMAC-SHA256 over the purpose and the fields, each followed by a NUL,
 * its first 132 bits in base64url (22 characters). Nothing in the link
 * names a reader: counts are aggregate only.
 */
#ifndef TZ_CLICKSIG_H
#define TZ_CLICKSIG_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"

#define TZ_SIG_LEN 22
#define TZ_SIG_SIZE 23
#define TZ_CLICK_URL_MAX 2000

/* HMAC-SHA256(secret, purpose NUL field1 NUL ...): 32 bytes into out. */
void tz_purpose_mac(const char *secret, const char *purpose, const char *const *fields,
		    size_t n, uint8_t out[32]);
/* The same, as 22 base64url characters. */
void tz_purpose_sign(const char *secret, const char *purpose, const char *const *fields,
		     size_t n, char out[TZ_SIG_SIZE]);

/* Is s an issue name the redirect accepts (1..40 of [A-Za-z0-9_-])? */
int tz_click_issue_ok(const char *s);
/* Is url a link that may be counted: http(s), at most TZ_CLICK_URL_MAX
 * bytes, no control characters or spaces? */
int tz_click_url_ok(const char *url);
/* Append "/r/<issue>/<link>?s=<sig>" for url to out; -1 when out is full. */
int tz_click_path(const char *secret, const char *issue, const char *url, struct tz_buf *out);

#endif
