/*
 * recipients.c - plug a subscriber list into the sender (recipients.h).
 *
 * The list, the suppression file and the tokens all come from src/list;
 * this file only decides who is in this send: status active, no entry in
 * suppressed.csv (whatever the list says), inside the segment.
 */
#include "recipients.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../list/list.h"
#include "../list/segment.h"
#include "../list/store.h"
#include "../list/suppress.h"
#include "../list/token.h"
#include "../util/alloc.h"
#include "../util/banned.h"

struct owner {
	struct tz_list list;
	char (*tokens)[TZ_TOKEN_SIZE];
};

int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err)
{
	const char *key = tz_token_secret(err);
	if (!key)
		return -1;
	if (n < TZ_TOKEN_SIZE)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "token buffer too small");
	tz_token_make(key, email, out);
	return 0;
}

static int refuse_list(const char *path, struct tz_diags *d, struct tz_error *err)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].sev == TZ_SEV_ERROR)
			return tz_error_set(err, TZ_ERR_CONTENT, path, d->items[i].line,
					    "%s (%zu errors in the list; 'techzine subscribers "
					    "validate %s' shows them all; nothing was sent)",
					    d->items[i].msg, d->errors, path);
	return tz_error_set(err, TZ_ERR_CONTENT, path, 0, "the list has %zu errors", d->errors);
}

int tz_recipients_load_where(const char *path, char *const *where, size_t nwhere,
			     const char *default_lang, struct tz_recipients *r,
			     struct tz_error *err)
{
	struct tz_suppression supp;
	struct tz_segment seg;
	struct tz_diags d;
	struct owner *o;
	const char *secret;
	char *spath = NULL;
	size_t cap = 0;
	int rc = -1;

	memset(r, 0, sizeof *r);
	memset(&supp, 0, sizeof supp);
	tz_segment_init(&seg);
	tz_diags_init(&d);
	if (!(secret = tz_token_secret(err)))
		return -1;
	o = tz_calloc(1, sizeof *o);
	if (!o)
		return tz_error_nomem(err);
	r->owner = o;
	if (tz_store_load_list(path, &o->list, &d, err))
		goto out;
	if (d.errors) {
		refuse_list(path, &d, err);
		goto out;
	}
	spath = tz_store_suppression_path(path);
	if (!spath) {
		tz_error_nomem(err);
		goto out;
	}
	if (tz_suppression_load(&supp, spath, err))
		goto out;
	for (size_t i = 0; i < nwhere; i++)
		if (tz_segment_add(&seg, where[i], err))
			goto out;
	seg.default_lang = default_lang;
	if (tz_segment_bind(&seg, &o->list, err))
		goto out;
	o->tokens = tz_calloc(o->list.n ? o->list.n : 1, sizeof *o->tokens);
	if (!o->tokens) {
		tz_error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < o->list.n; i++) {
		const struct tz_sub *s = &o->list.rows[i];
		const char *email = tz_sub_get(&o->list, s, TZ_F_EMAIL);
		const char *lang = tz_sub_get(&o->list, s, TZ_F_LANGUAGE);
		const char *name = tz_sub_get(&o->list, s, TZ_F_NAME);
		struct tz_recipient *rc_;
		switch (tz_sub_status(&o->list, s)) {
		case TZ_ST_ACTIVE:
			break;
		case TZ_ST_UNSUBSCRIBED:
			r->unsubscribed++;
			continue;
		case TZ_ST_BOUNCED:
			r->bounced++;
			continue;
		default:
			r->other_inactive++;
			continue;
		}
		if (tz_suppression_find(&supp, email)) {
			r->suppressed++;
			continue;
		}
		if (!tz_segment_match(&seg, &o->list, s)) {
			r->not_in_segment++;
			continue;
		}
		if (tz_array_grow((void **)&r->v, &cap, r->n + 1, sizeof *r->v)) {
			tz_error_nomem(err);
			goto out;
		}
		rc_ = &r->v[r->n];
		memset(rc_, 0, sizeof *rc_);
		tz_token_make(secret, email, o->tokens[i]);
		rc_->email = email;
		rc_->name = *name ? name : NULL;
		rc_->lang = *lang ? lang : NULL;
		rc_->token = o->tokens[i];
		r->n++;
	}
	r->emails = tz_calloc(r->n ? r->n : 1, sizeof *r->emails);
	if (!r->emails) {
		tz_error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < r->n; i++)
		r->emails[i] = (char *)r->v[i].email;
	rc = 0;
out:
	free(spath);
	tz_suppression_release(&supp);
	tz_segment_release(&seg);
	tz_diags_release(&d);
	return rc;
}

int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err)
{
	return tz_recipients_load_where(path, NULL, 0, NULL, r, err);
}

void tz_recipients_release(struct tz_recipients *r)
{
	struct owner *o = r->owner;
	if (o) {
		tz_list_release(&o->list);
		free(o->tokens);
		free(o);
	}
	free(r->v);
	free(r->emails);
	memset(r, 0, sizeof *r);
}
