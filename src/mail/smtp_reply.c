/*
 * smtp_reply.c - reply classification (see smtp_reply.h). The rules, with
 * the replies they were learned from (Postfix 3.7 unless said):
 *
 *   421 4.7.0 Error: too many connections from 127.0.0.1   throttle
 *   450 4.7.1 Error: too much mail from 127.0.0.1          throttle
 *   454 4.7.0 TLS not available due to local problem       throttle
 *   451 4.7.1 <x>: Recipient address rejected: try again later (at RCPT:
 *                                    greylisting)           temporary
 *   451 4.3.0 Error: queue file write error                temporary
 *   530 5.7.0 Must issue a STARTTLS command first          auth
 *   535 5.7.8 Error: authentication failed                 auth
 *   553 5.7.1 <bounce+x@d>: Sender address rejected: not owned by user u
 *                                                          sender (at RCPT,
 *                                                          smtpd_delay_reject)
 *   552 5.3.4 Message size exceeds fixed limit             message (at MAIL
 *                                                          with SIZE=, or at
 *                                                          the end of data)
 *   554 5.7.1 <x>: Relay access denied                     relay
 *   550 5.1.1 <x>: Recipient address rejected: User unknown recipient
 * and from the providers' documentation:
 *   450 4.2.1 Peak SMTP relay limit exceeded for customer   throttle (Google)
 *   432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded
 *                                                          throttle (Microsoft)
 *   550 5.4.5 Daily SMTP relay limit exceeded for user     quota (Google)
 *   550 5.7.1 Daily SMTP relay limit exceeded for customer quota (Google)
 *   554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException...
 *                                                          sender (Microsoft)
 */
#include "smtp_reply.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/banned.h"

static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; *p; p++)
		if (strncasecmp(p, word, n) == 0)
			return 1;
	return 0;
}

/* The reply names the sender: "<bounce+x@d>" (with or without brackets). */
static int names_sender(const char *text, const char *sender)
{
	char bare[512];
	size_t n;
	if (!sender || !*sender)
		return 0;
	if (sender[0] == '<')
		sender++;
	n = strcspn(sender, ">");
	if (n == 0 || n >= sizeof bare)
		return 0;
	memcpy(bare, sender, n);
	bare[n] = 0;
	return has_word(text, bare);
}

int tz_smtp_too_many_sessions(const char *text)
{
	return has_word(text, "too many connections") || has_word(text, "too many sessions") ||
	       has_word(text, "too many concurrent");
}

enum tz_smtp_verdict tz_smtp_classify(int code, const char *enhanced, const char *text,
				      enum tz_smtp_phase phase, const char *sender)
{
	int sub7 = strncmp(enhanced, "5.7.", 4) == 0;
	if (code >= 400 && code < 500) {
		if (code == 421 || code == 454 || has_word(text, "rate") ||
		    has_word(text, "too many") || has_word(text, "too much") ||
		    has_word(text, "slow down") || has_word(text, "limit exceeded"))
			return TZ_V_THROTTLE;
		/* 4.7.x is a policy reply: about us, except at RCPT, where
		 * greylisting answers "451 4.7.1 try again later" for one
		 * recipient (rate limits there say "too many") */
		if (strncmp(enhanced, "4.7.", 4) == 0 && phase != TZ_PHASE_RCPT)
			return TZ_V_THROTTLE;
		return TZ_V_TEMPORARY;
	}
	if (code == 530 || code == 534 || code == 535 || code == 538 ||
	    strcmp(enhanced, "5.7.0") == 0 || strcmp(enhanced, "5.7.8") == 0 ||
	    strcmp(enhanced, "5.7.9") == 0 || strcmp(enhanced, "5.7.11") == 0 ||
	    phase == TZ_PHASE_SESSION)
		return TZ_V_AUTH;
	if (strcmp(enhanced, "5.3.4") == 0 || strcmp(enhanced, "5.2.3") == 0 ||
	    has_word(text, "size exceeds") || has_word(text, "message too big") ||
	    has_word(text, "too large"))
		return TZ_V_MESSAGE;
	if (has_word(text, "relay access denied") || has_word(text, "relaying denied"))
		return TZ_V_RELAY;
	if (has_word(text, "limit exceeded") || has_word(text, "quota exceeded"))
		return TZ_V_QUOTA;
	if (has_word(text, "SendAsDenied") || has_word(text, "not allowed to send as"))
		return TZ_V_SENDER;
	if (phase == TZ_PHASE_MAIL || strcmp(enhanced, "5.1.7") == 0 ||
	    strcmp(enhanced, "5.1.8") == 0 || has_word(text, "sender address rejected") ||
	    (sub7 && names_sender(text, sender)))
		return TZ_V_SENDER;
	/* one recipient per message: a refusal after the data about policy or
	 * content (5.6.x, 5.7.x) would meet every other message too */
	if (phase >= TZ_PHASE_DATA && (sub7 || strncmp(enhanced, "5.6.", 4) == 0))
		return TZ_V_MESSAGE;
	return TZ_V_RECIPIENT;
}

void tz_smtp_enhanced(const char *reply, char *out, size_t n)
{
	const char *p = reply;
	int d1, d2, d3, len = 0;
	out[0] = 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ' ' || *p == '-')
		p++;
	/* the field widths bound every number: no conversion can overflow */
	if (sscanf(p, "%1d.%3d.%3d%n", &d1, &d2, &d3, &len) == 3 && len > 0 && // NOLINT(cert-err34-c)
	    (d1 == 2 || d1 == 4 || d1 == 5) && (p[len] == 0 || p[len] == ' ') &&
	    /* digits and dots only: %d would also take a sign ("5.7.-1") */
	    strspn(p, "0123456789.") >= (size_t)len)
		snprintf(out, n, "%d.%d.%d", d1, d2, d3);
}

const char *tz_smtp_reply_words(const char *reply)
{
	const char *p = reply;
	char enh[16];
	if (p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
	    p[2] <= '9' && (p[3] == ' ' || p[3] == '-' || p[3] == 0))
		p += p[3] ? 4 : 3;
	tz_smtp_enhanced(reply, enh, sizeof enh);
	if (enh[0] && strncmp(p, enh, strlen(enh)) == 0) {
		p += strlen(enh);
		while (*p == ' ')
			p++;
	}
	return p;
}
