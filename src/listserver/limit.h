/*
 * limit.h - token buckets per key (a client address, an address tag), in
 * a fixed table: memory does not grow with the number of clients.
 *
 * The one idea: a bucket holds up to burst tokens and refills at rate a
 * second; a request takes one. The table has a fixed number of slots; a
 * key probes 8 of them and, when none is its own, takes over the least
 * recently used, so a flood of fresh keys can only make the limit more
 * generous for old ones, never the memory larger. Thread-safe (one mutex:
 * the work under it is a few comparisons).
 */
#ifndef LS_LIMIT_H
#define LS_LIMIT_H

#include <pthread.h>
#include <stddef.h>

struct ls_bucket {
	char key[64];
	double tokens, last;
};

struct ls_limiter {
	pthread_mutex_t mu;
	struct ls_bucket *slots;
	size_t nslots;
	double rate, burst; /* rate 0: unlimited */
};

int ls_limiter_init(struct ls_limiter *l, size_t nslots, double burst, double per_seconds);
void ls_limiter_release(struct ls_limiter *l);
/* Take one token for key at time now: 0 when allowed, else the seconds to
 * wait (at least 1). */
int ls_limiter_take(struct ls_limiter *l, const char *key, double now);

#endif
