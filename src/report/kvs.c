/*
 * kvs.c - counted keys for the report (codes, domains, links): a small
 * array searched linearly, since a report has tens of keys, not thousands
 * (a send's refusals come from a handful of codes and domains).
 */
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "../util/alloc.h"
#include "../util/banned.h"

struct tz_rpt_kv *tz_rpt_kvs_find(const struct tz_rpt_kvs *k, const char *key)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->v[i].key, key))
			return &k->v[i];
	return NULL;
}

int tz_rpt_kvs_add(struct tz_rpt_kvs *k, const char *key, size_t n)
{
	struct tz_rpt_kv *kv = tz_rpt_kvs_find(k, key);
	if (kv) {
		kv->n += n;
		return 0;
	}
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		struct tz_rpt_kv *v = tz_realloc(k->v, cap * sizeof *v);
		if (!v)
			return -1;
		k->v = v;
		k->cap = cap;
	}
	char *copy = tz_strdup(key);
	if (!copy)
		return -1;
	k->v[k->n].key = copy;
	k->v[k->n].extra = NULL;
	k->v[k->n].n = n;
	k->n++;
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const struct tz_rpt_kv *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->key, y->key);
}

void tz_rpt_kvs_sort(struct tz_rpt_kvs *k)
{
	if (k->n > 1)
		qsort(k->v, k->n, sizeof *k->v, by_count);
}

void tz_rpt_kvs_release(struct tz_rpt_kvs *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].key);
		free(k->v[i].extra);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}
