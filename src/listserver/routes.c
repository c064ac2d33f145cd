/*
 * routes.c - the route table and the dispatcher (see server.h). Adding a
 * page is one line here and one handler file.
 */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "server.h"
#include "../util/clock.h"
#include "../util/banned.h"

const struct ls_route ls_routes[] = {
	{"GET", "/u/", LS_ROUTE_PREFIX, ls_h_unsub_get},
	{"POST", "/u/", LS_ROUTE_PREFIX | LS_ROUTE_OWN_LIMIT, ls_h_unsub_post},
	{"GET", "/p/", 0, ls_h_prefs_get},
	{"POST", "/p/", 0, ls_h_prefs_post},
	{"GET", "/subscribe", LS_ROUTE_SIGNUP, ls_h_form_get},
	{"POST", "/subscribe", LS_ROUTE_SIGNUP | LS_ROUTE_OWN_LIMIT, ls_h_subscribe_post},
	{"GET", "/confirm", LS_ROUTE_SIGNUP, ls_h_confirm_get},
	{"POST", "/confirm", LS_ROUTE_SIGNUP, ls_h_confirm_post},
	{"GET", "/r/", LS_ROUTE_PREFIX | LS_ROUTE_OWN_LIMIT, ls_h_click},
	{NULL, NULL, 0, NULL},
};

void ls_reply_what(struct ls_reply *rp, unsigned code, const char *what)
{
	rp->code = code;
	snprintf(rp->what, sizeof rp->what, "%s", what);
}

int ls_limit_general(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	int wait = ls_limiter_take(&s->general, rq->bucket, tz_clock_seconds());
	if (!wait)
		return 0;
	ls_reply_what(rp, 429, "rate limited");
	rp->retry_after = wait;
	return -1;
}

static int matches(const struct ls_route *r, const char *path)
{
	size_t n = strlen(r->pattern);
	if (r->flags & LS_ROUTE_PREFIX)
		return strncmp(path, r->pattern, n) == 0;
	return strcmp(path, r->pattern) == 0;
}

void ls_dispatch(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	const struct ls_route *hit = NULL;
	int path_known = 0;
	for (const struct ls_route *r = ls_routes; r->method; r++) {
		if (!matches(r, rq->path))
			continue;
		if ((r->flags & LS_ROUTE_SIGNUP) && !s->cfg->signup)
			continue;
		path_known = 1;
		rq->route = r->pattern;
		if (strcmp(r->method, rq->method) == 0) {
			hit = r;
			break;
		}
	}
	if (!hit || !(hit->flags & LS_ROUTE_OWN_LIMIT)) {
		if (ls_limit_general(s, rq, rp))
			return;
	}
	if (!hit) {
		if (path_known) {
			ls_reply_what(rp, 405, "method not allowed");
			rp->allow = "GET, HEAD, POST";
		} else
			ls_reply_what(rp, 404, "not found");
		return;
	}
	if (rq->query_bad) {
		ls_reply_what(rp, 400, "malformed query string");
		return;
	}
	hit->fn(s, rq, rp);
}
