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
	{"Hotmail/Outlook.com complaint (JMRP)", "from: staff@hotmail.com", NULL, C, 0, "abuse", "arf-22"},
	{"Hotmail/Outlook.com complaint (JMRP)", "complaint about message from", NULL, C, 0, "abuse", "arf-24"},
	{"Apple Mail unsubscribe", "x-apple-unsubscribe: true", NULL, C, 0, "opt-out", "arf-26"},
	/* JSON notifications */
	{"Amazon SES notification", "sns.amazonaws.com", "notificationtype", J, 0, NULL, "lhost-amazonses-10"},
	{"Amazon SES notification", NULL, "\"notificationtype", J, 0, NULL, "lhost-amazonses-12"},
	/* one row per server that writes its own words */
	{"Active!Hunter", "active!hunter", NULL, B, 1, NULL, "lhost-activehunter-02"},
	{"unknown MTA (\"Mail Deliver System\")", "\"mail deliver system\"", NULL, B, 1, NULL, "lhost-x1-02"},
	{"Amazon WorkMail", "x-mailer: amazon workmail", NULL, B, 0, NULL, "lhost-amazonworkmail-02"},
	{"Amazon SES", "amazonses.com", NULL, B, 0, NULL, "lhost-amazonses-02"},
	{"Exim", NULL, "this message was created automatically by mail delivery software", B, 0, NULL, "lhost-exim-02"},
	{"Exim", NULL, "the following address(es) failed", B, 0, NULL, "lhost-exim-04"},
	{"qmail", NULL, "this is the qmail-send program", B, 0, NULL, "lhost-qmail-04"},
	{"qmail", NULL, "i'm afraid i wasn't able to deliver your message", B, 0, NULL, "lhost-qmail-02"},
	{"Yahoo", NULL, "sorry, we were unable to deliver your message", B, 0, NULL, "lhost-yahoo-04"},
	{"Postfix", NULL, "this is the mail system at host", B, 0, NULL, "lhost-postfix-50"},
	{"Postfix", "subject: undelivered mail returned to sender", NULL, B, 0, NULL, "lhost-postfix-34"},
	{"Gmail", NULL, "delivery to the following recipient failed", B, 0, NULL, "lhost-gmail-04"},
	{"Gmail", NULL, "delivery to the following recipient has been delayed", B, 0, NULL, "lhost-gmail-06"},
	{"Google Groups", NULL, "google groups", B, 0, NULL, "lhost-googlegroups-02"},
	{"Gmail", "mailer-daemon@googlemail.com", NULL, B, 0, NULL, "lhost-gmail-10"},
	{"Gmail", "mailer-daemon@google.com", NULL, B, 0, NULL, "lhost-gmail-16"},
	{"OpenSMTPD", NULL, "this is the mailer-daemon, please do not reply", B, 0, NULL, "lhost-opensmtpd-02"},
	{"DragonFly Mail Agent", NULL, "dragonfly mail agent", B, 0, NULL, "lhost-dragonfly-04"},
	{"mail.ru", "mail.ru", NULL, B, 0, NULL, "lhost-mailru-02"},
	{"GMX", "gmx.", NULL, B, 0, NULL, "lhost-gmx-02"},
	{"1&1 (IONOS)", "kundenserver.de", NULL, B, 0, NULL, "lhost-einsundeins-02"},
	{"Zoho", "zoho.com", NULL, B, 0, NULL, "lhost-zoho-02"},
	{"Courier", NULL, "courier mail server", B, 0, NULL, "lhost-courier-02"},
	{"Microsoft Exchange/Office 365", NULL, "delivery has failed to these recipients", B, 0, NULL, "lhost-office365-02"},
	{"Microsoft Exchange/Office 365", NULL, "your message to * couldn't be delivered", B, 0, NULL, "lhost-office365-02"},
	{"Microsoft Exchange 2003", NULL, "did not reach some or all of the intended recipients", B, 0, NULL, "lhost-exchange2003-02"},
	{"Microsoft Exchange", "x-ms-exchange", "undeliverable", B, 0, NULL, "lhost-exchange2007-02"},
	{"Sendmail", NULL, "the original message was received at", B, 0, NULL, "lhost-sendmail-54"},
	{"Sendmail", NULL, "----- transcript of session follows -----", B, 0, NULL, "lhost-v5sendmail-02"},
	{"Lotus Domino/Notes", NULL, "your message was not delivered to", B, 0, NULL, "lhost-notes-02"},
	{"Lotus Domino", NULL, "domino", B, 0, NULL, "lhost-domino-02"},
	{"McAfee Email Gateway", "x-nai-header", NULL, B, 0, NULL, "lhost-mcafee-04"},
	{"IMail Server", "imail", NULL, B, 0, NULL, "lhost-imailserver-02"},
	{"InterScan MSS", "interscan", NULL, B, 0, NULL, "lhost-interscanmss-02"},
	{"MailMarshal", NULL, "mailmarshal", B, 0, NULL, "lhost-mailmarshalsmtp-02"},
	{"au (KDDI/EZweb)", "ezweb.ne.jp", NULL, B, 0, NULL, "lhost-ezweb-04"},
	{"au (KDDI)", "dion.ne.jp", NULL, B, 0, NULL, "lhost-kddi-02"},
	{"Verizon", "vtext.com", NULL, B, 0, NULL, "lhost-verizon-02"},
	{"MailFoundry", NULL, "mailfoundry", B, 0, NULL, "lhost-mailfoundry-02"},
	{"m-FILTER", NULL, "-------original message", B, 0, NULL, "lhost-mfilter-02"},
	{"AOL", "from: postmaster <postmaster@aol.com>", NULL, B, 0, NULL, "lhost-aol-02"},
	{"AOL", "x-aol-", NULL, B, 0, NULL, "lhost-aol-04"},
	{"Barracuda", NULL, "barracuda", B, 0, NULL, "lhost-barracuda-02"},
	{"Facebook", "mx.facebook.com", NULL, B, 0, NULL, "lhost-facebook-04"},
	{"Broadcom/Symantec MessageLabs", "messagelabs.com", NULL, B, 0, NULL, "lhost-messagelabs-02"},
	{"Oracle Communications Messaging Server", NULL, "messaging server", B, 0, NULL, "lhost-messagingserver-02"},
	{"Microsoft Exchange/Office 365", "x-ms-exchange-message-is-ndr", NULL, B, 0, NULL, "lhost-office365-10"},
	{"Outlook.com", "from: postmaster@mail.outlook", NULL, B, 0, NULL, "lhost-outlook-02"},
	{"PowerMTA", "x-powermta", NULL, B, 0, NULL, "lhost-powermta-02"},
	{"PowerMTA", NULL, "x-powermta", B, 0, NULL, "lhost-powermta-02"},
	{"SendGrid", "sendgrid.net", NULL, B, 0, NULL, "lhost-sendgrid-02"},
	{"fml mailing list", "x-mlserver: fml", NULL, B, 0, NULL, "lhost-fml-02"},
	/* auto-replies (RFC 3834) are never bounces */
	{"auto-reply", "subject: automatic reply", NULL, A, 0, NULL, "rfc3834-02"},
	{"auto-reply", "subject: auto:", NULL, A, 0, NULL, "rfc3834-04"},
	{"auto-reply", "subject: out of office", NULL, A, 0, NULL, "rfc3834-02"},
	{"auto-reply", "x-autoreply:", NULL, A, 0, NULL, "rfc3834-04"},
	{"auto-reply", "x-autorespond:", NULL, A, 0, NULL, "rfc3834-04"},
	{"auto-reply", "precedence: auto_reply", NULL, A, 0, NULL, "rfc3834-04"},
	/* any other mailer daemon */
	{"mailer daemon", "from: mailer-daemon", NULL, B, 0, NULL, "lhost-x2-02"},
	{"mailer daemon", "mailer-daemon@", NULL, B, 0, NULL, "lhost-x4-08"},
	{"mailer daemon", "from: mail delivery", NULL, B, 0, NULL, "lhost-mxlogic-02"},
	{"mailer daemon", "postmaster@", NULL, B, 0, NULL, "lhost-x2-04"},
	{"mailer daemon", "subject: undeliver", NULL, B, 0, NULL, "lhost-imailserver-02"},
	{"mailer daemon", "subject: returned mail", NULL, B, 0, NULL, "lhost-x1-02"},
	{"mailer daemon", "subject: delivery failure", NULL, B, 0, NULL, "lhost-x2-02"},
	{"mailer daemon", "subject: failure notice", NULL, B, 0, NULL, "lhost-qmail-04"},
	{"mailer daemon", "subject: mail delivery failed", NULL, B, 0, NULL, "lhost-exim-02"},
	{"mailer daemon", "subject: permanent delivery failure", NULL, B, 0, NULL, "lhost-x4-08"},
	{"mailer daemon", "subject: delivery status notification", NULL, B, 0, NULL, "lhost-x3-02"},
	{"auto-reply", "auto-submitted: auto-replied", NULL, A, 0, NULL, "rfc3834-02"},
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
		if (s->text && !contains(text, tlen < (size_t)8 * 1024 ? tlen : (size_t)8 * 1024, s->text))
			continue;
		return s;
	}
	return NULL;
}
