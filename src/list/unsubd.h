/*
 * unsubd.h - the RFC 8058 one-click unsubscribe endpoint on libmicrohttpd.
 *
 *   GET  /u/?e=ADDRESS&t=TOKEN   a small Dutch/English page with a button;
 *   GET  /u/TOKEN[?e=ADDRESS]    changes nothing, ever
 *   POST (the same URLs)         body "List-Unsubscribe=One-Click": the
 *                                address is unsubscribed at once, in every
 *                                list of the folder, and suppressed
 *
 * The one idea: the token is the authority. A POST changes something only
 * when the token is the HMAC of the address in the URL (or, without one,
 * of an address on a list); anything else is 403 and touches no file.
 * Every change goes through folder.h (the folder lock, atomic rewrite), so
 * the server and an officer's `techzine subscribers` never lose each
 * other's changes. Each client address has a token bucket (429 past it).
 * The log names people by the first 12 hex digits of their address hash.
 */
#ifndef TZ_UNSUBD_H
#define TZ_UNSUBD_H

#include <signal.h>
#include <stdio.h>

#include "../util/error.h"

struct tz_unsubd_config {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080" */
	const char *dir;    /* the subscribers folder */
	const char *secret;
	double per_minute;  /* requests per client and minute (also the burst) */
	FILE *log;
	volatile sig_atomic_t *stop;
};

/* Serve until *stop is set. */
int tz_unsubd_run(const struct tz_unsubd_config *c, struct tz_error *err);

#endif
