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
	const char *helo;     /* EHLO name; NULL: this host's FQDN, else an address literal */
	int insecure_no_tls;  /* STARTTLS when offered, plain smtp:// when not */
	int connections;      /* parallel connections, >= 1 */
	int per_connection;   /* messages before a reconnect, >= 1 */
	double rate;          /* messages per second, 0 unlimited */
	double retry_for;     /* seconds to keep retrying a deferred item */
	double retry_base;    /* first backoff, seconds */
	double unreachable_for; /* seconds without a working session before the
				 * send stops (at most retry_for) */
	int verbose;          /* curl's protocol trace on stderr */
	volatile sig_atomic_t *stop; /* set by a signal handler: finish in-flight, stop */
};

enum tz_smtp_outcome {
	TZ_SMTP_OK,        /* 250 after DATA */
	TZ_SMTP_PERMANENT, /* 5xx about the recipient */
	TZ_SMTP_DEFERRED   /* 4xx or dropped until retry_for ran out */
};

struct tz_smtp_result {
	enum tz_smtp_outcome outcome;
	int code;          /* last SMTP reply code, 0 when none */
	char enhanced[16]; /* "5.1.1" or "" */
	char text[256];    /* the server's words (no code), or curl's error */
};

/* Why a send stopped early (tz_smtp_run returned -1 with TZ_ERR_NETWORK). */
enum tz_smtp_stop {
	TZ_STOP_NONE,
	TZ_STOP_CONFIG,      /* TLS, certificate, URL: what curl says */
	TZ_STOP_AUTH,        /* login refused or required */
	TZ_STOP_SENDER,      /* the relay refuses the envelope sender */
	TZ_STOP_MESSAGE,     /* the relay refuses the message (size, content) */
	TZ_STOP_RELAY,       /* the relay does not relay for us */
	TZ_STOP_QUOTA,       /* the relay's daily limit is used up */
	TZ_STOP_UNREACHABLE  /* no working session for unreachable_for */
};

struct tz_smtp_stats {
	size_t sent, failed, deferred, retries, in_flight, remaining;
	size_t skipped;    /* build said no (unsubscribed during the send) */
	double elapsed;    /* seconds since start */
	size_t slowdowns;  /* times a throttling reply halved the rate */
	size_t speedups;   /* times the rate was raised again after slowdowns */
	double rate;       /* the rate limit now, messages/s; 0 unlimited */
	int last_slow_code; /* the reply code of the last slowdown */
	char last_slow_text[128]; /* ... and its words */
	size_t sessions;   /* SMTP sessions set up (greeting to AUTH) */
	size_t outages;    /* times the server became unreachable */
	int unreachable;   /* 1 while no session can be set up */
	char outage_text[160]; /* why, while unreachable */
	int session_limit; /* sessions at once now (a "too many connections" lowers it) */
	enum tz_smtp_stop stop; /* why the send stopped, when it did */
};

/* The largest message the engine takes (its buffers' cap). */
#define TZ_SMTP_MAX_MESSAGE ((size_t)32 * 1024 * 1024)

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
 * failed or been deferred: see stats); -1 with err when the server stayed
 * unreachable, refuses our TLS/AUTH, the sender or the message
 * (TZ_ERR_NETWORK, st->stop says which), a callback failed, or *stop was
 * set (TZ_ERR_INTERRUPTED). Items without a result were not delivered and
 * are not journaled. */
int tz_smtp_run(const struct tz_smtp_config *cfg, const size_t *items, size_t n,
		const struct tz_smtp_source *src, struct tz_smtp_stats *st,
		struct tz_error *err);

#endif
