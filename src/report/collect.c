/*
 * collect.c - gather a campaign report from the files techzine keeps
 * (campaign.h says which). Order: the issue's journals into the address
 * map; the list streamed once and joined to it (segments, skipped); the
 * suppression file and the event log for what happened afterwards, day by
 * day; the earlier issues' journals for the trend; then the warnings.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "addrmap.h"
#include "campaign.h"
#include "events.h"
#include "../list/address.h"
#include "../list/list.h"
#include "../list/suppress.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_LIST_BYTES ((size_t)512 * 1024 * 1024)

void tz_campaign_init(struct tz_campaign *c)
{
	memset(c, 0, sizeof *c);
}

void tz_campaign_release(struct tz_campaign *c)
{
	tz_rpt_delivery_release(&c->d);
	tz_rpt_kvs_release(&c->bounce_reasons);
	tz_rpt_kvs_release(&c->sender_domains);
	tz_rpt_kvs_release(&c->links);
	tz_rpt_kvs_release(&c->stories);
	free(c->days);
	for (size_t i = 0; i < c->nseg; i++)
		free(c->seg[i].value);
	free(c->seg);
	for (size_t i = 0; i < c->ntrend; i++)
		tz_rpt_delivery_release(&c->trend[i].d);
	for (size_t i = 0; i < c->nwarn; i++)
		free(c->warn[i]);
	free(c->warn);
	memset(c, 0, sizeof *c);
}

static int warn(struct tz_campaign *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int warn(struct tz_campaign *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	char **v = tz_realloc(c->warn, (c->nwarn + 1) * sizeof *v);
	if (!v)
		return -1;
	c->warn = v;
	if (!(v[c->nwarn] = tz_strdup(line)))
		return -1;
	c->nwarn++;
	return 0;
}

/* "send-demo-w1a2b3c4d-outbox.journal" -> list "demo", outbox 1. */
static int journal_name(const char *name, char *list, size_t n, int *outbox)
{
	size_t len = strlen(name);
	if (strncmp(name, "send-", 5) || len < 14 || strcmp(name + len - 8, ".journal"))
		return -1;
	len -= 8 + 5;
	if (len >= n)
		return -1;
	memcpy(list, name + 5, len);
	list[len] = '\0';
	*outbox = len > 7 && !strcmp(list + len - 7, "-outbox");
	if (*outbox)
		list[len -= 7] = '\0';
	if (len > 10 && list[len - 10] == '-' && list[len - 9] == 'w' &&
	    strspn(list + len - 8, "0123456789abcdef") == 8)
		list[len - 10] = '\0';
	return list[0] ? 0 : -1;
}

/* Read the journals of out_dir/issue into d (and map): the SMTP journals,
 * or the outbox journals when the issue was only sent into a Maildir. */
static int read_issue_journals(struct tz_rpt_delivery *d, const char *out_dir, const char *issue,
			       const char *only_list, char *list_out, size_t list_n,
			       struct tz_addrmap *map, struct tz_error *err)
{
	char dir[1024];
	if (!d)
		return tz_error_nomem(err);
	snprintf(dir, sizeof dir, "%s/%s", out_dir, issue);
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	char **names = NULL;
	int *outbox = NULL;
	size_t n = 0, smtp = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dp))) {
		char list[256];
		int ob;
		if (journal_name(e->d_name, list, sizeof list, &ob))
			continue;
		if (only_list && strcmp(list, only_list))
			continue;
		char **nn = tz_realloc(names, (n + 1) * sizeof *nn);
		int *no = tz_realloc(outbox, (n + 1) * sizeof *no);
		if (nn)
			names = nn;
		if (no)
			outbox = no;
		if (!nn || !no || !(names[n] = tz_strdup(e->d_name))) {
			rc = tz_error_nomem(err);
			break;
		}
		outbox[n] = ob;
		smtp += !ob;
		if (list_out && !list_out[0] && strlen(list) < list_n)
			memcpy(list_out, list, strlen(list) + 1);
		n++;
	}
	closedir(dp);
	for (size_t i = 0; i < n && !rc; i++) {
		char path[1400];
		if (smtp && outbox[i])
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		rc = tz_rpt_read_journal(d, path, map, err);
	}
	d->outbox = n > 0 && !smtp;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(outbox);
	return rc;
}

static struct tz_rpt_segment *segment(struct tz_campaign *c, const char *dim, const char *value)
{
	for (size_t i = 0; i < c->nseg; i++)
		if (!strcmp(c->seg[i].dim, dim) && !strcmp(c->seg[i].value, value))
			return &c->seg[i];
	if (c->nseg == c->segcap) {
		size_t cap = c->segcap ? c->segcap * 2 : 32;
		struct tz_rpt_segment *v = tz_realloc(c->seg, cap * sizeof *v);
		if (!v)
			return NULL;
		c->seg = v;
		c->segcap = cap;
	}
	struct tz_rpt_segment *s = &c->seg[c->nseg];
	memset(s, 0, sizeof *s);
	snprintf(s->dim, sizeof s->dim, "%s", dim);
	if (!(s->value = tz_strdup(value)))
		return NULL;
	c->nseg++;
	return s;
}

static struct tz_rpt_day *day(struct tz_campaign *c, const char *date)
{
	for (size_t i = 0; i < c->ndays; i++)
		if (!strcmp(c->days[i].date, date))
			return &c->days[i];
	return NULL;
}

struct join {
	struct tz_campaign *c;
	const struct tz_addrmap *map;
	const struct tz_suppression *supp;
	char send_day[11];
};

static int count_in(struct tz_campaign *c, const char *dim, const char *value, char state,
		    enum tz_status st, int changed_after)
{
	struct tz_rpt_segment *s = segment(c, dim, value[0] ? value : "(leeg)");
	if (!s)
		return -1;
	s->recipients++;
	s->delivered += state == 'S';
	s->failed += state == 'F';
	if (changed_after) {
		s->bounced += st == TZ_ST_BOUNCED;
		s->complained += st == TZ_ST_COMPLAINED;
		s->unsubscribed += st == TZ_ST_UNSUBSCRIBED;
	}
	return 0;
}

static int join_row(void *ctx, const struct tz_list *l, const struct tz_sub *s, size_t off,
		    size_t len, struct tz_error *err)
{
	struct join *j = ctx;
	struct tz_campaign *c = j->c;
	const char *email = tz_sub_get(l, s, TZ_F_EMAIL);
	char state = tz_addrmap_get(j->map, tz_addrmap_hash(email, strlen(email)));
	enum tz_status st = tz_sub_status(l, s);
	const char *changed = tz_sub_get(l, s, TZ_F_LAST_CHANGE);
	const char *consent = tz_sub_get(l, s, TZ_F_CONSENT_DATE);
	(void)off;
	(void)len;
	if (consent[0] && strcmp(consent, j->send_day) >= 0 && strcmp(consent, c->today) <= 0) {
		struct tz_rpt_day *dd = day(c, consent);
		c->signups++;
		if (dd)
			dd->signups++;
	}
	if (!state) {
		if (st == TZ_ST_UNSUBSCRIBED)
			c->skip_unsubscribed++;
		else if (st == TZ_ST_BOUNCED)
			c->skip_bounced++;
		else if (st == TZ_ST_COMPLAINED)
			c->skip_complained++;
		else if (tz_suppression_find(j->supp, email))
			c->skip_suppressed++;
		else if (!consent[0] || strcmp(consent, j->send_day) < 0)
			c->skip_segment++;
		return 0;
	}
	int after = changed[0] && strcmp(changed, j->send_day) >= 0;
	const char *lang = tz_sub_get(l, s, TZ_F_LANGUAGE);
	if (count_in(c, "municipality", tz_sub_get(l, s, TZ_F_MUNICIPALITY), state, st, after) ||
	    count_in(c, "language", lang[0] ? lang : "nl", state, st, after))
		return tz_error_nomem(err);
	const char *p = tz_sub_get(l, s, TZ_F_INTERESTS);
	while (*p) {
		const char *semi = strchr(p, ';');
		size_t n = semi ? (size_t)(semi - p) : strlen(p);
		char value[128];
		if (n && n < sizeof value) {
			memcpy(value, p, n);
			value[n] = '\0';
			if (count_in(c, "interest", value, state, st, after))
				return tz_error_nomem(err);
		}
		p += n + (semi != NULL);
	}
	return 0;
}

static void day_of(long long t, char out[11])
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!t || !localtime_r(&tt, &tm)) {
		out[0] = '\0';
		return;
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int join_list(struct tz_campaign *c, const struct tz_rpt_inputs *in,
		     const struct tz_addrmap *map, const struct tz_suppression *supp,
		     struct tz_error *err)
{
	char path[1024];
	struct tz_buf data;
	struct tz_list l;
	struct tz_diags diags;
	struct join j = {c, map, supp, ""};
	int rc;
	day_of(c->d.started ? c->d.started : c->d.first, j.send_day);
	snprintf(path, sizeof path, "%s/%s.csv", in->sub_dir, c->list);
	tz_buf_init(&data, MAX_LIST_BYTES);
	if (tz_read_file(path, MAX_LIST_BYTES, &data, err)) {
		tz_buf_release(&data);
		return -1;
	}
	tz_diags_init(&diags);
	memset(&l, 0, sizeof l); /* tz_list_scan sets it up (the header only) */
	rc = tz_list_scan(&l, path, data.data, data.len, join_row, &j, &diags, err);
	tz_list_release(&l);
	tz_diags_release(&diags);
	tz_buf_release(&data);
	return rc;
}

/* Does a suppression reason ("bounced 5.1.1", "complained") start with
 * the status word? */
static int reason_is(const char *reason, const char *word)
{
	size_t n = strlen(word);
	return reason && !strncmp(reason, word, n) && (reason[n] == '\0' || reason[n] == ' ');
}

/* Is date within [from, to)? An empty to is open. */
static int within(const char *date, const char *from, const char *to)
{
	return strcmp(date, from) >= 0 && (!to[0] || strcmp(date, to) < 0);
}

/* Days from the send day to today (at most TZ_RPT_MAX_DAYS). */
static int make_days(struct tz_campaign *c, const char *send_day)
{
	struct tm tm = {0};
	if (!send_day[0] || tz_date_split(send_day, &tm.tm_year, &tm.tm_mon, &tm.tm_mday))
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	c->days = tz_calloc(TZ_RPT_MAX_DAYS, sizeof *c->days);
	if (!c->days)
		return -1;
	for (size_t i = 0; i < TZ_RPT_MAX_DAYS; i++) {
		struct tm t = tm;
		t.tm_mday += (int)i;
		time_t tt = mktime(&t);
		struct tm norm;
		if (tt == (time_t)-1 || !localtime_r(&tt, &norm))
			break;
		strftime(c->days[i].date, sizeof c->days[i].date, "%Y-%m-%d", &norm);
		if (strcmp(c->days[i].date, c->today) > 0)
			break;
		c->ndays = i + 1;
	}
	return 0;
}

/* What happened after the send: suppression entries (unsubscribes,
 * complaints and, without the event log, hard bounces) and the event log
 * (bounces with their reason and class). */
static int afterwards(struct tz_campaign *c, const struct tz_suppression *supp,
		      const struct tz_rpt_events *ev, const char *from, const char *to)
{
	for (size_t i = 0; i < supp->n; i++) {
		const struct tz_supp_entry *e = &supp->v[i];
		if (!e->date || !within(e->date, from, to))
			continue;
		struct tz_rpt_day *dd = day(c, e->date);
		if (reason_is(e->reason, "unsubscribed")) {
			c->unsubscribes++;
			if (dd)
				dd->unsubscribes++;
		} else if (reason_is(e->reason, "complained")) {
			c->complaints++;
			if (dd)
				dd->complaints++;
		} else if (reason_is(e->reason, "bounced") && !c->events_log) {
			c->bounce_bad++;
			if (dd)
				dd->bounce_bad++;
		}
	}
	for (size_t i = 0; ev && i < ev->n; i++) {
		const struct tz_rpt_event *e = &ev->v[i];
		if (!within(e->date, from, to))
			continue;
		struct tz_rpt_day *dd = day(c, e->date);
		size_t *total = e->cls == 'b' ? &c->bounce_bad
				: e->cls == 's' ? &c->bounce_soft : &c->bounce_sender;
		(*total)++;
		if (dd)
			(*(e->cls == 'b' ? &dd->bounce_bad
			   : e->cls == 's' ? &dd->bounce_soft : &dd->bounce_sender))++;
		if (tz_rpt_kvs_add(&c->bounce_reasons, e->reason, 1))
			return -1;
		if (e->cls == 'x' && e->domain[0]) {
			if (tz_rpt_kvs_add(&c->sender_domains, e->domain, 1))
				return -1;
			struct tz_rpt_kv *kv = tz_rpt_kvs_find(&c->sender_domains, e->domain);
			if (kv && !kv->extra && !(kv->extra = tz_strdup(e->reason)))
				return -1;
		}
	}
	return 0;
}

static int by_issue(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Earlier issues: every out/<YYYY-MM>/ before this one with a journal. */
static int trend(struct tz_campaign *c, const struct tz_rpt_inputs *in,
		 const struct tz_suppression *supp, const struct tz_rpt_events *ev,
		 struct tz_error *err)
{
	DIR *dp = opendir(in->out_dir);
	char **ids = NULL;
	size_t n = 0;
	struct dirent *e;
	int rc = 0;
	if (!dp)
		return 0;
	while ((e = readdir(dp))) {
		if (strlen(e->d_name) != 7 || e->d_name[4] != '-' ||
		    strspn(e->d_name, "0123456789-") != 7 || strcmp(e->d_name, c->issue) >= 0)
			continue;
		char **v = tz_realloc(ids, (n + 1) * sizeof *v);
		if (!v || !(v[n] = tz_strdup(e->d_name))) {
			if (v)
				ids = v;
			rc = tz_error_nomem(err);
			break;
		}
		ids = v;
		n++;
	}
	closedir(dp);
	if (!rc && n)
		qsort(ids, n, sizeof *ids, by_issue);
	size_t start = n > TZ_RPT_MAX_TREND ? n - TZ_RPT_MAX_TREND : 0;
	for (size_t i = start; i < n && !rc; i++) {
		struct tz_rpt_trend *t = &c->trend[c->ntrend];
		memset(t, 0, sizeof *t);
		rc = read_issue_journals(&t->d, in->out_dir, ids[i], in->list, NULL, 0, NULL, err);
		if (rc || !t->d.journals) {
			tz_rpt_delivery_release(&t->d);
			continue;
		}
		snprintf(t->d.issue, sizeof t->d.issue, "%s", ids[i]);
		char cpath[1200];
		snprintf(cpath, sizeof cpath, "%s/%s.clicks", in->clicks_dir, ids[i]);
		t->clicks = tz_rpt_count_clicks(cpath);
		c->ntrend++;
	}
	/* what happened after each: from its send day to the next one's */
	for (size_t i = 0; i < c->ntrend; i++) {
		char from[11], to[11];
		struct tz_rpt_trend *t = &c->trend[i];
		day_of(t->d.started ? t->d.started : t->d.first, from);
		day_of(i + 1 < c->ntrend ? c->trend[i + 1].d.started
					 : (c->d.started ? c->d.started : c->d.first), to);
		for (size_t k = 0; k < supp->n; k++) {
			const struct tz_supp_entry *se = &supp->v[k];
			if (!se->date || !within(se->date, from, to))
				continue;
			t->unsubscribed += reason_is(se->reason, "unsubscribed");
			t->complained += reason_is(se->reason, "complained");
			t->bounced += !c->events_log && reason_is(se->reason, "bounced");
		}
		for (size_t k = 0; ev && k < ev->n; k++)
			t->bounced += ev->v[k].cls == 'b' && within(ev->v[k].date, from, to);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return rc;
}

static int warnings(struct tz_campaign *c)
{
	size_t sent = c->d.sent;
	tz_rpt_kvs_sort(&c->d.sender);
	for (size_t i = 0; i < c->d.sender.n; i++) {
		const struct tz_rpt_kv *kv = &c->d.sender.v[i];
		if (kv->n >= TZ_RPT_SMALL &&
		    warn(c, "%zu rejections by %s of the sender's own making (\"%.120s\"): fix the "
			    "sending domain's SPF/DKIM/DMARC, the relay's reputation or the rate",
			 kv->n, kv->key, kv->extra ? kv->extra : ""))
			return -1;
	}
	tz_rpt_kvs_sort(&c->sender_domains);
	for (size_t i = 0; i < c->sender_domains.n; i++) {
		const struct tz_rpt_kv *kv = &c->sender_domains.v[i];
		if (kv->n >= TZ_RPT_SMALL &&
		    warn(c, "%zu bounces from %s for the sender's own reasons (%s): the subscribers "
			    "were not held responsible; fix the sending side",
			 kv->n, kv->key, kv->extra ? kv->extra : "policy"))
			return -1;
	}
	/* Gmail's line for complaints is 0.1 %, 0.3 % never to be reached */
	if (sent && c->complaints * 1000 > sent &&
	    warn(c, "complaint rate %.2f %% is over 0.1 %% (Gmail's line): check consent and "
		    "make the unsubscribe link easy to find", 100.0 * (double)c->complaints / (double)sent))
		return -1;
	size_t bounced = c->bounce_bad + c->d.failed;
	if (sent + c->d.failed && bounced * 50 > sent + c->d.failed &&
	    warn(c, "bounce rate %.1f %% is over 2 %%: the list holds dead addresses; run "
		    "`techzine bounces` and clean the list",
		 100.0 * (double)bounced / (double)(sent + c->d.failed)))
		return -1;
	if (c->d.deferred && !c->d.complete &&
	    warn(c, "%zu recipients were not delivered yet (deferred or not tried): run the same "
		    "send command again to resume", c->d.deferred))
		return -1;
	return 0;
}

int tz_campaign_collect(struct tz_campaign *c, const struct tz_rpt_inputs *in,
			struct tz_error *err)
{
	struct tz_addrmap map = {0};
	struct tz_suppression supp;
	struct tz_rpt_events ev;
	char path[1024], send_day[11];
	int rc = -1;

	memset(&supp, 0, sizeof supp);
	memset(&ev, 0, sizeof ev);
	snprintf(c->issue, sizeof c->issue, "%s", in->issue);
	snprintf(c->today, sizeof c->today, "%s", in->today);
	if (in->list)
		snprintf(c->list, sizeof c->list, "%s", in->list);
	if (read_issue_journals(&c->d, in->out_dir, in->issue, in->list, c->list, sizeof c->list,
				&map, err))
		goto out;
	if (!c->d.journals) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			     "no send journal for issue '%s'%s%s in '%s/%s/': send it first "
			     "(techzine send), or name the list with --list",
			     in->issue, in->list ? " and list " : "", in->list ? in->list : "",
			     in->out_dir, in->issue);
		goto out;
	}
	snprintf(path, sizeof path, "%s/suppressed.csv", in->sub_dir);
	if (tz_suppression_load(&supp, path, err))
		goto out;
	snprintf(path, sizeof path, "%s/events.log", in->sub_dir);
	if (tz_rpt_events_load(&ev, path, err) < 0)
		goto out;
	c->events_log = ev.present;
	day_of(c->d.started ? c->d.started : c->d.first, send_day);
	if (make_days(c, send_day) || afterwards(c, &supp, &ev, send_day, "")) {
		tz_error_nomem(err);
		goto out;
	}
	if (join_list(c, in, &map, &supp, err))
		goto out;
	snprintf(path, sizeof path, "%s/%s.clicks", in->clicks_dir, in->issue);
	if (tz_rpt_read_clicks(c, path, in->link_stories, err))
		goto out;
	if (trend(c, in, &supp, &ev, err))
		goto out;
	tz_rpt_kvs_sort(&c->d.codes);
	tz_rpt_kvs_sort(&c->bounce_reasons);
	if (warnings(c)) {
		tz_error_nomem(err);
		goto out;
	}
	rc = 0;
out:
	tz_addrmap_release(&map);
	tz_suppression_release(&supp);
	tz_rpt_events_release(&ev);
	return rc;
}
