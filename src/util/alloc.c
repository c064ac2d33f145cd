/*
 * alloc.c - allocation wrappers with optional fault injection (see alloc.h).
 */
#include "alloc.h"

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

/* fail_at is read by the first allocation, long before any thread starts;
 * the count is atomic because signing threads allocate too (signahead.c) */
static long fail_at = -1; /* -1: not read yet; 0: never fail */
static atomic_long alloc_count;

static int should_fail(void)
{
	if (fail_at < 0) {
		const char *e = getenv("TECHZINE_FAIL_ALLOC");
		char *end;
		fail_at = e ? strtol(e, &end, 10) : 0;
		if (fail_at < 0)
			fail_at = 0;
	}
	if (!fail_at)
		return 0;
	return atomic_fetch_add(&alloc_count, 1) + 1 >= fail_at;
}

void *tz_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *tz_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *tz_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

int tz_array_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		return -1;
	p = tz_realloc(*arr, ncap * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}

char *tz_strndup(const char *s, size_t n)
{
	char *p = tz_malloc(n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tz_strdup(const char *s)
{
	return s ? tz_strndup(s, strlen(s)) : NULL;
}
