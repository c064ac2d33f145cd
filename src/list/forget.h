/*
 * forget.h - erasure (AVG/GDPR article 17): remove one person everywhere
 * techzine keeps them.
 *
 * Lists: the rows go. Suppression: only the hash stays (a plain entry is
 * replaced by it, and a "forgotten" entry is added) so an old export cannot
 * bring the address back. Send journals: every occurrence of the address
 * becomes its hash, so a resumed send still knows the person was handled
 * but not who it was. Outbox messages addressed to them are deleted.
 *
 * The one idea: the address is replaced as text, wherever it appears in a
 * line (a 550 reply quoting it as well), matched without regard to ASCII
 * case and only as a whole address (not inside a longer one).
 */
#ifndef TZ_FORGET_H
#define TZ_FORGET_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

/* Copy data to out with each occurrence of address replaced by repl;
 * returns the number replaced, -1 when out of memory. */
long tz_forget_text(const char *data, size_t len, const char *address, const char *repl,
		    struct tz_buf *out);
/* Does data mention address (as a whole address)? */
int tz_forget_mentions(const char *data, size_t len, const char *address);

struct tz_forget_report {
	size_t rows, lists, journals, journal_lines, messages;
	int suppression_hashed;
};

/* Rewrite the journals and delete the outbox messages under out (the
 * layout of `send`: OUT/<issue>/send-*.journal* and every OUT/<issue>/outbox... Maildir). */
int tz_forget_outputs(const char *out, const char *address, struct tz_forget_report *r,
		      struct tz_error *err);

#endif
