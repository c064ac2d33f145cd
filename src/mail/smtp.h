/*
 * smtp.h - deliver many messages over a few persistent SMTP connections
 * (libcurl multi interface), with a rate limit, retries and a clean stop.
 *
 * The caller hands over item numbers and two callbacks: build (make the
 * message of an item, only when a connection is free for it, so memory stays
 * flat however long the list) and result (the final outcome of an item, to
 * journal it). Items that are retried go back as numbers, not messages: a
 * retry rebuilds its message.
 */
#ifndef TZ_SMTP_H
#define TZ_SMTP_H

#include <signal.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

struct tz_smtp_config {
	const char *url;      /* smtp://host[:port] (STARTTLS) or smtps://host[:port] */
	const char *user, *password; /* NULL: ~/.netrc if it has the host */
	const char *cacert;   /* NULL: the system's CA store */
	int insecure_no_tls;  /* allow smtp:// without STARTTLS */
	int connections;      /* parallel connections, >= 1 */
	int per_connection;   /* messages before a reconnect, >= 1 */
	double rate;          /* messages per second, 0 unlimited */
	double retry_for;     /* seconds to keep retrying a deferred item */
	double retry_base;    /* first backoff, seconds */
	int verbose;          /* curl's protocol trace on stderr */
	volatile sig_atomic_t *stop; /* set by a signal handler: finish in-flight, stop */
};

enum tz_smtp_outcome {
	TZ_SMTP_OK,        /* 250 after DATA */
	TZ_SMTP_PERMANENT, /* 5xx */
	TZ_SMTP_DEFERRED   /* 4xx or dropped until retry_for ran out */
};

struct tz_smtp_result {
	enum tz_smtp_outcome outcome;
	int code;          /* last SMTP reply code, 0 when none */
	char enhanced[16]; /* "5.1.1" or "" */
	char text[256];    /* the server's reply line, or curl's error */
};

struct tz_smtp_stats {
	size_t sent, failed, deferred, retries, in_flight, remaining;
	size_t skipped;    /* build said no (unsubscribed during the send) */
	double elapsed;    /* seconds since start */
	size_t slowdowns;  /* times a 421/454 halved the rate */
	double rate;       /* the rate limit now, messages/s; 0 unlimited */
	int last_slow_code; /* 421 or 454: the reply of the last slowdown */
};

struct tz_smtp_message {
	struct tz_buf data;      /* the whole message, CRLF */
	char from[512];          /* envelope sender */
	char rcpt[512];          /* the one recipient */
	char msgid[256];
};

struct tz_smtp_source {
	void *ctx;
	/* 0 built, 1 skip this item (no message, no result), -1 err */
	int (*build)(void *ctx, size_t item, struct tz_smtp_message *m, struct tz_error *err);
	int (*result)(void *ctx, size_t item, const struct tz_smtp_message *m,
		      const struct tz_smtp_result *r, struct tz_error *err);
	/* about every 200 ms and at the end: progress, journal sync */
	void (*tick)(void *ctx, const struct tz_smtp_stats *st, int final);
};

/* Check the URL, TLS and credential policy before anything is sent. */
int tz_smtp_check_config(const struct tz_smtp_config *cfg, struct tz_error *err);
/* Deliver items[0..n). 0 when every item got a result (some may have
 * failed or been deferred: see stats); -1 with err when the server is
 * unreachable or refuses our TLS/AUTH (TZ_ERR_NETWORK), a callback failed,
 * or *stop was set (TZ_ERR_INTERRUPTED). Items without a result were not
 * delivered and are not journaled. */
int tz_smtp_run(const struct tz_smtp_config *cfg, const size_t *items, size_t n,
		const struct tz_smtp_source *src, struct tz_smtp_stats *st,
		struct tz_error *err);
/* Parse the enhanced status code ("5.1.1") out of a reply line. */
void tz_smtp_enhanced(const char *reply, char *out, size_t n);

#endif
