/*
 * limit.c - fixed-size token-bucket tables (see limit.h).
 */
#include "limit.h"

#include <stdio.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

int ls_limiter_init(struct ls_limiter *l, size_t nslots, double burst, double per_seconds)
{
	memset(l, 0, sizeof *l);
	l->slots = tz_calloc(nslots, sizeof *l->slots);
	if (!l->slots)
		return -1;
	l->nslots = nslots;
	l->burst = burst;
	l->rate = per_seconds > 0 && burst > 0 ? burst / per_seconds : 0;
	pthread_mutex_init(&l->mu, NULL);
	return 0;
}

void ls_limiter_release(struct ls_limiter *l)
{
	if (l->slots)
		pthread_mutex_destroy(&l->mu);
	free(l->slots);
	memset(l, 0, sizeof *l);
}

int ls_limiter_take(struct ls_limiter *l, const char *key, double now)
{
	size_t h = 5381, oldest = 0;
	struct ls_bucket *b = NULL;
	int wait = 0;
	if (l->rate <= 0)
		return 0;
	for (const char *p = key; *p; p++)
		h = h * 33 + (unsigned char)*p;
	pthread_mutex_lock(&l->mu);
	for (size_t i = 0; i < 8; i++) {
		size_t slot = (h + i) % l->nslots;
		if (strcmp(l->slots[slot].key, key) == 0) {
			b = &l->slots[slot];
			break;
		}
		if (i == 0 || l->slots[slot].last < l->slots[oldest].last)
			oldest = slot;
	}
	if (!b) {
		b = &l->slots[oldest];
		snprintf(b->key, sizeof b->key, "%s", key);
		b->tokens = l->burst;
		b->last = now;
	}
	b->tokens += (now - b->last) * l->rate;
	if (b->tokens > l->burst)
		b->tokens = l->burst;
	b->last = now;
	if (b->tokens >= 1)
		b->tokens -= 1;
	else
		wait = (int)((1 - b->tokens) / l->rate) + 1;
	pthread_mutex_unlock(&l->mu);
	return wait;
}
