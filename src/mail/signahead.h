/*
 * signahead.h - DKIM-sign messages ahead on worker threads while the SMTP
 * connections send earlier ones (docs/dkim.md, "Signing ahead").
 *
 * It sits between the SMTP engine (or the outbox loop) and the send's
 * message builder as a tz_smtp_source: the engine asks for items in the
 * order of the item list, as always. This layer composes the next few
 * items on the calling thread (the composer is not thread-safe and is
 * cheap), hands each to a worker (src/util/workpool.h) that signs it with
 * a key object of its own, and gives the engine the signed messages in
 * order. An item asked for out of that order (a retry) is composed and
 * signed on the spot, as without the pool.
 *
 * What the journal sees does not change: results pass straight through,
 * and a message signed ahead but never sent (the send stopped) has no
 * record, so a resumed send sends it. Memory: depth messages at most.
 */
#ifndef TZ_SIGNAHEAD_H
#define TZ_SIGNAHEAD_H

#include <stddef.h>

#include "../util/workpool.h"
#include "dkim.h"
#include "smtp.h"

#define TZ_SIGNAHEAD_MAX_THREADS 8

struct tz_signahead_slot {
	size_t item;
	int built;	     /* the compose step: 0 built, 1 skip, -1 err */
	struct tz_error err; /* ... its error */
	struct tz_smtp_message m;
	struct tz_signahead *sa;
};

struct tz_signahead {
	struct tz_smtp_source source;	      /* what the engine uses: build is ours */
	const struct tz_smtp_source *compose; /* build = compose only, unsigned */
	struct tz_dkim *dkim;		      /* borrowed: signs retries on this thread */
	const size_t *items;
	size_t n, next; /* items composed ahead so far */
	struct tz_dkim worker_dkim[TZ_SIGNAHEAD_MAX_THREADS];
	int nthreads;
	struct tz_signahead_slot *slots;
	size_t depth, free_slot; /* slots are used round the ring */
	struct tz_workpool pool;
	int running;
};

/* How many signing threads a send uses when not told: the processors
 * online, at most 4 (one is enough for Ed25519; RSA wants them all). */
int tz_signahead_default_threads(void);

/* Set up signing ahead for items[0..n) with threads workers and depth
 * slots (0: 2 per thread). compose builds an unsigned message (the
 * send's build); dkim holds the keys (copied per worker). The struct must
 * not move while it runs; sa->source is the source to hand the engine. */
int tz_signahead_start(struct tz_signahead *sa, const struct tz_smtp_source *compose,
		       struct tz_dkim *dkim, const size_t *items, size_t n, int threads,
		       size_t depth, size_t max_message, struct tz_error *err);
void tz_signahead_release(struct tz_signahead *sa);

#endif
