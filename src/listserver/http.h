/*
 * http.h - the list server on libmicrohttpd: start, serve, stop.
 *
 * Connections: a thread pool polls them; libmicrohttpd's connection
 * timeout (limits connection-timeout, default 10 s) closes a connection
 * that sends nothing for that long, and its per-IP limit (default 8)
 * caps what one address can hold, so slow-header clients (slowloris)
 * cannot keep the slots from everyone else. The per-connection memory is
 * large enough (LS_CONN_MEMORY) that an over-long URI or header block is
 * refused by us (414/431 with the usual headers) before libmicrohttpd's
 * own bare pages would be sent; see docs/list-server.md for the limits.
 */
#ifndef LS_HTTP_H
#define LS_HTTP_H

#include <signal.h>
#include <stdio.h>

#include "config.h"
#include "../util/error.h"

#define LS_URI_MAX 4096        /* longer request targets: 414 */
#define LS_HEADERS_MAX 8192    /* more header bytes: 431 */
#define LS_CONN_MEMORY (256 * 1024)

struct ls_run {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080" */
	const char *dir;
	const char *secret;
	const struct ls_config *cfg;
	FILE *log;
	int threads;
	volatile sig_atomic_t *stop;
};

int ls_http_run(const struct ls_run *r, struct tz_error *err);

#endif
