/*
 * common.c - bounded writes, time and token helpers (see common.h).
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "../list/address.h"
#include "../list/token.h"
#include "../util/banned.h"

int ls_write_begin(struct ls_server *s, struct tz_folder *f, const char *only,
		   struct ls_reply *rp)
{
	struct timespec until, now;
	struct tz_error err;
	int left;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += s->cfg->lim.write_wait;
	if (pthread_mutex_timedlock(&s->write_mu, &until)) {
		ls_reply_what(rp, 503, "changes queued too long");
		rp->retry_after = (int)s->cfg->lim.write_wait * 2 + 1;
		return -1;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	left = (int)(until.tv_sec - now.tv_sec);
	tz_error_clear(&err);
	if (tz_folder_open_within(f, s->dir, only, left > 0 ? left : 0, &err)) {
		tz_folder_release(f);
		pthread_mutex_unlock(&s->write_mu);
		ls_log_msg(s->log, "cannot open the folder for a change: %s", err.msg);
		ls_reply_what(rp, 503, "subscribers folder busy or unreadable");
		rp->retry_after = 30;
		return -1;
	}
	return 0;
}

int ls_write_end(struct ls_server *s, struct tz_folder *f, int commit, struct ls_reply *rp)
{
	struct tz_error err;
	int rc = 0;
	tz_error_clear(&err);
	if (commit && tz_folder_commit(f, &err)) {
		ls_log_msg(s->log, "cannot write the change: %s", err.msg);
		ls_reply_what(rp, 503, "could not write the change");
		rp->retry_after = 30;
		rc = -1;
	}
	tz_folder_release(f);
	pthread_mutex_unlock(&s->write_mu);
	return rc;
}

long long ls_now(void)
{
	const char *o = getenv("TECHZINE_NOW");
	long long t;
	if (o && ls_parse_time(o, &t) == 0)
		return t;
	return (long long)time(NULL);
}

void ls_date_of(long long t, char out[11])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void ls_time_of(long long t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int ls_parse_time(const char *s, long long *out)
{
	long long v = 0;
	size_t n = 0;
	if (!s || !*s)
		return -1;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 12)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return 0;
}

int ls_token_address(struct ls_server *s, const char *e, const char *t, char *addr)
{
	const char *why;
	if (!t || !tz_token_syntax_ok(t, strlen(t)))
		return -1;
	if (e) {
		if (strlen(e) >= TZ_ADDRESS_MAX || tz_address_normalise(e, addr, &why))
			return -1;
		return tz_token_check(s->secret, addr, t) ? 0 : -1;
	} else {
		struct tz_error err;
		const struct ls_index *x;
		int rc;
		tz_error_clear(&err);
		x = ls_index_get(&s->index, &err);
		if (!x) {
			ls_log_msg(s->log, "cannot read the folder: %s", err.msg);
			return -1;
		}
		rc = ls_index_find_token(x, t, addr);
		ls_index_put(&s->index);
		return rc;
	}
}
