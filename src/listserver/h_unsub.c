/*
 * h_unsub.c - /u/: the RFC 8058 one-click unsubscribe.
 *
 *   GET  /u/?e=ADDRESS&t=TOKEN or /u/TOKEN   a page with a button; changes nothing
 *   GET  /u/?e=...&t=...&p=1                 303 to the preferences page
 *   POST the same, body List-Unsubscribe=One-Click (urlencoded or multipart)
 *
 * A POST whose token checks out is limited only by the high signed
 * ceiling (it cost us one HMAC), so junk from the same address (a proxy,
 * a mail provider) cannot starve it; anything else takes the ordinary
 * per-client bucket.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "pages.h"
#include "../list/address.h"
#include "../list/token.h"
#include "../util/clock.h"
#include "../util/banned.h"

#define LS_ONE_CLICK_MAX 1024

/* The token of /u/TOKEN, else of ?t= */
static const char *token_of(const struct ls_request *rq)
{
	const char *t = rq->path + 3;
	return *t ? t : ls_form_get(&rq->query, "t");
}

static int path_ok(const struct ls_request *rq)
{
	return strchr(rq->path + 3, '/') == NULL;
}

void ls_h_unsub_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	char addr[TZ_ADDRESS_MAX] = "", masked[TZ_ADDRESS_MAX];
	const char *e = ls_form_get(&rq->query, "e"), *p = ls_form_get(&rq->query, "p");
	struct ls_var v[1];
	if (!path_ok(rq)) {
		ls_reply_what(rp, 404, "not found");
		return;
	}
	if (ls_token_address(s, e, token_of(rq), addr)) {
		ls_reply_what(rp, 403, "token does not check out");
		return;
	}
	ls_log_tag(s->secret, addr, rp->tag);
	if (p && strcmp(p, "1") == 0 && e) { /* the preferences link of older newsletters */
		char tok[TZ_TOKEN_SIZE];
		struct tz_buf loc;
		tz_token_make(s->secret, addr, tok);
		tz_buf_init(&loc, sizeof rp->location - 1);
		tz_buf_adds(&loc, "/p/?e=");
		for (const char *c = addr; *c; c++)
			if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
			    *c == '.' || *c == '-' || *c == '_')
				tz_buf_addc(&loc, *c);
			else
				tz_buf_addf(&loc, "%%%02X", (unsigned char)*c);
		tz_buf_addf(&loc, "&t=%s", tok);
		snprintf(rp->location, sizeof rp->location, "%s", loc.data);
		tz_buf_release(&loc);
		ls_reply_what(rp, 303, "to the preferences page");
		return;
	}
	tz_address_mask(addr, masked, sizeof masked);
	v[0].name = "masked";
	v[0].value = masked;
	ls_page(rp, 200, "confirmation page", ls_tpl_unsub_ask, v, 1);
}

/* RFC 8058 3.1: the body is List-Unsubscribe=One-Click, exactly. */
static int one_click(const struct ls_request *rq)
{
	struct ls_form f;
	const char *v;
	int ok;
	ls_form_init(&f);
	ok = ls_form_parse_body(&f, rq->content_type, rq->body.data, rq->body.len) == LS_FORM_OK &&
	     ls_form_count(&f, "List-Unsubscribe") == 1 &&
	     (v = ls_form_get(&f, "List-Unsubscribe")) && strcmp(v, "One-Click") == 0;
	ls_form_release(&f);
	return ok;
}

void ls_h_unsub_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	char addr[TZ_ADDRESS_MAX] = "";
	struct tz_folder f;
	int n, wait;
	if (rq->body.len > LS_ONE_CLICK_MAX) { /* RFC 8058 bodies are a few dozen bytes */
		if (!ls_limit_general(s, rq, rp))
			ls_reply_what(rp, 413, "one-click body over 1 KiB");
		return;
	}
	if (!path_ok(rq) || !one_click(rq) ||
	    ls_token_address(s, ls_form_get(&rq->query, "e"), token_of(rq), addr)) {
		/* not a valid one-click request: the ordinary bucket */
		if (ls_limit_general(s, rq, rp))
			return;
		if (!path_ok(rq))
			ls_reply_what(rp, 404, "not found");
		else if (!one_click(rq))
			ls_reply_what(rp, 400, "no List-Unsubscribe=One-Click body");
		else
			ls_reply_what(rp, 403, "token does not check out, nothing changed");
		return;
	}
	ls_log_tag(s->secret, addr, rp->tag);
	if ((wait = ls_limiter_take(&s->signed_, rq->bucket, tz_clock_seconds()))) {
		ls_reply_what(rp, 429, "signed one-click over the ceiling");
		rp->retry_after = wait;
		return;
	}
	if (ls_write_begin(s, &f, NULL, rp))
		return;
	n = tz_folder_set_status(&f, addr, TZ_ST_UNSUBSCRIBED, "unsubscribed", "one-click");
	if (n < 0) {
		ls_write_end(s, &f, 0, rp);
		ls_reply_what(rp, 503, "out of memory");
		rp->retry_after = 30;
		return;
	}
	if (ls_write_end(s, &f, 1, rp))
		return;
	ls_page_message(rp, 200, n ? "unsubscribed" : "was not subscribed (suppressed)",
			"U bent afgemeld. U ontvangt de TechZine-nieuwsbrief niet meer.",
			"You have been unsubscribed and will not receive the TechZine newsletter again.");
}
