/*
 * store.c - locking and atomic files for subscriber folders (store.h).
 */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

/* Temp files of a writer that was killed ("x.csv.tmp.PID"): every writer
 * holds the lock while its temp file exists, so under the lock they are
 * all stale. */
static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		char *p;
		if (!strstr(e->d_name, ".csv.tmp."))
			continue;
		p = tz_path_join(dir, e->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
}

int tz_store_lock(const char *dir, struct tz_lock *lk, struct tz_error *err)
{
	return tz_store_lock_within(dir, lk, TZ_LOCK_WAIT_SECONDS, err);
}

int tz_store_lock_within(const char *dir, struct tz_lock *lk, int seconds, struct tz_error *err)
{
	char *path = tz_path_join(dir, ".techzine.lock");
	struct timespec pause = {0, 20L * 1000 * 1000};
	time_t until = time(NULL) + seconds;
	lk->fd = -1;
	if (!path)
		return tz_error_nomem(err);
	lk->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lk->fd < 0) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "cannot open the lock file '%s': %s", path,
			     strerror(errno));
		free(path);
		return -1;
	}
	while (flock(lk->fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			tz_error_set(err, TZ_ERR_IO, path, 0, "cannot lock '%s': %s", path,
				     strerror(errno));
			goto fail;
		}
		if (time(NULL) > until) {
			tz_error_set(err, TZ_ERR_IO, path, 0,
				     "'%s' is still locked by another techzine process after %d s; "
				     "try again when it has finished",
				     dir, seconds);
			goto fail;
		}
		nanosleep(&pause, NULL);
	}
	free(path);
	remove_stale(dir);
	return 0;
fail:
	close(lk->fd);
	lk->fd = -1;
	free(path);
	return -1;
}

void tz_store_unlock(struct tz_lock *lk)
{
	if (lk->fd >= 0) {
		flock(lk->fd, LOCK_UN);
		close(lk->fd);
	}
	lk->fd = -1;
}

int tz_store_load_list(const char *path, struct tz_list *l, struct tz_diags *d,
		       struct tz_error *err)
{
	struct tz_buf b;
	struct tz_diags own;
	int rc;
	memset(l, 0, sizeof *l);
	tz_buf_init(&b, TZ_LIST_MAX_BYTES);
	if (tz_read_file(path, TZ_LIST_MAX_BYTES, &b, err)) {
		tz_buf_release(&b);
		return -1;
	}
	if (tz_utf8_invalid_at(b.data, b.len) != (size_t)-1) {
		tz_buf_release(&b);
		return tz_error_set(err, TZ_ERR_CONTENT, path, 0,
				    "the list is not UTF-8 (import a spreadsheet export with "
				    "'techzine subscribers import', which converts it)");
	}
	if (!d) {
		tz_diags_init(&own);
		own.max = 1;
	}
	rc = tz_list_parse(l, path, b.data, b.len, d ? d : &own, err);
	if (!d)
		tz_diags_release(&own);
	tz_buf_release(&b);
	return rc;
}

static int save(const char *path, const struct tz_buf *b, struct tz_error *err)
{
	return tz_write_file_atomic(path, b->data, b->len, err);
}

int tz_store_save_list(const struct tz_list *l, struct tz_error *err)
{
	struct tz_buf b;
	int rc;
	tz_buf_init(&b, TZ_LIST_MAX_BYTES);
	if (tz_list_serialise(l, &b)) {
		tz_buf_release(&b);
		return tz_error_set(err, TZ_ERR_LIMIT, l->path, 0,
				    "the list would be over %zu bytes", TZ_LIST_MAX_BYTES);
	}
	rc = save(l->path, &b, err);
	tz_buf_release(&b);
	return rc;
}

int tz_store_save_suppression(const struct tz_suppression *s, struct tz_error *err)
{
	struct tz_buf b;
	int rc;
	tz_buf_init(&b, TZ_LIST_MAX_BYTES);
	if (tz_suppression_serialise(s, &b)) {
		tz_buf_release(&b);
		return tz_error_nomem(err);
	}
	rc = save(s->path, &b, err);
	tz_buf_release(&b);
	return rc;
}

char *tz_store_suppression_path(const char *list_path)
{
	char *dir = tz_dirname(list_path), *p;
	if (!dir)
		return NULL;
	p = tz_path_join(dir, "suppressed.csv");
	free(dir);
	return p;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tz_store_lists(const char *dir, char ***paths, size_t *n, struct tz_error *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 0;
	*paths = NULL;
	*n = 0;
	if (!d)
		return tz_error_set(err, TZ_ERR_IO, dir, 0, "cannot read the folder '%s': %s", dir,
				    strerror(errno));
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char *p;
		if (len < 5 || e->d_name[0] == '.' || strcmp(e->d_name + len - 4, ".csv") != 0 ||
		    strcmp(e->d_name, "suppressed.csv") == 0)
			continue;
		p = tz_path_join(dir, e->d_name);
		if (!p || tz_array_grow((void **)paths, &cap, *n + 1, sizeof **paths)) {
			free(p);
			closedir(d);
			tz_store_free_paths(*paths, *n);
			return tz_error_nomem(err);
		}
		(*paths)[(*n)++] = p;
	}
	closedir(d);
	if (*n)
		qsort(*paths, *n, sizeof **paths, by_name);
	return 0;
}

void tz_store_free_paths(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

char *tz_store_list_path(const char *name)
{
	struct tz_buf b;
	if (strchr(name, '/') || strstr(name, ".csv"))
		return tz_strdup(name);
	tz_buf_init(&b, 4096);
	if (tz_buf_addf(&b, "subscribers/%s.csv", name)) {
		tz_buf_release(&b);
		return NULL;
	}
	return tz_buf_detach(&b, NULL);
}
