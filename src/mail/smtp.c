/*
 * smtp.c - the SMTP engine: N connections, each an easy handle reused for
 * message after message so its session stays open (on a multi handle of
 * its own: see smtp_engine.h), a token bucket in front, and a retry queue
 * of item numbers with exponential backoff and jitter.
 *
 * What a failure means (smtp_reply.c decides from the reply and where it
 * came; curl's error when there was no reply):
 *   - about the recipient (5xx): journaled as failed;
 *   - about the pace (421, 454, 4.7.x, "rate", "too many"): the rate is
 *     halved (once per burst), the connection pauses before it reconnects,
 *     reconnects after failures are paced (a few a second), "too many
 *     connections" lowers the number of sessions at once; after a quiet
 *     while the rate and the sessions come back step by step (AIMD);
 *   - the session could not be set up (refused, reset, TLS aborted,
 *     timeout): the item goes back untried, the connection backs off, and
 *     the send goes on; only after unreachable_for without any working
 *     session does it stop;
 *   - about us (AUTH, certificate, no STARTTLS, the sender, the message's
 *     size or content, relaying): the send stops with nobody marked.
 * Until one session got through AUTH, only one connection is opened, so a
 * wrong password is tried once, not once per connection.
 */
#include "smtp.h"

#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "smtp_engine.h"
#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_MESSAGE TZ_SMTP_MAX_MESSAGE
/* One burst of throttling replies (every connection hit by the same
 * throttle) halves the rate once: further ones within this many seconds
 * do not count. */
#define SLOWDOWN_HOLD 2.0
/* A throttled connection waits this long (times jitter) before its next
 * session or message. */
#define THROTTLE_PAUSE 2.0
/* New sessions after a failure: at most this many a second. */
#define RECONNECTS_PER_SEC 2.0
/* Backoff of a connection while the server cannot be reached. */
#define OUTAGE_FIRST 0.5
#define OUTAGE_MAX 30.0
/* Seconds without "too many connections" before one more session. */
#define SESSIONS_RECOVER_EVERY 30.0

static double jitter(void)
{
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = (uint32_t)clock();
	return 0.5 + (double)r / 4294967296.0; /* [0.5, 1.5) */
}

static int build(struct engine *e, struct tz_smtp_message *m, size_t item, struct tz_error *err)
{
	tz_buf_reset(&m->data);
	m->from[0] = m->rcpt[0] = m->msgid[0] = 0;
	return e->src->build(e->src->ctx, item, m, err);
}

/* Start item on c: the message built ahead when it is that one. 1 when
 * the item is skipped (nothing started). */
static int start(struct engine *e, struct conn *c, size_t item, int attempts, double first,
		 struct tz_error *err)
{
	int last;
	if (c->has_ahead && c->ahead_item == item) {
		struct tz_smtp_message t = c->m;
		c->m = c->ahead;
		c->ahead = t;
		c->has_ahead = 0;
	} else {
		int b = build(e, &c->m, item, err);
		if (b) {
			e->st->skipped += b > 0;
			return b;
		}
	}
	curl_slist_free_all(c->rcpt);
	c->rcpt = curl_slist_append(NULL, c->m.rcpt);
	if (!c->rcpt)
		return tz_error_nomem(err);
	c->off = 0;
	c->item = item;
	c->attempts = attempts + 1;
	c->first_try = first;
	c->reply[0] = c->errbuf[0] = 0;
	c->ready = 0;
	c->replies = 0;
	curl_easy_setopt(c->easy, CURLOPT_MAIL_FROM, c->m.from);
	curl_easy_setopt(c->easy, CURLOPT_MAIL_RCPT, c->rcpt);
	curl_easy_setopt(c->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)c->m.data.len);
	/* the per-session cap: a closed session starts the count again, and
	 * the session that reaches it is closed (QUIT) after this message */
	if (!c->open)
		c->on_connection = 0;
	last = ++c->on_connection >= e->cfg->per_connection;
	curl_easy_setopt(c->easy, CURLOPT_FORBID_REUSE, last ? 1L : 0L);
	c->closing = last;
	if (curl_multi_add_handle(c->multi, c->easy) != CURLM_OK)
		return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0, "cannot start a transfer");
	c->busy = 1;
	e->st->in_flight++;
	return 0;
}

static int push_retry(struct engine *e, size_t item, int attempts, double first, double due)
{
	if (tz_array_grow((void **)&e->retries, &e->cap_retries, e->nretries + 1,
			  sizeof *e->retries))
		return -1;
	e->retries[e->nretries++] = (struct retry){item, attempts, first, due};
	return 0;
}

/* The item's own backoff; 1 when its retry window is used up. */
static int queue_retry(struct engine *e, struct conn *c, double now)
{
	double delay = e->cfg->retry_base;
	for (int i = 1; i < c->attempts && delay < 3600; i++)
		delay *= 2;
	if (delay > 3600)
		delay = 3600;
	delay *= jitter();
	if (now + delay > c->first_try + e->cfg->retry_for)
		return 1; /* give up: deferred */
	if (push_retry(e, c->item, c->attempts, c->first_try, now + delay))
		return -1;
	e->st->retries++;
	return 0;
}

/* Configuration and trust problems: every message would meet them. */
static int fatal_curl_error(const struct engine *e, CURLcode rc)
{
	return rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED ||
	       rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CERTPROBLEM ||
	       rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_UNSUPPORTED_PROTOCOL ||
	       rc == CURLE_URL_MALFORMAT || rc == CURLE_NOT_BUILT_IN || rc == CURLE_AUTH_ERROR ||
	       /* before any session worked, a TLS or name failure is ours too, and
	        * so is a refused connection: a server that never answered is a wrong
	        * address or a server not started (a restart mid-send is retried) */
	       (!e->session_ok && (rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_COULDNT_RESOLVE_HOST ||
				   rc == CURLE_COULDNT_CONNECT));
}

/* The send cannot go on: mark why; the caller fills err (TZ_ERR_NETWORK). */
static struct tz_error *stop_send(struct engine *e, enum tz_smtp_stop why, struct tz_error *err)
{
	e->fatal = 1;
	e->st->stop = why;
	return err;
}

/* A reply shortened to fit the progress line's field. */
static void copy_text(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = 0;
}

static void slow_down(struct engine *e, int code, const char *words, double now)
{
	double el = now - e->start;
	if (e->st->slowdowns && now - e->last_slowdown < SLOWDOWN_HOLD)
		return;
	tz_rate_slow_down(&e->rate, el > 0 ? (double)e->st->sent / el : 0, now);
	e->last_slowdown = now;
	e->st->slowdowns++;
	e->st->rate = e->rate.per_sec;
	e->st->last_slow_code = code;
	copy_text(e->st->last_slow_text, sizeof e->st->last_slow_text, words);
}

static int sessions_open(const struct engine *e)
{
	int n = 0;
	for (int i = 0; i < e->cfg->connections; i++)
		n += e->conns[i].busy || e->conns[i].open;
	return n;
}

static double window(const struct engine *e)
{
	const struct tz_smtp_config *cfg = e->cfg;
	return cfg->unreachable_for > 0 && cfg->unreachable_for < cfg->retry_for
		       ? cfg->unreachable_for
		       : cfg->retry_for;
}

/* The session could not be set up: the item goes back untried. */
static int outage(struct engine *e, struct conn *c, const char *why, double now,
		  struct tz_error *err)
{
	if (now - e->last_good > window(e))
		return tz_error_set(stop_send(e, TZ_STOP_UNREACHABLE, err), TZ_ERR_NETWORK, NULL, 0,
				 "cannot reach the SMTP server '%s' (tried for the whole "
				 "--unreachable-for/--retry-for window): %s",
				 e->cfg->url, why);
	if (!e->st->unreachable) {
		e->st->unreachable = 1;
		e->st->outages++;
		copy_text(e->st->outage_text, sizeof e->st->outage_text, why);
	}
	e->outage_backoff = e->outage_backoff > 0 ? e->outage_backoff * 2 : OUTAGE_FIRST;
	if (e->outage_backoff > OUTAGE_MAX)
		e->outage_backoff = OUTAGE_MAX;
	c->not_before = now + e->outage_backoff * jitter();
	c->pace = 1;
	if (push_retry(e, c->item, c->attempts - 1, c->first_try, now))
		return tz_error_nomem(err);
	return 0;
}

static int deliver_result(struct engine *e, struct conn *c, struct tz_smtp_result *r,
			  enum tz_smtp_outcome o, struct tz_error *err)
{
	r->outcome = o;
	if (o == TZ_SMTP_OK)
		e->st->sent++;
	else if (o == TZ_SMTP_PERMANENT)
		e->st->failed++;
	else
		e->st->deferred++;
	return e->src->result(e->src->ctx, c->item, &c->m, r, err);
}

/* A 4xx/5xx reply: what it means (smtp_reply.c) and what to do. */
static int on_reply(struct engine *e, struct conn *c, struct tz_smtp_result *r,
		    enum tz_smtp_phase phase, double now, struct tz_error *err)
{
	int give_up;
	switch (tz_smtp_classify(r->code, r->enhanced, c->reply, phase, c->m.from)) {
	case TZ_V_AUTH:
		if (!e->cfg->user && !e->netrc)
			return tz_error_set(stop_send(e, TZ_STOP_AUTH, err), TZ_ERR_NETWORK, NULL, 0,
					    "the SMTP server '%s' wants authentication: %s (set "
					    "TECHZINE_SMTP_USER/TECHZINE_SMTP_PASSWORD or ~/.netrc)",
					    e->cfg->url, c->reply);
		return tz_error_set(stop_send(e, TZ_STOP_AUTH, err), TZ_ERR_NETWORK, NULL, 0,
				    "the SMTP server '%s' refused the session: %s", e->cfg->url, c->reply);
	case TZ_V_SENDER:
		return tz_error_set(stop_send(e, TZ_STOP_SENDER, err), TZ_ERR_NETWORK, NULL, 0,
				 "the relay refuses the envelope sender %s: %s; nobody was marked. "
				 "Let the relay's login send as bounce+…@ that domain (Postfix: "
				 "a regexp in smtpd_sender_login_maps), or send with a sender it "
				 "accepts (--envelope-from, --from, the issue's bounce-domain)",
				 c->m.from, c->reply);
	case TZ_V_MESSAGE:
		return tz_error_set(stop_send(e, TZ_STOP_MESSAGE, err), TZ_ERR_NETWORK, NULL, 0,
				 "the relay refuses the message itself: %s%s; nobody was marked. "
				 "Make it smaller (--images link) or ask the relay's operator "
				 "(Postfix: message_size_limit)",
				 c->reply, "");
	case TZ_V_RELAY:
		return tz_error_set(stop_send(e, TZ_STOP_RELAY, err), TZ_ERR_NETWORK, NULL, 0,
				 "the relay does not relay for us: %s%s; nobody was marked. Check "
				 "the --smtp port (submission, 587) and the AUTH credentials",
				 c->reply, "");
	case TZ_V_QUOTA:
		return tz_error_set(stop_send(e, TZ_STOP_QUOTA, err), TZ_ERR_NETWORK, NULL, 0,
				    "the relay's sending limit is used up: %s%s; nobody was marked. Run "
				    "the same command again when the limit's window has passed (a "
				    "daily limit: tomorrow), or ask for a higher limit",
				    c->reply, "");
	case TZ_V_RECIPIENT:
		return deliver_result(e, c, r, TZ_SMTP_PERMANENT, err);
	case TZ_V_THROTTLE:
		/* too many sessions: fewer sessions, the same message rate */
		if (!(phase == TZ_PHASE_SESSION && tz_smtp_too_many_sessions(c->reply)))
			slow_down(e, r->code, r->text, now);
		else {
			int open = 0; /* the sessions the server let in */
			for (int i = 0; i < e->cfg->connections; i++)
				open += e->conns[i].open;
			e->session_limit = open > 1 ? open : 1;
			e->st->session_limit = e->session_limit;
			e->last_crowded = now;
		}
		c->not_before = now + THROTTLE_PAUSE * jitter();
		c->pace = 1;
		if (phase == TZ_PHASE_SESSION) /* not tried: back untried */
			return push_retry(e, c->item, c->attempts - 1, c->first_try, now)
				       ? tz_error_nomem(err)
				       : 0;
		break;
	case TZ_V_TEMPORARY:
		if (phase == TZ_PHASE_SESSION)
			return outage(e, c, c->reply, now, err);
		break;
	}
	give_up = queue_retry(e, c, now);
	if (give_up < 0)
		return tz_error_nomem(err);
	return give_up ? deliver_result(e, c, r, TZ_SMTP_DEFERRED, err) : 0;
}

/* A transfer finished: decide what it means. */
static int finish(struct engine *e, struct conn *c, CURLcode rc, double now,
		  struct tz_error *err)
{
	struct tz_smtp_result r;
	long code = 0, nconn = 0;
	enum tz_smtp_phase phase;
	int give_up;

	curl_multi_remove_handle(c->multi, c->easy);
	c->busy = 0;
	e->st->in_flight--;
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_getinfo(c->easy, CURLINFO_NUM_CONNECTS, &nconn);
	e->st->sessions += (size_t)nconn;
	if (code < 400 && (c->reply[0] == '4' || c->reply[0] == '5'))
		code = strtol(c->reply, NULL, 10); /* a refusal curl did not keep */
	phase = !c->ready ? TZ_PHASE_SESSION
		: c->replies >= 4 ? TZ_PHASE_END
		: c->replies <= 1 ? TZ_PHASE_MAIL
				  : (enum tz_smtp_phase)c->replies;
	memset(&r, 0, sizeof r);
	r.code = (int)code;
	if (code >= 400) {
		tz_smtp_enhanced(c->reply, r.enhanced, sizeof r.enhanced);
		snprintf(r.text, sizeof r.text, "%s", tz_smtp_reply_words(c->reply));
	} else
		snprintf(r.text, sizeof r.text, "%s", c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));

	c->after_failure = rc != CURLE_OK || code >= 400;
	if (c->after_failure || c->closing)
		c->open = 0; /* curl 7.88 closes after a failed command */
	if (!c->after_failure) {
		e->last_good = now;
		return deliver_result(e, c, &r, TZ_SMTP_OK, err);
	}
	if (code >= 400)
		return on_reply(e, c, &r, phase, now, err);
	if (fatal_curl_error(e, rc))
		return tz_error_set(stop_send(e, rc == CURLE_LOGIN_DENIED ? TZ_STOP_AUTH : TZ_STOP_CONFIG, err), TZ_ERR_NETWORK, NULL, 0,
				 "cannot use the SMTP server '%s': %s", e->cfg->url, r.text);
	if (phase == TZ_PHASE_SESSION)
		return outage(e, c, r.text, now, err);
	/* dropped in the middle of a transaction: the item's own backoff */
	give_up = queue_retry(e, c, now);
	if (give_up < 0)
		return tz_error_nomem(err);
	return give_up ? deliver_result(e, c, &r, TZ_SMTP_DEFERRED, err) : 0;
}

/* The next due retry, or -1; *wait gets the time to the earliest one. */
static long due_retry(struct engine *e, double now, double *wait)
{
	long best = -1;
	for (size_t i = 0; i < e->nretries; i++) {
		if (e->retries[i].due <= now) {
			if (best < 0 || e->retries[i].due < e->retries[best].due)
				best = (long)i;
		} else if (e->retries[i].due - now < *wait)
			*wait = e->retries[i].due - now;
	}
	return best;
}

/* May c start a message now? 0 yes; else *wait may shrink. */
static int may_start(struct engine *e, struct conn *c, double now, double *wait)
{
	int busy = 0;
	if (c->not_before > now) {
		if (c->not_before - now < *wait)
			*wait = c->not_before - now;
		return 0;
	}
	for (int i = 0; i < e->cfg->connections; i++)
		busy += e->conns[i].busy;
	/* AUTH on one connection first: the others open once it worked */
	if (!e->session_ok && busy)
		return 0;
	if (!c->open && sessions_open(e) >= e->session_limit)
		return 0;
	if (!c->open && c->pace) {
		double w = tz_rate_take(&e->reconnects, now);
		if (w > 0) {
			if (w < *wait)
				*wait = w;
			return 0;
		}
		c->pace = 0;
	}
	return 1;
}

/* AIMD: after a quiet while, raise the rate and the sessions again. */
static void recover(struct engine *e, double now)
{
	if (tz_rate_slowed(&e->rate) && now - e->last_slowdown >= TZ_RATE_RECOVER_EVERY &&
	    tz_rate_recover(&e->rate, now)) {
		e->st->speedups++;
		e->st->rate = e->rate.per_sec;
	}
	if (e->session_limit < e->cfg->connections && now - e->last_crowded >= SESSIONS_RECOVER_EVERY) {
		e->session_limit++;
		e->st->session_limit = e->session_limit;
		e->last_crowded = now;
	}
}

static int run_loop(struct engine *e, const size_t *items, size_t n, struct tz_error *err)
{
	size_t next = 0;
	int nconn = e->cfg->connections;
	double last_tick = 0;
	int stopping = 0;

	for (;;) {
		double now = tz_clock_seconds(), wait = 0.2;
		int busy = 0, finished = 0;
		size_t ahead = 0;
		if (e->cfg->stop && *e->cfg->stop)
			stopping = 1;
		recover(e, now);
		for (int i = 0; i < nconn && !stopping && !e->fatal; i++) {
			struct conn *c = &e->conns[i];
			long r;
			double w;
			int sr;
			if (c->busy)
				continue;
			r = due_retry(e, now, &wait);
			if (r < 0 && next >= n && !c->has_ahead)
				continue;
			if (!may_start(e, c, now, &wait)) {
				/* its next message must not wait for it: any
				 * connection may take it (it is built again) */
				if (c->has_ahead) {
					if (push_retry(e, c->ahead_item, 0, now, now))
						return tz_error_nomem(err);
					c->has_ahead = 0;
				}
				continue;
			}
			w = tz_rate_take(&e->rate, now);
			if (w > 0) {
				if (w < wait)
					wait = w;
				break;
			}
			if (r >= 0) {
				struct retry rt = e->retries[r];
				e->retries[r] = e->retries[--e->nretries];
				sr = start(e, c, rt.item, rt.attempts, rt.first_try, err);
			} else if (c->has_ahead)
				sr = start(e, c, c->ahead_item, 0, now, err);
			else
				sr = start(e, c, items[next++], 0, now, err);
			if (sr < 0)
				return -1;
			if (sr > 0)
				i--; /* skipped: the same connection takes the next one */
		}
		for (int i = 0; i < nconn; i++) {
			busy += e->conns[i].busy;
			ahead += e->conns[i].has_ahead;
		}
		e->st->remaining = n - next + e->nretries + ahead;
		if (!busy && (stopping || e->fatal || (next >= n && !e->nretries && !ahead)))
			break;
		for (int i = 0; i < nconn; i++) {
			struct conn *c = &e->conns[i];
			int running = 0;
			if (!c->busy)
				continue;
			if (curl_multi_perform(c->multi, &running) != CURLM_OK)
				return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0, "curl multi failure");
			for (;;) {
				int left;
				CURLMsg *msg = curl_multi_info_read(c->multi, &left);
				if (!msg)
					break;
				if (msg->msg != CURLMSG_DONE)
					continue;
				finished = 1;
				if (finish(e, c, msg->data.result, tz_clock_seconds(), err)) {
					if (!e->fatal)
						return -1;
					stopping = 1; /* let the others finish, journal intact */
				}
			}
		}
		if (now - last_tick >= 0.2) {
			e->st->elapsed = now - e->start;
			if (e->src->tick)
				e->src->tick(e->src->ctx, e->st, 0);
			last_tick = now;
		}
		/* a connection just became free: give it the next message now */
		if (finished)
			continue;
		/* while the transfers wait for the server: build each one's next */
		for (int i = 0; i < nconn && !stopping && !e->fatal && next < n; i++) {
			struct conn *c = &e->conns[i];
			int b;
			if (!c->busy || c->has_ahead)
				continue;
			b = build(e, &c->ahead, items[next], err);
			if (b < 0)
				return -1;
			c->ahead_item = items[next++];
			c->has_ahead = b == 0;
			e->st->skipped += b > 0;
			i -= b > 0; /* skipped: build this connection's next again */
		}
		busy = 0;
		for (int i = 0; i < nconn; i++)
			busy += e->conns[i].busy;
		if (busy)
			tz_smtp_conn_wait(e, wait < 0.1 ? (int)(wait * 1000) + 1 : 100);
		else if (!stopping && !e->fatal)
			tz_smtp_conn_wait(e, (int)(wait * 1000) + 1);
	}
	e->st->elapsed = tz_clock_seconds() - e->start;
	if (e->src->tick)
		e->src->tick(e->src->ctx, e->st, 1);
	if (e->fatal)
		return -1;
	if (stopping)
		return tz_error_set(err, TZ_ERR_INTERRUPTED, NULL, 0, "send interrupted");
	return 0;
}

int tz_smtp_run(const struct tz_smtp_config *cfg, const size_t *items, size_t n,
		const struct tz_smtp_source *src, struct tz_smtp_stats *st,
		struct tz_error *err)
{
	struct engine e;
	int rc = -1;
	memset(&e, 0, sizeof e);
	memset(st, 0, sizeof *st);
	if (tz_smtp_check_config(cfg, err))
		return -1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "cannot initialise libcurl");
	e.cfg = cfg;
	e.src = src;
	e.st = st;
	e.start = e.last_good = tz_clock_seconds();
	e.session_limit = st->session_limit = cfg->connections;
	tz_rate_init(&e.rate, cfg->rate, e.start);
	tz_rate_init(&e.reconnects, RECONNECTS_PER_SEC, e.start);
	{
		const char *home = getenv("HOME");
		char path[4096];
		e.netrc = home && snprintf(path, sizeof path, "%s/.netrc", home) < (int)sizeof path &&
			  access(path, R_OK) == 0;
	}
	e.url = tz_smtp_url_with_helo(cfg);
	e.conns = tz_calloc((size_t)cfg->connections, sizeof *e.conns);
	if (!e.url || !e.conns) {
		tz_error_nomem(err);
		goto out;
	}
	for (int i = 0; i < cfg->connections; i++) {
		tz_buf_init(&e.conns[i].m.data, MAX_MESSAGE);
		tz_buf_init(&e.conns[i].ahead.data, MAX_MESSAGE);
		if (tz_smtp_conn_setup(&e, &e.conns[i])) {
			tz_error_nomem(err);
			goto out;
		}
	}
	st->remaining = n;
	st->rate = cfg->rate;
	rc = run_loop(&e, items, n, err);
out:
	if (e.conns)
		for (int i = 0; i < cfg->connections; i++)
			tz_smtp_conn_release(&e.conns[i]);
	free(e.conns);
	free(e.retries);
	free(e.url);
	curl_global_cleanup();
	return rc;
}
