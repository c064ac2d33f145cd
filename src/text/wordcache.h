/*
 * wordcache.h - a bounded map from a word (bytes) to what was worked out for
 * it: a byte vector as long as the word and an int. The hyphenator keeps one
 * so a word it has seen is not run through the dictionary again.
 *
 * The one idea: open addressing over a power-of-two table, the word and its
 * value in one allocation. When the table is full (TZ_WORDCACHE_MAX entries
 * or TZ_WORDCACHE_MAX_BYTES stored) nothing more is added, so memory stays
 * bounded whatever the input; an entry that cannot be allocated is simply
 * not kept. A miss is never an error.
 */
#ifndef TZ_WORDCACHE_H
#define TZ_WORDCACHE_H

#include <stddef.h>

#define TZ_WORDCACHE_MAX 32768                       /* entries */
#define TZ_WORDCACHE_MAX_BYTES ((size_t)2 * 1024 * 1024) /* words and values */
#define TZ_WORDCACHE_MAX_WORD 256                    /* longer words are not kept */

struct tz_wordcache_entry;

struct tz_wordcache {
	struct tz_wordcache_entry *slot; /* cap entries, or NULL */
	size_t cap, n, bytes;
};

/* Empty cache; no allocation. */
void tz_wordcache_init(struct tz_wordcache *c);
/* Free every entry; the cache is empty and usable again. */
void tz_wordcache_release(struct tz_wordcache *c);

/* Copy the value stored for word[0..len) into value (len bytes) and *num;
 * 1 when found, 0 when not (value and *num untouched). */
int tz_wordcache_get(const struct tz_wordcache *c, const char *word, size_t len,
		     unsigned char *value, int *num);
/* Store value (len bytes) and num for word; 0 stored (or already there),
 * 1 not kept (full, too long, or no memory). */
int tz_wordcache_put(struct tz_wordcache *c, const char *word, size_t len,
		     const unsigned char *value, int num);

#endif
