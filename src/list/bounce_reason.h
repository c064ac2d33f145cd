/*
 * bounce_reason.h - why a message to one recipient failed, in a fixed
 * vocabulary (sisimai's reason names), and what techzine does about it.
 *
 * The one idea: the reason comes from the words of the diagnostic first
 * (a table of phrases, bounce_phrases.c), then from the enhanced status code
 * (a table of codes), then from the SMTP reply code; the first digit alone
 * decides nothing. "550 5.7.1 ... DMARC policy" is the sender's problem,
 * "550 5.7.1 ... unknown user" is a dead address. What to do is a second
 * table from reason to verdict:
 *
 *   hard      the address is bad (userunknown, hostunknown, hasmoved,
 *             notaccept with a 5xx): bounced and suppressed
 *   soft      temporary or the subscriber's own recoverable state
 *             (mailboxfull, suspend, filtered, expired, ...): counted,
 *             soft_limit in a row makes it bounced
 *   sender    the sending side's problem (authfailure, blocked,
 *             badreputation, spamdetected, speeding, policy, ...): never
 *             held against the subscriber; counted per receiving domain
 *             and reported with what to fix
 *   complaint feedback: complained and suppressed
 *   none      delivered, vacation: nothing is changed
 */
#ifndef TZ_BOUNCE_REASON_H
#define TZ_BOUNCE_REASON_H

#include <stddef.h>

enum tz_reason {
	TZ_R_UNDEFINED,
	TZ_R_USERUNKNOWN,
	TZ_R_HOSTUNKNOWN,
	TZ_R_HASMOVED,
	TZ_R_NOTACCEPT,
	TZ_R_MAILBOXFULL,
	TZ_R_SUSPEND,
	TZ_R_FILTERED,
	TZ_R_EXPIRED,
	TZ_R_NETWORKERROR,
	TZ_R_SYSTEMERROR,
	TZ_R_SYSTEMFULL,
	TZ_R_MAILERERROR,
	TZ_R_EXCEEDLIMIT,
	TZ_R_ONHOLD,
	TZ_R_MESGTOOBIG,
	TZ_R_CONTENTERROR,
	TZ_R_NOTCOMPLIANTRFC,
	TZ_R_SYNTAXERROR,
	TZ_R_REJECTED,
	TZ_R_BLOCKED,
	TZ_R_REQUIREPTR,
	TZ_R_BADREPUTATION,
	TZ_R_SPAMDETECTED,
	TZ_R_VIRUSDETECTED,
	TZ_R_AUTHFAILURE,
	TZ_R_SPEEDING,
	TZ_R_TOOMANYCONN,
	TZ_R_POLICYVIOLATION,
	TZ_R_SECURITYERROR,
	TZ_R_NORELAYING,
	TZ_R_DELIVERED,
	TZ_R_VACATION,
	TZ_R_FEEDBACK,
	TZ_R_COUNT
};

enum tz_verdict { TZ_V_NONE, TZ_V_HARD, TZ_V_SOFT, TZ_V_SENDER, TZ_V_COMPLAINT };

/* One row of the phrase table: lower-case words found in a diagnostic
 * ("*" matches any run of characters within the line), the reason they
 * mean, and the corpus message the entry was learned from. */
struct tz_reason_phrase {
	const char *phrase;
	enum tz_reason reason;
	const char *sample;
};

extern const struct tz_reason_phrase tz_reason_phrases[];
extern const size_t tz_reason_nphrases;

/* Reason of one failed recipient: status "5.1.1" ("" none), reply "550"
 * ("" none), action ("failed", "delayed", ...), diagnostic (any text). */
enum tz_reason tz_reason_classify(const char *status, const char *reply, const char *action,
				  const char *diagnostic);
/* Does one phrase-table pattern match text? 1 yes, 0 no, -1 no memory. */
int tz_reason_phrase_matches(const char *phrase, const char *text, size_t len);
/* The phrase-table entry that matches text, or NULL. */
const struct tz_reason_phrase *tz_reason_phrase_find(const char *text, size_t len);
/* The reason a specific status code stands for (TZ_R_UNDEFINED for x.0.x
 * and codes not in the table). */
enum tz_reason tz_reason_from_status(const char *status);
enum tz_verdict tz_reason_verdict(enum tz_reason r, const char *status, const char *reply);
const char *tz_reason_name(enum tz_reason r);
const char *tz_verdict_name(enum tz_verdict v);
/* For a sender-side reason: what the sender should fix (one line). */
const char *tz_reason_advice(enum tz_reason r);

/* The first enhanced status code ("5.1.1") in text into out (16), the
 * first SMTP reply code ("550") into reply (4); "" when there is none. */
void tz_find_status(const char *text, size_t len, char out[16]);
void tz_find_reply(const char *text, size_t len, char out[4]);

#endif
