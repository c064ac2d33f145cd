/*
 * mailer.h - confirmation mails: built with the project's MIME code
 * (mime.h: text + HTML, RFC 2047 headers, CR/LF refused) in the request's
 * thread, delivered by one mailer thread over SMTP (smtp.h: the same TLS
 * and AUTH rules as `send`) or into an outbox Maildir (outbox.h).
 *
 * The one idea: a request never waits for a mail server. It hands a
 * finished message to a bounded queue (LS_MAILER_QUEUE); when the queue
 * is full the mail is dropped and logged, and the reader sees the same
 * "check your inbox" page as always, so a flood can neither block the
 * server nor grow its memory.
 */
#ifndef LS_MAILER_H
#define LS_MAILER_H

#include "config.h"
#include "confirm.h"
#include "log.h"
#include "../util/error.h"

#define LS_MAILER_QUEUE 256

struct ls_mailer;

struct ls_mailer *ls_mailer_new(const struct ls_config *c, struct ls_log *log,
				struct tz_error *err);
/* Deliver what is queued, stop the thread, free. */
void ls_mailer_free(struct ls_mailer *m);
/* Build the confirmation mail of su (link: url) and queue it; -1 when it
 * cannot be built or the queue is full. */
int ls_mailer_queue(struct ls_mailer *m, const struct ls_signup *su, const char *url,
		    const char *tag);
/* Build the message only (for tests): CRLF, appended to out. */
int ls_confirm_mail(const struct ls_config *c, const struct ls_signup *su, const char *url,
		    struct tz_buf *out, struct tz_error *err);

#endif
