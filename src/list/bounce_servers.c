/*
 * bounce_servers.c - the per-server recogniser table (see bounce_servers.h).
 * Rows are tried in order; more specific rows (a complaint service, one
 * vendor) come before the generic ones at the end, which recognise any
 * report a mailer daemon writes.
 */
#include "bounce_servers.h"

#include <ctype.h>
#include <string.h>

#include "../util/banned.h"

#define B TZ_SK_BOUNCE
#define C TZ_SK_COMPLAINT
#define A TZ_SK_AUTOREPLY
#define J TZ_SK_JSON

const struct tz_bounce_server tz_bounce_servers[] = {
	/* complaints that are not RFC 5965 */
	{"Hotmail/Outlook.com complaint (JMRP)", "from: staff@hotmail.com", NULL, C, "abuse", "arf-22", 0},
	{"Hotmail/Outlook.com complaint (JMRP)", "complaint about message from", NULL, C, "abuse", "arf-24", 0},
	{"Apple Mail unsubscribe", "x-apple-unsubscribe: true", NULL, C, "opt-out", "arf-26", 0},
	/* JSON notifications */
	{"Amazon SES notification", "sns.amazonaws.com", "notificationtype", J, NULL, "lhost-amazonses-10", 0},
	{"Amazon SES notification", NULL, "\"notificationtype", J, NULL, "lhost-amazonses-12", 0},
	/* one row per server that writes its own words */
	{"Active!Hunter", "active!hunter", NULL, B, NULL, "lhost-activehunter-02", 1},
	{"unknown MTA (\"Mail Deliver System\")", "\"mail deliver system\"", NULL, B, NULL, "lhost-x1-02", 1},
	{"Amazon WorkMail", "x-mailer: amazon workmail", NULL, B, NULL, "lhost-amazonworkmail-02", 0},
	{"Amazon SES", "amazonses.com", NULL, B, NULL, "lhost-amazonses-02", 0},
	{"Exim", NULL, "this message was created automatically by mail delivery software", B, NULL, "lhost-exim-02", 0},
	{"Exim", NULL, "the following address(es) failed", B, NULL, "lhost-exim-04", 0},
	{"qmail", NULL, "this is the qmail-send program", B, NULL, "lhost-qmail-04", 0},
	{"qmail", NULL, "i'm afraid i wasn't able to deliver your message", B, NULL, "lhost-qmail-02", 0},
	{"Yahoo", NULL, "sorry, we were unable to deliver your message", B, NULL, "lhost-yahoo-04", 0},
	{"Postfix", NULL, "this is the mail system at host", B, NULL, "lhost-postfix-50", 0},
	{"Postfix", "subject: undelivered mail returned to sender", NULL, B, NULL, "lhost-postfix-34", 0},
	{"Gmail", NULL, "delivery to the following recipient failed", B, NULL, "lhost-gmail-04", 0},
	{"Gmail", NULL, "delivery to the following recipient has been delayed", B, NULL, "lhost-gmail-06", 0},
	{"Google Groups", NULL, "google groups", B, NULL, "lhost-googlegroups-02", 0},
	{"Gmail", "mailer-daemon@googlemail.com", NULL, B, NULL, "lhost-gmail-10", 0},
	{"Gmail", "mailer-daemon@google.com", NULL, B, NULL, "lhost-gmail-16", 0},
	{"OpenSMTPD", NULL, "this is the mailer-daemon, please do not reply", B, NULL, "lhost-opensmtpd-02", 0},
	{"DragonFly Mail Agent", NULL, "dragonfly mail agent", B, NULL, "lhost-dragonfly-04", 0},
	{"mail.ru", "mail.ru", NULL, B, NULL, "lhost-mailru-02", 0},
	{"GMX", "gmx.", NULL, B, NULL, "lhost-gmx-02", 0},
	{"1&1 (IONOS)", "kundenserver.de", NULL, B, NULL, "lhost-einsundeins-02", 0},
	{"Zoho", "zoho.com", NULL, B, NULL, "lhost-zoho-02", 0},
	{"Courier", NULL, "courier mail server", B, NULL, "lhost-courier-02", 0},
	{"Microsoft Exchange/Office 365", NULL, "delivery has failed to these recipients", B, NULL, "lhost-office365-02", 0},
	{"Microsoft Exchange/Office 365", NULL, "your message to * couldn't be delivered", B, NULL, "lhost-office365-02", 0},
	{"Microsoft Exchange 2003", NULL, "did not reach some or all of the intended recipients", B, NULL, "lhost-exchange2003-02", 0},
	{"Microsoft Exchange", "x-ms-exchange", "undeliverable", B, NULL, "lhost-exchange2007-02", 0},
	{"Sendmail", NULL, "the original message was received at", B, NULL, "lhost-sendmail-54", 0},
	{"Sendmail", NULL, "----- transcript of session follows -----", B, NULL, "lhost-v5sendmail-02", 0},
	{"Lotus Domino/Notes", NULL, "your message was not delivered to", B, NULL, "lhost-notes-02", 0},
	{"Lotus Domino", NULL, "domino", B, NULL, "lhost-domino-02", 0},
	{"McAfee Email Gateway", "x-nai-header", NULL, B, NULL, "lhost-mcafee-04", 0},
	{"IMail Server", "imail", NULL, B, NULL, "lhost-imailserver-02", 0},
	{"InterScan MSS", "interscan", NULL, B, NULL, "lhost-interscanmss-02", 0},
	{"MailMarshal", NULL, "mailmarshal", B, NULL, "lhost-mailmarshalsmtp-02", 0},
	{"au (KDDI/EZweb)", "ezweb.ne.jp", NULL, B, NULL, "lhost-ezweb-04", 0},
	{"au (KDDI)", "dion.ne.jp", NULL, B, NULL, "lhost-kddi-02", 0},
	{"Verizon", "vtext.com", NULL, B, NULL, "lhost-verizon-02", 0},
	{"MailFoundry", NULL, "mailfoundry", B, NULL, "lhost-mailfoundry-02", 0},
	{"m-FILTER", NULL, "-------original message", B, NULL, "lhost-mfilter-02", 0},
	{"AOL", "from: postmaster <postmaster@aol.com>", NULL, B, NULL, "lhost-aol-02", 0},
	{"AOL", "x-aol-", NULL, B, NULL, "lhost-aol-04", 0},
	{"Barracuda", NULL, "barracuda", B, NULL, "lhost-barracuda-02", 0},
	{"Facebook", "mx.facebook.com", NULL, B, NULL, "lhost-facebook-04", 0},
	{"Broadcom/Symantec MessageLabs", "messagelabs.com", NULL, B, NULL, "lhost-messagelabs-02", 0},
	{"Oracle Communications Messaging Server", NULL, "messaging server", B, NULL, "lhost-messagingserver-02", 0},
	{"Microsoft Exchange/Office 365", "x-ms-exchange-message-is-ndr", NULL, B, NULL, "lhost-office365-10", 0},
	{"Outlook.com", "from: postmaster@mail.outlook", NULL, B, NULL, "lhost-outlook-02", 0},
	{"PowerMTA", "x-powermta", NULL, B, NULL, "lhost-powermta-02", 0},
	{"PowerMTA", NULL, "x-powermta", B, NULL, "lhost-powermta-02", 0},
	{"SendGrid", "sendgrid.net", NULL, B, NULL, "lhost-sendgrid-02", 0},
	{"fml mailing list", "x-mlserver: fml", NULL, B, NULL, "lhost-fml-02", 0},
	/* auto-replies (RFC 3834) are never bounces */
	{"auto-reply", "subject: automatic reply", NULL, A, NULL, "rfc3834-02", 0},
	{"auto-reply", "subject: auto:", NULL, A, NULL, "rfc3834-04", 0},
	{"auto-reply", "subject: out of office", NULL, A, NULL, "rfc3834-02", 0},
	{"auto-reply", "x-autoreply:", NULL, A, NULL, "rfc3834-04", 0},
	{"auto-reply", "x-autorespond:", NULL, A, NULL, "rfc3834-04", 0},
	{"auto-reply", "precedence: auto_reply", NULL, A, NULL, "rfc3834-04", 0},
	/* any other mailer daemon */
	{"mailer daemon", "from: mailer-daemon", NULL, B, NULL, "lhost-x2-02", 0},
	{"mailer daemon", "mailer-daemon@", NULL, B, NULL, "lhost-x4-08", 0},
	{"mailer daemon", "from: mail delivery", NULL, B, NULL, "lhost-mxlogic-02", 0},
	{"mailer daemon", "postmaster@", NULL, B, NULL, "lhost-x2-04", 0},
	{"mailer daemon", "subject: undeliver", NULL, B, NULL, "lhost-imailserver-02", 0},
	{"mailer daemon", "subject: returned mail", NULL, B, NULL, "lhost-x1-02", 0},
	{"mailer daemon", "subject: delivery failure", NULL, B, NULL, "lhost-x2-02", 0},
	{"mailer daemon", "subject: failure notice", NULL, B, NULL, "lhost-qmail-04", 0},
	{"mailer daemon", "subject: mail delivery failed", NULL, B, NULL, "lhost-exim-02", 0},
	{"mailer daemon", "subject: permanent delivery failure", NULL, B, NULL, "lhost-x4-08", 0},
	{"mailer daemon", "subject: delivery status notification", NULL, B, NULL, "lhost-x3-02", 0},
	{"auto-reply", "auto-submitted: auto-replied", NULL, A, NULL, "rfc3834-02", 0},
};

const size_t tz_bounce_nservers = sizeof tz_bounce_servers / sizeof tz_bounce_servers[0];

const char *const tz_bounce_original_markers[] = {
	"below this line is a copy of the message",
	"this is a copy of the message",
	"below is a copy of the original message",
	"copy of the original message",
	"a copy of your message",
	"original message follows",
	"original message headers",
	"message headers follow",
	"headers of the original message",
	"the header of the original message",
	"header of the original message",
	"original message",
	"unsent message below",
	"returned message",
	"content-type: message/rfc822",
	"content-type: text/rfc822-headers",
	NULL,
};

/* lower-case pattern with optional '*' (any short run) inside s */
static int contains(const char *s, size_t len, const char *pat)
{
	const char *star = strchr(pat, '*');
	size_t seg = star ? (size_t)(star - pat) : strlen(pat);
	if (!seg)
		return 1;
	for (size_t i = 0; i + seg <= len; i++) {
		size_t k;
		for (k = 0; k < seg && tolower((unsigned char)s[i + k]) == pat[k]; k++)
			;
		if (k < seg)
			continue;
		if (!star)
			return 1;
		{
			size_t end = i + seg + 200 < len ? i + seg + 200 : len;
			if (contains(s + i + seg, end - i - seg, star + 1))
				return 1;
		}
	}
	return 0;
}

const struct tz_bounce_server *tz_bounce_server_find(const char *header, size_t hlen,
						     const char *text, size_t tlen)
{
	for (size_t i = 0; i < tz_bounce_nservers; i++) {
		const struct tz_bounce_server *s = &tz_bounce_servers[i];
		if (s->header && !contains(header, hlen, s->header))
			continue;
		if (s->text && !contains(text, tlen < 64 * 1024 ? tlen : 64 * 1024, s->text))
			continue;
		return s;
	}
	return NULL;
}
