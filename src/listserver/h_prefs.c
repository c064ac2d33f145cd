/*
 * h_prefs.c - /p/: the preferences page every newsletter links to.
 *
 *   GET  /p/?e=ADDRESS&t=TOKEN   the reader's choices, the address masked
 *   POST /p/                     e, t, csrf, action=save|unsubscribe, fields
 *
 * The unsubscribe token proves the address; the CSRF token (signed
 * address and expiry, 2 hours) proves the POST comes from the page we
 * served, and a cross-site Sec-Fetch-Site or a foreign Origin is refused
 * before anything is read.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "fields.h"
#include "pages.h"
#include "../list/address.h"
#include "../util/banned.h"

#define CSRF_SECONDS (2LL * 3600)

static void csrf_make(struct ls_server *s, const char *addr, long long expiry, char *out,
		      size_t n)
{
	char key[TZ_ADDRESS_MAX], x[24], sig[LS_SIG_SIZE];
	const char *f[2] = {key, x};
	tz_address_key(addr, key);
	snprintf(x, sizeof x, "%lld", expiry);
	ls_sign(s->secret, "csrf", f, 2, sig);
	snprintf(out, n, "%s.%s", x, sig);
}

static int csrf_ok(struct ls_server *s, const char *addr, const char *v)
{
	char key[TZ_ADDRESS_MAX], x[24];
	const char *dot = v ? strchr(v, '.') : NULL, *f[2] = {key, x};
	long long expiry;
	if (!dot || (size_t)(dot - v) >= sizeof x)
		return 0;
	memcpy(x, v, (size_t)(dot - v));
	x[dot - v] = 0;
	if (ls_parse_time(x, &expiry) || expiry < ls_now())
		return 0;
	tz_address_key(addr, key);
	return ls_sign_check(s->secret, "csrf", f, 2, dot + 1);
}

static void show(struct ls_server *s, struct ls_reply *rp, unsigned code, const char *what,
		 const char *addr, const char *token, const struct ls_fields *cur,
		 const char *notice_nl, const char *notice_en)
{
	char masked[TZ_ADDRESS_MAX], csrf[64];
	struct tz_buf langs, muns, ints, notice;
	struct ls_var nv[] = {{"nl", notice_nl}, {"en", notice_en}};
	tz_buf_init(&langs, 32768);
	tz_buf_init(&muns, 32768);
	tz_buf_init(&ints, 32768);
	tz_buf_init(&notice, 4096);
	tz_address_mask(addr, masked, sizeof masked);
	csrf_make(s, addr, ls_now() + CSRF_SECONDS, csrf, sizeof csrf);
	if (notice_nl)
		ls_tpl_render(&notice, ls_tpl_message, nv, 2);
	if (ls_options(&langs, &s->cfg->languages, cur->language) ||
	    ls_options(&muns, &s->cfg->municipalities, cur->municipality) ||
	    ls_checkboxes(&ints, &s->cfg->interests, cur->interests)) {
		ls_reply_what(rp, 500, "page too large");
	} else {
		struct ls_var v[] = {{"masked", masked},       {"e", addr},
				     {"t", token},             {"csrf", csrf},
				     {"name", cur->name},      {"languages", langs.data},
				     {"municipalities", muns.data}, {"interests", ints.data},
				     {"notice", notice.data}};
		ls_page(rp, code, what, ls_tpl_prefs, v, sizeof v / sizeof v[0]);
	}
	tz_buf_release(&langs);
	tz_buf_release(&muns);
	tz_buf_release(&ints);
	tz_buf_release(&notice);
}

/* The reader's current choices from the index; -1 when not subscribed. */
static int current(struct ls_server *s, const char *addr, struct ls_fields *cur,
		   struct ls_reply *rp)
{
	struct tz_error err;
	const struct ls_index *x;
	const struct tz_sub *row;
	size_t li;
	int rc = -1;
	memset(cur, 0, sizeof *cur);
	tz_error_clear(&err);
	x = ls_index_get(&s->index, &err);
	if (!x) {
		ls_reply_what(rp, 503, "subscribers folder unreadable");
		rp->retry_after = 30;
		return -2;
	}
	row = ls_index_find(x, addr, &li);
	if (row && tz_sub_status(&x->lists[li], row) == TZ_ST_ACTIVE) {
		const struct tz_list *l = &x->lists[li];
		snprintf(cur->name, sizeof cur->name, "%s", tz_sub_get(l, row, TZ_F_NAME));
		snprintf(cur->language, sizeof cur->language, "%s", tz_sub_get(l, row, TZ_F_LANGUAGE));
		snprintf(cur->municipality, sizeof cur->municipality, "%s",
			 tz_sub_get(l, row, TZ_F_MUNICIPALITY));
		snprintf(cur->interests, sizeof cur->interests, "%s",
			 tz_sub_get(l, row, TZ_F_INTERESTS));
		rc = 0;
	}
	ls_index_put(&s->index);
	return rc;
}

static void not_subscribed(struct ls_reply *rp)
{
	ls_page_message(rp, 200, "preferences of someone not subscribed",
			"Dit adres staat niet (meer) op de lijst van de TechZine-nieuwsbrief.",
			"This address is not (or no longer) on the TechZine newsletter list.");
}

void ls_h_prefs_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	char addr[TZ_ADDRESS_MAX];
	const char *t = ls_form_get(&rq->query, "t"), *e = ls_form_get(&rq->query, "e");
	struct ls_fields cur;
	int rc;
	if (!e || ls_token_address(s, e, t, addr)) {
		ls_reply_what(rp, 403, "token does not check out");
		return;
	}
	ls_log_tag(s->secret, addr, rp->tag);
	rc = current(s, addr, &cur, rp);
	if (rc == -2)
		return;
	if (rc)
		not_subscribed(rp);
	else
		show(s, rp, 200, "preferences page", addr, t, &cur, NULL, NULL);
}

static int same_origin(struct ls_server *s, const struct ls_request *rq)
{
	size_t n = strlen(s->cfg->public_url);
	if (rq->sec_fetch_site && strcmp(rq->sec_fetch_site, "same-origin") != 0 &&
	    strcmp(rq->sec_fetch_site, "none") != 0)
		return 0;
	if (rq->origin && n && strcmp(rq->origin, "null") != 0) {
		/* public-url may carry a path: compare scheme://host[:port] */
		const char *slash = strchr(s->cfg->public_url + 8, '/');
		size_t on = slash ? (size_t)(slash - s->cfg->public_url) : n;
		return strlen(rq->origin) == on && strncmp(rq->origin, s->cfg->public_url, on) == 0;
	}
	return 1;
}

static int apply(struct tz_folder *f, const char *addr, const struct ls_fields *nf,
		 const struct ls_config *c)
{
	char today[11];
	int n = 0;
	tz_today(today);
	for (size_t i = 0; i < f->nlists; i++) {
		struct tz_list *l = &f->lists[i];
		struct tz_sub *row = tz_list_find(l, addr);
		if (!row || tz_sub_status(l, row) != TZ_ST_ACTIVE)
			continue;
		if (tz_sub_set(l, row, TZ_F_NAME, nf->name) ||
		    (c->languages.n && tz_sub_set(l, row, TZ_F_LANGUAGE, nf->language)) ||
		    (c->municipalities.n && tz_sub_set(l, row, TZ_F_MUNICIPALITY, nf->municipality)) ||
		    (c->interests.n && tz_sub_set(l, row, TZ_F_INTERESTS, nf->interests)) ||
		    tz_sub_set(l, row, TZ_F_LAST_CHANGE, today))
			return -1;
		tz_folder_mark(f, i);
		n++;
	}
	return n;
}

void ls_h_prefs_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	struct ls_form form;
	struct ls_fields nf;
	struct tz_folder f;
	char addr[TZ_ADDRESS_MAX];
	const char *action, *why, *t;
	int n;
	ls_form_init(&form);
	if (!same_origin(s, rq)) {
		ls_reply_what(rp, 403, "cross-site preferences POST");
		goto out;
	}
	if (ls_form_parse_body(&form, rq->content_type, rq->body.data, rq->body.len)) {
		ls_reply_what(rp, 400, "malformed form");
		goto out;
	}
	t = ls_form_get(&form, "t");
	if (!ls_form_get(&form, "e") || ls_token_address(s, ls_form_get(&form, "e"), t, addr)) {
		ls_reply_what(rp, 403, "token does not check out");
		goto out;
	}
	ls_log_tag(s->secret, addr, rp->tag);
	if (!csrf_ok(s, addr, ls_form_get(&form, "csrf"))) {
		ls_reply_what(rp, 403, "CSRF token missing, forged or expired");
		goto out;
	}
	action = ls_form_get(&form, "action");
	if (action && strcmp(action, "unsubscribe") == 0) {
		if (ls_write_begin(s, &f, NULL, rp))
			goto out;
		n = tz_folder_set_status(&f, addr, TZ_ST_UNSUBSCRIBED, "unsubscribed", "preferences");
		if (n < 0) {
			ls_write_end(s, &f, 0, rp);
			ls_reply_what(rp, 503, "out of memory");
			goto out;
		}
		if (ls_write_end(s, &f, 1, rp) == 0)
			ls_page_message(rp, 200, "unsubscribed from the preferences page",
					"U bent afgemeld. U ontvangt de TechZine-nieuwsbrief niet meer.",
					"You have been unsubscribed and will not receive the TechZine "
					"newsletter again.");
		goto out;
	}
	if (!action || strcmp(action, "save") != 0 || ls_fields_read(s->cfg, &form, &nf, &why)) {
		ls_reply_what(rp, 400, "preferences not acceptable");
		goto out;
	}
	if (ls_write_begin(s, &f, NULL, rp))
		goto out;
	n = apply(&f, addr, &nf, s->cfg);
	if (n < 0) {
		ls_write_end(s, &f, 0, rp);
		ls_reply_what(rp, 503, "out of memory");
		goto out;
	}
	if (ls_write_end(s, &f, n > 0, rp))
		goto out;
	if (n == 0)
		not_subscribed(rp);
	else
		show(s, rp, 200, "preferences saved", addr, t, &nf, "Uw voorkeuren zijn opgeslagen.",
		     "Your preferences have been saved.");
out:
	ls_form_release(&form);
}
