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
 * add a row with its sample; tests/unit/test_bounce.c checks that every
 * row still matches its own sample when the corpus is there. A sample
 * "vocabulary" marks words taken from the reason vocabulary (RFC 3463,
 * sisimai's reason descriptions, the servers' documentation) that this
 * corpus does not contain.
 */
#include "bounce_reason.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

#define R(p, r, s) {p, TZ_R_##r, s}

const struct tz_reason_phrase tz_reason_phrases[] = {
	/* the recipient's mailbox is full: soft */
	R("mailbox full", MAILBOXFULL, "lhost-aol-02"),
	R("mailbox is full", MAILBOXFULL, "lhost-exim-60"),
	R("mailbox size limit", MAILBOXFULL, "vocabulary"),
	R("over quota", MAILBOXFULL, "lhost-mailfoundry-02"),
	R("overquota", MAILBOXFULL, "vocabulary"),
	R("quota exceeded", MAILBOXFULL, "lhost-qmail-08"),
	R("exceeded storage", MAILBOXFULL, "vocabulary"),
	R("out of storage", MAILBOXFULL, "vocabulary"),
	R("mailbox has exceeded", MAILBOXFULL, "vocabulary"),
	R("account is full", MAILBOXFULL, "vocabulary"),
	R("mailfolder is full", MAILBOXFULL, "vocabulary"),
	R("user has too many messages", MAILBOXFULL, "vocabulary"),
	R("not enough storage", MAILBOXFULL, "vocabulary"),
	R("insufficient storage", MAILBOXFULL, "vocabulary"),
	R("disk quota", MAILBOXFULL, "lhost-qmail-08"),
	R("maildir over", MAILBOXFULL, "vocabulary"),
	R("would exceed", MAILBOXFULL, "vocabulary"),
	/* the message is too big */
	R("message too large", MESGTOOBIG, "vocabulary"),
	R("message is too large", MESGTOOBIG, "vocabulary"),
	R("message too big", MESGTOOBIG, "lhost-dragonfly-14"),
	R("message size exceeds", MESGTOOBIG, "vocabulary"),
	R("exceeds size limit", MESGTOOBIG, "vocabulary"),
	R("exceeds the maximum", MESGTOOBIG, "vocabulary"),
	R("size exceeds", MESGTOOBIG, "vocabulary"),
	R("message length exceeds", EXCEEDLIMIT, "lhost-dragonfly-08"),
	/* the account is disabled or suspended: soft */
	R("account disabled", SUSPEND, "vocabulary"),
	R("account has been disabled", SUSPEND, "lhost-postfix-52"),
	R("account is disabled", SUSPEND, "lhost-ezweb-02"),
	R("account is suspended", SUSPEND, "vocabulary"),
	R("has been suspended", SUSPEND, "vocabulary"),
	R("mailbox disabled", SUSPEND, "vocabulary"),
	R("user suspended", SUSPEND, "vocabulary"),
	R("account inactive", SUSPEND, "vocabulary"),
	R("account is inactive", SUSPEND, "vocabulary"),
	R("account has been deactivated", SUSPEND, "vocabulary"),
	R("temporarily disabled", SUSPEND, "vocabulary"),
	R("is not active", SUSPEND, "vocabulary"),
	/* the address moved */
	R("no longer on server", HASMOVED, "lhost-postfix-16"),
	R("has moved", HASMOVED, "lhost-dragonfly-10"),
	R("user has moved", HASMOVED, "vocabulary"),
	/* the domain has no mail exchanger at all */
	R("couldn't find a mail exchanger", NOTACCEPT, "lhost-qmail-12"),
	R("could not find a mail exchanger", NOTACCEPT, "vocabulary"),
	/* relaying refused: the sender's relay setup */
	R("relay access denied", NORELAYING, "vocabulary"),
	R("relaying denied", NORELAYING, "vocabulary"),
	R("relay not permitted", NORELAYING, "vocabulary"),
	R("not permitted to relay", NORELAYING, "vocabulary"),
	R("relaying not allowed", NORELAYING, "vocabulary"),
	R("unable to relay", NORELAYING, "vocabulary"),
	R("we do not relay", NORELAYING, "vocabulary"),
	R("relay denied", NORELAYING, "vocabulary"),
	/* the sender's authentication (SPF, DKIM, DMARC) */
	R("dmarc", AUTHFAILURE, "lhost-office365-04"),
	R("spf", AUTHFAILURE, "lhost-gmail-16"),
	R("dkim", AUTHFAILURE, "lhost-gmail-16"),
	R("sender policy framework", AUTHFAILURE, "vocabulary"),
	R("not authenticated", AUTHFAILURE, "vocabulary"),
	R("unauthenticated email", AUTHFAILURE, "lhost-postfix-70"),
	/* no reverse DNS for the sending IP */
	R("reverse dns", REQUIREPTR, "lhost-exim-32"),
	R("reverse lookup", REQUIREPTR, "vocabulary"),
	R("ptr record", REQUIREPTR, "lhost-exim-32"),
	R("no ptr", REQUIREPTR, "lhost-exim-32"),
	R("rdns", REQUIREPTR, "lhost-exim-40"),
	R("cannot find your hostname", REQUIREPTR, "vocabulary"),
	R("cannot find your reverse hostname", REQUIREPTR, "vocabulary"),
	R("reverse mapping", REQUIREPTR, "vocabulary"),
	R("hostname does not resolve", REQUIREPTR, "vocabulary"),
	R("does not resolve to your", REQUIREPTR, "vocabulary"),
	R("unresolvable", REQUIREPTR, "vocabulary"),
	R("no hostname", REQUIREPTR, "vocabulary"),
	R("reverse hostname", REQUIREPTR, "vocabulary"),
	R("client host * rejected: cannot find", REQUIREPTR, "vocabulary"),
	/* the sender's reputation */
	R("bad reputation", BADREPUTATION, "vocabulary"),
	R("poor reputation", BADREPUTATION, "vocabulary"),
	R("low reputation", BADREPUTATION, "lhost-postfix-58"),
	R("sender reputation", BADREPUTATION, "vocabulary"),
	R("ip reputation", BADREPUTATION, "vocabulary"),
	/* rate limits */
	R("rate limit", SPEEDING, "vocabulary"),
	R("ratelimit", SPEEDING, "vocabulary"),
	R("too many messages", SPEEDING, "vocabulary"),
	R("sending too fast", SPEEDING, "vocabulary"),
	R("unusual rate", SPEEDING, "vocabulary"),
	R("too many connections", TOOMANYCONN, "vocabulary"),
	R("too many concurrent", TOOMANYCONN, "vocabulary"),
	R("too many recipients", TOOMANYCONN, "lhost-postfix-48"),
	/* blocklists and blocked senders */
	R("spamhaus", BLOCKED, "rhost-godaddy-02"),
	R("blocklist", BLOCKED, "vocabulary"),
	R("block list", BLOCKED, "lhost-exim-54"),
	R("blacklist", BLOCKED, "lhost-imailserver-06"),
	R("black list", BLOCKED, "vocabulary"),
	R("dnsbl", BLOCKED, "lhost-amazonses-16"),
	R("rbl", BLOCKED, "lhost-amazonses-14"),
	R("spamcop", BLOCKED, "vocabulary"),
	R("barracudacentral", BLOCKED, "vocabulary"),
	R("sorbs", BLOCKED, "lhost-amazonses-16"),
	R("listed in", BLOCKED, "vocabulary"),
	R("listed at", BLOCKED, "vocabulary"),
	R("blocked using", BLOCKED, "lhost-amazonses-14"),
	R("client host rejected", BLOCKED, "lhost-amazonses-14"),
	R("access denied. ip", BLOCKED, "lhost-sendmail-08"),
	R("your ip", BLOCKED, "vocabulary"),
	R("sending ip", BLOCKED, "lhost-exim-38"),
	R("sender ip", BLOCKED, "arf-22"),
	R("connection refused by", BLOCKED, "lhost-sendmail-54"),
	R("connection rejected", BLOCKED, "vocabulary"),
	R("refused to talk", BLOCKED, "lhost-postfix-38"),
	R("banned", BLOCKED, "vocabulary"),
	R("is blocked", BLOCKED, "vocabulary"),
	R("been blocked", BLOCKED, "lhost-sendmail-60"),
	R("blocked by", BLOCKED, "lhost-barracuda-02"),
	R("denied by policy", BLOCKED, "lhost-postfix-42"),
	/* the content was taken for spam or malware */
	R("spam", SPAMDETECTED, "lhost-amavis-02"),
	R("junk mail", SPAMDETECTED, "vocabulary"),
	R("unsolicited", SPAMDETECTED, "vocabulary"),
	R("bulk mail", SPAMDETECTED, "vocabulary"),
	R("content rejected", SPAMDETECTED, "lhost-barracuda-02"),
	R("ube", SPAMDETECTED, "lhost-barracuda-02"),
	R("virus", VIRUSDETECTED, "lhost-exim-04"),
	R("malware", VIRUSDETECTED, "lhost-messagingserver-08"),
	R("infected", VIRUSDETECTED, "vocabulary"),
	/* the envelope sender was refused */
	R("sender address rejected", REJECTED, "lhost-yahoo-12"),
	R("sender rejected", REJECTED, "vocabulary"),
	R("sender was rejected", REJECTED, "vocabulary"),
	R("domain of sender", REJECTED, "lhost-postfix-10"),
	R("sender domain", REJECTED, "lhost-exim-48"),
	R("sender verify failed", REJECTED, "vocabulary"),
	R("envelope sender", REJECTED, "lhost-activehunter-02"),
	R("bad sender", REJECTED, "vocabulary"),
	R("invalid sender", REJECTED, "vocabulary"),
	R("sender not", REJECTED, "vocabulary"),
	R("not a member of this mailing list", REJECTED, "lhost-fml-02"),
	/* KDDI/au answers a sender the user's filter refuses with an empty
	 * address ("550 : User unknown"), a dead address with the address */
	R("550 : user unknown", FILTERED, "lhost-gsuite-08"),
	R("550: : user unknown", FILTERED, "lhost-yahoo-06"),
	/* a DNS failure that asks to try again is no dead domain */
	R("host not found, try again", NETWORKERROR, "lhost-postfix-34"),
	/* the address does not exist: hard */
	R("user unknown", USERUNKNOWN, "lhost-exim-02"),
	R("unknown user", USERUNKNOWN, "lhost-amazonses-02"),
	R("unknown recipient", USERUNKNOWN, "lhost-exchange2003-02"),
	R("unknown mailbox", USERUNKNOWN, "vocabulary"),
	R("unknown local", USERUNKNOWN, "vocabulary"),
	R("unknown address", USERUNKNOWN, "vocabulary"),
	R("unknown e-mail address", USERUNKNOWN, "vocabulary"),
	R("unknown email address", USERUNKNOWN, "vocabulary"),
	R("no such user", USERUNKNOWN, "lhost-mcafee-04"),
	R("no such mailbox", USERUNKNOWN, "vocabulary"),
	R("no such recipient", USERUNKNOWN, "vocabulary"),
	R("no such address", USERUNKNOWN, "vocabulary"),
	R("no such person", USERUNKNOWN, "vocabulary"),
	R("no mailbox", USERUNKNOWN, "vocabulary"),
	R("no account by that name", USERUNKNOWN, "vocabulary"),
	R("user not found", USERUNKNOWN, "lhost-postfix-76"),
	R("user not known", USERUNKNOWN, "vocabulary"),
	R("user does not exist", USERUNKNOWN, "vocabulary"),
	R("user doesn't exist", USERUNKNOWN, "vocabulary"),
	R("user * does not exist", USERUNKNOWN, "lhost-receivingses-02"),
	R("user * was not found", USERUNKNOWN, "vocabulary"),
	R("mailbox not found", USERUNKNOWN, "vocabulary"),
	R("mailbox not present", USERUNKNOWN, "vocabulary"),
	R("mailbox unavailable", USERUNKNOWN, "lhost-office365-04"),
	R("mailbox is unavailable", USERUNKNOWN, "lhost-office365-04"),
	R("mailbox invalid", USERUNKNOWN, "vocabulary"),
	R("mailbox * does not exist", USERUNKNOWN, "lhost-receivingses-02"),
	R("mailbox does not exist", USERUNKNOWN, "lhost-receivingses-02"),
	R("recipient not found", USERUNKNOWN, "lhost-exchange2003-04"),
	R("recipient unknown", USERUNKNOWN, "vocabulary"),
	R("recipient does not exist", USERUNKNOWN, "vocabulary"),
	R("recipient address rejected.", USERUNKNOWN, "lhost-postfix-46"),
	R("recipient address rejected: access denied", USERUNKNOWN, "lhost-exim-30"),
	R("recipient address rejected: invalid user", USERUNKNOWN, "vocabulary"),
	R("recipient address rejected: unknown user", USERUNKNOWN, "vocabulary"),
	R("recipient address rejected: user * does not exist", USERUNKNOWN, "vocabulary"),
	R("recipient * was not found", USERUNKNOWN, "vocabulary"),
	R("recipient not ok", USERUNKNOWN, "vocabulary"),
	R("invalid recipient", USERUNKNOWN, "lhost-bigfoot-02"),
	R("invalid address", USERUNKNOWN, "lhost-zoho-02"),
	R("invalid mailbox", USERUNKNOWN, "vocabulary"),
	R("bad recipient", USERUNKNOWN, "vocabulary"),
	R("bad destination mailbox", USERUNKNOWN, "lhost-dragonfly-22"),
	R("address does not exist", USERUNKNOWN, "lhost-facebook-04"),
	R("address unknown", USERUNKNOWN, "vocabulary"),
	R("does not exist", USERUNKNOWN, "lhost-facebook-04"),
	R("doesn't exist", USERUNKNOWN, "vocabulary"),
	R("not a valid mailbox", USERUNKNOWN, "vocabulary"),
	R("is not a known user", USERUNKNOWN, "vocabulary"),
	R("not a valid user", USERUNKNOWN, "vocabulary"),
	R("not a local address", USERUNKNOWN, "vocabulary"),
	R("no valid recipients", USERUNKNOWN, "lhost-sendmail-10"),
	R("non-existent user", USERUNKNOWN, "vocabulary"),
	R("nonexistent user", USERUNKNOWN, "vocabulary"),
	R("recipnotfound", USERUNKNOWN, "lhost-office365-02"),
	R("recipientnotfound", USERUNKNOWN, "vocabulary"),
	R("account that you tried to reach does not exist", USERUNKNOWN, "lhost-gsuite-14"),
	R("sorry, no mailbox here by that name", USERUNKNOWN, "vocabulary"),
	R("badrcptto", USERUNKNOWN, "vocabulary"),
	R("this address no longer accepts mail", USERUNKNOWN, "vocabulary"),
	R("there is no one at this address", USERUNKNOWN, "vocabulary"),
	R("no longer valid", USERUNKNOWN, "vocabulary"),
	R("invalid or unknown virtual user", USERUNKNOWN, "vocabulary"),
	/* Lotus Domino/Notes in Japanese: "not found in the (Domino) directory" */
	R("ディレクトリには見つかりません", USERUNKNOWN, "lhost-domino-02"),
	R("ディレクトリのリストにありません", USERUNKNOWN, "lhost-notes-02"),
	R("archived recipient", USERUNKNOWN, "vocabulary"),
	R("address couldn't be found", USERUNKNOWN, "lhost-gsuite-02"),
	R("check if address is correct", USERUNKNOWN, "lhost-interscanmss-02"),
	R("not our customer", HASMOVED, "lhost-sendmail-22"),
	/* the domain does not exist: hard */
	R("host unknown", HOSTUNKNOWN, "lhost-v5sendmail-02"),
	R("unknown host", HOSTUNKNOWN, "vocabulary"),
	R("host not found", HOSTUNKNOWN, "lhost-postfix-06"),
	R("host * not found", HOSTUNKNOWN, "lhost-dragonfly-04"),
	R("domain not found", HOSTUNKNOWN, "vocabulary"),
	R("no such domain", HOSTUNKNOWN, "lhost-courier-04"),
	R("unknown domain", HOSTUNKNOWN, "vocabulary"),
	R("domain does not exist", HOSTUNKNOWN, "lhost-opensmtpd-10"),
	R("domain name not found", HOSTUNKNOWN, "lhost-gsuite-04"),
	R("domain is not valid", HOSTUNKNOWN, "vocabulary"),
	R("unrouteable address", HOSTUNKNOWN, "lhost-mailru-06"),
	R("unroutable address", HOSTUNKNOWN, "vocabulary"),
	R("unrouteable domain", HOSTUNKNOWN, "vocabulary"),
	R("nxdomain", HOSTUNKNOWN, "lhost-gsuite-04"),
	R("mx records point to non-existent hosts", HOSTUNKNOWN, "vocabulary"),
	R("name or service not known", HOSTUNKNOWN, "vocabulary"),
	R("no mx", HOSTUNKNOWN, "lhost-opensmtpd-12"),
	R("does not accept mail", NOTACCEPT, "lhost-messagingserver-10"),
	R("not accept mail", NOTACCEPT, "lhost-messagingserver-10"),
	R("null mx", NOTACCEPT, "lhost-gsuite-10"),
	R("name service error", NOTACCEPT, "lhost-aol-06"),
	/* the recipient's filter */
	R("filtered", FILTERED, "lhost-amazonworkmail-02"),
	R("rejected by the recipient", FILTERED, "lhost-gmail-04"),
	R("delivery not authorized", FILTERED, "vocabulary"),
	R("not authorized to send", FILTERED, "vocabulary"),
	R("mailbox is restricted", FILTERED, "vocabulary"),
	/* policy */
	R("policy", POLICYVIOLATION, "arf-18"),
	/* gave up after retrying: soft */
	R("retry timeout exceeded", EXPIRED, "lhost-exim-06"),
	R("retry time not reached", EXPIRED, "vocabulary"),
	R("message expired", EXPIRED, "lhost-office365-06"),
	R("delivery time expired", EXPIRED, "vocabulary"),
	R("could not be delivered for", EXPIRED, "lhost-sendmail-08"),
	R("has been delayed", EXPIRED, "lhost-gmail-06"),
	R("too long in queue", EXPIRED, "vocabulary"),
	R("time limit", EXPIRED, "vocabulary"),
	R("delivery attempts will continue", EXPIRED, "lhost-exim-38"),
	R("still being retried", EXPIRED, "rfc3464-34"),
	R("has not yet been delivered", EXPIRED, "lhost-exim-38"),
	R("timed out", NETWORKERROR, "lhost-gsuite-06"),
	R("network error", NETWORKERROR, "lhost-opensmtpd-04"),
	R("no route to host", NETWORKERROR, "rfc3464-34"),
	R("connection refused", NETWORKERROR, "lhost-office365-08"),
	R("mail loop", NETWORKERROR, "rfc3464-40"),
	R("loops back", NETWORKERROR, "vocabulary"),
	R("too many hops", NETWORKERROR, "lhost-sendmail-20"),
	R("loop detected", NETWORKERROR, "vocabulary"),
	R("host lookup failure", NETWORKERROR, "vocabulary"),
	R("system error", SYSTEMERROR, "lhost-ezweb-02"),
	R("local error", SYSTEMERROR, "vocabulary"),
	R("internal error", SYSTEMERROR, "vocabulary"),
	R("temporary failure", SYSTEMERROR, "lhost-gmail-06"),
	R("x-unix", MAILERERROR, "lhost-postfix-62"),
	R("command failed", MAILERERROR, "vocabulary"),
	R("pipe to", MAILERERROR, "lhost-exim-44"),
	R("8-bit data", CONTENTERROR, "lhost-sendmail-06"),
	R("8bit data", CONTENTERROR, "vocabulary"),
	R("rfc 5322", NOTCOMPLIANTRFC, "rhost-google-08"),
	R("rfc5322", NOTCOMPLIANTRFC, "vocabulary"),
	R("syntax error", SYNTAXERROR, "vocabulary"),
	R("starttls", SECURITYERROR, "vocabulary"),
	R("tls required", SECURITYERROR, "vocabulary"),
	R("authentication required", SECURITYERROR, "lhost-exchange2007-04"),
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

/* lower case, whitespace runs to one space, at most n - 1 bytes */
static size_t normalise(const char *text, size_t len, char *t, size_t n)
{
	size_t k = 0;
	int space = 1;
	for (size_t i = 0; i < len && k + 1 < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			if (!space)
				t[k++] = ' ';
			space = 1;
			continue;
		}
		t[k++] = (char)tolower(c);
		space = 0;
	}
	t[k] = 0;
	return k;
}

int tz_reason_phrase_matches(const char *phrase, const char *text, size_t len)
{
	size_t cap = len + 1, n;
	char *t = malloc(cap);
	int hit;
	if (!t)
		return -1;
	n = normalise(text, len, t, cap);
	hit = glob_find(t, n, phrase);
	free(t);
	return hit;
}

/* The first row (in table order) that matches anywhere in text. The text
 * is walked once; at each word start only the rows that begin with that
 * byte are tried, and only those before the best row found so far (26,000
 * tries for 2 KiB of text instead of half a million). */
const struct tz_reason_phrase *tz_reason_phrase_find(const char *text, size_t len)
{
	enum { MAX_ROWS = 1024 };
	char t[2048];
	size_t n = normalise(text, len, t, sizeof t), best = tz_reason_nphrases;
	short head[256], next[MAX_ROWS];
	_Static_assert(sizeof tz_reason_phrases / sizeof tz_reason_phrases[0] <= MAX_ROWS,
		       "the phrase table outgrew the index");
	for (size_t c = 0; c < 256; c++)
		head[c] = -1;
	for (size_t k = tz_reason_nphrases; k-- > 0;) {
		unsigned char c = (unsigned char)tz_reason_phrases[k].phrase[0];
		next[k] = head[c];
		head[c] = (short)k;
	}
	for (size_t i = 0; i < n; i++) {
		for (short k = head[(unsigned char)t[i]]; k >= 0 && (size_t)k < best; k = next[k]) {
			const char *p = tz_reason_phrases[k].phrase;
			if (i > 0 && is_word(t[i - 1]) && is_word(p[0]))
				continue;
			if (match_here(t, n, i, p)) {
				best = (size_t)k;
				break;
			}
		}
	}
	return best < tz_reason_nphrases ? &tz_reason_phrases[best] : NULL;
}
