/*
 * suppress.h - the suppression list subscribers/suppressed.csv: addresses
 * that never get a message again, whatever a list or an import says.
 *
 * Columns: address, reason, date, source. address is a plain address (as
 * an officer may type it) or "sha256:" and the hash of its key (token.h),
 * which is what techzine itself writes: the file says who must not be
 * mailed without saying who they are. Every entry is matched by hash.
 */
#ifndef TZ_SUPPRESS_H
#define TZ_SUPPRESS_H

#include <stddef.h>

#include "list.h"
#include "token.h"
#include "../util/buf.h"
#include "../util/error.h"

struct tz_supp_entry {
	char hash[TZ_HASH_SIZE];
	char *address; /* as written in the file: plain or the hash */
	char *reason, *date, *source;
};

struct tz_suppression {
	char *path;
	struct tz_supp_entry *v;
	size_t n, cap;
	size_t *slots; /* hash index: entry + 1 */
	size_t nslots;
	int changed;
};

/* Read path; a missing file is an empty list. */
int tz_suppression_load(struct tz_suppression *s, const char *path, struct tz_error *err);
int tz_suppression_parse(struct tz_suppression *s, const char *path, const char *data,
			 size_t len, struct tz_error *err);
int tz_suppression_serialise(const struct tz_suppression *s, struct tz_buf *out);
void tz_suppression_release(struct tz_suppression *s);
/* The entry that suppresses address, or NULL. */
const struct tz_supp_entry *tz_suppression_find(const struct tz_suppression *s,
						const char *address);
/* Suppress address (stored as its hash); an existing entry is kept. */
int tz_suppression_add(struct tz_suppression *s, const char *address, const char *reason,
		       const char *source);
/* Replace a plain entry of address by its hash; 1 when one was replaced. */
int tz_suppression_hash_only(struct tz_suppression *s, const char *address);
/* Drop the entry of address (a new sign-up with fresh consent). */
int tz_suppression_remove(struct tz_suppression *s, const char *address);

#endif
