/*
 * h_click.c - /r/<issue>/<link>?s=<signature>: count and redirect.
 *
 * The link is the target URL in base64url, the signature binds it to the
 * issue (sign.h, purpose "click"), so only links the newsletter carries
 * redirect anywhere (no open redirect) and nothing in the URL says who
 * clicked. Only http(s) targets without control characters are followed.
 */
#include <stdio.h>
#include <string.h>

#include "clicks.h"
#include "common.h"
#include "../util/clock.h"
#include "../util/banned.h"

void ls_h_click(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	char issue[48], url[LS_CLICK_URL_MAX + 1], day[11];
	const char *p = rq->path + 3, *slash = strchr(p, '/'), *sig = ls_form_get(&rq->query, "s");
	const char *f[2] = {issue, url};
	int wait;
	if (!s->clicks || !slash || (size_t)(slash - p) >= sizeof issue) {
		if (!ls_limit_general(s, rq, rp))
			ls_reply_what(rp, 404, "not found");
		return;
	}
	memcpy(issue, p, (size_t)(slash - p));
	issue[slash - p] = 0;
	if (!ls_click_issue_ok(issue) || ls_click_decode(slash + 1, url, sizeof url) ||
	    (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) ||
	    !ls_text_ok(url, LS_CLICK_URL_MAX) || strchr(url, ' ') ||
	    !ls_sign_check(s->secret, "click", f, 2, sig)) {
		if (!ls_limit_general(s, rq, rp))
			ls_reply_what(rp, 403, "click link does not check out");
		return;
	}
	if ((wait = ls_limiter_take(&s->signed_, rq->bucket, tz_clock_seconds()))) {
		ls_reply_what(rp, 429, "clicks over the ceiling");
		rp->retry_after = wait;
		return;
	}
	ls_date_of(ls_now(), day);
	if (ls_clicks_add(s->clicks, issue, url, day))
		ls_reply_what(rp, 302, "click not counted (write failed)");
	else
		ls_reply_what(rp, 302, "click");
	snprintf(rp->location, sizeof rp->location, "%s", url);
}
