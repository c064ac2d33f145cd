/*
 * smtp.c - the SMTP engine: N easy handles on one multi handle, each reused
 * for message after message so its connection stays open (curl keeps it in
 * the multi's pool), a token bucket in front, and a retry queue of item
 * numbers with exponential backoff and jitter.
 *
 * Reply classification: curl reports the last SMTP reply code
 * (CURLINFO_RESPONSE_CODE); its error buffer does not carry the server's
 * text, so the header callback (which sees every reply line) keeps the last
 * one for the journal. 5xx is permanent, 4xx is retried (421/454 also halve
 * the rate, once per burst), no reply at all is a dropped connection and retried, and a
 * server we cannot reach or that refuses TLS/AUTH stops the send.
 */
#include "smtp.h"

#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "ratelimit.h"
#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_MESSAGE ((size_t)32 * 1024 * 1024)
#define FATAL_CONNECT_FAILURES 3
/* One burst of 421/454 (every connection hit by the same throttle) halves
 * the rate once: further ones within this many seconds do not count. */
#define SLOWDOWN_HOLD 2.0

struct conn {
	CURL *easy;
	struct curl_slist *rcpt;
	struct tz_smtp_message m;
	/* the connection's next message, built while this one is on the wire,
	 * so a 250 is answered with the next MAIL FROM at once */
	struct tz_smtp_message ahead;
	size_t ahead_item;
	int has_ahead;
	size_t off;
	size_t item;
	int busy;
	int attempts;      /* of the current item, including this one */
	double first_try;  /* of the current item */
	int on_connection; /* messages on the current connection */
	char errbuf[CURL_ERROR_SIZE];
	char reply[256];
};

struct retry {
	size_t item;
	int attempts;
	double first_try, due;
};

struct engine {
	const struct tz_smtp_config *cfg;
	const struct tz_smtp_source *src;
	CURLM *multi;
	struct conn *conns;
	struct retry *retries;
	size_t nretries, cap_retries;
	struct tz_rate rate;
	struct tz_smtp_stats *st;
	double start;
	double last_slowdown;
	int netrc; /* ~/.netrc exists: curl reads it (per transfer, so only then) */
	int connect_failures;
	int fatal;
};

static double jitter(void)
{
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = (uint32_t)clock();
	return 0.5 + (double)r / 4294967296.0; /* [0.5, 1.5) */
}

void tz_smtp_enhanced(const char *reply, char *out, size_t n)
{
	const char *p = reply;
	int d1, d2, d3, len = 0;
	out[0] = 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == ' ' || *p == '-')
		p++;
	/* the field widths bound every number: no conversion can overflow */
	if (sscanf(p, "%1d.%3d.%3d%n", &d1, &d2, &d3, &len) == 3 && len > 0 && // NOLINT(cert-err34-c)
	    (d1 == 2 || d1 == 4 || d1 == 5) && (p[len] == 0 || p[len] == ' '))
		snprintf(out, n, "%d.%d.%d", d1, d2, d3);
}

int tz_smtp_check_config(const struct tz_smtp_config *cfg, struct tz_error *err)
{
	const char *u = cfg->url;
	int tls_implicit = strncmp(u, "smtps://", 8) == 0;
	if (!tls_implicit && strncmp(u, "smtp://", 7) != 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "unsupported SMTP URL '%s' (use smtp://host:587 or smtps://host:465)", u);
	if (strpbrk(u, "\r\n \t"))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad character in SMTP URL");
	if (strchr(u + 7, '@'))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "credentials in the SMTP URL are refused; use "
				    "TECHZINE_SMTP_USER/TECHZINE_SMTP_PASSWORD or ~/.netrc");
	if ((cfg->user && !cfg->password) || (!cfg->user && cfg->password))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "set both TECHZINE_SMTP_USER and TECHZINE_SMTP_PASSWORD, or neither");
	if (cfg->connections < 1 || cfg->connections > 64 || cfg->per_connection < 1)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad connection settings");
	return 0;
}

static size_t read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct conn *c = userp;
	size_t want = size * nitems, left = c->m.data.len - c->off;
	if (want > left)
		want = left;
	memcpy(buf, c->m.data.data + c->off, want);
	c->off += want;
	return want;
}

/* Every SMTP reply line comes through here; keep the last one. */
static size_t header_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct conn *c = userp;
	size_t len = size * nitems, k = 0;
	/* keep the first failure: curl's QUIT answer ("221 Bye") comes after */
	if (c->reply[0] == '4' || c->reply[0] == '5')
		return len;
	for (size_t i = 0; i < len && k + 1 < sizeof c->reply; i++)
		if (buf[i] != '\r' && buf[i] != '\n')
			c->reply[k++] = (unsigned char)buf[i] < 0x20 ? ' ' : buf[i];
	c->reply[k] = 0;
	return len;
}

/*
 * --verbose: curl's protocol trace on stderr, minus the credentials. curl
 * prints the AUTH command and the SASL answers as sent (base64 of user and
 * password), so every client line that is not a plain SMTP command is shown
 * as hidden; message data is never shown.
 */
static int trace_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	static const char *const plain[] = {"EHLO ", "HELO ", "MAIL ", "RCPT ", "DATA", "QUIT",
					    "RSET", "NOOP", "STARTTLS", NULL};
	int shown = 0;

	(void)h;
	(void)userp;
	switch (type) {
	case CURLINFO_TEXT:
		fputs("* ", stderr);
		fwrite(data, 1, size, stderr);
		break;
	case CURLINFO_HEADER_IN:
		fputs("< ", stderr);
		fwrite(data, 1, size, stderr);
		break;
	case CURLINFO_HEADER_OUT:
		for (const char *const *p = plain; *p; p++)
			shown |= size >= strlen(*p) && !strncasecmp(data, *p, strlen(*p));
		fputs("> ", stderr);
		if (shown)
			fwrite(data, 1, size, stderr);
		else
			fputs("[credentials hidden]\n", stderr);
		break;
	default: /* message data and TLS records */
		break;
	}
	return 0;
}

static int setup_easy(struct engine *e, struct conn *c)
{
	const struct tz_smtp_config *cfg = e->cfg;
	CURL *h = curl_easy_init();
	int tls_implicit = strncmp(cfg->url, "smtps://", 8) == 0;
	if (!h)
		return -1;
	c->easy = h;
	curl_easy_setopt(h, CURLOPT_URL, cfg->url);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, c);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, c);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 120L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (!tls_implicit)
		curl_easy_setopt(h, CURLOPT_USE_SSL,
				 cfg->insecure_no_tls ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	if (cfg->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->cacert);
	if (cfg->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password);
	} else if (e->netrc)
		curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (cfg->verbose) {
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, trace_cb);
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	}
	return 0;
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
	curl_easy_setopt(c->easy, CURLOPT_MAIL_FROM, c->m.from);
	curl_easy_setopt(c->easy, CURLOPT_MAIL_RCPT, c->rcpt);
	curl_easy_setopt(c->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)c->m.data.len);
	/* the provider's per-connection cap: close after this one */
	c->on_connection++;
	curl_easy_setopt(c->easy, CURLOPT_FORBID_REUSE,
			 c->on_connection >= e->cfg->per_connection ? 1L : 0L);
	if (c->on_connection >= e->cfg->per_connection)
		c->on_connection = 0;
	if (curl_multi_add_handle(e->multi, c->easy) != CURLM_OK)
		return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0, "cannot start a transfer");
	c->busy = 1;
	e->st->in_flight++;
	return 0;
}

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
	if (tz_array_grow((void **)&e->retries, &e->cap_retries, e->nretries + 1,
			  sizeof *e->retries))
		return -1;
	e->retries[e->nretries++] = (struct retry){c->item, c->attempts, c->first_try, now + delay};
	e->st->retries++;
	return 0;
}

static int fatal_curl_error(CURLcode rc)
{
	return rc == CURLE_LOGIN_DENIED || rc == CURLE_USE_SSL_FAILED ||
	       rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CONNECT_ERROR ||
	       rc == CURLE_SSL_CERTPROBLEM || rc == CURLE_SSL_CACERT_BADFILE ||
	       rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT ||
	       rc == CURLE_NOT_BUILT_IN || rc == CURLE_AUTH_ERROR;
}

static int connect_error(CURLcode rc)
{
	return rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
	       rc == CURLE_OPERATION_TIMEDOUT;
}

/* 530 authentication required, 534/535/538 and their enhanced codes: a
 * refusal of us, not of the recipient (RFC 4954). */
static int auth_refusal(int code, const char *enhanced)
{
	return code == 530 || code == 534 || code == 535 || code == 538 ||
	       (code >= 500 && (strcmp(enhanced, "5.7.0") == 0 || strcmp(enhanced, "5.7.8") == 0 ||
				strcmp(enhanced, "5.7.9") == 0 || strcmp(enhanced, "5.7.11") == 0));
}

/* A transfer finished: decide what it means. */
static int finish(struct engine *e, struct conn *c, CURLcode rc, double now,
		  struct tz_error *err)
{
	struct tz_smtp_result r;
	long code = 0;
	int give_up = 0;

	curl_multi_remove_handle(e->multi, c->easy);
	c->busy = 0;
	e->st->in_flight--;
	curl_easy_getinfo(c->easy, CURLINFO_RESPONSE_CODE, &code);
	memset(&r, 0, sizeof r);
	r.code = (int)code;
	snprintf(r.text, sizeof r.text, "%s",
		 c->reply[0] && code >= 400 ? c->reply : c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	if (code >= 400)
		tz_smtp_enhanced(c->reply, r.enhanced, sizeof r.enhanced);

	if (rc != CURLE_OK || code >= 400)
		c->on_connection = 0; /* curl 7.88 closes after a failed command */
	if (rc == CURLE_OK && code < 400) {
		r.outcome = TZ_SMTP_OK;
		e->connect_failures = 0;
		e->st->sent++;
		return e->src->result(e->src->ctx, c->item, &c->m, &r, err);
	}
	if (auth_refusal((int)code, r.enhanced)) {
		/* not about this recipient: every message would get it */
		e->fatal = 1;
		return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0,
				    "the SMTP server '%s' wants authentication: %s (set "
				    "TECHZINE_SMTP_USER/TECHZINE_SMTP_PASSWORD or ~/.netrc)",
				    e->cfg->url, r.text);
	}
	if (code >= 500 && code < 600) {
		r.outcome = TZ_SMTP_PERMANENT;
		e->connect_failures = 0;
		e->st->failed++;
		return e->src->result(e->src->ctx, c->item, &c->m, &r, err);
	}
	if (code < 400 && fatal_curl_error(rc)) {
		e->fatal = 1;
		return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0, "cannot use the SMTP server '%s': %s",
				    e->cfg->url, r.text);
	}
	if (code < 400 && connect_error(rc) && ++e->connect_failures >= FATAL_CONNECT_FAILURES) {
		e->fatal = 1;
		return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0,
				    "cannot reach the SMTP server '%s': %s", e->cfg->url, r.text);
	}
	if ((code == 421 || code == 454) &&
	    (!e->st->slowdowns || now - e->last_slowdown >= SLOWDOWN_HOLD)) {
		double el = now - e->start;
		tz_rate_slow_down(&e->rate, el > 0 ? (double)e->st->sent / el : 0);
		e->last_slowdown = now;
		e->st->slowdowns++;
		e->st->rate = e->rate.per_sec;
		e->st->last_slow_code = (int)code;
	}
	give_up = queue_retry(e, c, now);
	if (give_up < 0)
		return tz_error_nomem(err);
	if (give_up) {
		r.outcome = TZ_SMTP_DEFERRED;
		e->st->deferred++;
		return e->src->result(e->src->ctx, c->item, &c->m, &r, err);
	}
	return 0;
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

static int run_loop(struct engine *e, const size_t *items, size_t n, struct tz_error *err)
{
	size_t next = 0;
	int nconn = e->cfg->connections;
	double last_tick = 0;
	int stopping = 0;

	for (;;) {
		double now = tz_clock_seconds(), wait = 0.2;
		int busy = 0, running = 0, finished = 0;
		size_t ahead = 0;
		if (e->cfg->stop && *e->cfg->stop)
			stopping = 1;
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
		if (curl_multi_perform(e->multi, &running) != CURLM_OK)
			return tz_error_set(err, TZ_ERR_NETWORK, NULL, 0, "curl multi failure");
		for (;;) {
			int left;
			CURLMsg *msg = curl_multi_info_read(e->multi, &left);
			struct conn *c;
			if (!msg)
				break;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&c);
			finished = 1;
			if (finish(e, c, msg->data.result, tz_clock_seconds(), err)) {
				if (!e->fatal)
					return -1;
				stopping = 1; /* let the others finish, journal intact */
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
			curl_multi_poll(e->multi, NULL, 0, wait < 0.1 ? (int)(wait * 1000) + 1 : 100, NULL);
		else if (!stopping && !e->fatal)
			curl_multi_poll(e->multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
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
	e.start = tz_clock_seconds();
	tz_rate_init(&e.rate, cfg->rate, e.start);
	{
		const char *home = getenv("HOME");
		char path[4096];
		e.netrc = home && snprintf(path, sizeof path, "%s/.netrc", home) < (int)sizeof path &&
			  access(path, R_OK) == 0;
	}
	e.multi = curl_multi_init();
	e.conns = tz_calloc((size_t)cfg->connections, sizeof *e.conns);
	if (!e.multi || !e.conns) {
		tz_error_nomem(err);
		goto out;
	}
	curl_multi_setopt(e.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)cfg->connections);
	curl_multi_setopt(e.multi, CURLMOPT_MAXCONNECTS, (long)cfg->connections);
	for (int i = 0; i < cfg->connections; i++) {
		tz_buf_init(&e.conns[i].m.data, MAX_MESSAGE);
		tz_buf_init(&e.conns[i].ahead.data, MAX_MESSAGE);
		if (setup_easy(&e, &e.conns[i])) {
			tz_error_nomem(err);
			goto out;
		}
	}
	st->remaining = n;
	st->rate = cfg->rate;
	rc = run_loop(&e, items, n, err);
out:
	if (e.conns) {
		for (int i = 0; i < cfg->connections; i++) {
			struct conn *c = &e.conns[i];
			if (c->easy) {
				if (c->busy)
					curl_multi_remove_handle(e.multi, c->easy);
				curl_easy_cleanup(c->easy);
			}
			curl_slist_free_all(c->rcpt);
			tz_buf_release(&c->m.data);
			tz_buf_release(&c->ahead.data);
		}
	}
	if (e.multi)
		curl_multi_cleanup(e.multi);
	free(e.conns);
	free(e.retries);
	curl_global_cleanup();
	return rc;
}
