/*
 * recipients.c - plug a subscriber list into the sender.
 *
 * TEMPORARY: src/list (subscriber.h: CSV loading, suppression, tokens) has
 * not landed yet, so this file reads the list's CSV columns email, name,
 * language, status with a minimal RFC 4180 reader and makes the token as
 * HMAC-SHA256(secret, address), base64url, 22 characters. When src/list
 * lands, tz_recipients_load and tz_recipients_token become thin wrappers
 * around it and this reader goes away.
 */
#include "recipients.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_LIST ((size_t)256 * 1024 * 1024)
#define DEMO_SECRET "techzine-demo-secret-not-for-production"

struct owned {
	char **strings;
	size_t n, cap;
};

static const char *secret(struct tz_error *err)
{
	const char *s = getenv("TECHZINE_TOKEN_SECRET");
	const char *demo = getenv("TECHZINE_DEMO");
	if (s && strlen(s) >= 16)
		return s;
	if (demo && strcmp(demo, "1") == 0)
		return DEMO_SECRET;
	tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
		     "TECHZINE_TOKEN_SECRET is not set (at least 16 characters; "
		     "TECHZINE_DEMO=1 uses the public demo secret)");
	return NULL;
}

int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err)
{
	static const char b64u[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *key = secret(err);
	struct hmac_sha256_ctx ctx;
	uint8_t mac[SHA256_DIGEST_SIZE];
	size_t k = 0;
	if (!key)
		return -1;
	if (n < 23)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "token buffer too small");
	hmac_sha256_set_key(&ctx, strlen(key), (const uint8_t *)key);
	hmac_sha256_update(&ctx, strlen(email), (const uint8_t *)email);
	hmac_sha256_digest(&ctx, sizeof mac, mac);
	/* 132 bits of the MAC, 6 bits per character */
	for (size_t bit = 0; k < 22; bit += 6) {
		unsigned v = ((unsigned)mac[bit / 8] << 8 | mac[bit / 8 + 1]) >> (10 - bit % 8);
		out[k++] = b64u[v & 63];
	}
	out[k] = 0;
	return 0;
}

/* One CSV field starting at *p (RFC 4180 quoting); NUL-terminated in place. */
static char *field(char **p, int *eol)
{
	char *s = *p, *w, *start;
	if (*s == '"') {
		start = w = ++s;
		for (;;) {
			if (!*s)
				break;
			if (*s == '"' && s[1] == '"') {
				*w++ = '"';
				s += 2;
			} else if (*s == '"') {
				s++;
				break;
			} else
				*w++ = *s++;
		}
	} else {
		start = w = s;
		while (*s && *s != ',' && *s != '\n' && *s != '\r')
			*w++ = *s++;
	}
	while (*s == '\r')
		s++;
	*eol = *s == '\n' || !*s;
	if (*s)
		s++;
	*w = 0;
	*p = s;
	return start;
}

int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err)
{
	struct tz_buf b;
	char *p, *cols[16];
	int ci_email = -1, ci_name = -1, ci_lang = -1, ci_status = -1, ncols = 0, eol = 0;
	size_t cap = 0, cap_emails = 0, line = 1;
	char tok[64];

	memset(r, 0, sizeof *r);
	if (!secret(err))
		return -1;
	tz_buf_init(&b, MAX_LIST);
	if (tz_read_file(path, MAX_LIST, &b, err))
		return -1;
	r->owner = tz_buf_detach(&b, NULL);
	p = r->owner;
	while (!eol && ncols < 16) {
		char *f = field(&p, &eol);
		if (strcmp(f, "email") == 0)
			ci_email = ncols;
		else if (strcmp(f, "name") == 0)
			ci_name = ncols;
		else if (strcmp(f, "language") == 0)
			ci_lang = ncols;
		else if (strcmp(f, "status") == 0)
			ci_status = ncols;
		ncols++;
	}
	if (ci_email < 0)
		return tz_error_set(err, TZ_ERR_CONTENT, path, 1, "list has no 'email' column");
	while (*p) {
		int n = 0;
		struct tz_recipient *rc;
		line++;
		eol = 0;
		while (!eol) {
			char *f = field(&p, &eol);
			if (n < 16)
				cols[n++] = f;
		}
		if (n <= ci_email || !cols[ci_email][0])
			continue;
		if (ci_status >= 0 && n > ci_status && strcmp(cols[ci_status], "active") != 0) {
			const char *st = cols[ci_status];
			if (strcmp(st, "unsubscribed") == 0)
				r->unsubscribed++;
			else if (strcmp(st, "bounced") == 0)
				r->bounced++;
			else if (strcmp(st, "suppressed") == 0)
				r->suppressed++;
			else
				r->other_inactive++;
			continue;
		}
		if (tz_array_grow((void **)&r->v, &cap, r->n + 1, sizeof *r->v) ||
		    tz_array_grow((void **)&r->emails, &cap_emails, r->n + 1, sizeof *r->emails))
			return tz_error_nomem(err);
		rc = &r->v[r->n];
		memset(rc, 0, sizeof *rc);
		rc->email = cols[ci_email];
		rc->name = ci_name >= 0 && n > ci_name ? cols[ci_name] : NULL;
		rc->lang = ci_lang >= 0 && n > ci_lang && cols[ci_lang][0] ? cols[ci_lang] : NULL;
		if (tz_recipients_token(rc->email, tok, sizeof tok, err))
			return -1;
		rc->token = tz_strdup(tok);
		if (!rc->token)
			return tz_error_nomem(err);
		r->emails[r->n] = (char *)rc->email;
		r->n++;
	}
	(void)line;
	return 0;
}

void tz_recipients_release(struct tz_recipients *r)
{
	for (size_t i = 0; i < r->n; i++)
		free((char *)r->v[i].token);
	free(r->v);
	free(r->emails);
	free(r->owner);
	memset(r, 0, sizeof *r);
}
