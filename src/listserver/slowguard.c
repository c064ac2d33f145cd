/*
 * slowguard.c - request deadlines enforced by a reaper thread (see
 * slowguard.h).
 */
#include "slowguard.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "log.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/banned.h"

struct entry {
	int fd;       /* -1: free */
	double deadline; /* 0: none */
};

struct ls_slowguard {
	pthread_mutex_t mu;
	pthread_t reaper;
	struct entry *e;
	size_t n;
	double seconds;
	int stopping;
	unsigned long cut;
	struct ls_log *log;
};

static void *reap(void *arg)
{
	struct ls_slowguard *g = arg;
	for (;;) {
		struct timespec pause = {0, 200L * 1000 * 1000};
		double now;
		unsigned long cut = 0;
		nanosleep(&pause, NULL);
		pthread_mutex_lock(&g->mu);
		if (g->stopping) {
			pthread_mutex_unlock(&g->mu);
			return NULL;
		}
		now = tz_clock_seconds();
		for (size_t i = 0; i < g->n; i++)
			if (g->e[i].fd >= 0 && g->e[i].deadline > 0 && now > g->e[i].deadline) {
				shutdown(g->e[i].fd, SHUT_RDWR);
				g->e[i].deadline = 0;
				cut++;
			}
		g->cut += cut;
		pthread_mutex_unlock(&g->mu);
		if (cut)
			ls_log_msg(g->log, "cut %lu connection%s that did not send a whole request in %.0f s",
				   cut, cut == 1 ? "" : "s", g->seconds);
	}
}

struct ls_slowguard *ls_slowguard_new(size_t max_connections, double seconds, struct ls_log *log)
{
	struct ls_slowguard *g = tz_calloc(1, sizeof *g);
	if (!g)
		return NULL;
	/* libmicrohttpd may hold a few closing connections beyond its limit */
	g->n = max_connections + 64;
	g->e = tz_calloc(g->n, sizeof *g->e);
	if (!g->e) {
		free(g);
		return NULL;
	}
	for (size_t i = 0; i < g->n; i++)
		g->e[i].fd = -1;
	g->seconds = seconds;
	g->log = log;
	pthread_mutex_init(&g->mu, NULL);
	if (pthread_create(&g->reaper, NULL, reap, g)) {
		pthread_mutex_destroy(&g->mu);
		free(g->e);
		free(g);
		return NULL;
	}
	return g;
}

void ls_slowguard_free(struct ls_slowguard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->stopping = 1;
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->reaper, NULL);
	pthread_mutex_destroy(&g->mu);
	free(g->e);
	free(g);
}

void ls_slowguard_open(struct ls_slowguard *g, int fd, void **slot)
{
	pthread_mutex_lock(&g->mu);
	*slot = NULL;
	for (size_t i = 0; i < g->n; i++)
		if (g->e[i].fd < 0) {
			g->e[i].fd = fd;
			g->e[i].deadline = tz_clock_seconds() + g->seconds;
			*slot = &g->e[i];
			break;
		}
	pthread_mutex_unlock(&g->mu);
}

void ls_slowguard_close(struct ls_slowguard *g, void **slot)
{
	struct entry *e = *slot;
	if (!e)
		return;
	pthread_mutex_lock(&g->mu);
	e->fd = -1;
	e->deadline = 0;
	pthread_mutex_unlock(&g->mu);
	*slot = NULL;
}

void ls_slowguard_headers(struct ls_slowguard *g, void *slot, int body)
{
	struct entry *e = slot;
	if (!e)
		return;
	pthread_mutex_lock(&g->mu);
	e->deadline = body ? tz_clock_seconds() + g->seconds : 0;
	pthread_mutex_unlock(&g->mu);
}

void ls_slowguard_answered(struct ls_slowguard *g, void *slot)
{
	struct entry *e = slot;
	if (!e)
		return;
	pthread_mutex_lock(&g->mu);
	e->deadline = tz_clock_seconds() + g->seconds;
	pthread_mutex_unlock(&g->mu);
}
