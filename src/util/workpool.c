/*
 * workpool.c - ordered worker pool (see workpool.h). Plain POSIX threads:
 * one mutex over the ring, one condition for "a job is queued" (workers
 * wait on it) and one for "a job is done" (the taker waits on it).
 */
#include "workpool.h"

#include <signal.h>
#include <string.h>

#include "alloc.h"
#include "banned.h"

enum { SLOT_FREE, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

static void *worker_main(void *arg)
{
	struct tz_workpool *p = ((struct tz_workpool_worker *)arg)->p;
	void *wctx = ((struct tz_workpool_worker *)arg)->wctx;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct tz_workpool_slot *s;
		struct tz_error err;
		int rc;
		while (!p->stopping && p->next_work == p->tail)
			pthread_cond_wait(&p->work_cv, &p->mu);
		if (p->stopping)
			break;
		s = &p->slots[p->next_work++ % p->depth];
		s->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);
		tz_error_clear(&err);
		rc = p->work(wctx, s->job, &err);
		pthread_mutex_lock(&p->mu);
		s->rc = rc;
		s->err = err;
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done_cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int tz_workpool_start(struct tz_workpool *p, int workers, void *const *wctx, size_t depth,
		      tz_work_fn work, struct tz_error *err)
{
	sigset_t all, old;
	int rc = 0;
	memset(p, 0, sizeof *p);
	if (workers < 1 || workers > TZ_WORKPOOL_MAX_WORKERS || depth < 1)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "a worker pool needs 1 to %d threads, not %d",
				    TZ_WORKPOOL_MAX_WORKERS, workers);
	p->slots = tz_calloc(depth, sizeof *p->slots);
	if (!p->slots)
		return tz_error_nomem(err);
	p->depth = depth;
	p->work = work;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work_cv, NULL);
	pthread_cond_init(&p->done_cv, NULL);
	/* the workers block every signal (they inherit the mask): a SIGINT or
	 * SIGTERM goes to the calling thread and wakes it from poll() */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (int i = 0; i < workers && !rc; i++) {
		p->workers[i].p = p;
		p->workers[i].wctx = wctx[i];
		rc = pthread_create(&p->threads[i], NULL, worker_main, &p->workers[i]);
		if (!rc)
			p->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		tz_workpool_stop(p);
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
				    "cannot start a worker thread: %s", strerror(rc));
	}
	return 0;
}

int tz_workpool_submit(struct tz_workpool *p, void *job)
{
	struct tz_workpool_slot *s;
	pthread_mutex_lock(&p->mu);
	if (p->tail - p->head == p->depth) {
		pthread_mutex_unlock(&p->mu);
		return 1;
	}
	s = &p->slots[p->tail++ % p->depth];
	s->job = job;
	s->state = SLOT_QUEUED;
	pthread_cond_signal(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

size_t tz_workpool_pending(struct tz_workpool *p)
{
	size_t n;
	pthread_mutex_lock(&p->mu);
	n = p->tail - p->head;
	pthread_mutex_unlock(&p->mu);
	return n;
}

void *tz_workpool_take(struct tz_workpool *p, void *self_wctx, int *rc, struct tz_error *err)
{
	struct tz_workpool_slot *s;
	void *job;
	pthread_mutex_lock(&p->mu);
	if (p->head == p->tail) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	s = &p->slots[p->head % p->depth];
	while (s->state != SLOT_DONE) {
		struct tz_workpool_slot *q;
		struct tz_error e;
		if (!self_wctx || p->next_work == p->tail) {
			pthread_cond_wait(&p->done_cv, &p->mu);
			continue;
		}
		/* a job nobody has started (the workers are busy, or not
		 * scheduled on a loaded machine): do it here rather than sleep;
		 * the oldest first, so this is the head when it waits unstarted */
		q = &p->slots[p->next_work++ % p->depth];
		q->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);
		tz_error_clear(&e);
		q->rc = p->work(self_wctx, q->job, &e);
		q->err = e;
		pthread_mutex_lock(&p->mu);
		q->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done_cv);
	}
	job = s->job;
	*rc = s->rc;
	if (s->rc)
		*err = s->err;
	s->state = SLOT_FREE;
	s->job = NULL;
	p->head++;
	pthread_mutex_unlock(&p->mu);
	return job;
}

void tz_workpool_stop(struct tz_workpool *p)
{
	if (!p->slots)
		return;
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	pthread_cond_broadcast(&p->work_cv);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_cond_destroy(&p->work_cv);
	pthread_cond_destroy(&p->done_cv);
	pthread_mutex_destroy(&p->mu);
	free(p->slots);
	p->slots = NULL;
	p->nthreads = 0;
}
