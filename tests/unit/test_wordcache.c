/*
 * test_wordcache.c - the hyphenator's word cache: found and not found,
 * values copied exactly, growth past the first table, and the limits (word
 * length, entries, bytes) at and one past each.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "text/wordcache.h"
#include "util/banned.h"

static void word(char *out, size_t cap, unsigned i)
{
	snprintf(out, cap, "w%u", i);
}

int main(void)
{
	struct tz_wordcache c;
	unsigned char v[TZ_WORDCACHE_MAX_WORD + 2], got[TZ_WORDCACHE_MAX_WORD + 2];
	char w[TZ_WORDCACHE_MAX_WORD + 2];
	int num = -7;
	unsigned ok = 1;

	tz_wordcache_init(&c);
	CHECK(tz_wordcache_get(&c, "regio", 5, got, &num) == 0 && num == -7);
	CHECK(tz_wordcache_put(&c, "regio", 5, (const unsigned char *)"\0\0\1\0\0", 1) == 0);
	CHECK(tz_wordcache_get(&c, "regio", 5, got, &num) == 1 && num == 1);
	CHECK(!memcmp(got, "\0\0\1\0\0", 5));
	CHECK(tz_wordcache_get(&c, "regi", 4, got, &num) == 0);
	CHECK(tz_wordcache_get(&c, "regia", 5, got, &num) == 0);
	/* a second put of the same word keeps the first value */
	CHECK(tz_wordcache_put(&c, "regio", 5, (const unsigned char *)"\1\1\1\1\1", 5) == 0);
	CHECK(tz_wordcache_get(&c, "regio", 5, got, &num) == 1 && num == 1);
	/* the empty word is a word */
	CHECK(tz_wordcache_put(&c, "", 0, v, 0) == 0);
	CHECK(tz_wordcache_get(&c, "", 0, got, &num) == 1 && num == 0);

	/* thousands of words: every one found with its own value after growth */
	for (unsigned i = 0; i < 5000; i++) {
		word(w, sizeof(w), i);
		memset(v, (int)(i & 0xff), strlen(w));
		CHECK(tz_wordcache_put(&c, w, strlen(w), v, (int)i) == 0);
	}
	for (unsigned i = 0; i < 5000; i++) {
		size_t n;
		word(w, sizeof(w), i);
		n = strlen(w);
		memset(v, (int)(i & 0xff), n);
		ok &= tz_wordcache_get(&c, w, n, got, &num) == 1 && num == (int)i &&
		      !memcmp(got, v, n);
	}
	CHECK(ok);
	tz_wordcache_release(&c);
	CHECK(tz_wordcache_get(&c, "regio", 5, got, &num) == 0);

	/* word length: at the limit kept, one past not */
	memset(w, 'a', sizeof(w));
	memset(v, 1, sizeof(v));
	CHECK(tz_wordcache_put(&c, w, TZ_WORDCACHE_MAX_WORD, v, 3) == 0);
	CHECK(tz_wordcache_get(&c, w, TZ_WORDCACHE_MAX_WORD, got, &num) == 1 && num == 3);
	CHECK(tz_wordcache_put(&c, w, TZ_WORDCACHE_MAX_WORD + 1, v, 3) == 1);
	CHECK(tz_wordcache_get(&c, w, TZ_WORDCACHE_MAX_WORD + 1, got, &num) == 0);
	tz_wordcache_release(&c);

	/* entries: TZ_WORDCACHE_MAX kept, the next one not */
	ok = 1;
	for (unsigned i = 0; i < TZ_WORDCACHE_MAX; i++) {
		word(w, sizeof(w), i);
		ok &= tz_wordcache_put(&c, w, strlen(w), v, 0) == 0;
	}
	CHECK(ok && c.n == TZ_WORDCACHE_MAX);
	word(w, sizeof(w), TZ_WORDCACHE_MAX);
	CHECK(tz_wordcache_put(&c, w, strlen(w), v, 0) == 1);
	CHECK(tz_wordcache_get(&c, w, strlen(w), got, &num) == 0);
	word(w, sizeof(w), 0);
	CHECK(tz_wordcache_get(&c, w, strlen(w), got, &num) == 1);
	tz_wordcache_release(&c);

	/* bytes: long words until TZ_WORDCACHE_MAX_BYTES, then no more */
	{
		size_t n = TZ_WORDCACHE_MAX_WORD, fits = TZ_WORDCACHE_MAX_BYTES / (2 * n);
		memset(w, 'b', sizeof(w));
		ok = 1;
		for (size_t i = 0; i < fits; i++) {
			snprintf(w, 12, "%010zu", i); /* distinct first bytes, NUL inside */
			ok &= tz_wordcache_put(&c, w, n, v, 0) == 0;
		}
		CHECK(ok && c.bytes == fits * 2 * n);
		snprintf(w, 12, "%010zu", fits);
		CHECK(tz_wordcache_put(&c, w, n, v, 0) == 1);
		CHECK(tz_wordcache_put(&c, "kort", 4, v, 0) == (c.bytes + 8 > TZ_WORDCACHE_MAX_BYTES));
	}
	tz_wordcache_release(&c);
	return tap_done();
}
