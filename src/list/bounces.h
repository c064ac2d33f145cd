/*
 * bounces.h - what one report does to the subscribers folder.
 *
 * The one idea: no token, no change. A report changes a status only when
 * it carries a token (VERP address, the returned List-Unsubscribe URL, or
 * the unsubscribe subject) that is the HMAC of the address it names, or of
 * an address on one of the lists. Anyone can send us a DSN; only we can
 * make tokens.
 *
 * What a bounce does depends on the reason of the subscriber's own
 * recipient (bounce_reason.h), never on the first digit alone:
 *
 *   address is bad (hard)        -> bounced (and suppressed) after 1
 *   soft (mailbox full, expired, -> soft bounce counted (soft_bounces,
 *   suspended, filtered, delays)    last_bounce); soft_limit in a row ->
 *                                   bounced. Two soft bounces more than
 *                                   soft_window days apart are not "in a
 *                                   row" (an issue went through between
 *                                   them): the count starts again. Reports
 *                                   on the same day count once.
 *   the sender's own problem     -> nothing changes for the subscriber; the
 *   (DMARC, blocklist, spam,        result names the receiving domain and
 *   rate limit, PTR...)             the reason, for the command to count
 *   2.x.x / delivered            -> the soft count is reset
 *   auto-reply                   -> nothing (left in place)
 *   ARF complaint                -> complained (and suppressed)
 *   reply to the mailto address  -> unsubscribed (and suppressed)
 */
#ifndef TZ_BOUNCES_H
#define TZ_BOUNCES_H

#include "folder.h"
#include "report.h"

struct tz_bounce_config {
	const char *secret;
	int soft_limit;  /* default 3 */
	int soft_window; /* days, default 45 */
};

enum tz_bounce_outcome {
	TZ_BO_UNKNOWN,     /* left in place */
	TZ_BO_HARD,
	TZ_BO_SOFT,
	TZ_BO_SOFT_LIMIT,  /* the soft bounce that made it bounced */
	TZ_BO_RESET,
	TZ_BO_COMPLAINT,
	TZ_BO_UNSUBSCRIBE,
	TZ_BO_SENDER       /* the sender's own problem: counted, nobody changed */
};

struct tz_bounce_result {
	enum tz_bounce_outcome outcome;
	char address[TZ_ADDRESS_MAX];
	char detail[300]; /* status code, soft count, or why unknown */
	enum tz_reason reason;
	char domain[TZ_ADDRESS_MAX]; /* TZ_BO_SENDER: the receiving domain */
};

/* Apply report r (parsed) to the open folder; now is the fallback date.
 * -1 only when out of memory. */
int tz_bounce_apply(struct tz_folder *f, const struct tz_report *r,
		    const struct tz_bounce_config *c, long long now, struct tz_bounce_result *res);

#endif
