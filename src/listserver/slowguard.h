/*
 * slowguard.h - a deadline for every request, against slowloris and slow
 * bodies.
 *
 * libmicrohttpd's connection timeout is an idle timeout: a client that
 * sends one header byte every few seconds keeps its connection (and a
 * slot) forever. The guard gives each connection a deadline: a whole
 * request (headers and body) must arrive within LS_REQUEST_SECONDS of the
 * connection opening or of the previous answer; past it a reaper thread
 * shuts the socket down, libmicrohttpd sees the connection fail and frees
 * the slot. With the per-IP limit this bounds what slow clients can hold:
 * per address, per-ip-connections slots for at most the deadline.
 *
 * Connections are tracked through libmicrohttpd's connection notifications
 * (started/closed) in a fixed table under a mutex; the reaper shuts a
 * socket down only while its entry is there, and libmicrohttpd removes it
 * (closed) before it closes the descriptor, so the reaper never touches a
 * descriptor that was closed or reused.
 */
#ifndef LS_SLOWGUARD_H
#define LS_SLOWGUARD_H

#include <stddef.h>

struct ls_slowguard;
struct ls_log;

struct ls_slowguard *ls_slowguard_new(size_t max_connections, double seconds, struct ls_log *log);
void ls_slowguard_free(struct ls_slowguard *g);

/* A connection opened (its socket) or closed; slot is the connection's
 * socket context, kept by libmicrohttpd for us. */
void ls_slowguard_open(struct ls_slowguard *g, int fd, void **slot);
void ls_slowguard_close(struct ls_slowguard *g, void **slot);
/* Its request's headers are in: no deadline while the handler works, and
 * a fresh one for the body (body 1) or none (body 0). */
void ls_slowguard_headers(struct ls_slowguard *g, void *slot, int body);
/* Its answer is queued: the next request has a fresh deadline. */
void ls_slowguard_answered(struct ls_slowguard *g, void *slot);

#endif
