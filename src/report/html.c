/*
 * html.c - the report as one self-contained HTML page: inline CSS (light,
 * dark and print), inline SVG charts with the numbers beside them as
 * text, no scripts, no external files. Every value from a file is escaped.
 */
#include <stdio.h>
#include <string.h>

#include "campaign.h"
#include "svg.h"
#include "../web/template.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static const char css[] =
	":root{--fg:#1b1f24;--muted:#4a5360;--bg:#fff;--card:#f4f6f8;--line:#d0d5db;"
	"--bar:#1f5f99;--bar2:#b3261e;--bar3:#8a5a00;--warn:#fff4e5;--warnb:#b45309}"
	"@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#b3bac4;--bg:#15181c;"
	"--card:#20252b;--line:#3a424c;--bar:#7fb3e6;--bar2:#f28b82;--bar3:#e3b341;"
	"--warn:#3a2a12;--warnb:#f0a14a}}"
	"body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);"
	"background:var(--bg);margin:0 auto;max-width:980px;padding:24px}"
	"h1{font-size:1.7em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid var(--line);"
	"padding-bottom:4px;margin-top:32px}h3{font-size:1.05em}p.meta{color:var(--muted);margin:0}"
	".grid{display:flex;flex-wrap:wrap;gap:12px}.fig{background:var(--card);padding:10px 14px;"
	"border-radius:6px;min-width:120px}.fig b{display:block;font-size:1.5em}"
	".fig span{color:var(--muted);font-size:.9em}"
	"table{border-collapse:collapse;margin:8px 0;min-width:50%}th,td{text-align:left;"
	"padding:4px 10px;border-bottom:1px solid var(--line)}td.n,th.n{text-align:right;"
	"font-variant-numeric:tabular-nums}"
	".warn{background:var(--warn);border-left:4px solid var(--warnb);padding:10px 14px;"
	"margin:16px 0}.warn li{margin:4px 0}"
	"svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}"
	"svg .bar{fill:var(--bar)}svg .bar2{fill:var(--bar2)}svg .bar3{fill:var(--bar3)}"
	"svg .axis{stroke:var(--line)}svg .lbl,svg .num{fill:var(--fg);font-size:13px}"
	"svg .spark{stroke:var(--bar);stroke-width:2}svg .dot{fill:var(--bar)}"
	".key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;"
	"vertical-align:middle}.k1{background:var(--bar)}.k2{background:var(--bar2)}"
	".k3{background:var(--bar3)}"
	"@media print{body{max-width:none;padding:0;color:#000;background:#fff}"
	".fig,.warn{border:1px solid #999;background:#fff}h2{break-after:avoid}"
	"section{break-inside:avoid}}";

static void esc(struct tz_buf *b, const char *s)
{
	tz_html_escape(b, s ? s : "", s ? strlen(s) : 0);
}

static void fig(struct tz_buf *b, const char *value, const char *label)
{
	tz_buf_adds(b, "<div class=\"fig\"><b>");
	esc(b, value);
	tz_buf_adds(b, "</b><span>");
	esc(b, label);
	tz_buf_adds(b, "</span></div>");
}

static void fign(struct tz_buf *b, size_t v, const char *label)
{
	char s[32];
	snprintf(s, sizeof s, "%zu", v);
	fig(b, s, label);
}

/* A heading and a bar chart of counted keys (bounce reasons, stories). */
static void kvs_bars(struct tz_buf *b, const char *title, const struct tz_rpt_kvs *k)
{
	struct tz_svg_bar *bars = tz_calloc(k->n, sizeof *bars);
	char (*txt)[24] = tz_calloc(k->n, sizeof *txt);
	if (bars && txt) {
		for (size_t i = 0; i < k->n; i++) {
			snprintf(txt[i], sizeof txt[i], "%zu", k->v[i].n);
			bars[i].label = k->v[i].key;
			bars[i].value = (double)k->v[i].n;
			bars[i].text = txt[i];
		}
		tz_buf_adds(b, "<h3>");
		esc(b, title);
		tz_buf_adds(b, "</h3>");
		tz_svg_hbars(b, title, bars, k->n);
	}
	free(bars);
	free(txt);
}

static void delivery(struct tz_buf *b, const struct tz_campaign *c)
{
	const struct tz_rpt_delivery *d = &c->d;
	char rate[32], s[64], t1[32], t2[32], t3[32];
	long long begin = d->started ? d->started : d->first;
	long long end = d->done ? d->done : d->last;
	long long secs = end > begin ? end - begin : 0;

	tz_buf_adds(b, "<section><h2>Delivery</h2><div class=\"grid\">");
	fign(b, d->recipients, "recipients");
	tz_rpt_rate(rate, sizeof rate, d->sent, d->recipients);
	snprintf(s, sizeof s, "%zu (%s)", d->sent, rate);
	fig(b, s, "sent");
	fign(b, d->failed, "failed permanently");
	fign(b, d->deferred, d->complete ? "deferred" : "deferred or not tried yet");
	if (secs >= 60)
		snprintf(s, sizeof s, "%lld min", (secs + 30) / 60);
	else
		snprintf(s, sizeof s, "%lld s", secs);
	fig(b, s, "send took");
	snprintf(s, sizeof s, "%.0f", secs > 0 ? (double)(d->sent + d->failed) * 60.0 / (double)secs
					       : (double)(d->sent + d->failed));
	fig(b, s, "messages per minute");
	tz_buf_adds(b, "</div>");
	if (d->outbox)
		tz_buf_adds(b, "<p>Sent into the outbox (Maildir) only: nothing went over SMTP yet.</p>");
	snprintf(t1, sizeof t1, "%zu", d->sent);
	snprintf(t2, sizeof t2, "%zu", d->failed);
	snprintf(t3, sizeof t3, "%zu", d->deferred);
	struct tz_svg_bar bars[] = {{"sent", (double)d->sent, t1, 0},
				    {"failed permanently", (double)d->failed, t2, 1},
				    {"deferred", (double)d->deferred, t3, 2}};
	tz_svg_hbars(b, "Delivery: sent, failed, deferred", bars, 3);
	if (d->codes.n) {
		tz_buf_adds(b, "<h3>Failed permanently, by reply code</h3><table><tr><th>code</th>"
			       "<th class=\"n\">recipients</th></tr>");
		for (size_t i = 0; i < d->codes.n; i++) {
			tz_buf_adds(b, "<tr><td>");
			esc(b, d->codes.v[i].key);
			tz_buf_addf(b, "</td><td class=\"n\">%zu</td></tr>", d->codes.v[i].n);
		}
		tz_buf_adds(b, "</table>");
	}
	if (d->nminutes > 1) {
		/* at most 120 columns: minutes binned together on a long send */
		size_t bin = (d->nminutes + 119) / 120, n = (d->nminutes + bin - 1) / bin;
		double *v = tz_calloc(n, sizeof *v);
		if (v) {
			const double *series[1] = {v};
			char first[32], last[32], title[128];
			for (size_t i = 0; i < d->nminutes; i++)
				v[i / bin] += (double)d->per_minute[i];
			snprintf(first, sizeof first, "minute 1");
			snprintf(last, sizeof last, "minute %zu", d->nminutes);
			snprintf(title, sizeof title, "Messages answered per %zu minute%s over the send",
				 bin, bin > 1 ? "s" : "");
			tz_buf_adds(b, "<h3>");
			esc(b, title);
			tz_buf_adds(b, "</h3>");
			tz_svg_columns(b, title, series, 1, n, first, last);
			free(v);
		}
	}
	tz_buf_adds(b, "<h3>Not sent to (on the list, not in this send)</h3><table>");
	tz_buf_addf(b, "<tr><td>unsubscribed</td><td class=\"n\">%zu</td></tr>"
		       "<tr><td>bounced</td><td class=\"n\">%zu</td></tr>"
		       "<tr><td>complained</td><td class=\"n\">%zu</td></tr>"
		       "<tr><td>suppressed</td><td class=\"n\">%zu</td></tr>"
		       "<tr><td>not in the segment</td><td class=\"n\">%zu</td></tr></table></section>",
		    c->skip_unsubscribed, c->skip_bounced, c->skip_complained, c->skip_suppressed,
		    c->skip_segment);
}

static void afterwards(struct tz_buf *b, const struct tz_campaign *c)
{
	tz_buf_adds(b, "<section><h2>Since the send</h2><div class=\"grid\">");
	fign(b, c->bounce_bad, "bounces: address bad");
	fign(b, c->bounce_soft, "bounces: temporary");
	fign(b, c->bounce_sender, "bounces: sender's own problem");
	fign(b, c->complaints, "complaints");
	fign(b, c->unsubscribes, "unsubscribes");
	fign(b, c->signups, "sign-ups");
	tz_buf_adds(b, "</div>");
	if (!c->events_log)
		tz_buf_adds(b, "<p>No bounce log yet (subscribers/events.log): bounces are counted "
			       "from the suppression list, without their reasons.</p>");
	if (c->ndays) {
		double *s[3];
		size_t n = c->ndays;
		int ok = 1;
		for (int k = 0; k < 3; k++)
			ok &= (s[k] = tz_calloc(n, sizeof(double))) != NULL;
		if (ok) {
			for (size_t i = 0; i < n; i++) {
				s[0][i] = (double)(c->days[i].bounce_bad + c->days[i].bounce_soft +
						   c->days[i].bounce_sender);
				s[1][i] = (double)c->days[i].unsubscribes;
				s[2][i] = (double)c->days[i].complaints;
			}
			const double *series[3] = {s[0], s[1], s[2]};
			tz_buf_adds(b, "<h3>Per day</h3><p class=\"key\"><span class=\"k1\"></span>bounces"
				       "<span class=\"k2\"></span>unsubscribes<span class=\"k3\"></span>"
				       "complaints</p>");
			tz_svg_columns(b, "Bounces, unsubscribes and complaints per day", series, 3, n,
				       c->days[0].date, c->days[n - 1].date);
			tz_buf_adds(b, "<table><tr><th>day</th><th class=\"n\">bounces</th><th class=\"n\">"
				       "unsubscribes</th><th class=\"n\">complaints</th><th class=\"n\">"
				       "sign-ups</th></tr>");
			for (size_t i = 0; i < n; i++) {
				const struct tz_rpt_day *d = &c->days[i];
				if (!(s[0][i] + s[1][i] + s[2][i]) && !d->signups)
					continue;
				tz_buf_addf(b, "<tr><td>%s</td><td class=\"n\">%.0f</td><td class=\"n\">%zu"
					       "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td></tr>",
					    d->date, s[0][i], d->unsubscribes, d->complaints, d->signups);
			}
			tz_buf_adds(b, "</table>");
		}
		for (int k = 0; k < 3; k++)
			free(s[k]);
	}
	if (c->bounce_reasons.n)
		kvs_bars(b, "Bounces by reason", &c->bounce_reasons);
	tz_buf_adds(b, "</section>");
}

static void segments(struct tz_buf *b, const struct tz_campaign *c)
{
	static const char *const dims[] = {"municipality", "language", "interest"};
	tz_buf_adds(b, "<section><h2>By segment</h2><p>Rates of the recipients in each segment; "
		       "segments under 5 recipients show no rates.</p>");
	for (size_t k = 0; k < 3; k++) {
		tz_buf_addf(b, "<h3>By %s</h3><table><tr><th>%s</th><th class=\"n\">recipients</th>"
			       "<th class=\"n\">delivered</th><th class=\"n\">bounced</th>"
			       "<th class=\"n\">unsubscribed</th><th class=\"n\">complained</th></tr>",
			    dims[k], dims[k]);
		for (size_t i = 0; i < c->nseg; i++) {
			const struct tz_rpt_segment *s = &c->seg[i];
			char n[16], r1[24], r2[24], r3[24], r4[24];
			if (strcmp(s->dim, dims[k]))
				continue;
			int hidden = s->recipients < TZ_RPT_SMALL;
			tz_rpt_count(n, sizeof n, s->recipients, 1);
			tz_rpt_rate(r1, sizeof r1, s->delivered, hidden ? 0 : s->recipients);
			tz_rpt_rate(r2, sizeof r2, s->bounced + s->failed, hidden ? 0 : s->recipients);
			tz_rpt_rate(r3, sizeof r3, s->unsubscribed, hidden ? 0 : s->recipients);
			tz_rpt_rate(r4, sizeof r4, s->complained, hidden ? 0 : s->recipients);
			tz_buf_adds(b, "<tr><td>");
			esc(b, s->value);
			tz_buf_addf(b, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">"
				       "%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>",
				    n, r1, r2, r3, r4);
		}
		tz_buf_adds(b, "</table>");
	}
	tz_buf_adds(b, "</section>");
}

static void clicks(struct tz_buf *b, const struct tz_campaign *c)
{
	tz_buf_adds(b, "<section><h2>Clicks</h2>");
	if (!c->clicks_on) {
		tz_buf_adds(b, "<p>Click counting was off for this issue (&lt;mail track-clicks="
			       "\"yes\"&gt; turns it on: aggregate counts per link, nothing per "
			       "reader).</p></section>");
		return;
	}
	tz_buf_addf(b, "<div class=\"grid\">");
	fign(b, c->clicks, "clicks");
	tz_buf_adds(b, "</div>");
	if (c->stories.n)
		kvs_bars(b, "Clicks per story", &c->stories);
	tz_buf_adds(b, "<h3>Clicks per link</h3><table><tr><th>link</th><th>story</th>"
		       "<th class=\"n\">clicks</th></tr>");
	for (size_t i = 0; i < c->links.n; i++) {
		tz_buf_adds(b, "<tr><td>");
		esc(b, c->links.v[i].key);
		tz_buf_adds(b, "</td><td>");
		esc(b, c->links.v[i].extra);
		tz_buf_addf(b, "</td><td class=\"n\">%zu</td></tr>", c->links.v[i].n);
	}
	tz_buf_adds(b, "</table></section>");
}

static double pct(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void trend(struct tz_buf *b, const struct tz_campaign *c)
{
	size_t n = c->ntrend + 1;
	double *v[4];
	int ok = 1;
	tz_buf_adds(b, "<section><h2>Compared with earlier issues</h2>");
	if (!c->ntrend) {
		tz_buf_adds(b, "<p>No earlier issue has a send journal in out/.</p></section>");
		return;
	}
	for (int k = 0; k < 4; k++)
		ok &= (v[k] = tz_calloc(n, sizeof(double))) != NULL;
	if (ok) {
		for (size_t i = 0; i < n; i++) {
			const struct tz_rpt_delivery *d = i < c->ntrend ? &c->trend[i].d : &c->d;
			size_t bounced = i < c->ntrend ? c->trend[i].bounced : c->bounce_bad;
			size_t unsub = i < c->ntrend ? c->trend[i].unsubscribed : c->unsubscribes;
			size_t clk = i < c->ntrend ? c->trend[i].clicks : c->clicks;
			v[0][i] = pct(d->sent, d->recipients);
			v[1][i] = pct(bounced + d->failed, d->recipients);
			v[2][i] = pct(unsub, d->sent);
			v[3][i] = (double)clk;
		}
		static const char *const names[] = {"delivered", "bounced", "unsubscribed", "clicks"};
		tz_buf_adds(b, "<table><tr><th>measure</th><th>trend</th><th class=\"n\">this issue"
			       "</th><th class=\"n\">previous</th></tr>");
		for (int k = 0; k < 4; k++) {
			char title[96];
			snprintf(title, sizeof title, "%s over the last %zu issues", names[k], n);
			tz_buf_addf(b, "<tr><td>%s</td><td>", names[k]);
			tz_svg_sparkline(b, title, v[k], n);
			if (k == 3)
				tz_buf_addf(b, "</td><td class=\"n\">%.0f</td><td class=\"n\">%.0f</td></tr>",
					    v[k][n - 1], v[k][n - 2]);
			else
				tz_buf_addf(b, "</td><td class=\"n\">%.1f %%</td><td class=\"n\">%.1f %%"
					       "</td></tr>", v[k][n - 1], v[k][n - 2]);
		}
		tz_buf_adds(b, "</table>");
	}
	for (int k = 0; k < 4; k++)
		free(v[k]);
	tz_buf_adds(b, "<table><tr><th>issue</th><th class=\"n\">recipients</th><th class=\"n\">sent"
		       "</th><th class=\"n\">failed</th><th class=\"n\">bounced after</th>"
		       "<th class=\"n\">unsubscribed after</th><th class=\"n\">complaints</th></tr>");
	for (size_t i = 0; i < c->ntrend; i++) {
		const struct tz_rpt_trend *t = &c->trend[i];
		tz_buf_addf(b, "<tr><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
			       "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
			       "<td class=\"n\">%zu</td></tr>",
			    t->d.issue, t->d.recipients, t->d.sent, t->d.failed, t->bounced,
			    t->unsubscribed, t->complained);
	}
	tz_buf_addf(b, "<tr><th>%s</th><th class=\"n\">%zu</th><th class=\"n\">%zu</th>"
		       "<th class=\"n\">%zu</th><th class=\"n\">%zu</th><th class=\"n\">%zu</th>"
		       "<th class=\"n\">%zu</th></tr></table></section>",
		    c->issue, c->d.recipients, c->d.sent, c->d.failed, c->bounce_bad,
		    c->unsubscribes, c->complaints);
}

int tz_campaign_html(const struct tz_campaign *c, struct tz_buf *b)
{
	tz_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		       "<meta name=\"color-scheme\" content=\"light dark\"><title>Report: issue ");
	esc(b, c->issue);
	tz_buf_addf(b, "</title><style>%s</style></head><body><main><h1>Report: issue ", css);
	esc(b, c->issue);
	tz_buf_adds(b, "</h1><p class=\"meta\">list ");
	esc(b, c->list[0] ? c->list : "(all)");
	tz_buf_addf(b, " · as of %s · addresses are never shown; counts under %d in a segment "
		       "show as &lt; %d</p>",
		    c->today, TZ_RPT_SMALL, TZ_RPT_SMALL);
	if (c->nwarn) {
		tz_buf_adds(b, "<div class=\"warn\" role=\"alert\"><strong>Worth acting on</strong><ul>");
		for (size_t i = 0; i < c->nwarn; i++) {
			tz_buf_adds(b, "<li>");
			esc(b, c->warn[i]);
			tz_buf_adds(b, "</li>");
		}
		tz_buf_adds(b, "</ul></div>");
	}
	delivery(b, c);
	afterwards(b, c);
	segments(b, c);
	clicks(b, c);
	trend(b, c);
	return tz_buf_adds(b, "</main></body></html>\n");
}
