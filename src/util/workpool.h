/*
 * workpool.h - a few worker threads that work on jobs ahead of a consumer
 * that needs the results in the order it handed the jobs in.
 *
 * The one idea: a ring of `depth` slots numbered by sequence. The caller
 * submits at the tail (never blocks: a full ring says so), any idle worker
 * takes the oldest job not yet started, and the caller takes results only
 * from the head; while it waits, it does unstarted jobs itself. So the
 * results come out in submission order however the workers interleave, the
 * caller never sleeps while a job sits unstarted (on a loaded machine the
 * workers may not be scheduled for a while), and memory is bounded by depth
 * jobs.
 *
 * Jobs are the caller's: the pool keeps pointers and never frees them.
 * Each worker has a context of its own (wctx[i]) for state that must not be
 * shared between threads (a GnuTLS key object, scratch buffers).
 */
#ifndef TZ_WORKPOOL_H
#define TZ_WORKPOOL_H

#include <pthread.h>
#include <stddef.h>

#include "error.h"

#define TZ_WORKPOOL_MAX_WORKERS 16

/* Work on job with the worker's own context; 0 done, -1 with err. */
typedef int (*tz_work_fn)(void *wctx, void *job, struct tz_error *err);

struct tz_workpool_slot {
	void *job;
	int state; /* free, queued, running, done */
	int rc;
	struct tz_error err;
};

struct tz_workpool;
struct tz_workpool_worker {
	struct tz_workpool *p;
	void *wctx;
};

/* The struct must not move while the workers run (they point into it). */
struct tz_workpool {
	pthread_mutex_t mu;
	pthread_cond_t work_cv; /* a job was queued, or stop */
	pthread_cond_t done_cv; /* a job was done */
	pthread_t threads[TZ_WORKPOOL_MAX_WORKERS];
	struct tz_workpool_worker workers[TZ_WORKPOOL_MAX_WORKERS];
	int nthreads;
	tz_work_fn work;
	struct tz_workpool_slot *slots;
	size_t depth;
	size_t head, next_work, tail; /* sequence numbers; slot = seq % depth */
	int stopping;
};

/* Start workers threads (1..TZ_WORKPOOL_MAX_WORKERS), wctx[i] for thread
 * i, with room for depth jobs in flight (>= 1). On failure nothing runs and
 * nothing needs releasing. */
int tz_workpool_start(struct tz_workpool *p, int workers, void *const *wctx, size_t depth,
		      tz_work_fn work, struct tz_error *err);
/* Queue a job at the tail: 0, or 1 when depth jobs are in flight already. */
int tz_workpool_submit(struct tz_workpool *p, void *job);
/* Jobs submitted and not taken yet. */
size_t tz_workpool_pending(struct tz_workpool *p);
/* The oldest job, once done; NULL when none is pending. *rc and *err are
 * the work function's result for it. While it is not done and a job waits
 * unstarted, a caller with a context of its own (self_wctx, not NULL) does
 * that job itself (the oldest first, so the one it waits for when that is
 * unstarted) instead of sleeping; with NULL it only waits. */
void *tz_workpool_take(struct tz_workpool *p, void *self_wctx, int *rc, struct tz_error *err);
/* Stop: jobs being worked on are finished, queued ones are not started;
 * the threads are joined. Every job pointer stays the caller's. */
void tz_workpool_stop(struct tz_workpool *p);

#endif
