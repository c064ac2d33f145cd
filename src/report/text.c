/*
 * text.c - the report's short text summary for the terminal, and the
 * count and rate formats the three outputs share.
 */
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "../util/banned.h"

void tz_rpt_count(char *out, size_t n, size_t v, int small_hidden)
{
	if (small_hidden && v > 0 && v < TZ_RPT_SMALL)
		snprintf(out, n, "< %d", TZ_RPT_SMALL);
	else
		snprintf(out, n, "%zu", v);
}

void tz_rpt_rate(char *out, size_t n, size_t part, size_t whole)
{
	if (!whole)
		snprintf(out, n, "–");
	else
		snprintf(out, n, "%.1f %%", 100.0 * (double)part / (double)whole);
}

static void duration(char *out, size_t n, long long s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		snprintf(out, n, "%lld h %02lld min", s / 3600, (s % 3600) / 60);
	else if (s >= 60)
		snprintf(out, n, "%lld min %02lld s", s / 60, s % 60);
	else
		snprintf(out, n, "%lld s", s);
}

int tz_campaign_text(const struct tz_campaign *c, struct tz_buf *out)
{
	const struct tz_rpt_delivery *d = &c->d;
	char dur[64], rate[32];
	long long end = d->done ? d->done : d->last;
	duration(dur, sizeof dur, end - (d->started ? d->started : d->first));
	tz_rpt_rate(rate, sizeof rate, d->sent, d->recipients);
	tz_buf_addf(out, "report: issue %s, list %s%s\n", c->issue, c->list[0] ? c->list : "(all)",
		    d->outbox ? " (outbox only: nothing went over SMTP)" : "");
	tz_buf_addf(out, "  delivery: %zu recipients, %zu sent (%s), %zu failed, %zu deferred%s; "
			 "took %s\n",
		    d->recipients, d->sent, rate, d->failed, d->deferred,
		    d->complete ? "" : " (send not complete)", dur);
	for (size_t i = 0; i < d->codes.n && i < 5; i++)
		tz_buf_addf(out, "    failed %s: %zu\n", d->codes.v[i].key, d->codes.v[i].n);
	tz_buf_addf(out, "  skipped: %zu unsubscribed, %zu bounced, %zu complained, %zu suppressed, "
			 "%zu not in the segment\n",
		    c->skip_unsubscribed, c->skip_bounced, c->skip_complained, c->skip_suppressed,
		    c->skip_segment);
	tz_buf_addf(out, "  since the send: %zu bounces (address bad %zu, temporary %zu, sender's "
			 "own problem %zu), %zu complaints, %zu unsubscribes, %zu sign-ups\n",
		    c->bounce_bad + c->bounce_soft + c->bounce_sender, c->bounce_bad, c->bounce_soft,
		    c->bounce_sender, c->complaints, c->unsubscribes, c->signups);
	if (c->clicks_on) {
		tz_buf_addf(out, "  clicks: %zu", c->clicks);
		if (c->stories.n)
			tz_buf_addf(out, "; most read: %s (%zu)", c->stories.v[0].key, c->stories.v[0].n);
		tz_buf_adds(out, "\n");
	}
	if (c->ntrend) {
		const struct tz_rpt_trend *p = &c->trend[c->ntrend - 1];
		char prev[32];
		tz_rpt_rate(prev, sizeof prev, p->d.sent, p->d.recipients);
		tz_buf_addf(out, "  previous issue %s: %zu recipients, %zu sent (%s), %zu failed\n",
			    p->d.issue, p->d.recipients, p->d.sent, prev, p->d.failed);
	}
	for (size_t i = 0; i < c->nwarn; i++)
		tz_buf_addf(out, "  warning: %s\n", c->warn[i]);
	return out->len && out->data[out->len - 1] == '\n' ? 0 : -1;
}
