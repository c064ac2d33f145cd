/*
 * journal.h - the sign-up journal "<folder>/signups.log": one line per
 * event, so `techzine subscribers pending` can show what awaits
 * confirmation and how well the form converts, without a pending
 * database and without naming anyone.
 *
 * Line: "<unix time>\t<event>\t<tag>\n", event one of "mailed" (a
 * confirmation mail was queued) or "confirmed"; tag is the keyed log tag
 * (sign.h). Appended with one write(2) to an O_APPEND file, so lines of
 * concurrent requests never interleave and a kill loses at most the line
 * being written.
 */
#ifndef LS_JOURNAL_H
#define LS_JOURNAL_H

#include <stddef.h>
#include <stdio.h>

#include "../util/error.h"

#define LS_JOURNAL_NAME "signups.log"

int ls_journal_add(const char *dir, const char *event, const char *tag, long long when);

struct ls_pending_stats {
	size_t mailed, confirmed, pending, expired; /* distinct tags in the window */
};

/* Read the journal of dir; print pending tags (mailed within 7 days, not
 * confirmed after) to out when out is not NULL; counts over the last days. */
int ls_journal_pending(const char *dir, long long now, int days, FILE *out,
		       struct ls_pending_stats *st, struct tz_error *err);

#endif
