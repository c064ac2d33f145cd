/*
 * json.c - the report as JSON for a spreadsheet or a dashboard. The schema
 * is docs/report.schema.json ("techzine-report/1"); a segment count under
 * 5 is the string "<5" there too, and its rates are null.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "campaign.h"
#include "../util/banned.h"

static void str(struct tz_buf *b, const char *s)
{
	tz_buf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			tz_buf_addf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			tz_buf_addf(b, "\\u%04x", *p);
		else
			tz_buf_addc(b, (char)*p);
	}
	tz_buf_addc(b, '"');
}

static void key(struct tz_buf *b, const char *k, int first)
{
	if (!first)
		tz_buf_addc(b, ',');
	str(b, k);
	tz_buf_addc(b, ':');
}

static void num(struct tz_buf *b, const char *k, size_t v, int first)
{
	key(b, k, first);
	tz_buf_addf(b, "%zu", v);
}

static void small(struct tz_buf *b, const char *k, size_t v)
{
	key(b, k, 0);
	if (v > 0 && v < TZ_RPT_SMALL)
		tz_buf_adds(b, "\"<5\"");
	else
		tz_buf_addf(b, "%zu", v);
}

static void rate(struct tz_buf *b, const char *k, size_t part, size_t whole, int hidden)
{
	key(b, k, 0);
	if (!whole || hidden)
		tz_buf_adds(b, "null");
	else
		tz_buf_addf(b, "%.4f", (double)part / (double)whole);
}

static void when(struct tz_buf *b, const char *k, long long t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	char s[32];
	key(b, k, 0);
	if (!t || !gmtime_r(&tt, &tm)) {
		tz_buf_adds(b, "null");
		return;
	}
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	str(b, s);
}

static void kvs(struct tz_buf *b, const char *k, const struct tz_rpt_kvs *v, const char *name,
		const char *extra)
{
	key(b, k, 0);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < v->n; i++) {
		tz_buf_adds(b, i ? ",{" : "{");
		key(b, name, 1);
		str(b, v->v[i].key);
		if (extra) {
			key(b, extra, 0);
			str(b, v->v[i].extra);
		}
		num(b, "count", v->v[i].n, 0);
		tz_buf_addc(b, '}');
	}
	tz_buf_addc(b, ']');
}

static void delivery(struct tz_buf *b, const struct tz_rpt_delivery *d, int first)
{
	num(b, "recipients", d->recipients, first);
	num(b, "sent", d->sent, 0);
	num(b, "failed", d->failed, 0);
	num(b, "deferred", d->deferred, 0);
	key(b, "complete", 0);
	tz_buf_adds(b, d->complete ? "true" : "false");
	key(b, "outbox_only", 0);
	tz_buf_adds(b, d->outbox ? "true" : "false");
	when(b, "started", d->started);
	when(b, "finished", d->done);
	long long end = d->done ? d->done : d->last;
	long long begin = d->started ? d->started : d->first;
	num(b, "duration_seconds", end > begin ? (size_t)(end - begin) : 0, 0);
}

int tz_campaign_json(const struct tz_campaign *c, struct tz_buf *b)
{
	const struct tz_rpt_delivery *d = &c->d;
	tz_buf_addc(b, '{');
	key(b, "schema", 1);
	str(b, "techzine-report/1");
	key(b, "issue", 0);
	str(b, c->issue);
	key(b, "list", 0);
	str(b, c->list);
	key(b, "generated", 0);
	str(b, c->today);
	key(b, "delivery", 0);
	tz_buf_addc(b, '{');
	delivery(b, d, 1);
	kvs(b, "failures_by_code", &d->codes, "code", NULL);
	kvs(b, "sender_rejections_by_domain", &d->sender, "domain", "example");
	key(b, "per_minute", 0);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < d->nminutes; i++)
		tz_buf_addf(b, "%s%zu", i ? "," : "", d->per_minute[i]);
	tz_buf_adds(b, "]},");
	key(b, "skipped", 1);
	tz_buf_addc(b, '{');
	num(b, "unsubscribed", c->skip_unsubscribed, 1);
	num(b, "bounced", c->skip_bounced, 0);
	num(b, "complained", c->skip_complained, 0);
	num(b, "suppressed", c->skip_suppressed, 0);
	num(b, "not_in_segment", c->skip_segment, 0);
	tz_buf_adds(b, "},");
	key(b, "afterwards", 1);
	tz_buf_addc(b, '{');
	key(b, "event_log", 1);
	tz_buf_adds(b, c->events_log ? "true" : "false");
	num(b, "bounces_address_bad", c->bounce_bad, 0);
	num(b, "bounces_temporary", c->bounce_soft, 0);
	num(b, "bounces_sender", c->bounce_sender, 0);
	num(b, "complaints", c->complaints, 0);
	num(b, "unsubscribes", c->unsubscribes, 0);
	num(b, "signups", c->signups, 0);
	kvs(b, "bounce_reasons", &c->bounce_reasons, "reason", NULL);
	kvs(b, "sender_bounces_by_domain", &c->sender_domains, "domain", "reason");
	key(b, "days", 0);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < c->ndays; i++) {
		const struct tz_rpt_day *dd = &c->days[i];
		tz_buf_adds(b, i ? ",{" : "{");
		key(b, "date", 1);
		str(b, dd->date);
		num(b, "bounces_address_bad", dd->bounce_bad, 0);
		num(b, "bounces_temporary", dd->bounce_soft, 0);
		num(b, "bounces_sender", dd->bounce_sender, 0);
		num(b, "complaints", dd->complaints, 0);
		num(b, "unsubscribes", dd->unsubscribes, 0);
		num(b, "signups", dd->signups, 0);
		num(b, "clicks", dd->clicks, 0);
		tz_buf_addc(b, '}');
	}
	tz_buf_adds(b, "]},");
	key(b, "segments", 1);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < c->nseg; i++) {
		const struct tz_rpt_segment *s = &c->seg[i];
		int hidden = s->recipients < TZ_RPT_SMALL;
		tz_buf_adds(b, i ? ",{" : "{");
		key(b, "dimension", 1);
		str(b, s->dim);
		key(b, "value", 0);
		str(b, s->value);
		small(b, "recipients", s->recipients);
		small(b, "delivered", s->delivered);
		small(b, "failed", s->failed);
		small(b, "bounced", s->bounced);
		small(b, "complained", s->complained);
		small(b, "unsubscribed", s->unsubscribed);
		rate(b, "delivery_rate", s->delivered, s->recipients, hidden);
		rate(b, "bounce_rate", s->bounced + s->failed, s->recipients, hidden);
		rate(b, "unsubscribe_rate", s->unsubscribed, s->recipients, hidden);
		tz_buf_addc(b, '}');
	}
	tz_buf_adds(b, "],");
	key(b, "clicks", 1);
	tz_buf_addc(b, '{');
	key(b, "counted", 1);
	tz_buf_adds(b, c->clicks_on ? "true" : "false");
	num(b, "total", c->clicks, 0);
	kvs(b, "stories", &c->stories, "story", NULL);
	kvs(b, "links", &c->links, "url", "story");
	tz_buf_adds(b, "},");
	key(b, "trend", 1);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < c->ntrend; i++) {
		const struct tz_rpt_trend *t = &c->trend[i];
		tz_buf_adds(b, i ? ",{" : "{");
		key(b, "issue", 1);
		str(b, t->d.issue);
		delivery(b, &t->d, 0);
		num(b, "bounced", t->bounced, 0);
		num(b, "complained", t->complained, 0);
		num(b, "unsubscribed", t->unsubscribed, 0);
		num(b, "clicks", t->clicks, 0);
		tz_buf_addc(b, '}');
	}
	tz_buf_adds(b, "],");
	key(b, "warnings", 1);
	tz_buf_addc(b, '[');
	for (size_t i = 0; i < c->nwarn; i++) {
		if (i)
			tz_buf_addc(b, ',');
		str(b, c->warn[i]);
	}
	if (tz_buf_adds(b, "]}\n"))
		return -1;
	return 0;
}
