/*
 * report.h - what an incoming message in the bounce mailbox says, as a
 * struct: a bounce (RFC 3464, or the plain text, X-Failed-Recipients or
 * JSON of the servers that write no RFC 3464 report), a complaint (ARF,
 * RFC 5965, or Hotmail's and Apple's own shapes), an auto-reply, an
 * unsubscribe reply to the mailto: address, or nothing we know.
 *
 * The one idea: bytes in, struct out, no files, no lists, no secret. The
 * parser only collects evidence (each failed recipient with its status,
 * reply code, diagnostic and the reason and verdict they mean, the tokens
 * found in the VERP address, the List-Unsubscribe URL of the returned
 * original or the subject); bounces.c checks the token against the secret
 * and the lists and decides. libetpan parses the MIME structure and the
 * header fields (on a NUL-padded copy); the parts are decoded by
 * partdecode.c, the field blocks by report_fields.c, the words by
 * bounce_text.c with the tables of bounce_servers.c and bounce_phrases.c.
 */
#ifndef TZ_REPORT_H
#define TZ_REPORT_H

#include <stddef.h>

#include "address.h"
#include "bounce_reason.h"
#include "token.h"

#define TZ_REPORT_MAX_BYTES ((size_t)10 * 1024 * 1024)
#define TZ_REPORT_MAX_RCPTS 16

/* TZ_REPORT_DSN is any bounce, RFC 3464 or not; TZ_REPORT_ARF any
 * complaint, RFC 5965 or not; TZ_REPORT_AUTOREPLY is never acted on. */
enum tz_report_kind {
	TZ_REPORT_UNKNOWN,
	TZ_REPORT_DSN,
	TZ_REPORT_ARF,
	TZ_REPORT_UNSUBSCRIBE,
	TZ_REPORT_AUTOREPLY
};

struct tz_report_rcpt {
	char address[TZ_ADDRESS_MAX]; /* Final-Recipient, the bounce text; "" when it names none */
	char action[16];              /* failed, delayed, delivered, relayed, expanded */
	char status[16];              /* "5.1.1", "4.4.7", "5.1.10" ("" none) */
	char reply[4];                /* SMTP reply code "550" ("" none) */
	char diagnostic[400];
	enum tz_reason reason;        /* why it failed (bounce_reason.h) */
	enum tz_verdict verdict;      /* what that means for the subscriber */
	const char *phrase;           /* the phrase-table entry that decided, or NULL */
};

struct tz_report {
	enum tz_report_kind kind;
	char token[TZ_TOKEN_SIZE];       /* the best token found ("" none) */
	char token_from[24];             /* where: "verp", "list-unsubscribe", "subject" */
	char address[TZ_ADDRESS_MAX];    /* the subscriber, when the report names one */
	struct tz_report_rcpt rcpt[TZ_REPORT_MAX_RCPTS];
	size_t nrcpt;
	char feedback_type[32];          /* ARF: abuse, fraud, ... */
	long long date;                  /* the report's Date: (Unix time), 0 unknown */
	char why[160];                   /* unknown: why not recognised */
	const char *server;              /* the recogniser that read it ("RFC 3464", "Exim", ...) */
};

/* Parse one message (RFC 5322 bytes; msg need not be NUL-terminated). -1
 * only when memory runs out; a message that is not a report is
 * TZ_REPORT_UNKNOWN with why set. Every recipient has its reason and
 * verdict filled in. */
int tz_report_parse(const char *msg, size_t len, struct tz_report *r);
/* Is a status code permanent (5.x.x), transient (4.x.x)? 0 otherwise. */
int tz_status_class(const char *status);

#endif
