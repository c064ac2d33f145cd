/*
 * server.h - the list server's inside: one request, one reply, the shared
 * state, and the route table that maps them to handlers.
 *
 * The one idea: a handler never talks to libmicrohttpd. It reads a
 * struct ls_request (method, path, parsed query and body, the client as
 * resolved through trusted proxies) and fills a struct ls_reply (status,
 * page, redirect, Retry-After, what to log). http.c turns every reply,
 * error pages included, into a response in one function that sets the
 * security headers, and logs it in one function that escapes and samples.
 */
#ifndef LS_SERVER_H
#define LS_SERVER_H

#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "config.h"
#include "form.h"
#include "index.h"
#include "limit.h"
#include "sign.h"
#include "../util/buf.h"

struct ls_mailer;
struct ls_clicks;
struct ls_slowguard;

struct ls_server {
	const struct ls_config *cfg;
	const char *dir;    /* the subscribers folder */
	const char *secret; /* TECHZINE_TOKEN_SECRET */
	struct ls_index_holder index;
	struct ls_limiter general;   /* every request, per client */
	struct ls_limiter signed_;   /* one-click POSTs whose token checks out */
	struct ls_limiter signups;   /* POST /subscribe per client */
	struct ls_limiter per_address; /* confirmation mails per address */
	struct ls_limiter mail_all;    /* confirmation mails in all */
	pthread_mutex_t write_mu;      /* one change at a time in this process */
	struct ls_mailer *mailer;
	struct ls_clicks *clicks;
	struct ls_log *log;
	struct ls_slowguard *guard; /* request deadlines (slowloris) */
	volatile sig_atomic_t *stop;
};

struct ls_request {
	const char *method; /* "GET" (also for HEAD), "POST", ... */
	const char *path;   /* decoded by libmicrohttpd, without the query */
	char *uri;          /* as sent (from the URI log callback), malloc'd */
	struct ls_form query;
	int query_bad;
	struct tz_buf body;
	int body_too_large;
	const char *content_type;
	const char *origin, *sec_fetch_site;
	char client[64];   /* the reader's address (through trusted proxies) */
	char bucket[64];   /* rate-limit key: the address, an IPv6 /64 */
	double started;    /* tz_clock_seconds() when the headers were in */
	const char *route; /* the matched route's pattern: what the log shows
			      (a path may carry a token) */
};

struct ls_reply {
	unsigned code;
	struct tz_buf body;     /* HTML */
	char location[2048];    /* for 302/303 */
	int retry_after;        /* seconds, 0 none */
	int embeddable;         /* the sign-up form may be framed by listed sites */
	const char *allow;      /* for 405 */
	char what[96];          /* for the log: what happened (no personal data) */
	char tag[LS_TAG_SIZE];  /* keyed tag of the person concerned, "" none */
};

typedef void (*ls_handler)(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);

enum {
	LS_ROUTE_PREFIX = 1,  /* path starts with the pattern (else equals it) */
	LS_ROUTE_OWN_LIMIT = 2, /* the handler applies its own rate limit */
	LS_ROUTE_SIGNUP = 4     /* only with a <signup> configuration */
};

struct ls_route {
	const char *method, *pattern;
	unsigned flags;
	ls_handler fn;
};

extern const struct ls_route ls_routes[];

/* Find the route and run it (rate limit, 404, 405 included). */
void ls_dispatch(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);

/* The general per-client limit; 0 when allowed, else 429 filled in. */
int ls_limit_general(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);

/* The change of a reply: set code and the "what" of the log. */
void ls_reply_what(struct ls_reply *rp, unsigned code, const char *what);

/* Handlers (one file each). */
void ls_h_unsub_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_unsub_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_prefs_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_prefs_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_form_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_subscribe_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_confirm_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_confirm_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);
void ls_h_click(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp);

#endif
