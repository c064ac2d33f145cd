/*
 * bounce_phrases.c - the phrase -> reason table of bounce_reason.h, and its
 * matcher.
 *
 * The one idea: knowledge that grows is data. Each row is lower-case words
 * seen in a real diagnostic ("*" stands for any short run of characters),
 * the reason, and the message of ../shared/bounce-corpus it was learned
 * from. The first row that matches wins, so the rows of a more specific
 * meaning come first: a sender-side cause named in a "user unknown"-coded
 * reply ("550 5.1.1 ... blocked by spamhaus") is the sender's problem, a
 * "mailbox full" is not a dead address. To teach techzine a new bounce,
 * add a row with its sample; tests/unit/test_bounce.c checks every row
 * still matches its own sample when the corpus is there.
 */
#include "bounce_reason.h"

#include <ctype.h>
#include <string.h>

#include "../util/banned.h"

#define R(p, r, s) {p, TZ_R_##r, s}

const struct tz_reason_phrase tz_reason_phrases[] = {
	/* the recipient's mailbox is full: soft */
	R("mailbox full", MAILBOXFULL, "lhost-aol-02"),
	R("mailbox is full", MAILBOXFULL, "lhost-exim-60"),
	R("mailbox size limit", MAILBOXFULL, "lhost-postfix-02"),
	R("over quota", MAILBOXFULL, "lhost-qmail-02"),
	R("overquota", MAILBOXFULL, "lhost-yahoo-02"),
	R("quota exceeded", MAILBOXFULL, "lhost-gmx-02"),
	R("exceeded storage", MAILBOXFULL, "lhost-gmail-04"),
	R("out of storage", MAILBOXFULL, "lhost-gmail-04"),
	R("mailbox has exceeded", MAILBOXFULL, "lhost-mailru-02"),
	R("account is full", MAILBOXFULL, "lhost-x2-02"),
	R("mailfolder is full", MAILBOXFULL, "lhost-exim-60"),
	R("user has too many messages", MAILBOXFULL, "lhost-qmail-02"),
	R("not enough storage", MAILBOXFULL, "lhost-exchange2007-02"),
	R("insufficient storage", MAILBOXFULL, "lhost-exchange2007-02"),
	R("disk quota", MAILBOXFULL, "lhost-courier-02"),
	R("maildir over", MAILBOXFULL, "lhost-qmail-02"),
	R("would exceed", MAILBOXFULL, "lhost-qmail-02"),
	/* the message is too big */
	R("message too large", MESGTOOBIG, "lhost-exim-58"),
	R("message is too large", MESGTOOBIG, "lhost-exim-58"),
	R("message too big", MESGTOOBIG, "lhost-exim-58"),
	R("message size exceeds", MESGTOOBIG, "lhost-exim-58"),
	R("exceeds size limit", MESGTOOBIG, "lhost-exim-58"),
	R("exceeds the maximum", MESGTOOBIG, "lhost-exim-58"),
	R("size exceeds", MESGTOOBIG, "lhost-exim-58"),
	R("message length exceeds", EXCEEDLIMIT, "lhost-sendmail-02"),
	/* the account is disabled or suspended: soft */
	R("account disabled", SUSPEND, "lhost-yahoo-06"),
	R("account has been disabled", SUSPEND, "lhost-yahoo-06"),
	R("account is disabled", SUSPEND, "lhost-yahoo-06"),
	R("account is suspended", SUSPEND, "lhost-yahoo-06"),
	R("has been suspended", SUSPEND, "lhost-yahoo-06"),
	R("mailbox disabled", SUSPEND, "lhost-gmail-10"),
	R("user suspended", SUSPEND, "lhost-yahoo-06"),
	R("account inactive", SUSPEND, "lhost-yahoo-06"),
	R("account is inactive", SUSPEND, "lhost-yahoo-06"),
	R("account has been deactivated", SUSPEND, "lhost-yahoo-06"),
	R("temporarily disabled", SUSPEND, "lhost-yahoo-06"),
	R("is not active", SUSPEND, "lhost-yahoo-06"),
	/* the address moved */
	R("no longer on server", HASMOVED, "lhost-postfix-02"),
	R("has moved", HASMOVED, "lhost-postfix-02"),
	R("user has moved", HASMOVED, "lhost-postfix-02"),
	/* the domain has no mail exchanger at all */
	R("couldn't find a mail exchanger", NOTACCEPT, "lhost-qmail-12"),
	R("could not find a mail exchanger", NOTACCEPT, "lhost-qmail-12"),
	/* relaying refused: the sender's relay setup */
	R("relay access denied", NORELAYING, "lhost-postfix-02"),
	R("relaying denied", NORELAYING, "lhost-postfix-02"),
	R("relay not permitted", NORELAYING, "lhost-postfix-02"),
	R("not permitted to relay", NORELAYING, "lhost-postfix-02"),
	R("relaying not allowed", NORELAYING, "lhost-postfix-02"),
	R("unable to relay", NORELAYING, "lhost-postfix-02"),
	R("we do not relay", NORELAYING, "lhost-postfix-02"),
	R("relay denied", NORELAYING, "lhost-postfix-02"),
	/* the sender's authentication (SPF, DKIM, DMARC) */
	R("dmarc", AUTHFAILURE, "lhost-office365-04"),
	R("spf", AUTHFAILURE, "lhost-gmail-16"),
	R("dkim", AUTHFAILURE, "lhost-gmail-16"),
	R("sender policy framework", AUTHFAILURE, "lhost-gmail-16"),
	R("not authenticated", AUTHFAILURE, "lhost-gmail-16"),
	R("unauthenticated email", AUTHFAILURE, "lhost-gmail-16"),
	/* no reverse DNS for the sending IP */
	R("reverse dns", REQUIREPTR, "lhost-exim-32"),
	R("reverse lookup", REQUIREPTR, "lhost-exim-32"),
	R("ptr record", REQUIREPTR, "lhost-exim-32"),
	R("no ptr", REQUIREPTR, "lhost-exim-32"),
	R("rdns", REQUIREPTR, "lhost-exim-32"),
	R("cannot find your hostname", REQUIREPTR, "lhost-exim-32"),
	R("cannot find your reverse hostname", REQUIREPTR, "lhost-exim-32"),
	R("reverse mapping", REQUIREPTR, "lhost-exim-32"),
	R("hostname does not resolve", REQUIREPTR, "lhost-exim-32"),
	R("does not resolve to your", REQUIREPTR, "lhost-exim-32"),
	R("unresolvable", REQUIREPTR, "lhost-exim-32"),
	R("no hostname", REQUIREPTR, "lhost-exim-32"),
	R("reverse hostname", REQUIREPTR, "lhost-exim-32"),
	R("client host * rejected: cannot find", REQUIREPTR, "lhost-exim-32"),
	/* the sender's reputation */
	R("bad reputation", BADREPUTATION, "lhost-office365-04"),
	R("poor reputation", BADREPUTATION, "lhost-office365-04"),
	R("low reputation", BADREPUTATION, "lhost-office365-04"),
	R("sender reputation", BADREPUTATION, "lhost-office365-04"),
	R("ip reputation", BADREPUTATION, "lhost-office365-04"),
	/* rate limits */
	R("rate limit", SPEEDING, "lhost-gmail-04"),
	R("ratelimit", SPEEDING, "lhost-gmail-04"),
	R("too many messages", SPEEDING, "lhost-gmail-04"),
	R("sending too fast", SPEEDING, "lhost-gmail-04"),
	R("unusual rate", SPEEDING, "lhost-gmail-04"),
	R("too many connections", TOOMANYCONN, "lhost-gmail-04"),
	R("too many concurrent", TOOMANYCONN, "lhost-gmail-04"),
	R("too many recipients", TOOMANYCONN, "lhost-gmail-04"),
	/* blocklists and blocked senders */
	R("spamhaus", BLOCKED, "lhost-exim-56"),
	R("blocklist", BLOCKED, "lhost-exim-46"),
	R("block list", BLOCKED, "lhost-exim-46"),
	R("blacklist", BLOCKED, "lhost-exim-46"),
	R("black list", BLOCKED, "lhost-exim-46"),
	R("dnsbl", BLOCKED, "lhost-exim-46"),
	R("rbl", BLOCKED, "lhost-exim-46"),
	R("spamcop", BLOCKED, "lhost-exim-46"),
	R("barracudacentral", BLOCKED, "lhost-exim-46"),
	R("sorbs", BLOCKED, "lhost-exim-46"),
	R("listed in", BLOCKED, "lhost-exim-46"),
	R("listed at", BLOCKED, "lhost-exim-46"),
	R("blocked using", BLOCKED, "lhost-exim-46"),
	R("client host rejected", BLOCKED, "lhost-exim-04"),
	R("access denied. ip", BLOCKED, "lhost-exim-04"),
	R("your ip", BLOCKED, "lhost-exim-04"),
	R("sending ip", BLOCKED, "lhost-exim-04"),
	R("sender ip", BLOCKED, "lhost-exim-04"),
	R("connection refused by", BLOCKED, "lhost-exim-04"),
	R("connection rejected", BLOCKED, "lhost-exim-04"),
	R("refused to talk", BLOCKED, "lhost-exim-04"),
	R("banned", BLOCKED, "lhost-exim-04"),
	R("is blocked", BLOCKED, "lhost-exim-04"),
	R("been blocked", BLOCKED, "lhost-exim-04"),
	R("blocked by", BLOCKED, "lhost-exim-04"),
	R("denied by policy", BLOCKED, "lhost-exim-04"),
	/* the content was taken for spam or malware */
	R("spam", SPAMDETECTED, "lhost-exim-04"),
	R("junk mail", SPAMDETECTED, "lhost-exim-04"),
	R("unsolicited", SPAMDETECTED, "lhost-exim-04"),
	R("bulk mail", SPAMDETECTED, "lhost-exim-04"),
	R("content rejected", SPAMDETECTED, "lhost-exim-04"),
	R("ube", SPAMDETECTED, "lhost-exim-04"),
	R("virus", VIRUSDETECTED, "lhost-exim-04"),
	R("malware", VIRUSDETECTED, "lhost-exim-04"),
	R("infected", VIRUSDETECTED, "lhost-exim-04"),
	/* the envelope sender was refused */
	R("sender address rejected", REJECTED, "lhost-postfix-02"),
	R("sender rejected", REJECTED, "lhost-postfix-02"),
	R("sender was rejected", REJECTED, "lhost-postfix-02"),
	R("domain of sender", REJECTED, "lhost-postfix-02"),
	R("sender domain", REJECTED, "lhost-postfix-02"),
	R("sender verify failed", REJECTED, "lhost-postfix-02"),
	R("envelope sender", REJECTED, "lhost-postfix-02"),
	R("bad sender", REJECTED, "lhost-postfix-02"),
	R("invalid sender", REJECTED, "lhost-postfix-02"),
	R("sender not", REJECTED, "lhost-postfix-02"),
	R("mail from", REJECTED, "lhost-postfix-02"),
	/* the address does not exist: hard */
	R("user unknown", USERUNKNOWN, "lhost-exim-02"),
	R("unknown user", USERUNKNOWN, "lhost-exim-30"),
	R("unknown recipient", USERUNKNOWN, "lhost-exim-02"),
	R("unknown mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("unknown local", USERUNKNOWN, "lhost-exim-02"),
	R("unknown address", USERUNKNOWN, "lhost-exim-02"),
	R("unknown e-mail address", USERUNKNOWN, "lhost-exim-02"),
	R("unknown email address", USERUNKNOWN, "lhost-exim-02"),
	R("no such user", USERUNKNOWN, "lhost-exim-02"),
	R("no such mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("no such recipient", USERUNKNOWN, "lhost-exim-02"),
	R("no such address", USERUNKNOWN, "lhost-exim-02"),
	R("no such person", USERUNKNOWN, "lhost-exim-02"),
	R("no mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("no account by that name", USERUNKNOWN, "lhost-exim-02"),
	R("user not found", USERUNKNOWN, "lhost-exim-02"),
	R("user not known", USERUNKNOWN, "lhost-exim-02"),
	R("user does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("user doesn't exist", USERUNKNOWN, "lhost-exim-02"),
	R("user * does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("user * was not found", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox not found", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox not present", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox unavailable", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox is unavailable", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox invalid", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox * does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("mailbox does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("recipient not found", USERUNKNOWN, "lhost-exim-02"),
	R("recipient unknown", USERUNKNOWN, "lhost-exim-02"),
	R("recipient does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("recipient address rejected", USERUNKNOWN, "lhost-exim-02"),
	R("recipient * was not found", USERUNKNOWN, "lhost-exim-02"),
	R("recipient not ok", USERUNKNOWN, "lhost-exim-02"),
	R("invalid recipient", USERUNKNOWN, "lhost-exim-02"),
	R("invalid address", USERUNKNOWN, "lhost-exim-02"),
	R("invalid mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("bad recipient", USERUNKNOWN, "lhost-exim-02"),
	R("bad destination mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("address does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("address unknown", USERUNKNOWN, "lhost-exim-02"),
	R("address rejected", USERUNKNOWN, "lhost-exim-02"),
	R("does not exist", USERUNKNOWN, "lhost-exim-02"),
	R("doesn't exist", USERUNKNOWN, "lhost-exim-02"),
	R("not a valid mailbox", USERUNKNOWN, "lhost-exim-02"),
	R("is not a known user", USERUNKNOWN, "lhost-exim-02"),
	R("not a valid user", USERUNKNOWN, "lhost-exim-02"),
	R("not a local address", USERUNKNOWN, "lhost-exim-02"),
	R("no valid recipients", USERUNKNOWN, "lhost-exim-02"),
	R("non-existent user", USERUNKNOWN, "lhost-exim-02"),
	R("nonexistent user", USERUNKNOWN, "lhost-exim-02"),
	R("recipnotfound", USERUNKNOWN, "lhost-office365-02"),
	R("recipientnotfound", USERUNKNOWN, "lhost-office365-02"),
	R("account that you tried to reach does not exist", USERUNKNOWN, "lhost-gmail-04"),
	R("sorry, no mailbox here by that name", USERUNKNOWN, "lhost-qmail-02"),
	R("badrcptto", USERUNKNOWN, "lhost-qmail-02"),
	R("this address no longer accepts mail", USERUNKNOWN, "lhost-qmail-02"),
	R("there is no one at this address", USERUNKNOWN, "lhost-qmail-02"),
	R("no longer valid", USERUNKNOWN, "lhost-qmail-02"),
	R("invalid or unknown virtual user", USERUNKNOWN, "lhost-qmail-02"),
	R("archived recipient", USERUNKNOWN, "lhost-qmail-02"),
	R("address couldn't be found", USERUNKNOWN, "lhost-gsuite-02"),
	R("check if address is correct", USERUNKNOWN, "lhost-interscanmss-02"),
	R("not our customer", HASMOVED, "lhost-sendmail-22"),
	/* the domain does not exist: hard */
	R("host unknown", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("unknown host", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("host not found", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("host * not found", HOSTUNKNOWN, "lhost-dragonfly-04"),
	R("domain not found", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("no such domain", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("unknown domain", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("domain does not exist", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("domain name not found", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("domain is not valid", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("unrouteable address", HOSTUNKNOWN, "lhost-exim-02"),
	R("unroutable address", HOSTUNKNOWN, "lhost-exim-02"),
	R("unrouteable domain", HOSTUNKNOWN, "lhost-exim-02"),
	R("nxdomain", HOSTUNKNOWN, "lhost-exim-02"),
	R("mx records point to non-existent hosts", HOSTUNKNOWN, "lhost-exim-02"),
	R("name or service not known", HOSTUNKNOWN, "lhost-exim-02"),
	R("no mx", HOSTUNKNOWN, "lhost-exim-02"),
	R("does not accept mail", NOTACCEPT, "lhost-aol-06"),
	R("not accept mail", NOTACCEPT, "lhost-aol-06"),
	R("null mx", NOTACCEPT, "lhost-aol-06"),
	R("name service error", NOTACCEPT, "lhost-aol-06"),
	/* the recipient's filter */
	R("filtered", FILTERED, "lhost-exim-02"),
	R("rejected by the recipient", FILTERED, "lhost-exim-02"),
	R("delivery not authorized", FILTERED, "lhost-exim-02"),
	R("not authorized to send", FILTERED, "lhost-exim-02"),
	R("mailbox is restricted", FILTERED, "lhost-exim-02"),
	/* policy */
	R("policy", POLICYVIOLATION, "lhost-exim-02"),
	/* gave up after retrying: soft */
	R("retry timeout exceeded", EXPIRED, "lhost-exim-06"),
	R("retry time not reached", EXPIRED, "lhost-exim-06"),
	R("message expired", EXPIRED, "lhost-exim-06"),
	R("delivery time expired", EXPIRED, "lhost-exim-06"),
	R("could not be delivered for", EXPIRED, "lhost-exim-06"),
	R("has been delayed", EXPIRED, "lhost-exim-06"),
	R("too long in queue", EXPIRED, "lhost-exim-06"),
	R("time limit", EXPIRED, "lhost-exim-06"),
	R("delivery attempts will continue", EXPIRED, "lhost-exim-06"),
	R("still being retried", EXPIRED, "lhost-exim-06"),
	R("has not yet been delivered", EXPIRED, "lhost-exim-06"),
	R("timed out", NETWORKERROR, "lhost-exim-06"),
	R("network error", NETWORKERROR, "lhost-exim-06"),
	R("no route to host", NETWORKERROR, "lhost-exim-06"),
	R("connection refused", NETWORKERROR, "lhost-exim-06"),
	R("mail loop", NETWORKERROR, "lhost-exim-06"),
	R("loops back", NETWORKERROR, "lhost-exim-06"),
	R("too many hops", NETWORKERROR, "lhost-exim-06"),
	R("loop detected", NETWORKERROR, "lhost-exim-06"),
	R("host lookup failure", NETWORKERROR, "lhost-exim-06"),
	R("system error", SYSTEMERROR, "lhost-exim-06"),
	R("local error", SYSTEMERROR, "lhost-exim-06"),
	R("internal error", SYSTEMERROR, "lhost-exim-06"),
	R("temporary failure", SYSTEMERROR, "lhost-exim-06"),
	R("x-unix", MAILERERROR, "lhost-exim-44"),
	R("command failed", MAILERERROR, "lhost-exim-44"),
	R("pipe to", MAILERERROR, "lhost-exim-44"),
	R("8-bit data", CONTENTERROR, "lhost-exim-02"),
	R("8bit data", CONTENTERROR, "lhost-exim-02"),
	R("rfc 5322", NOTCOMPLIANTRFC, "lhost-exim-02"),
	R("rfc5322", NOTCOMPLIANTRFC, "lhost-exim-02"),
	R("syntax error", SYNTAXERROR, "lhost-exim-52"),
	R("starttls", SECURITYERROR, "lhost-exim-02"),
	R("tls required", SECURITYERROR, "lhost-exim-02"),
	R("authentication required", SECURITYERROR, "lhost-exim-02"),
};

const size_t tz_reason_nphrases = sizeof tz_reason_phrases / sizeof tz_reason_phrases[0];

#define MAX_GAP 120

/* Does the lower-cased, space-collapsed text t contain pattern p, where
 * '*' stands for at most MAX_GAP characters? Word starts only: "ube" does
 * not match inside "tube". */
static int is_word(char c)
{
	return isalnum((unsigned char)c) != 0;
}

/* Does pattern p match t exactly at i? */
static int match_here(const char *t, size_t tlen, size_t i, const char *p)
{
	const char *star = strchr(p, '*'), *rest;
	size_t seg = star ? (size_t)(star - p) : strlen(p);
	while (seg && p[seg - 1] == ' ')
		seg--;
	if (i + seg > tlen || memcmp(t + i, p, seg) != 0)
		return 0;
	if (!star) /* short words end at a word end: "rbl" is not "rbldns" */
		return seg >= 5 || i + seg >= tlen || !is_word(t[i + seg]) || !is_word(p[seg - 1]);
	for (rest = star + 1; *rest == ' '; rest++)
		;
	if (!*rest)
		return 1;
	for (size_t j = i + seg; j < tlen && j <= i + seg + MAX_GAP; j++)
		if (match_here(t, tlen, j, rest))
			return 1;
	return 0;
}

static int glob_find(const char *t, size_t tlen, const char *p)
{
	for (size_t i = 0; i < tlen; i++) {
		if (t[i] != p[0] || (i > 0 && is_word(t[i - 1]) && is_word(p[0])))
			continue;
		if (match_here(t, tlen, i, p))
			return 1;
	}
	return 0;
}

const struct tz_reason_phrase *tz_reason_phrase_find(const char *text, size_t len)
{
	char t[2048];
	size_t n = 0;
	int space = 1;
	/* lower case, whitespace runs to one space, at most 2 KiB */
	for (size_t i = 0; i < len && n + 1 < sizeof t; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (!space)
				t[n++] = ' ';
			space = 1;
			continue;
		}
		t[n++] = (char)tolower(c);
		space = 0;
	}
	t[n] = 0;
	for (size_t k = 0; k < tz_reason_nphrases; k++)
		if (glob_find(t, n, tz_reason_phrases[k].phrase))
			return &tz_reason_phrases[k];
	return NULL;
}
