/*
 * store.h - lists and the suppression file on disk: one lock per folder,
 * atomic replacement.
 *
 * The one idea: every change to anything in a subscribers folder happens
 * under one flock on "<folder>/.techzine.lock", held from reading the
 * files to replacing them (temp file, fsync, rename, fsync of the folder).
 * Two processes that change the same folder take turns; a reader without
 * the lock sees the old or the new file, never a mix. One lock for the
 * folder (not one per file) because an unsubscribe changes a list and the
 * suppression file together.
 */
#ifndef TZ_STORE_H
#define TZ_STORE_H

#include <stddef.h>

#include "list.h"
#include "suppress.h"
#include "../util/error.h"

#define TZ_LIST_MAX_BYTES ((size_t)256 * 1024 * 1024)
#define TZ_LOCK_WAIT_SECONDS 60

struct tz_lock {
	int fd;
};

/* Wait (up to TZ_LOCK_WAIT_SECONDS) for the folder's lock. */
int tz_store_lock(const char *dir, struct tz_lock *lk, struct tz_error *err);
/* The same with a wait of at most seconds (0: one attempt), for a server
 * that answers 503 rather than hang. */
int tz_store_lock_within(const char *dir, struct tz_lock *lk, int seconds, struct tz_error *err);
void tz_store_unlock(struct tz_lock *lk);

/* Read and parse a list file (row problems go to d, may be NULL). */
int tz_store_load_list(const char *path, struct tz_list *l, struct tz_diags *d,
		       struct tz_error *err);
/* Replace the list's file atomically (caller holds the lock). */
int tz_store_save_list(const struct tz_list *l, struct tz_error *err);
int tz_store_save_suppression(const struct tz_suppression *s, struct tz_error *err);

/* "<dir of list>/suppressed.csv" (malloc'd). */
char *tz_store_suppression_path(const char *list_path);
/* The lists of a folder: every *.csv but suppressed.csv, sorted, malloc'd. */
int tz_store_lists(const char *dir, char ***paths, size_t *n, struct tz_error *err);
void tz_store_free_paths(char **paths, size_t n);
/* "demo" -> "subscribers/demo.csv"; a path is kept (malloc'd). */
char *tz_store_list_path(const char *name);

#endif
