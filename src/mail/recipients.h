/*
 * recipients.h - the sender's view of a subscriber list: the active
 * subscribers that are not suppressed and match the segment, with their
 * tokens, and counts of those skipped. This is the one place where src/list
 * is plugged into sending.
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
	size_t not_in_segment;  /* active, but outside --where */
	void *owner;            /* the loaded list; strings point into it */
};

/* Load the list at path (CSV) with tokens from TECHZINE_TOKEN_SECRET,
 * leaving out everyone in the suppression file next to it. A list with
 * errors (run `techzine subscribers validate`) is refused. */
int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err);
/* The same for the subscribers matching every --where expression (see
 * src/list/segment.h); default_lang is what an empty language means. */
int tz_recipients_load_where(const char *path, char *const *where, size_t nwhere,
			     const char *default_lang, struct tz_recipients *r,
			     struct tz_error *err);
/* A token for an address that is not on the list (--test copies). */
int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err);
void tz_recipients_release(struct tz_recipients *r);

#endif
