/*
 * index.c - the read-only, rebuilt-on-change view of the folder (index.h).
 */
#include "index.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../list/address.h"
#include "../list/store.h"
#include "../list/token.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static void index_free(struct ls_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nlists; i++)
		tz_list_release(&x->lists[i]);
	free(x->lists);
	tz_store_free_paths(x->paths, x->nlists);
	tz_suppression_release(&x->supp);
	free(x->tokens);
	free(x->sigs);
	free(x);
}

int ls_index_init(struct ls_index_holder *h, const char *dir, const char *secret)
{
	pthread_rwlockattr_t a;
	int rc;
	memset(h, 0, sizeof *h);
	h->dir = dir;
	h->secret = secret;
	/* a steady stream of readers must not keep a fresh index out */
	pthread_rwlockattr_init(&a);
	pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	rc = pthread_rwlock_init(&h->rw, &a);
	pthread_rwlockattr_destroy(&a);
	if (rc)
		return -1;
	pthread_mutex_init(&h->rebuild, NULL);
	return 0;
}

void ls_index_release(struct ls_index_holder *h)
{
	index_free(h->cur);
	h->cur = NULL;
	pthread_rwlock_destroy(&h->rw);
	pthread_mutex_destroy(&h->rebuild);
}

static void sig_of(const char *path, struct ls_filesig *g)
{
	struct stat st;
	memset(g, 0, sizeof *g);
	if (stat(path, &st) == 0) {
		g->dev = st.st_dev;
		g->ino = st.st_ino;
		g->size = st.st_size;
		g->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
}

/* Does the folder still look as it did when x was built? */
static int fresh(const struct ls_index_holder *h, const struct ls_index *x)
{
	struct ls_filesig g;
	char *sp;
	sig_of(h->dir, &g);
	if (memcmp(&g, &x->sigs[x->nsigs - 1], sizeof g) != 0)
		return 0;
	for (size_t i = 0; i < x->nlists; i++) {
		sig_of(x->paths[i], &g);
		if (memcmp(&g, &x->sigs[i], sizeof g) != 0)
			return 0;
	}
	sp = tz_path_join(h->dir, "suppressed.csv");
	if (!sp)
		return 1;
	sig_of(sp, &g);
	free(sp);
	return memcmp(&g, &x->sigs[x->nlists], sizeof g) == 0;
}

static int by_token(const void *a, const void *b)
{
	return strcmp(((const struct tz_folder_token *)a)->token,
		      ((const struct tz_folder_token *)b)->token);
}

static struct ls_index *build(const struct ls_index_holder *h, struct tz_error *err)
{
	struct ls_index *x = tz_calloc(1, sizeof *x);
	char *sp = NULL;
	size_t n = 0, total = 0, k = 0;
	if (!x) {
		tz_error_nomem(err);
		return NULL;
	}
	/* signatures first: a change while reading makes the next request read again */
	if (tz_store_lists(h->dir, &x->paths, &n, err))
		goto fail;
	x->lists = tz_calloc(n ? n : 1, sizeof *x->lists);
	x->sigs = tz_calloc(n + 2, sizeof *x->sigs);
	sp = tz_path_join(h->dir, "suppressed.csv");
	if (!x->lists || !x->sigs || !sp) {
		tz_store_free_paths(x->paths, n);
		x->paths = NULL;
		tz_error_nomem(err);
		goto fail;
	}
	x->nsigs = n + 2;
	sig_of(h->dir, &x->sigs[n + 1]);
	sig_of(sp, &x->sigs[n]);
	for (size_t i = 0; i < n; i++) {
		sig_of(x->paths[i], &x->sigs[i]);
		if (tz_store_load_list(x->paths[i], &x->lists[i], NULL, err)) {
			tz_list_release(&x->lists[i]);
			x->nlists = i;
			/* the paths beyond i are freed with the count we own */
			for (size_t j = i; j < n; j++)
				free(x->paths[j]);
			goto fail;
		}
		x->nlists = i + 1;
		total += x->lists[i].n;
	}
	if (tz_suppression_load(&x->supp, sp, err))
		goto fail;
	x->tokens = tz_calloc(total ? total : 1, sizeof *x->tokens);
	if (!x->tokens) {
		tz_error_nomem(err);
		goto fail;
	}
	for (size_t i = 0; i < x->nlists; i++)
		for (size_t r = 0; r < x->lists[i].n; r++) {
			const char *a = tz_sub_get(&x->lists[i], &x->lists[i].rows[r], TZ_F_EMAIL);
			if (!*a || x->lists[i].rows[r].gone)
				continue;
			tz_token_make(h->secret, a, x->tokens[k].token);
			x->tokens[k].list = (unsigned)i;
			x->tokens[k].row = r;
			k++;
		}
	x->ntokens = k;
	qsort(x->tokens, k, sizeof *x->tokens, by_token);
	free(sp);
	return x;
fail:
	free(sp);
	index_free(x);
	return NULL;
}

const struct ls_index *ls_index_get(struct ls_index_holder *h, struct tz_error *err)
{
	pthread_rwlock_rdlock(&h->rw);
	if (h->cur && fresh(h, h->cur))
		return h->cur;
	pthread_rwlock_unlock(&h->rw);
	/* one thread reads the folder again; the others serve the old snapshot */
	if (pthread_mutex_trylock(&h->rebuild) != 0) {
		pthread_rwlock_rdlock(&h->rw);
		if (h->cur)
			return h->cur;
		pthread_rwlock_unlock(&h->rw);
		pthread_mutex_lock(&h->rebuild);
	}
	pthread_rwlock_rdlock(&h->rw);
	if (!h->cur || !fresh(h, h->cur)) {
		struct ls_index *x, *old;
		pthread_rwlock_unlock(&h->rw);
		x = build(h, err);
		pthread_rwlock_wrlock(&h->rw);
		if (x) {
			old = h->cur;
			h->cur = x;
			h->rebuilds++;
			index_free(old);
		}
		pthread_rwlock_unlock(&h->rw);
		pthread_rwlock_rdlock(&h->rw);
	}
	pthread_mutex_unlock(&h->rebuild);
	if (!h->cur) {
		pthread_rwlock_unlock(&h->rw);
		return NULL;
	}
	return h->cur;
}

void ls_index_put(struct ls_index_holder *h)
{
	pthread_rwlock_unlock(&h->rw);
}

int ls_index_find_token(const struct ls_index *x, const char *token, char *out)
{
	struct tz_folder_token key;
	const struct tz_folder_token *hit;
	if (strlen(token) != TZ_TOKEN_LEN)
		return -1;
	memset(&key, 0, sizeof key);
	memcpy(key.token, token, TZ_TOKEN_SIZE);
	hit = bsearch(&key, x->tokens, x->ntokens, sizeof *x->tokens, by_token);
	if (!hit)
		return -1;
	snprintf(out, TZ_ADDRESS_MAX, "%s",
		 tz_sub_get(&x->lists[hit->list], &x->lists[hit->list].rows[hit->row], TZ_F_EMAIL));
	return 0;
}

const struct tz_sub *ls_index_find(const struct ls_index *x, const char *address, size_t *li)
{
	for (size_t i = 0; i < x->nlists; i++) {
		const struct tz_sub *s = tz_list_find(&x->lists[i], address);
		if (s) {
			if (li)
				*li = i;
			return s;
		}
	}
	return NULL;
}

int ls_index_list_named(const struct ls_index *x, const char *name)
{
	for (size_t i = 0; i < x->nlists; i++) {
		const char *slash = strrchr(x->paths[i], '/');
		if (strcmp(slash ? slash + 1 : x->paths[i], name) == 0)
			return (int)i;
	}
	return -1;
}

int ls_index_active_on(struct ls_index_holder *h, const char *list, const char *address)
{
	struct tz_error err;
	const struct ls_index *x = ls_index_get(h, &err);
	int li, yes = 0;
	if (!x)
		return 0;
	li = ls_index_list_named(x, list);
	if (li >= 0) {
		const struct tz_sub *row = tz_list_find(&x->lists[li], address);
		yes = row && tz_sub_status(&x->lists[li], row) == TZ_ST_ACTIVE;
	}
	ls_index_put(h);
	return yes;
}
