/*
 * alloc.h - every allocation in techzine goes through these wrappers.
 *
 * They return NULL on failure (never abort), so callers must check. For tests,
 * TECHZINE_FAIL_ALLOC=N in the environment makes the Nth allocation (and every
 * later one) fail, which proves that out-of-memory is reported cleanly
 * (SQLite/curl style fault injection).
 */
#ifndef TZ_ALLOC_H
#define TZ_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *tz_malloc(size_t n);
void *tz_calloc(size_t n, size_t size);
void *tz_realloc(void *p, size_t n);
/* Grow an array of *cap elements of size elem to hold at least need. */
int tz_array_grow(void **arr, size_t *cap, size_t need, size_t elem);
char *tz_strdup(const char *s);
char *tz_strndup(const char *s, size_t n);

#endif
