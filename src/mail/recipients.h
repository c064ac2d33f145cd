/*
 * recipients.h - the sender's view of a subscriber list: the active
 * subscribers with their tokens, and counts of those skipped. This is the
 * one place where src/list is plugged into sending.
 */
#ifndef TZ_RECIPIENTS_H
#define TZ_RECIPIENTS_H

#include <stddef.h>

#include "send.h"
#include "../util/error.h"

struct tz_recipients {
	struct tz_recipient *v; /* active, not suppressed, in list order */
	char **emails;          /* v[i].email, for the journal */
	size_t n;
	size_t unsubscribed, bounced, suppressed, other_inactive;
	void *owner;            /* the loaded list; strings point into it */
};

/* Load the list at path (CSV) with tokens from TECHZINE_TOKEN_SECRET. */
int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err);
/* A token for an address that is not on the list (--test copies). */
int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err);
void tz_recipients_release(struct tz_recipients *r);

#endif
