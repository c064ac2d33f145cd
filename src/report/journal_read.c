/*
 * journal_read.c - the report's read-only view of a send journal
 * (src/mail/journal.h has the format: H, R, S, F and D records).
 *
 * The report must work while a send is still running, so it does not take
 * the journal's lock and does not use the send's reader (which locks and
 * cuts a torn last line): it streams the file line by line, counts, and
 * ignores a last line without its newline (a record being written).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addrmap.h"
#include "campaign.h"
#include "../list/bounce_reason.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_MINUTES ((size_t)7 * 24 * 60)

/* Refusals of the sender's own making (authentication, reputation,
 * policy, rate), as opposed to the recipient's address or mailbox: the
 * same reason and verdict tables as `techzine bounces` (bounce_reason.h),
 * so a DMARC refusal at send time and in a bounce count alike. */
int tz_rpt_sender_side(int code, const char *enhanced, const char *text)
{
	char reply[8];
	snprintf(reply, sizeof reply, "%d", code);
	enum tz_reason r = tz_reason_classify(enhanced ? enhanced : "", code ? reply : "", "failed",
					      text ? text : "");
	return tz_reason_verdict(r, enhanced ? enhanced : "", code ? reply : "") == TZ_V_SENDER;
}

static const char *domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at ? at + 1 : addr;
}

struct times {
	long long *v;
	size_t n, cap;
};

static int times_add(struct times *t, long long v)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		long long *nv = tz_realloc(t->v, cap * sizeof *nv);
		if (!nv)
			return -1;
		t->v = nv;
		t->cap = cap;
	}
	t->v[t->n++] = v;
	return 0;
}

static int record(struct tz_rpt_delivery *d, char *line, struct tz_addrmap *map, struct times *t)
{
	char *f[6] = {0};
	size_t nf = 0;
	char *p = line;
	/* H v1 issue count hash started | R email | S email time id |
	 * F email time code enhanced text... (the text keeps its spaces) */
	while (*p && nf < 6) {
		f[nf++] = p;
		if (nf == 6 && line[0] == 'F')
			break;
		p = strchr(p, ' ');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (nf < 2 || f[0][1])
		return 0;
	switch (f[0][0]) {
	case 'H':
		if (nf >= 6) {
			long long st = strtoll(f[5], NULL, 10);
			if (!d->started || st < d->started)
				d->started = st;
			if (!d->issue[0])
				snprintf(d->issue, sizeof d->issue, "%s", f[2]);
		}
		return 0;
	case 'R':
		d->recipients++;
		return map ? tz_addrmap_set(map, tz_addrmap_hash(f[1], strlen(f[1])), 'R') : 0;
	case 'D':
		d->done = strtoll(f[1], NULL, 10) > d->done ? strtoll(f[1], NULL, 10) : d->done;
		return 0;
	case 'S':
	case 'F':
		break;
	default:
		return 0;
	}
	long long when = nf >= 3 ? strtoll(f[2], NULL, 10) : 0;
	if (when > 0) {
		if (!d->first || when < d->first)
			d->first = when;
		if (when > d->last)
			d->last = when;
		if (times_add(t, when))
			return -1;
	}
	if (f[0][0] == 'S')
		d->sent++;
	else {
		char key[64];
		const char *enh = nf >= 5 ? f[4] : "";
		const char *text = nf >= 6 ? f[5] : "";
		int code = nf >= 4 ? (int)strtol(f[3], NULL, 10) : 0;
		d->failed++;
		snprintf(key, sizeof key, "%d %.20s", code, enh);
		if (tz_rpt_kvs_add(&d->codes, key, 1))
			return -1;
		if (tz_rpt_sender_side(code, enh, text)) {
			d->sender_total++;
			if (tz_rpt_kvs_add(&d->sender, domain_of(f[1]), 1))
				return -1;
			struct tz_rpt_kv *kv = tz_rpt_kvs_find(&d->sender, domain_of(f[1]));
			if (kv && !kv->extra && !(kv->extra = tz_strndup(text, strnlen(text, 200))))
				return -1;
		}
	}
	return map ? tz_addrmap_set(map, tz_addrmap_hash(f[1], strlen(f[1])), f[0][0]) : 0;
}

static int minutes(struct tz_rpt_delivery *d, const struct times *t)
{
	if (!t->n)
		return 0;
	size_t shift = 0;
	if (!d->minute0)
		d->minute0 = d->first;
	else if (d->first < d->minute0) { /* this journal began earlier */
		shift = (size_t)((d->minute0 - d->first + 59) / 60);
		d->minute0 -= (long long)shift * 60;
	}
	size_t n = (size_t)((d->last - d->minute0) / 60) + 1;
	if (n > MAX_MINUTES)
		n = MAX_MINUTES;
	if (n < d->nminutes + shift)
		n = d->nminutes + shift < MAX_MINUTES ? d->nminutes + shift : MAX_MINUTES;
	size_t *v = tz_calloc(n, sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < d->nminutes; i++)
		v[i + shift < n ? i + shift : n - 1] += d->per_minute[i];
	for (size_t i = 0; i < t->n; i++) {
		size_t m = (size_t)((t->v[i] - d->minute0) / 60);
		v[m < n ? m : n - 1]++;
	}
	free(d->per_minute);
	d->per_minute = v;
	d->nminutes = n;
	return 0;
}

int tz_rpt_read_journal(struct tz_rpt_delivery *d, const char *path, struct tz_addrmap *map,
			struct tz_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	struct times t = {0};
	int rc = 0;
	size_t had_sent = d->sent, had_failed = d->failed, had_rcpt = d->recipients;
	long long had_done = d->done;

	if (!fp)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot read the send journal: %m");
	d->done = 0;
	while ((len = getline(&line, &cap, fp)) > 0) {
		if (line[len - 1] != '\n')
			break; /* a record being written */
		line[len - 1] = '\0';
		if (len > 4096)
			continue;
		if (record(d, line, map, &t)) {
			rc = tz_error_nomem(err);
			break;
		}
	}
	if (!rc && ferror(fp))
		rc = tz_error_set(err, TZ_ERR_IO, path, 0, "cannot read the send journal: %m");
	fclose(fp);
	free(line);
	if (!rc) {
		/* the journals of one issue are complete only when each is */
		int this_done = d->done != 0;
		d->complete = (d->journals == 0 || d->complete) && this_done;
		if (had_done > d->done)
			d->done = had_done;
		size_t rcpt = d->recipients - had_rcpt;
		size_t answered = (d->sent - had_sent) + (d->failed - had_failed);
		d->deferred += rcpt > answered ? rcpt - answered : 0;
		d->journals++;
		if (minutes(d, &t))
			rc = tz_error_nomem(err);
	}
	free(t.v);
	return rc;
}

void tz_rpt_delivery_release(struct tz_rpt_delivery *d)
{
	tz_rpt_kvs_release(&d->codes);
	tz_rpt_kvs_release(&d->sender);
	free(d->per_minute);
	memset(d, 0, sizeof *d);
}
