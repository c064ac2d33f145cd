/*
 * common.h - what several handlers need: the folder opened for a change
 * with a bounded wait, the time, a query or form value.
 */
#ifndef LS_COMMON_H
#define LS_COMMON_H

#include <time.h>

#include "server.h"
#include "../list/folder.h"

/* Lock the folder for a change, waiting at most the configured
 * write-wait (first for this process's other writers, then for the
 * folder lock, which another process may hold). -1: rp is a 503 with
 * Retry-After and f needs no release. only: one list path, or NULL. */
int ls_write_begin(struct ls_server *s, struct tz_folder *f, const char *only,
		   struct ls_reply *rp);
/* Commit (when commit) and unlock; -1 with rp a 503 when writing failed. */
int ls_write_end(struct ls_server *s, struct tz_folder *f, int commit, struct ls_reply *rp);

/* Seconds since the epoch (TECHZINE_NOW overrides, for tests of expiry). */
long long ls_now(void);
/* "YYYY-MM-DD" (UTC) of t. */
void ls_date_of(long long t, char out[11]);
/* "YYYY-MM-DDTHH:MM:SSZ" of t. */
void ls_time_of(long long t, char out[21]);

/* The address of a request after a valid token (query e/t or /u/TOKEN,
 * or a form's e/t); 0 and addr filled, -1 when the token fails. */
int ls_token_address(struct ls_server *s, const char *e, const char *t, char *addr);

/* s is a whole decimal number of at most 12 digits */
int ls_parse_time(const char *s, long long *out);

#endif
