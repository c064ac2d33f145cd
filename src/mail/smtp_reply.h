/*
 * smtp_reply.h - what a failed SMTP transaction means for the send (pure
 * logic: reply code, enhanced status code, the server's words and where in
 * the transaction the reply came; no sockets, so it is unit-tested).
 *
 * The one idea: a reply is about the recipient, about us (the session,
 * the sender, the message) or about the pace. Only the first may be
 * journaled as a failure of that recipient; the others would repeat for
 * every recipient, so they slow the send down or stop it.
 */
#ifndef TZ_SMTP_REPLY_H
#define TZ_SMTP_REPLY_H

#include <stddef.h>

/* Where the reply came: counted from the end of the session set-up. */
enum tz_smtp_phase {
	TZ_PHASE_SESSION, /* greeting, EHLO, STARTTLS, AUTH */
	TZ_PHASE_MAIL,
	TZ_PHASE_RCPT,
	TZ_PHASE_DATA,    /* the 354 */
	TZ_PHASE_END      /* after the final "." */
};

enum tz_smtp_verdict {
	TZ_V_RECIPIENT, /* 5xx about this recipient: journaled as failed */
	TZ_V_TEMPORARY, /* 4xx: retried with the item's backoff */
	TZ_V_THROTTLE,  /* 421, 454, 4.7.x, "rate", "too many": slow down, pause */
	TZ_V_AUTH,      /* 530/534/535/538, 5.7.0/5.7.8/...: stop */
	TZ_V_SENDER,    /* the envelope sender refused: stop, nobody marked */
	TZ_V_MESSAGE,   /* the message refused (size, content): stop */
	TZ_V_RELAY,     /* "relay access denied": stop */
	TZ_V_QUOTA      /* the relay's daily limit is used up: stop */
};

/* Classify a 4xx/5xx reply. sender is the envelope sender ("<...>" or
 * bare), to recognise a reply that names it. */
enum tz_smtp_verdict tz_smtp_classify(int code, const char *enhanced, const char *text,
				      enum tz_smtp_phase phase, const char *sender);
/* "too many connections": the server wants fewer sessions at once. */
int tz_smtp_too_many_sessions(const char *text);
/* Parse the enhanced status code ("5.1.1") out of a reply line. */
void tz_smtp_enhanced(const char *reply, char *out, size_t n);
/* The reply line without its code and enhanced code: "550 5.1.1 <x>: no"
 * gives "<x>: no" (a pointer into reply). */
const char *tz_smtp_reply_words(const char *reply);

#endif
