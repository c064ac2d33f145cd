/*
 * smtp_engine.h - the SMTP engine's insides, shared by smtp.c (the loop and
 * the decisions) and smtp_conn.c (one connection: its curl handles and
 * callbacks). Not for use outside src/mail/smtp*.c.
 *
 * Each connection has an easy handle on a multi handle of its own, so its
 * SMTP session stays with it: curl's connection pool is per multi handle,
 * and with one shared pool a handle took whichever idle session it found,
 * so a per-connection message count was not per session.
 */
#ifndef TZ_SMTP_ENGINE_H
#define TZ_SMTP_ENGINE_H

#include <curl/curl.h>

#include "ratelimit.h"
#include "smtp.h"
#include "smtp_reply.h"

struct conn {
	CURLM *multi;
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
	int on_connection; /* messages on the current session */
	int open;          /* a session is open on this handle (kept by curl) */
	int closing;       /* this transfer's session is closed after it */
	int ready;         /* this transfer's session is set up (AUTH done) */
	int replies;       /* complete replies since the session was ready */
	int after_failure; /* the last transfer failed */
	int pace;          /* its session failed or was throttled: pace the reconnect */
	double not_before; /* paused until (throttled, or the server was away) */
	struct engine *e;
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
	struct conn *conns;
	struct retry *retries;
	size_t nretries, cap_retries;
	struct tz_rate rate;
	struct tz_rate reconnects; /* new sessions after a failure: a few a second */
	struct tz_smtp_stats *st;
	char *url;           /* cfg->url with the EHLO name as its path */
	double start;
	double last_slowdown;
	double last_good;    /* a session was set up or a message accepted */
	double outage_backoff;
	double last_crowded; /* the last "too many connections" */
	int session_ok;      /* one session got through AUTH: open the others */
	int session_limit;   /* sessions at once */
	int netrc; /* ~/.netrc exists: curl reads it (per transfer, so only then) */
	int fatal;
};

/* smtp_conn.c */
int tz_smtp_conn_setup(struct engine *e, struct conn *c);
void tz_smtp_conn_release(struct conn *c);
/* Wait up to timeout_ms for any busy connection's sockets. */
void tz_smtp_conn_wait(struct engine *e, int timeout_ms);
/* cfg->url with the EHLO name as its path (curl's way to set it). */
char *tz_smtp_url_with_helo(const struct tz_smtp_config *cfg);
/* The EHLO name: cfg->helo, this host's FQDN, or an address literal of
 * the address we reach host from. */
int tz_smtp_helo_name(const char *helo, const char *url, char *out, size_t n);

#endif
