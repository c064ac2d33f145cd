/*
 * wordcache.c - bounded word → value map (see wordcache.h).
 */
#include "text/wordcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/banned.h"

struct tz_wordcache_entry {
	char *data; /* len bytes of word, then len bytes of value; NULL = free */
	size_t len;
	uint32_t hash;
	int num;
};

void tz_wordcache_init(struct tz_wordcache *c)
{
	memset(c, 0, sizeof(*c));
}

void tz_wordcache_release(struct tz_wordcache *c)
{
	for (size_t i = 0; i < c->cap; i++)
		free(c->slot[i].data);
	free(c->slot);
	tz_wordcache_init(c);
}

/* FNV-1a */
static uint32_t hash_of(const char *w, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

/* The slot holding word, or the free slot where it would go. */
static struct tz_wordcache_entry *find(const struct tz_wordcache *c, const char *w,
				       size_t len, uint32_t h)
{
	size_t mask = c->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct tz_wordcache_entry *e = &c->slot[i];
		if (!e->data || (e->hash == h && e->len == len && !memcmp(e->data, w, len)))
			return e;
	}
}

int tz_wordcache_get(const struct tz_wordcache *c, const char *word, size_t len,
		     unsigned char *value, int *num)
{
	const struct tz_wordcache_entry *e;
	if (!c->cap || len > TZ_WORDCACHE_MAX_WORD)
		return 0;
	e = find(c, word, len, hash_of(word, len));
	if (!e->data)
		return 0;
	memcpy(value, e->data + len, len);
	*num = e->num;
	return 1;
}

/* Double the table (kept at most half full, so a probe ends soon). */
static int grow(struct tz_wordcache *c)
{
	size_t ncap = c->cap ? c->cap * 2 : 1024;
	struct tz_wordcache_entry *old = c->slot, *slot = tz_calloc(ncap, sizeof(*slot));
	size_t ocap = c->cap;

	if (!slot)
		return -1;
	c->slot = slot;
	c->cap = ncap;
	for (size_t i = 0; i < ocap; i++)
		if (old[i].data)
			*find(c, old[i].data, old[i].len, old[i].hash) = old[i];
	free(old);
	return 0;
}

int tz_wordcache_put(struct tz_wordcache *c, const char *word, size_t len,
		     const unsigned char *value, int num)
{
	struct tz_wordcache_entry *e;
	uint32_t h;

	if (len > TZ_WORDCACHE_MAX_WORD || c->n >= TZ_WORDCACHE_MAX ||
	    c->bytes + 2 * len > TZ_WORDCACHE_MAX_BYTES)
		return 1;
	if ((c->n + 1) * 2 > c->cap && grow(c))
		return 1;
	h = hash_of(word, len);
	e = find(c, word, len, h);
	if (e->data)
		return 0;
	e->data = tz_malloc(2 * len + 1);
	if (!e->data)
		return 1;
	memcpy(e->data, word, len);
	memcpy(e->data + len, value, len);
	e->len = len;
	e->hash = h;
	e->num = num;
	c->n++;
	c->bytes += 2 * len;
	return 0;
}
