/*
 * folder.c - a subscribers folder opened for changes (see folder.h).
 */
#include "folder.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_folder_open(struct tz_folder *f, const char *dir, const char *only,
		   struct tz_error *err)
{
	return tz_folder_open_within(f, dir, only, TZ_LOCK_WAIT_SECONDS, err);
}

int tz_folder_open_within(struct tz_folder *f, const char *dir, const char *only, int seconds,
			  struct tz_error *err)
{
	char **paths = NULL, *one = NULL, *spath;
	size_t n = 0;
	memset(f, 0, sizeof *f);
	f->lock.fd = -1;
	tz_diags_init(&f->diags);
	f->dir = tz_strdup(dir);
	if (!f->dir)
		return tz_error_nomem(err);
	if (tz_store_lock_within(dir, &f->lock, seconds, err))
		return -1;
	if (only) {
		one = tz_strdup(only);
		if (!one)
			return tz_error_nomem(err);
		paths = &one;
		n = 1;
	} else if (tz_store_lists(dir, &paths, &n, err))
		return -1;
	f->lists = tz_calloc(n ? n : 1, sizeof *f->lists);
	f->changed = tz_calloc(n ? n : 1, sizeof *f->changed);
	if (!f->lists || !f->changed)
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		if (only && access(only, F_OK) != 0) { /* a new list */
			if (tz_list_init(&f->lists[i], only))
				goto nomem;
			f->changed[i] = 1;
			f->nlists++;
			continue;
		}
		if (tz_store_load_list(paths[i], &f->lists[i], &f->diags, err)) {
			tz_list_release(&f->lists[i]);
			goto fail;
		}
		f->nlists++;
	}
	spath = tz_path_join(dir, "suppressed.csv");
	if (!spath)
		goto nomem;
	if (tz_suppression_load(&f->supp, spath, err)) {
		free(spath);
		goto fail;
	}
	free(spath);
	if (only)
		free(one);
	else
		tz_store_free_paths(paths, n);
	return 0;
nomem:
	tz_error_nomem(err);
fail:
	if (only)
		free(one);
	else
		tz_store_free_paths(paths, n);
	return -1;
}

int tz_folder_commit(struct tz_folder *f, struct tz_error *err)
{
	int rc = 0;
	/* The suppression file first: a kill between the two renames then
	 * leaves a suppressed address whose row still says active (never
	 * mailed: send checks the suppression file, and the next unsubscribe
	 * of it rewrites the row), never an unsubscribed row that a later
	 * import could make active again for want of a suppression entry. */
	if (f->supp.changed)
		rc = tz_store_save_suppression(&f->supp, err);
	if (!rc && getenv("TECHZINE_TEST_KILL_AFTER_SUPPRESSION") && f->supp.changed)
		raise(SIGKILL); /* tests/e2e/list_server_crash.sh: a kill between the renames */
	for (size_t i = 0; i < f->nlists && !rc; i++)
		if (f->changed[i])
			rc = tz_store_save_list(&f->lists[i], err);
	if (!rc) {
		memset(f->changed, 0, f->nlists * sizeof *f->changed);
		f->supp.changed = 0;
	}
	tz_store_unlock(&f->lock);
	return rc;
}

void tz_folder_release(struct tz_folder *f)
{
	tz_store_unlock(&f->lock);
	for (size_t i = 0; i < f->nlists; i++)
		tz_list_release(&f->lists[i]);
	free(f->lists);
	free(f->changed);
	tz_suppression_release(&f->supp);
	free(f->tokens);
	free(f->dir);
	tz_diags_release(&f->diags);
	memset(f, 0, sizeof *f);
	f->lock.fd = -1;
}

struct tz_sub *tz_folder_find(struct tz_folder *f, size_t i, const char *address)
{
	return tz_list_find(&f->lists[i], address);
}

void tz_folder_mark(struct tz_folder *f, size_t i)
{
	f->changed[i] = 1;
}

int tz_folder_set_status(struct tz_folder *f, const char *address, enum tz_status st,
			 const char *reason, const char *source)
{
	char today[11];
	int n = 0;
	tz_today(today);
	for (size_t i = 0; i < f->nlists; i++) {
		struct tz_list *l = &f->lists[i];
		struct tz_sub *s = tz_list_find(l, address);
		if (!s || tz_sub_status(l, s) == st)
			continue;
		/* a complaint outranks an unsubscribe or a bounce, nothing undoes one */
		if (tz_sub_status(l, s) == TZ_ST_COMPLAINED)
			continue;
		if (tz_sub_set(l, s, TZ_F_STATUS, tz_status_names[st]) ||
		    tz_sub_set(l, s, TZ_F_LAST_CHANGE, today))
			return -1;
		f->changed[i] = 1;
		n++;
	}
	if (st != TZ_ST_ACTIVE && tz_suppression_add(&f->supp, address, reason, source))
		return -1;
	return n;
}

static int by_token(const void *a, const void *b)
{
	return strcmp(((const struct tz_folder_token *)a)->token,
		      ((const struct tz_folder_token *)b)->token);
}

int tz_folder_find_token(struct tz_folder *f, const char *secret, const char *token,
			 char *out, size_t n)
{
	struct tz_folder_token key, *hit;
	if (!f->have_tokens) {
		size_t total = 0, k = 0;
		for (size_t i = 0; i < f->nlists; i++)
			total += f->lists[i].n;
		f->tokens = tz_calloc(total ? total : 1, sizeof *f->tokens);
		if (!f->tokens)
			return -1;
		for (size_t i = 0; i < f->nlists; i++)
			for (size_t r = 0; r < f->lists[i].n; r++) {
				const char *a = tz_sub_get(&f->lists[i], &f->lists[i].rows[r], TZ_F_EMAIL);
				if (!*a || f->lists[i].rows[r].gone)
					continue;
				tz_token_make(secret, a, f->tokens[k].token);
				f->tokens[k].list = (unsigned)i;
				f->tokens[k].row = r;
				k++;
			}
		f->ntokens = k;
		qsort(f->tokens, k, sizeof *f->tokens, by_token);
		f->have_tokens = 1;
	}
	if (strlen(token) != TZ_TOKEN_LEN)
		return -1;
	memset(&key, 0, sizeof key);
	memcpy(key.token, token, TZ_TOKEN_SIZE);
	hit = bsearch(&key, f->tokens, f->ntokens, sizeof *f->tokens, by_token);
	if (!hit)
		return -1;
	snprintf(out, n, "%s",
		 tz_sub_get(&f->lists[hit->list], &f->lists[hit->list].rows[hit->row], TZ_F_EMAIL));
	return 0;
}
