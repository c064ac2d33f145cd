/*
 * signahead.c - sign messages ahead on worker threads (see signahead.h).
 *
 * The ring of slots and the pool's ring have the same depth and are
 * filled in the same order, so the slot of submission number k is
 * slots[k % depth] and the pool hands it back k-th.
 */
#include "signahead.h"

#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/banned.h"

int tz_signahead_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		return 1;
	return n > 4 ? 4 : (int)n;
}

/* The worker's part: sign what the compose step built. */
static int sign_job(void *wctx, void *job, struct tz_error *err)
{
	struct tz_signahead_slot *s = job;
	if (s->built)
		return 0; /* skipped or failed: handed back as it is */
	return tz_dkim_sign(wctx, &s->m.data, 0, err);
}

static void reset_message(struct tz_smtp_message *m)
{
	tz_buf_reset(&m->data);
	m->from[0] = m->rcpt[0] = m->msgid[0] = 0;
}

/* Compose the next items into free slots and queue them for signing. */
static void refill(struct tz_signahead *sa)
{
	while (sa->next < sa->n && tz_workpool_pending(&sa->pool) < sa->depth) {
		struct tz_signahead_slot *s = &sa->slots[sa->free_slot % sa->depth];
		reset_message(&s->m);
		tz_error_clear(&s->err);
		s->item = sa->items[sa->next];
		s->built = sa->compose->build(sa->compose->ctx, s->item, &s->m, &s->err);
		if (tz_workpool_submit(&sa->pool, s))
			return; /* cannot happen: pending < depth */
		sa->free_slot++;
		sa->next++;
	}
}

/* Swap the slot's message into m (buffers are swapped, not copied). */
static void hand_over(struct tz_signahead_slot *s, struct tz_smtp_message *m)
{
	struct tz_buf t = m->data;
	m->data = s->m.data;
	s->m.data = t;
	memcpy(m->from, s->m.from, sizeof m->from);
	memcpy(m->rcpt, s->m.rcpt, sizeof m->rcpt);
	memcpy(m->msgid, s->m.msgid, sizeof m->msgid);
}

static int build(void *ctx, size_t item, struct tz_smtp_message *m, struct tz_error *err)
{
	struct tz_signahead *sa = ctx;
	size_t pending = tz_workpool_pending(&sa->pool);
	int rc;
	if (!pending) {
		refill(sa);
		pending = tz_workpool_pending(&sa->pool);
	}
	/* the head slot is the oldest one submitted and not taken */
	if (pending && sa->slots[(sa->free_slot - pending) % sa->depth].item == item) {
		struct tz_error werr;
		struct tz_signahead_slot *s = tz_workpool_take(&sa->pool, sa->dkim, &rc, &werr);
		if (!s)
			return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
					    "signing queue out of step");
		if (s->built) {
			rc = s->built;
			if (rc < 0)
				*err = s->err;
		} else if (rc)
			*err = werr;
		else
			hand_over(s, m);
		if (rc >= 0)
			refill(sa);
		return rc;
	}
	/* out of order (a retry): compose and sign it here */
	rc = sa->compose->build(sa->compose->ctx, item, m, err);
	if (rc)
		return rc;
	return tz_dkim_sign(sa->dkim, &m->data, 0, err);
}

static int result(void *ctx, size_t item, const struct tz_smtp_message *m,
		  const struct tz_smtp_result *r, struct tz_error *err)
{
	struct tz_signahead *sa = ctx;
	return sa->compose->result(sa->compose->ctx, item, m, r, err);
}

static void tick(void *ctx, const struct tz_smtp_stats *st, int final)
{
	struct tz_signahead *sa = ctx;
	if (sa->compose->tick)
		sa->compose->tick(sa->compose->ctx, st, final);
}

int tz_signahead_start(struct tz_signahead *sa, const struct tz_smtp_source *compose,
		       struct tz_dkim *dkim, const size_t *items, size_t n, int threads,
		       size_t depth, size_t max_message, struct tz_error *err)
{
	void *wctx[TZ_SIGNAHEAD_MAX_THREADS];
	memset(sa, 0, sizeof *sa);
	if (threads < 1 || threads > TZ_SIGNAHEAD_MAX_THREADS)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "signing threads: 1 to %d, not %d",
				    TZ_SIGNAHEAD_MAX_THREADS, threads);
	sa->compose = compose;
	sa->dkim = dkim;
	sa->items = items;
	sa->n = n;
	sa->depth = depth ? depth : (size_t)threads * 2;
	sa->slots = tz_calloc(sa->depth, sizeof *sa->slots);
	if (!sa->slots)
		return tz_error_nomem(err);
	for (size_t i = 0; i < sa->depth; i++) {
		tz_buf_init(&sa->slots[i].m.data, max_message);
		sa->slots[i].sa = sa;
	}
	for (int i = 0; i < threads; i++) {
		tz_dkim_init(&sa->worker_dkim[i]);
		sa->nthreads++;
		if (tz_dkim_copy(&sa->worker_dkim[i], dkim, err))
			goto fail;
		wctx[i] = &sa->worker_dkim[i];
	}
	if (tz_workpool_start(&sa->pool, threads, wctx, sa->depth, sign_job, err))
		goto fail;
	sa->running = 1;
	sa->source.ctx = sa;
	sa->source.build = build;
	sa->source.result = result;
	sa->source.tick = tick;
	return 0;
fail:
	tz_signahead_release(sa);
	return -1;
}

void tz_signahead_release(struct tz_signahead *sa)
{
	if (sa->running)
		tz_workpool_stop(&sa->pool);
	sa->running = 0;
	for (int i = 0; i < sa->nthreads; i++)
		tz_dkim_release(&sa->worker_dkim[i]);
	sa->nthreads = 0;
	if (sa->slots)
		for (size_t i = 0; i < sa->depth; i++)
			tz_buf_release(&sa->slots[i].m.data);
	free(sa->slots);
	sa->slots = NULL;
}
