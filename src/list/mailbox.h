/*
 * mailbox.h - the bounce mailbox: a Maildir folder, or an IMAP/IMAPS
 * mailbox through libcurl.
 *
 * The one idea: techzine only ever marks a message it has acted on as
 * seen (Maildir: moved to cur/ with the S flag; IMAP: \Seen), and never
 * deletes anything. Everything unread is looked at on every run; what is
 * not recognised stays unread and is reported again, for a person to read.
 * IMAP: libcurl fetches with BODY[], which marks a message seen, so the
 * unread ones that were not handled get \Seen cleared again (a crash in
 * between can leave one marked seen; it is still in the mailbox).
 *
 * IMAP: certificate verification stays on (--cacert adds a CA); imap://
 * insists on STARTTLS; credentials come from TECHZINE_IMAP_USER and
 * TECHZINE_IMAP_PASSWORD or from ~/.netrc, never the command line.
 */
#ifndef TZ_MAILBOX_H
#define TZ_MAILBOX_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

struct tz_mailbox {
	int imap;
	char *root;       /* Maildir folder, or the IMAP URL of the mailbox */
	const char *cacert;
	char **ids;       /* Maildir: path relative to root; IMAP: UID */
	size_t n, cap;
	void *curl;
};

/* Open a Maildir folder or an imap(s):// URL and list the unread messages. */
int tz_mailbox_open(struct tz_mailbox *mb, const char *where, const char *cacert,
		    struct tz_error *err);
/* Read message i (at most max bytes; larger ones are an error). */
int tz_mailbox_read(struct tz_mailbox *mb, size_t i, size_t max, struct tz_buf *out,
		    struct tz_error *err);
/* Leave message i as it was found: unread (IMAP: clear \Seen). */
int tz_mailbox_keep(struct tz_mailbox *mb, size_t i, struct tz_error *err);
/* Mark message i as handled (seen). */
int tz_mailbox_done(struct tz_mailbox *mb, size_t i, struct tz_error *err);
/* "new/1764.M1P2.host" or "UID 17": for the report. */
const char *tz_mailbox_name(const struct tz_mailbox *mb, size_t i);
void tz_mailbox_close(struct tz_mailbox *mb);

#endif
