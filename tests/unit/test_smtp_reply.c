/*
 * test_smtp_reply.c - what a failed SMTP transaction means (smtp_reply.c),
 * on replies taken from Postfix 3.7, aiosmtpd and the providers' docs.
 */
#include <string.h>

#include "mail/smtp_reply.h"
#include "tap.h"

static enum tz_smtp_verdict v(const char *reply, enum tz_smtp_phase phase)
{
	char enh[16];
	int code = (reply[0] - '0') * 100 + (reply[1] - '0') * 10 + (reply[2] - '0');
	tz_smtp_enhanced(reply, enh, sizeof enh);
	return tz_smtp_classify(code, enh, reply, phase, "<bounce+abc@bounces.example.nl>");
}

int main(void)
{
	char enh[16];

	/* the recipient's own */
	CHECK(v("550 5.1.1 <x@example.nl>: Recipient address rejected: User unknown in virtual "
		"mailbox table", TZ_PHASE_RCPT) == TZ_V_RECIPIENT);
	CHECK(v("552 5.2.2 <x@example.nl>: mailbox full", TZ_PHASE_RCPT) == TZ_V_RECIPIENT);
	CHECK(v("550 5.1.1 <x@example.nl>: no such user", TZ_PHASE_END) == TZ_V_RECIPIENT);
	/* the sender: at MAIL, or naming it, or saying so (smtpd_delay_reject
	 * moves Postfix's sender checks to RCPT) */
	CHECK(v("553 5.7.1 <bounce+abc@bounces.example.nl>: Sender address rejected: not owned by "
		"user sender@example.nl", TZ_PHASE_RCPT) == TZ_V_SENDER);
	CHECK(v("550 5.7.1 <bounce+abc@bounces.example.nl>: not allowed", TZ_PHASE_RCPT) == TZ_V_SENDER);
	CHECK(v("550 5.1.0 Sender rejected", TZ_PHASE_MAIL) == TZ_V_SENDER);
	CHECK(v("553 5.1.8 <bounce+abc@bounces.example.nl>: Sender address rejected: Domain not "
		"found", TZ_PHASE_RCPT) == TZ_V_SENDER);
	/* the message: size at MAIL (SIZE=) or after the data; content */
	CHECK(v("552 5.3.4 Message size exceeds fixed limit", TZ_PHASE_MAIL) == TZ_V_MESSAGE);
	CHECK(v("552 5.3.4 Message size exceeds fixed limit", TZ_PHASE_END) == TZ_V_MESSAGE);
	CHECK(v("554 5.7.1 Message rejected as spam", TZ_PHASE_END) == TZ_V_MESSAGE);
	CHECK(v("550 5.6.0 Bad MIME", TZ_PHASE_END) == TZ_V_MESSAGE);
	/* relaying, and ourselves */
	CHECK(v("554 5.7.1 <x@gmail.com>: Relay access denied", TZ_PHASE_RCPT) == TZ_V_RELAY);
	CHECK(v("535 5.7.8 Error: authentication failed: authentication failure", TZ_PHASE_SESSION) == TZ_V_AUTH);
	CHECK(v("530 5.7.0 Must issue a STARTTLS command first", TZ_PHASE_MAIL) == TZ_V_AUTH);
	CHECK(v("554 5.7.1 Client host rejected", TZ_PHASE_SESSION) == TZ_V_AUTH);
	/* throttling: 421, 454, 4.7.x outside RCPT, rate/too many anywhere */
	CHECK(v("421 4.7.0 relay.example Error: too many connections from 127.0.0.1", TZ_PHASE_SESSION) == TZ_V_THROTTLE);
	CHECK(v("450 4.7.1 Error: too much mail from 127.0.0.1", TZ_PHASE_MAIL) == TZ_V_THROTTLE);
	CHECK(v("452 4.5.3 Error: too many recipients", TZ_PHASE_RCPT) == TZ_V_THROTTLE);
	CHECK(v("451 4.7.500 Server busy, try again later", TZ_PHASE_MAIL) == TZ_V_THROTTLE);
	CHECK(v("454 4.7.0 TLS not available due to local problem", TZ_PHASE_SESSION) == TZ_V_THROTTLE);
	CHECK(v("421 4.4.2 Connection dropped", TZ_PHASE_END) == TZ_V_THROTTLE);
	/* the providers' limits and sender checks */
	CHECK(v("450 4.2.1 Peak SMTP relay limit exceeded for customer", TZ_PHASE_RCPT) == TZ_V_THROTTLE);
	CHECK(v("432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded", TZ_PHASE_END) == TZ_V_THROTTLE);
	CHECK(v("550 5.4.5 Daily SMTP relay limit exceeded for user", TZ_PHASE_RCPT) == TZ_V_QUOTA);
	CHECK(v("550 5.7.1 Daily SMTP relay limit exceeded for customer", TZ_PHASE_RCPT) == TZ_V_QUOTA);
	CHECK(v("554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied",
		TZ_PHASE_END) == TZ_V_SENDER);
	/* greylisting at RCPT is about that recipient: retried, not throttled */
	CHECK(v("451 4.7.1 <x@example.nl>: Recipient address rejected: try again later", TZ_PHASE_RCPT) == TZ_V_TEMPORARY);
	CHECK(v("450 4.2.0 <x@example.nl>: Recipient address rejected: Greylisted", TZ_PHASE_RCPT) == TZ_V_TEMPORARY);
	CHECK(v("451 4.3.0 Error: queue file write error", TZ_PHASE_END) == TZ_V_TEMPORARY);
	CHECK(tz_smtp_too_many_sessions("421 4.7.0 relay Error: too many connections from 127.0.0.1"));
	CHECK(!tz_smtp_too_many_sessions("450 4.7.1 Error: too much mail from 127.0.0.1"));

	/* the enhanced code and the words without the codes */
	tz_smtp_enhanced("550 5.1.1 <x>: no", enh, sizeof enh);
	CHECK(strcmp(enh, "5.1.1") == 0);
	tz_smtp_enhanced("550 no enhanced code", enh, sizeof enh);
	CHECK(enh[0] == 0);
	tz_smtp_enhanced("550 5.1.12345 too long", enh, sizeof enh);
	CHECK(enh[0] == 0);
	CHECK(strcmp(tz_smtp_reply_words("550 5.1.1 <x>: no"), "<x>: no") == 0);
	CHECK(strcmp(tz_smtp_reply_words("550 no such user"), "no such user") == 0);
	CHECK(strcmp(tz_smtp_reply_words("550-5.1.1 first line"), "first line") == 0);
	CHECK(strcmp(tz_smtp_reply_words("550"), "") == 0);
	CHECK(strcmp(tz_smtp_reply_words("connection refused"), "connection refused") == 0);
	return tap_done();
}
