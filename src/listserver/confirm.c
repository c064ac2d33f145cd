/*
 * confirm.c - signed confirmation links (see confirm.h).
 */
#include "confirm.h"

#include <stdio.h>
#include <string.h>

#include "common.h"
#include "sign.h"
#include "../util/banned.h"

int ls_urlencode(struct tz_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int rc;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			rc = tz_buf_addc(out, (char)c);
		else
			rc = tz_buf_addf(out, "%%%02X", c);
		if (rc)
			return -1;
	}
	return 0;
}

static void sign_signup(const char *secret, const struct ls_signup *su, const char *ts,
			const char *x, char sig[LS_SIG_SIZE])
{
	char key[TZ_ADDRESS_MAX];
	const char *f[9];
	tz_address_key(su->address, key);
	f[0] = key;
	f[1] = su->fields.name;
	f[2] = su->fields.language;
	f[3] = su->fields.municipality;
	f[4] = su->fields.interests;
	f[5] = su->source;
	f[6] = su->version;
	f[7] = ts;
	f[8] = x;
	ls_sign(secret, "confirm", f, 9, sig);
}

int ls_confirm_query(const char *secret, const struct ls_signup *su, struct tz_buf *out)
{
	char ts[24], x[24], sig[LS_SIG_SIZE];
	const struct {
		const char *k, *v;
	} kv[] = {{"e", su->address},
		  {"n", su->fields.name},
		  {"l", su->fields.language},
		  {"m", su->fields.municipality},
		  {"i", su->fields.interests},
		  {"src", su->source},
		  {"v", su->version},
		  {"ts", ts},
		  {"x", x},
		  {"s", sig}};
	snprintf(ts, sizeof ts, "%lld", su->ts);
	snprintf(x, sizeof x, "%lld", su->expiry);
	sign_signup(secret, su, ts, x, sig);
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		if (tz_buf_addf(out, "%s%s=", i ? "&" : "", kv[i].k) || ls_urlencode(out, kv[i].v))
			return -1;
	return 0;
}

static int copy(char *dst, size_t n, const char *src)
{
	if (!src || strlen(src) >= n || !ls_text_ok(src, n - 1))
		return -1;
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

enum ls_confirm_check ls_confirm_read(const char *secret, const struct ls_form *q, long long now,
				      struct ls_signup *su)
{
	const char *e = ls_form_get(q, "e"), *why, *ts = ls_form_get(q, "ts"),
		   *x = ls_form_get(q, "x");
	char sig[LS_SIG_SIZE];
	const char *given = ls_form_get(q, "s");
	unsigned diff = 0;
	memset(su, 0, sizeof *su);
	if (!e || strlen(e) >= TZ_ADDRESS_MAX || tz_address_normalise(e, su->address, &why) ||
	    copy(su->fields.name, sizeof su->fields.name, ls_form_get(q, "n")) ||
	    copy(su->fields.language, sizeof su->fields.language, ls_form_get(q, "l")) ||
	    copy(su->fields.municipality, sizeof su->fields.municipality, ls_form_get(q, "m")) ||
	    copy(su->fields.interests, sizeof su->fields.interests, ls_form_get(q, "i")) ||
	    copy(su->source, sizeof su->source, ls_form_get(q, "src")) ||
	    copy(su->version, sizeof su->version, ls_form_get(q, "v")) ||
	    ls_parse_time(ts, &su->ts) || ls_parse_time(x, &su->expiry) || !given ||
	    strlen(given) != LS_SIG_LEN)
		return LS_CONFIRM_BAD;
	sign_signup(secret, su, ts, x, sig);
	for (size_t i = 0; i < LS_SIG_LEN; i++)
		diff |= (unsigned)(sig[i] ^ given[i]);
	if (diff)
		return LS_CONFIRM_BAD;
	/* an expiry further away than we ever sign is not ours either */
	if (su->expiry - su->ts != LS_CONFIRM_SECONDS)
		return LS_CONFIRM_BAD;
	return now > su->expiry ? LS_CONFIRM_EXPIRED : LS_CONFIRM_OK;
}
