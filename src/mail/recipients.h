/*
 * recipients.h - the sender's view of a subscriber list: the active
 * subscribers that are not suppressed and match the segment, with their
 * tokens, and counts of those skipped. This is the one place where src/list
 * is plugged into sending.
 *
 * The one idea: a send holds 12 bytes a recipient, not the rows. The list
 * is read once, row by row (src/list/list.h tz_list_scan), keeping where
 * each recipient's row is in the file; a recipient is read again from the
 * file when its message is built. The file stays open, so a list that is
 * replaced while the send runs (every techzine write renames a new file
 * into place) does not change the send; a list edited in place is noticed
 * (each row carries a check of its address) and stops the send.
 */
#ifndef TZ_RECIPIENTS_H
#define TZ_RECIPIENTS_H

#include <stddef.h>
#include <stdint.h>

#include "send.h"
#include "../util/error.h"

struct tz_recipients {
	size_t n; /* active, not suppressed, inside the segment, in list order */
	size_t unsubscribed, bounced, suppressed, other_inactive;
	size_t not_in_segment; /* active, but outside --where */
	int other_lang;        /* someone reads the language that is not default_lang */
	uint64_t set_hash;     /* of the recipients' addresses (journal.h), from the scan */
	void *owner;
};

/* Load the list at path (CSV) with tokens from TECHZINE_TOKEN_SECRET,
 * leaving out everyone in the suppression file next to it. A list with
 * errors (run `techzine subscribers validate`), or a recipient whose
 * address or name cannot go into a header, is refused. */
int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err);
/* The same for the subscribers matching every --where expression (see
 * src/list/segment.h); default_lang is what an empty language means. */
int tz_recipients_load_where(const char *path, char *const *where, size_t nwhere,
			     const char *default_lang, struct tz_recipients *r,
			     struct tz_error *err);
/* Recipient i (0 <= i < n), read from the list file. The strings live in
 * r and stay valid until the next call; NULL with err when the file cannot
 * be read or was changed in place. */
const struct tz_recipient *tz_recipients_get(struct tz_recipients *r, size_t i,
					     struct tz_error *err);
/* Only the address of recipient i (no token made), valid as above. */
const char *tz_recipients_email(struct tz_recipients *r, size_t i, struct tz_error *err);
/* Is address in the suppression file now? The file is looked at again
 * (stat) at most every 250 ms and re-read when it changed, so that an
 * unsubscribe or complaint during a long send is honoured for every
 * message not yet sent. 1 yes, 0 no, -1 with err when it cannot be read. */
int tz_recipients_suppressed_now(struct tz_recipients *r, const char *email,
				 struct tz_error *err);
/* A token for an address that is not on the list (--test copies). */
int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err);
void tz_recipients_release(struct tz_recipients *r);

#endif
