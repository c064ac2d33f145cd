/*
 * bounce_reason.c - reason of a failed recipient and the verdict on it (see
 * bounce_reason.h). The phrase table is in bounce_phrases.c; the tables of
 * status codes, names and verdicts are here.
 */
#include "bounce_reason.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../util/banned.h"

static const char *const reason_names[TZ_R_COUNT] = {
	[TZ_R_UNDEFINED] = "undefined",       [TZ_R_USERUNKNOWN] = "userunknown",
	[TZ_R_HOSTUNKNOWN] = "hostunknown",   [TZ_R_HASMOVED] = "hasmoved",
	[TZ_R_NOTACCEPT] = "notaccept",       [TZ_R_MAILBOXFULL] = "mailboxfull",
	[TZ_R_SUSPEND] = "suspend",           [TZ_R_FILTERED] = "filtered",
	[TZ_R_EXPIRED] = "expired",           [TZ_R_NETWORKERROR] = "networkerror",
	[TZ_R_SYSTEMERROR] = "systemerror",   [TZ_R_SYSTEMFULL] = "systemfull",
	[TZ_R_MAILERERROR] = "mailererror",   [TZ_R_EXCEEDLIMIT] = "exceedlimit",
	[TZ_R_ONHOLD] = "onhold",             [TZ_R_MESGTOOBIG] = "mesgtoobig",
	[TZ_R_CONTENTERROR] = "contenterror", [TZ_R_NOTCOMPLIANTRFC] = "notcompliantrfc",
	[TZ_R_SYNTAXERROR] = "syntaxerror",   [TZ_R_REJECTED] = "rejected",
	[TZ_R_BLOCKED] = "blocked",           [TZ_R_REQUIREPTR] = "requireptr",
	[TZ_R_BADREPUTATION] = "badreputation", [TZ_R_SPAMDETECTED] = "spamdetected",
	[TZ_R_VIRUSDETECTED] = "virusdetected", [TZ_R_AUTHFAILURE] = "authfailure",
	[TZ_R_SPEEDING] = "speeding",         [TZ_R_TOOMANYCONN] = "toomanyconn",
	[TZ_R_POLICYVIOLATION] = "policyviolation", [TZ_R_SECURITYERROR] = "securityerror",
	[TZ_R_NORELAYING] = "norelaying",     [TZ_R_DELIVERED] = "delivered",
	[TZ_R_VACATION] = "vacation",         [TZ_R_FEEDBACK] = "feedback",
};

/* What each reason means for the subscriber. notaccept is hard only with a
 * permanent code (see tz_reason_verdict). */
static const enum tz_verdict reason_verdicts[TZ_R_COUNT] = {
	[TZ_R_UNDEFINED] = TZ_V_SOFT,       [TZ_R_USERUNKNOWN] = TZ_V_HARD,
	[TZ_R_HOSTUNKNOWN] = TZ_V_HARD,     [TZ_R_HASMOVED] = TZ_V_HARD,
	[TZ_R_NOTACCEPT] = TZ_V_HARD,       [TZ_R_MAILBOXFULL] = TZ_V_SOFT,
	[TZ_R_SUSPEND] = TZ_V_SOFT,         [TZ_R_FILTERED] = TZ_V_SOFT,
	[TZ_R_EXPIRED] = TZ_V_SOFT,         [TZ_R_NETWORKERROR] = TZ_V_SOFT,
	[TZ_R_SYSTEMERROR] = TZ_V_SOFT,     [TZ_R_SYSTEMFULL] = TZ_V_SOFT,
	[TZ_R_MAILERERROR] = TZ_V_SOFT,     [TZ_R_EXCEEDLIMIT] = TZ_V_SOFT,
	[TZ_R_ONHOLD] = TZ_V_SOFT,          [TZ_R_MESGTOOBIG] = TZ_V_SENDER,
	[TZ_R_CONTENTERROR] = TZ_V_SENDER,  [TZ_R_NOTCOMPLIANTRFC] = TZ_V_SENDER,
	[TZ_R_SYNTAXERROR] = TZ_V_SENDER,   [TZ_R_REJECTED] = TZ_V_SENDER,
	[TZ_R_BLOCKED] = TZ_V_SENDER,       [TZ_R_REQUIREPTR] = TZ_V_SENDER,
	[TZ_R_BADREPUTATION] = TZ_V_SENDER, [TZ_R_SPAMDETECTED] = TZ_V_SENDER,
	[TZ_R_VIRUSDETECTED] = TZ_V_SENDER, [TZ_R_AUTHFAILURE] = TZ_V_SENDER,
	[TZ_R_SPEEDING] = TZ_V_SENDER,      [TZ_R_TOOMANYCONN] = TZ_V_SENDER,
	[TZ_R_POLICYVIOLATION] = TZ_V_SENDER, [TZ_R_SECURITYERROR] = TZ_V_SENDER,
	[TZ_R_NORELAYING] = TZ_V_SENDER,    [TZ_R_DELIVERED] = TZ_V_NONE,
	[TZ_R_VACATION] = TZ_V_NONE,        [TZ_R_FEEDBACK] = TZ_V_COMPLAINT,
};

static const char *const reason_advice[TZ_R_COUNT] = {
	[TZ_R_AUTHFAILURE] = "fix the sending domain's SPF/DKIM/DMARC records and signing",
	[TZ_R_BLOCKED] = "the sending IP or domain is blocked: check blocklists and the relay's reputation",
	[TZ_R_BADREPUTATION] = "the sending IP or domain has a bad reputation: slow down, check complaints and blocklists",
	[TZ_R_REQUIREPTR] = "the sending IP has no matching reverse DNS (PTR): fix it at the relay",
	[TZ_R_SPAMDETECTED] = "the newsletter was scored as spam: check its content and links",
	[TZ_R_VIRUSDETECTED] = "the newsletter was taken for malware: check its attachments and links",
	[TZ_R_SPEEDING] = "sent too fast: lower the send rate (--rate) for this domain",
	[TZ_R_TOOMANYCONN] = "too many connections: lower the connection count for this domain",
	[TZ_R_POLICYVIOLATION] = "rejected by the receiver's policy: read the diagnostic",
	[TZ_R_SECURITYERROR] = "rejected for a security reason (TLS, authentication): read the diagnostic",
	[TZ_R_REJECTED] = "the envelope sender (the bounce domain) was refused: check its DNS and SPF",
	[TZ_R_NORELAYING] = "the relay refused to relay: check the SMTP relay configuration",
	[TZ_R_MESGTOOBIG] = "the message is too large for the receiver: make the issue smaller",
	[TZ_R_CONTENTERROR] = "the message format was refused: check the MIME structure",
	[TZ_R_NOTCOMPLIANTRFC] = "the message does not follow RFC 5322: check its header fields",
	[TZ_R_SYNTAXERROR] = "the receiver did not understand the SMTP session: check the relay",
};

/* Enhanced status codes (RFC 3463, IANA registry, Microsoft's 5.7.5xx and
 * 5.7.6xx) -> reason; "x" stands for 4 or 5, a trailing "." or "*" makes a
 * prefix. Checked in order, the first that matches wins. */
static const struct {
	const char *code;
	enum tz_reason reason;
} status_table[] = {
	{"x.1.0", TZ_R_USERUNKNOWN},     {"x.1.1", TZ_R_USERUNKNOWN},
	{"x.1.2", TZ_R_HOSTUNKNOWN},     {"x.1.3", TZ_R_USERUNKNOWN},
	{"x.1.351", TZ_R_USERUNKNOWN}, /* Microsoft: unknown recipient */
	{"x.1.4", TZ_R_USERUNKNOWN},     {"x.1.5", TZ_R_USERUNKNOWN},
	{"x.1.6", TZ_R_HASMOVED},        {"x.1.7", TZ_R_REJECTED},
	{"x.1.8", TZ_R_REJECTED},        {"x.1.9", TZ_R_SYSTEMERROR},
	{"x.1.10", TZ_R_NOTACCEPT},      {"x.2.0", TZ_R_FILTERED},
	{"x.2.1", TZ_R_FILTERED},        {"x.2.2", TZ_R_MAILBOXFULL},
	{"x.2.3", TZ_R_EXCEEDLIMIT},     {"x.2.4", TZ_R_SYSTEMERROR},
	{"x.3.0", TZ_R_SYSTEMERROR},     {"x.3.1", TZ_R_SYSTEMFULL},
	{"x.3.2", TZ_R_NOTACCEPT},       {"x.3.3", TZ_R_SYSTEMERROR},
	{"x.3.4", TZ_R_MESGTOOBIG},      {"x.3.5", TZ_R_SYSTEMERROR},
	{"x.4.0", TZ_R_NETWORKERROR},    {"x.4.1", TZ_R_NETWORKERROR},
	{"x.4.2", TZ_R_NETWORKERROR},    {"x.4.3", TZ_R_SYSTEMERROR},
	{"x.4.4", TZ_R_HOSTUNKNOWN},     {"x.4.5", TZ_R_NETWORKERROR},
	{"x.4.6", TZ_R_NETWORKERROR},    {"x.4.7", TZ_R_EXPIRED},
	{"x.5.", TZ_R_SYNTAXERROR},      {"x.6.", TZ_R_CONTENTERROR},
	{"x.7.13", TZ_R_SUSPEND},        {"x.7.15", TZ_R_SECURITYERROR},
	{"x.7.23", TZ_R_AUTHFAILURE},    {"x.7.24", TZ_R_AUTHFAILURE},
	{"x.7.25", TZ_R_REQUIREPTR},     {"x.7.26", TZ_R_AUTHFAILURE},
	{"x.7.27", TZ_R_NOTACCEPT},      {"x.7.28", TZ_R_SPEEDING},
	{"x.7.509", TZ_R_AUTHFAILURE},   {"x.7.51*", TZ_R_AUTHFAILURE}, /* Microsoft 5.7.51x */
	{"x.7.6*", TZ_R_BLOCKED}, /* Microsoft 5.7.606-649: blocked IP ranges */
	{"x.7.7", TZ_R_POLICYVIOLATION}, {"x.7.", TZ_R_SECURITYERROR},
};

const char *tz_reason_name(enum tz_reason r)
{
	return r < TZ_R_COUNT && reason_names[r] ? reason_names[r] : "undefined";
}

const char *tz_verdict_name(enum tz_verdict v)
{
	static const char *const names[] = {"none", "hard", "soft", "sender", "complaint"};
	return (size_t)v < sizeof names / sizeof names[0] ? names[v] : "none";
}

const char *tz_reason_advice(enum tz_reason r)
{
	return r < TZ_R_COUNT && reason_advice[r] ? reason_advice[r] : "read the diagnostic";
}

static int status_matches(const char *pattern, const char *status)
{
	size_t pl = strlen(pattern), sl = strlen(status);
	if (pattern[pl - 1] == '*')
		return sl >= pl && strncmp(pattern + 1, status + 1, pl - 2) == 0;
	if (pattern[pl - 1] == '.')
		return sl > pl - 1 && strncmp(pattern + 1, status + 1, pl - 1) == 0;
	return sl == pl && strcmp(pattern + 1, status + 1) == 0;
}

static enum tz_reason from_status(const char *status)
{
	if (!status[0] || (status[0] != '4' && status[0] != '5') || status[1] != '.')
		return TZ_R_UNDEFINED;
	for (size_t i = 0; i < sizeof status_table / sizeof status_table[0]; i++)
		if (status_matches(status_table[i].code, status))
			return status_table[i].reason;
	return TZ_R_UNDEFINED;
}

/* x.0.0 and friends say nothing beyond the class */
static int status_is_generic(const char *status)
{
	return !status[0] || strncmp(status + 1, ".0.0", 4) == 0 || status[2] == '0';
}

enum tz_reason tz_reason_from_status(const char *status)
{
	return status_is_generic(status) ? TZ_R_UNDEFINED : from_status(status);
}

enum tz_reason tz_reason_classify(const char *status, const char *reply, const char *action,
				  const char *diagnostic)
{
	const struct tz_reason_phrase *p = tz_reason_phrase_find(diagnostic, strlen(diagnostic));
	enum tz_reason by_status = from_status(status);

	if (status[0] == '2' || strcasecmp(action, "delivered") == 0 ||
	    strcasecmp(action, "relayed") == 0 || strcasecmp(action, "expanded") == 0)
		return TZ_R_DELIVERED;
	if (p)
		return p->reason;
	if (by_status != TZ_R_UNDEFINED && !status_is_generic(status))
		return by_status;
	if (strcmp(reply, "556") == 0 || strcmp(reply, "521") == 0)
		return TZ_R_NOTACCEPT;
	if (strcasecmp(action, "delayed") == 0 || status[0] == '4' || reply[0] == '4')
		return TZ_R_EXPIRED;
	if (by_status != TZ_R_UNDEFINED)
		return by_status;
	return diagnostic[0] ? TZ_R_ONHOLD : TZ_R_UNDEFINED;
}

enum tz_verdict tz_reason_verdict(enum tz_reason r, const char *status, const char *reply)
{
	if (r >= TZ_R_COUNT)
		return TZ_V_SOFT;
	/* a temporary code makes nothing final, whatever the words */
	if (reason_verdicts[r] == TZ_V_HARD && (status[0] == '4' || (!status[0] && reply[0] == '4')))
		return TZ_V_SOFT;
	return reason_verdicts[r];
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

void tz_find_status(const char *s, size_t len, char out[16])
{
	out[0] = 0;
	for (size_t i = 0; i + 4 < len; i++) {
		size_t j, k;
		if ((s[i] != '2' && s[i] != '4' && s[i] != '5') || s[i + 1] != '.' ||
		    (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '.')))
			continue;
		for (j = i + 2; j < len && j < i + 5 && is_digit(s[j]); j++)
			;
		if (j == i + 2 || j >= len || s[j] != '.')
			continue;
		for (k = j + 1; k < len && k < j + 4 && is_digit(s[k]); k++)
			;
		if (k == j + 1 || (k < len && (is_digit(s[k]) || s[k] == '.')))
			continue;
		if (k - i < 16) {
			memcpy(out, s + i, k - i);
			out[k - i] = 0;
			return;
		}
	}
}

void tz_find_reply(const char *s, size_t len, char out[4])
{
	out[0] = 0;
	for (size_t i = 0; i + 3 <= len; i++) {
		if ((s[i] != '4' && s[i] != '5') || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) ||
		    s[i + 1] > '5')
			continue;
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' || s[i - 1] == '-' ||
			      s[i - 1] == ':' || s[i - 1] == '/' || s[i - 1] == '[' || s[i - 1] == '#'))
			continue;
		if (i + 3 < len && s[i + 3] != ' ' && s[i + 3] != '-' && s[i + 3] != '\t' &&
		    s[i + 3] != '\r' && s[i + 3] != '\n')
			continue;
		memcpy(out, s + i, 3);
		out[3] = 0;
		return;
	}
}
