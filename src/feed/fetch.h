/*
 * fetch.h - download a batch of URLs in parallel with libcurl's multi
 * interface, safely: http/https only (also after redirects), few redirects,
 * connect and total timeouts, and a byte limit enforced while the body
 * arrives (the write callback stops the transfer the moment it is passed).
 *
 * Conditional GET: a request may carry the ETag and Last-Modified of the
 * copy we already have; a 304 answer is reported as not_modified and costs
 * no body. The validators of a 200 answer are returned for the cache.
 */
#ifndef TZ_FEED_FETCH_H
#define TZ_FEED_FETCH_H

#include <stddef.h>

#include "../util/buf.h"

struct tz_fetch {
	/* in (borrowed) */
	const char *url;
	const char *etag;          /* may be NULL */
	const char *last_modified; /* may be NULL */
	size_t max_bytes;
	/* out (owned; tz_fetch_release frees) */
	int ok;           /* 2xx with a complete body, or 304 */
	int not_modified; /* 304 */
	long status;      /* HTTP status, 0 when no answer */
	struct tz_buf body;
	char *new_etag, *new_last_modified; /* validators of the answer */
	char *effective_url; /* after redirects */
	char why[256];       /* when !ok: short reason, lower case */
};

struct tz_fetch_options {
	long connect_timeout_ms;
	long timeout_ms;
	long max_redirects;
	long parallel; /* transfers at once */
};

void tz_fetch_options_default(struct tz_fetch_options *o);
/* Prepare one request; no allocation. */
void tz_fetch_init(struct tz_fetch *f, const char *url, size_t max_bytes);
void tz_fetch_release(struct tz_fetch *f);

/* Run all n requests to completion. Returns 0, or -1 when libcurl itself
 * could not be set up (then every request says why). Per-request failures
 * are in f[i].ok / f[i].why. */
int tz_fetch_all(struct tz_fetch *f, size_t n, const struct tz_fetch_options *o);

/* Is a header value safe to send back (no control characters)? */
int tz_fetch_header_value_ok(const char *v);

#endif
