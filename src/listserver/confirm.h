/*
 * confirm.h - the double opt-in link: everything a sign-up said, signed,
 * with its expiry, in the link itself.
 *
 * Why a signed link and not a pending file: a sign-up then writes nothing
 * to disk and takes no lock, so a flood of sign-ups (10,000 in the tests)
 * cannot grow a file, slow the folder down or fill the disk; the only
 * thing it can cause is confirmation mails, which are limited per address
 * and in all. The folder changes only when the owner of the mailbox
 * presses the button. The price: a link cannot be withdrawn before it
 * expires (7 days), so confirming is made harmless to repeat (idempotent)
 * and a link older than the address's last unsubscription is refused.
 *
 * Query: e (address), n (name), l (language), m (municipality),
 * i (interests "a;b"), src (form source), v (consent version),
 * ts (sign-up time), x (expiry), s (signature over all of them).
 */
#ifndef LS_CONFIRM_H
#define LS_CONFIRM_H

#include "fields.h"
#include "form.h"
#include "../list/address.h"
#include "../util/buf.h"

#define LS_CONFIRM_SECONDS (7LL * 24 * 3600)

struct ls_signup {
	char address[TZ_ADDRESS_MAX];
	struct ls_fields fields;
	char source[48];  /* "" or the partner's src= */
	char version[24]; /* consent version */
	long long ts, expiry;
};

/* Append "e=...&...&s=SIG" (urlencoded) for su to out. */
int ls_confirm_query(const char *secret, const struct ls_signup *su, struct tz_buf *out);

enum ls_confirm_check { LS_CONFIRM_OK, LS_CONFIRM_BAD, LS_CONFIRM_EXPIRED };
/* Read and verify a confirmation query (now: the current time). */
enum ls_confirm_check ls_confirm_read(const char *secret, const struct ls_form *q, long long now,
				      struct ls_signup *su);

/* Percent-encode s for a query value (RFC 3986 unreserved kept). */
int ls_urlencode(struct tz_buf *out, const char *s);

#endif
