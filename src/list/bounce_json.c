/*
 * bounce_json.c - Amazon SES bounce, complaint and delivery notifications
 * (JSON, usually inside the "Message" string of an SNS envelope, so with
 * its quotes escaped).
 *
 * Written by hand instead of with a JSON library: only a few string values
 * are needed ("notificationType", and per recipient "emailAddress",
 * "action", "status", "diagnosticCode"), and they have to be found in JSON
 * that is itself a string inside JSON. The scanner reads a key's string
 * value whether its quotes are escaped or not, never past the text.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report_int.h"
#include "../util/banned.h"

/* The string value of key at or after s (up to end); NULL when none. */
static const char *value_of(const char *s, const char *end, const char *key, char *out,
			    size_t n)
{
	size_t kl = strlen(key);
	for (const char *p = s; p + kl + 1 < end; p++) {
		const char *v;
		size_t k = 0;
		if (memcmp(p, key, kl) != 0 || (p[kl] != '"' && p[kl] != '\\'))
			continue;
		v = p + kl;
		while (v < end && (*v == '\\' || *v == '"' || *v == ' ' || *v == ':'))
			v++;
		while (v < end && *v != '"' && k + 1 < n) {
			if (*v == '\\' && v + 1 < end) {
				if (v[1] == '"')
					break;
				v++;
			}
			out[k++] = *v++;
		}
		out[k] = 0;
		return p;
	}
	out[0] = 0;
	return NULL;
}

int tz_bounce_json_read(struct tz_report *r, const char *text, size_t len)
{
	const char *end = text + len, *p;
	char type[32], addr[TZ_ADDRESS_MAX];
	if (!value_of(text, end, "notificationType", type, sizeof type) &&
	    !value_of(text, end, "eventType", type, sizeof type))
		return 0;
	if (strcasecmp(type, "Complaint") == 0) {
		char fb[32];
		r->kind = TZ_REPORT_ARF;
		value_of(text, end, "complaintFeedbackType", fb, sizeof fb);
		snprintf(r->feedback_type, sizeof r->feedback_type, "%s", fb[0] ? fb : "abuse");
		p = value_of(text, end, "complainedRecipients", addr, sizeof addr);
		if (p && value_of(p, end, "emailAddress", addr, sizeof addr))
			tz_report_set_address(r, addr, strlen(addr));
		return 1;
	}
	if (strcasecmp(type, "Bounce") != 0 && strcasecmp(type, "Delivery") != 0)
		return 0;
	p = text;
	while ((p = value_of(p, end, "emailAddress", addr, sizeof addr)) != NULL) {
		const char *next = p + 1, *stop;
		char st[16], act[16], diag[400];
		struct tz_report_rcpt *rc;
		char norm[TZ_ADDRESS_MAX];
		const char *why;
		stop = value_of(next, end, "emailAddress", diag, sizeof diag);
		if (!stop)
			stop = end;
		value_of(next, stop, "status", st, sizeof st);
		value_of(next, stop, "action", act, sizeof act);
		value_of(next, stop, "diagnosticCode", diag, sizeof diag);
		if (tz_address_normalise(addr, norm, &why) == 0 && (rc = tz_report_add_rcpt(r, norm))) {
			snprintf(rc->status, sizeof rc->status, "%s", st);
			snprintf(rc->action, sizeof rc->action, "%s",
				 act[0] ? act : strcasecmp(type, "Delivery") == 0 ? "delivered" : "failed");
			snprintf(rc->diagnostic, sizeof rc->diagnostic, "%s", diag);
			tz_find_reply(diag, strlen(diag), rc->reply);
			rc->reason = tz_reason_classify(rc->status, rc->reply, rc->action, rc->diagnostic);
			rc->phrase = NULL;
			if (rc->reason != TZ_R_DELIVERED) {
				const struct tz_reason_phrase *ph =
					tz_reason_phrase_find(diag, strlen(diag));
				rc->phrase = ph ? ph->phrase : NULL;
			}
			rc->verdict = tz_reason_verdict(rc->reason, rc->status, rc->reply);
		}
		p = stop;
	}
	return 1;
}
