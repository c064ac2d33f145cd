/*
 * bounces.c - reports to status changes (see bounces.h).
 */
#include "bounces.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../util/banned.h"

static void date_of(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static long long days_between(const char *a, const char *b)
{
	struct tm ta, tb;
	memset(&ta, 0, sizeof ta);
	memset(&tb, 0, sizeof tb);
	if (tz_date_split(a, &ta.tm_year, &ta.tm_mon, &ta.tm_mday) ||
	    tz_date_split(b, &tb.tm_year, &tb.tm_mon, &tb.tm_mday))
		return -1;
	ta.tm_year -= 1900;
	tb.tm_year -= 1900;
	ta.tm_mon--;
	tb.tm_mon--;
	return ((long long)timegm(&tb) - (long long)timegm(&ta)) / 86400;
}

/* Which address does the token belong to? */
static int identify(struct tz_folder *f, const struct tz_report *r, const char *secret,
		    char *addr)
{
	if (!r->token[0])
		return -1;
	for (size_t i = 0; i < r->nrcpt; i++)
		if (tz_token_check(secret, r->rcpt[i].address, r->token)) {
			memcpy(addr, r->rcpt[i].address, TZ_ADDRESS_MAX);
			return 0;
		}
	if (r->address[0] && tz_token_check(secret, r->address, r->token)) {
		memcpy(addr, r->address, TZ_ADDRESS_MAX);
		return 0;
	}
	/* the report names another address (forwarding) or none (redacted ARF) */
	return tz_folder_find_token(f, secret, r->token, addr, TZ_ADDRESS_MAX);
}

/* The subscriber's own recipient: never another one's status (a report
 * about several recipients says something different about each). */
static const struct tz_report_rcpt *rcpt_for(const struct tz_report *r, const char *addr)
{
	const struct tz_report_rcpt *unnamed = NULL;
	size_t nunnamed = 0;
	for (size_t i = 0; i < r->nrcpt; i++) {
		if (strcasecmp(r->rcpt[i].address, addr) == 0)
			return &r->rcpt[i];
		if (!r->rcpt[i].address[0]) {
			unnamed = &r->rcpt[i];
			nunnamed++;
		}
	}
	if (nunnamed == 1)
		return unnamed;
	return r->nrcpt == 1 ? &r->rcpt[0] : NULL;
}

/* Count a soft bounce on date in every list; returns the highest count. */
static int soft(struct tz_folder *f, const char *addr, const char *date, int window, int *counted)
{
	int top = 0;
	*counted = 0;
	for (size_t i = 0; i < f->nlists; i++) {
		struct tz_list *l = &f->lists[i];
		struct tz_sub *s = tz_list_find(l, addr);
		const char *last;
		long n;
		char num[24];
		if (!s || tz_sub_status(l, s) != TZ_ST_ACTIVE)
			continue;
		last = tz_sub_get(l, s, TZ_F_LAST_BOUNCE);
		n = strtol(tz_sub_get(l, s, TZ_F_SOFT_BOUNCES), NULL, 10);
		if (*last) {
			long long gap = days_between(last, date);
			if (gap == 0 && n > 0) { /* the same send, reported again */
				top = n > top ? (int)n : top;
				continue;
			}
			if (gap < 0 || gap > window)
				n = 0;
		}
		n++;
		snprintf(num, sizeof num, "%ld", n);
		if (tz_sub_set(l, s, TZ_F_SOFT_BOUNCES, num) || tz_sub_set(l, s, TZ_F_LAST_BOUNCE, date))
			return -1;
		tz_folder_mark(f, i);
		*counted = 1;
		top = n > top ? (int)n : top;
	}
	return top;
}

static int reset(struct tz_folder *f, const char *addr)
{
	for (size_t i = 0; i < f->nlists; i++) {
		struct tz_list *l = &f->lists[i];
		struct tz_sub *s = tz_list_find(l, addr);
		if (!s || !*tz_sub_get(l, s, TZ_F_SOFT_BOUNCES) ||
		    strcmp(tz_sub_get(l, s, TZ_F_SOFT_BOUNCES), "0") == 0)
			continue;
		if (tz_sub_set(l, s, TZ_F_SOFT_BOUNCES, "0"))
			return -1;
		tz_folder_mark(f, i);
	}
	return 0;
}

int tz_bounce_apply(struct tz_folder *f, const struct tz_report *r,
		    const struct tz_bounce_config *c, long long now, struct tz_bounce_result *res)
{
	const struct tz_report_rcpt *rc;
	char date[11];
	enum tz_verdict verdict;

	memset(res, 0, sizeof *res);
	if (r->kind == TZ_REPORT_UNKNOWN || r->kind == TZ_REPORT_AUTOREPLY) {
		snprintf(res->detail, sizeof res->detail, "%s", r->why);
		return 0;
	}
	if (!r->token[0]) {
		snprintf(res->detail, sizeof res->detail,
			 "no techzine token (VERP address, List-Unsubscribe URL or subject)");
		return 0;
	}
	if (identify(f, r, c->secret, res->address)) {
		snprintf(res->detail, sizeof res->detail,
			 "the token (from the %s) belongs to no address it names and to no "
			 "subscriber: forged, or the person was forgotten", r->token_from);
		res->address[0] = 0;
		return 0;
	}
	if (r->kind == TZ_REPORT_ARF) {
		res->outcome = TZ_BO_COMPLAINT;
		snprintf(res->detail, sizeof res->detail, "complaint (%s)", r->feedback_type);
		return tz_folder_set_status(f, res->address, TZ_ST_COMPLAINED, "complained",
					    "complaint report") < 0 ? -1 : 0;
	}
	if (r->kind == TZ_REPORT_UNSUBSCRIBE) {
		res->outcome = TZ_BO_UNSUBSCRIBE;
		snprintf(res->detail, sizeof res->detail, "reply to the unsubscribe address");
		return tz_folder_set_status(f, res->address, TZ_ST_UNSUBSCRIBED, "unsubscribed",
					    "unsubscribe reply") < 0 ? -1 : 0;
	}
	rc = rcpt_for(r, res->address);
	if (!rc) {
		snprintf(res->detail, sizeof res->detail, "the report does not say what happened to "
			 "the subscriber it names");
		res->address[0] = 0;
		return 0;
	}
	verdict = rc->verdict;
	res->reason = rc->reason;
	/* a delay notice is not the last word on an address */
	if (verdict == TZ_V_HARD && strcasecmp(rc->action, "delayed") == 0)
		verdict = TZ_V_SOFT;
	if (verdict == TZ_V_SENDER) {
		const char *at = strrchr(res->address, '@');
		res->outcome = TZ_BO_SENDER;
		snprintf(res->domain, sizeof res->domain, "%s", at ? at + 1 : "");
		snprintf(res->detail, sizeof res->detail, "%s: %s %s %.200s", tz_reason_name(rc->reason),
			 rc->status, rc->reply, rc->diagnostic);
		return 0;
	}
	if (verdict == TZ_V_HARD) {
		char reason[64];
		res->outcome = TZ_BO_HARD;
		snprintf(res->detail, sizeof res->detail, "%s: %s %.200s", tz_reason_name(rc->reason),
			 rc->status, rc->diagnostic);
		snprintf(reason, sizeof reason, "bounced %s",
			 rc->status[0] ? rc->status : tz_reason_name(rc->reason));
		return tz_folder_set_status(f, res->address, TZ_ST_BOUNCED, reason, "bounce") < 0 ? -1
												    : 0;
	}
	if (verdict == TZ_V_SOFT) {
		int counted, n;
		date_of(r->date ? r->date : now, date);
		n = soft(f, res->address, date, c->soft_window, &counted);
		if (n < 0)
			return -1;
		if (n >= c->soft_limit) {
			char reason[64];
			res->outcome = TZ_BO_SOFT_LIMIT;
			snprintf(res->detail, sizeof res->detail, "%s %s: soft bounce %d of %d in a row",
				 tz_reason_name(rc->reason), rc->status, n, c->soft_limit);
			snprintf(reason, sizeof reason, "bounced %d soft bounces", n);
			return tz_folder_set_status(f, res->address, TZ_ST_BOUNCED, reason, "bounce") < 0
				       ? -1 : 0;
		}
		res->outcome = TZ_BO_SOFT;
		snprintf(res->detail, sizeof res->detail, "%s %s: soft bounce %d of %d%s",
			 tz_reason_name(rc->reason), rc->status, n, c->soft_limit,
			 counted ? "" : " (this send was counted before)");
		return 0;
	}
	if (rc->reason == TZ_R_DELIVERED) {
		res->outcome = TZ_BO_RESET;
		snprintf(res->detail, sizeof res->detail, "%s %s: delivered, soft count reset",
			 rc->action, rc->status);
		return reset(f, res->address);
	}
	snprintf(res->detail, sizeof res->detail, "action '%s' with status '%s' is not understood",
		 rc->action, rc->status);
	res->address[0] = 0;
	return 0;
}
