/*
 * zipfetch.c - photos inflated on a second thread (see zipfetch.h).
 *
 * One mutex and one condition guard the entries' states; the thread works
 * through them in order and takes no lock while it inflates. A take of an
 * entry the thread has not begun leaves it to the caller (so when parsing
 * outruns inflating, both threads inflate); a take of one it is inflating
 * waits on the condition (a wait for a state, never a sleep). The thread allocates through the same wrappers as
 * the rest of techzine; it is only started when fault injection is off, so
 * the allocation counter is never shared.
 */
#include "zipfetch.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "zipread.h"
#include "../util/alloc.h"
#include "../util/banned.h"

enum { ENTRY_WAITING, ENTRY_BUSY, ENTRY_DONE, ENTRY_TAKEN };

struct entry {
	char *name;
	struct tz_buf data;
	struct tz_error err;
	int rc; /* as tz_zip_read */
	int state;
};

struct tz_zipfetch {
	const unsigned char *data;
	size_t len, max;
	const char *path;
	struct entry *e;
	size_t n;
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t done;
	pthread_t thread;
};

static void *run(void *arg)
{
	struct tz_zipfetch *f = arg;
	struct tz_zip z;
	struct tz_error err;
	int opened;

	tz_error_clear(&err);
	opened = tz_zip_open(&z, f->data, f->len, f->path, &err) == 0;
	for (size_t i = 0; i < f->n; i++) {
		struct entry *e = &f->e[i];
		struct tz_buf b;
		int rc, stop, mine = 0;

		pthread_mutex_lock(&f->lock);
		stop = f->stop;
		if (e->state == ENTRY_WAITING) {
			e->state = ENTRY_BUSY;
			mine = 1;
		}
		pthread_mutex_unlock(&f->lock);
		if (!mine)
			continue; /* the reader took it over */
		tz_buf_init(&b, f->max + 1);
		tz_error_clear(&e->err);
		rc = stop || !opened ? 1 /* the reader reads it itself */
				     : tz_zip_read(&z, e->name, f->max, &b, &e->err);
		pthread_mutex_lock(&f->lock);
		e->data = b;
		e->rc = rc;
		e->state = ENTRY_DONE;
		pthread_cond_broadcast(&f->done);
		pthread_mutex_unlock(&f->lock);
	}
	if (opened)
		tz_zip_close(&z);
	return NULL;
}

static void free_entries(struct tz_zipfetch *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->e[i].name);
		tz_buf_release(&f->e[i].data);
	}
	free(f->e);
	free(f);
}

struct tz_zipfetch *tz_zipfetch_start(const unsigned char *data, size_t len, const char *path,
				      const char *const *names, size_t n, size_t max)
{
	struct tz_zipfetch *f;
	const char *fault = getenv("TECHZINE_FAIL_ALLOC");

	if (!n || (fault && strtol(fault, NULL, 10) > 0))
		return NULL;
	f = tz_calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->e = tz_calloc(n, sizeof(*f->e));
	if (!f->e) {
		free(f);
		return NULL;
	}
	f->data = data;
	f->len = len;
	f->max = max;
	f->path = path;
	for (; f->n < n; f->n++) {
		tz_buf_init(&f->e[f->n].data, max + 1);
		if (!(f->e[f->n].name = tz_strdup(names[f->n])))
			break;
	}
	if (f->n < n || pthread_mutex_init(&f->lock, NULL)) {
		free_entries(f);
		return NULL;
	}
	if (pthread_cond_init(&f->done, NULL)) {
		pthread_mutex_destroy(&f->lock);
		free_entries(f);
		return NULL;
	}
	if (pthread_create(&f->thread, NULL, run, f)) {
		pthread_cond_destroy(&f->done);
		pthread_mutex_destroy(&f->lock);
		free_entries(f);
		return NULL;
	}
	return f;
}

int tz_zipfetch_take(struct tz_zipfetch *f, const char *name, struct tz_buf *out,
		     struct tz_error *err)
{
	struct entry *e = NULL;
	int rc;

	if (!f)
		return 1;
	pthread_mutex_lock(&f->lock);
	for (size_t i = 0; i < f->n && !e; i++)
		if (!strcasecmp(f->e[i].name, name) && f->e[i].state != ENTRY_TAKEN)
			e = &f->e[i];
	if (!e) {
		pthread_mutex_unlock(&f->lock);
		return 1;
	}
	if (e->state == ENTRY_WAITING) { /* not begun: the caller reads it now */
		e->state = ENTRY_TAKEN;
		pthread_mutex_unlock(&f->lock);
		return 1;
	}
	while (e->state == ENTRY_BUSY)
		pthread_cond_wait(&f->done, &f->lock);
	e->state = ENTRY_TAKEN;
	pthread_mutex_unlock(&f->lock);
	rc = e->rc;
	if (rc < 0)
		*err = e->err;
	tz_buf_release(out);
	*out = e->data;
	tz_buf_init(&e->data, 0);
	return rc;
}

void tz_zipfetch_free(struct tz_zipfetch *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->lock);
	f->stop = 1;
	pthread_mutex_unlock(&f->lock);
	pthread_join(f->thread, NULL);
	pthread_cond_destroy(&f->done);
	pthread_mutex_destroy(&f->lock);
	free_entries(f);
}
