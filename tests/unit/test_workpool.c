/*
 * test_workpool.c - the ordered worker pool (util/workpool.h) that signs
 * DKIM ahead: results come back in submission order although the workers
 * finish out of order (jobs of decreasing cost, several threads); the ring
 * refuses a job past its depth and takes one again after a take; a
 * worker's error comes back with its message on that job, and the jobs
 * after it still come back in order; stop with jobs queued and running
 * returns promptly and leaks nothing (ASan/LSan in the test build); a
 * caller waiting for the oldest job does an unstarted one itself.
 * No timing: the workers' order is forced by a gate, not by sleeps.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "util/workpool.h"

struct job {
	int id;
	int fail;
	unsigned spin;   /* busy work, so threads overlap */
	int done_by;     /* which worker did it */
	unsigned result; /* a value only this job's work gives */
};

struct gate { /* holds job 0 until job 1 is done: forces out-of-order finish */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int second_done;
	int use;
	int first_started; /* job 0 is being worked on */
	int timed_out;     /* the bound (never reached when the pool works) */
};

struct wctx {
	int index;
	struct gate *gate;
	int jobs; /* jobs this worker did (its own: no sharing) */
};

static int work(void *ctx, void *arg, struct tz_error *err)
{
	struct wctx *w = ctx;
	struct job *j = arg;
	unsigned x = (unsigned)j->id;
	if (w->gate->use && j->id == 0) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 120; /* only a broken pool waits this long */
		pthread_mutex_lock(&w->gate->mu);
		w->gate->first_started = 1;
		pthread_cond_broadcast(&w->gate->cv);
		while (!w->gate->second_done && !w->gate->timed_out)
			if (pthread_cond_timedwait(&w->gate->cv, &w->gate->mu, &until))
				w->gate->timed_out = 1;
		pthread_mutex_unlock(&w->gate->mu);
	}
	for (unsigned i = 0; i < j->spin; i++)
		x = x * 1664525u + 1013904223u;
	j->result = x;
	j->done_by = w->index;
	w->jobs++;
	if (w->gate->use && j->id == 1) {
		pthread_mutex_lock(&w->gate->mu);
		w->gate->second_done = 1;
		pthread_cond_broadcast(&w->gate->cv);
		pthread_mutex_unlock(&w->gate->mu);
	}
	if (j->fail)
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "job %d failed", j->id);
	return 0;
}

static unsigned expected(const struct job *j)
{
	unsigned x = (unsigned)j->id;
	for (unsigned i = 0; i < j->spin; i++)
		x = x * 1664525u + 1013904223u;
	return x;
}

static struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0};

static int start(struct tz_workpool *p, struct wctx *w, int n, size_t depth)
{
	void *ctx[4];
	struct tz_error err;
	for (int i = 0; i < n; i++) {
		w[i].index = i;
		w[i].gate = &gate;
		w[i].jobs = 0;
		ctx[i] = &w[i];
	}
	tz_error_clear(&err);
	return tz_workpool_start(p, n, ctx, depth, work, &err);
}

/* 200 jobs through 3 workers, depth 4: order, results, every worker used
 * at most as the ring allows. */
static void order(void)
{
	struct tz_workpool p;
	struct wctx w[3];
	struct job jobs[200];
	size_t next = 0, taken = 0;
	int in_order = 1, right = 1, full_seen = 0, depth_ok = 1;
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 200; i++) {
		jobs[i].id = i;
		jobs[i].spin = (unsigned)(200 - i) * 2000u; /* early jobs cost most */
	}
	gate.use = 1;
	gate.second_done = 0;
	CHECK(start(&p, w, 3, 4) == 0);
	while (taken < 200) {
		int rc = 0;
		struct tz_error err;
		struct job *j;
		while (next < 200) {
			int s = tz_workpool_submit(&p, &jobs[next]);
			if (s) {
				full_seen = 1;
				break;
			}
			next++;
		}
		if (tz_workpool_pending(&p) > 4)
			depth_ok = 0;
		j = tz_workpool_take(&p, NULL, &rc, &err);
		if (!j || rc || j->id != (int)taken)
			in_order = 0;
		if (j && j->result != expected(j))
			right = 0;
		taken++;
	}
	CHECK(in_order);
	CHECK(right);
	CHECK(full_seen); /* a fifth job was refused while four were in flight */
	CHECK(depth_ok);
	/* job 1 finished before job 0 (the gate), so two workers were at it */
	CHECK(jobs[0].done_by != jobs[1].done_by);
	CHECK(tz_workpool_take(&p, NULL, &(int){0}, &(struct tz_error){0}) == NULL);
	tz_workpool_stop(&p);
	CHECK(w[0].jobs + w[1].jobs + w[2].jobs == 200);
	gate.use = 0;
}

/* A failing job: its error on it, the others fine and in order. */
static void failure(void)
{
	struct tz_workpool p;
	struct wctx w[2];
	struct job jobs[6];
	int rcs[6];
	char msg[6][sizeof((struct tz_error *)0)->msg];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 6; i++) {
		jobs[i].id = i;
		jobs[i].spin = 1000;
	}
	jobs[3].fail = 1;
	CHECK(start(&p, w, 2, 6) == 0);
	for (int i = 0; i < 6; i++)
		CHECK(tz_workpool_submit(&p, &jobs[i]) == 0);
	CHECK(tz_workpool_submit(&p, &jobs[0]) == 1); /* depth 6: full */
	for (int i = 0; i < 6; i++) {
		struct tz_error err;
		struct job *j;
		tz_error_clear(&err);
		j = tz_workpool_take(&p, NULL, &rcs[i], &err);
		CHECK(j == &jobs[i]);
		snprintf(msg[i], sizeof msg[i], "%s", err.msg);
	}
	CHECK(rcs[0] == 0 && rcs[1] == 0 && rcs[2] == 0 && rcs[4] == 0 && rcs[5] == 0);
	CHECK(rcs[3] == -1);
	CHECK_STR(msg[3], "job 3 failed");
	CHECK_STR(msg[4], "");
	tz_workpool_stop(&p);
}

/* Stop with jobs queued and running: returns, queued jobs untouched. */
static void stop_early(void)
{
	struct tz_workpool p;
	struct wctx w[2];
	struct job jobs[8];
	int untouched = 0;
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 8; i++) {
		jobs[i].id = i;
		jobs[i].spin = 200000;
		jobs[i].done_by = -1;
	}
	CHECK(start(&p, w, 2, 8) == 0);
	for (int i = 0; i < 8; i++)
		tz_workpool_submit(&p, &jobs[i]);
	tz_workpool_stop(&p);
	for (int i = 0; i < 8; i++)
		untouched += jobs[i].done_by == -1;
	/* whatever ran finished (result right); the rest never started */
	for (int i = 0; i < 8; i++)
		if (jobs[i].done_by != -1)
			CHECK(jobs[i].result == expected(&jobs[i]));
	CHECK(w[0].jobs + w[1].jobs + untouched == 8);
	tz_workpool_stop(&p); /* twice is harmless */
}

/* One worker, held in job 0 until job 1 is done: only a caller that does
 * unstarted jobs while it waits can do job 1 (without that, job 0 would
 * wait for its bound). The caller's context shows who did what. */
static void caller_helps(void)
{
	struct tz_workpool p;
	struct wctx w[1], self = {99, &gate, 0};
	struct job jobs[5];
	int in_order = 1;
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < 5; i++) {
		jobs[i].id = i;
		jobs[i].spin = 1000;
		jobs[i].done_by = -1;
	}
	gate.use = 1;
	gate.second_done = gate.first_started = gate.timed_out = 0;
	CHECK(start(&p, w, 1, 5) == 0);
	tz_workpool_submit(&p, &jobs[0]);
	/* the worker is inside job 0 before job 1 exists */
	pthread_mutex_lock(&gate.mu);
	while (!gate.first_started)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	for (int i = 1; i < 5; i++)
		tz_workpool_submit(&p, &jobs[i]);
	for (int i = 0; i < 5; i++) {
		int rc = -1;
		struct tz_error err;
		struct job *j = tz_workpool_take(&p, &self, &rc, &err);
		if (j != &jobs[i] || rc || j->result != expected(j))
			in_order = 0;
	}
	CHECK(in_order);
	CHECK(!gate.timed_out);
	CHECK(jobs[0].done_by == 0);  /* the worker */
	CHECK(jobs[1].done_by == 99); /* the caller, while it waited for job 0 */
	CHECK(self.jobs >= 1);
	tz_workpool_stop(&p);
	gate.use = 0;
}

static void bad_config(void)
{
	struct tz_workpool p;
	struct tz_error err;
	void *ctx[1] = {NULL};
	tz_error_clear(&err);
	CHECK(tz_workpool_start(&p, 0, ctx, 4, work, &err) == -1);
	CHECK(err.code == TZ_ERR_USAGE);
	tz_workpool_stop(&p); /* nothing to stop */
}

int main(void)
{
	order();
	failure();
	stop_early();
	caller_helps();
	bad_config();
	return tap_done();
}
