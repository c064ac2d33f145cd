/*
 * clicklinks.c - click counting in the e-mail edition (<mail
 * track-clicks="yes">): every http(s) link the edition itself writes goes
 * through the list server's counting redirect
 *
 *     <click-base>/r/<issue folder>/<base64url of the URL>?s=<HMAC>
 *
 * exactly as `techzine list-server --click-url` prints it (the signature
 * is src/list/clicksig.c with TECHZINE_TOKEN_SECRET, the server's secret).
 * Aggregate only: the link is the same for every reader.
 *
 * The one idea: the HTML is rewritten after rendering, over the template's
 * literal chunks only. Merge slots (unsubscribe, preferences, the web
 * version) are separate template parts, so they can never be rewritten, and
 * a link added to the layout later is counted without touching this file.
 * Story text never holds a raw `href="` (it is escaped), so only real
 * attributes match. The text edition maps its numbered links as it lists
 * them (textedition.c: flush_refs calls tz_click_link).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "../list/clicksig.h"
#include "../list/token.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* A placeholder that signs as long as the real secret does: `techzine
 * check` measures the e-mail's size without needing the secret. */
static const char measure_secret[] = "size-measurement-only";

int tz_click_setup(struct tz_render_ctx *c, int need_secret, struct tz_error *err)
{
	const struct tz_mail_settings *ms = &c->issue->mail;
	const char *base = ms->click_base, *end;
	size_t len;

	if (!ms->track_clicks)
		return 0;
	if (!c->issue->slug || !tz_click_issue_ok(c->issue->slug))
		return tz_error_set(err, TZ_ERR_CONTENT, c->issue->path, c->issue->lines.mail,
				    "track-clicks needs an issue folder named with letters, digits, "
				    "- and _ (at most 40), not '%s'",
				    c->issue->slug ? c->issue->slug : "");
	if (!base) {
		base = ms->unsubscribe_url;
		if (!base)
			return tz_error_set(err, TZ_ERR_CONTENT, c->issue->path, c->issue->lines.mail,
					    "track-clicks=\"yes\" needs the list server's address: "
					    "add click-base=\"https://...\" (or unsubscribe-url) to <mail>");
	}
	if (strncmp(base, "https://", 8) && strncmp(base, "http://", 7))
		return tz_error_set(err, TZ_ERR_CONTENT, c->issue->path, c->issue->lines.mail,
				    "click-base '%s' must start with https://", base);
	end = strchr(base + (base[4] == 's' ? 8 : 7), '/');
	len = ms->click_base || !end ? strlen(base) : (size_t)(end - base); /* the origin */
	while (len > 8 && base[len - 1] == '/')
		len--;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)base[i] <= ' ' || strchr("\"'<>\\?#", base[i]))
			return tz_error_set(err, TZ_ERR_CONTENT, c->issue->path,
					    c->issue->lines.mail, "bad click-base '%s'", base);
	if (need_secret) {
		if (!(c->click_secret = tz_token_secret(err)))
			return -1;
	} else {
		c->click_secret = measure_secret;
	}
	if (!(c->click_prefix = tz_strndup(base, len)))
		return tz_error_nomem(err);
	return 0;
}

int tz_click_link(const struct tz_render_ctx *c, const char *url, struct tz_buf *out)
{
	if (!c->click_prefix || !tz_click_url_ok(url))
		return tz_buf_adds(out, url);
	if (tz_buf_adds(out, c->click_prefix))
		return -1;
	return tz_click_path(c->click_secret, c->issue->slug, url, out);
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t pl = strlen(prefix);
	return n >= pl && !memcmp(s, prefix, pl);
}

/* The attribute value s[0..n) without HTML escapes. */
static int unescape(const char *s, size_t n, struct tz_buf *out)
{
	static const struct {
		const char *ent, ch;
	} ents[] = {{"&amp;", '&'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&lt;", '<'}, {"&gt;", '>'}};
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == '&')
			for (size_t k = 0; k < sizeof ents / sizeof ents[0]; k++) {
				size_t el = strlen(ents[k].ent);
				if (i + el <= n && !memcmp(s + i, ents[k].ent, el)) {
					ch = ents[k].ch;
					i += el - 1;
					break;
				}
			}
		if (tz_buf_addc(out, ch))
			return -1;
	}
	return 0;
}

/* One literal chunk with its href="http..." values mapped. */
static int rewrite_chunk(const struct tz_render_ctx *c, const char *s, size_t n,
			 struct tz_template *to, struct tz_buf *url, struct tz_buf *link)
{
	static const char attr[] = "href=\"";
	size_t done = 0;
	for (size_t i = 0; i + sizeof attr - 1 < n; i++) {
		const char *v = s + i + sizeof attr - 1, *q;
		size_t rest = n - (size_t)(v - s);
		if (memcmp(s + i, attr, sizeof attr - 1) ||
		    (!starts(v, rest, "http://") && !starts(v, rest, "https://")))
			continue;
		q = memchr(v, '"', rest);
		if (!q)
			break;
		tz_buf_reset(url);
		tz_buf_reset(link);
		if (unescape(v, (size_t)(q - v), url) || tz_buf_addc(url, 0) ||
		    tz_click_link(c, url->data, link) ||
		    tz_template_add(to, s + done, (size_t)(v - s) - done))
			return -1;
		tz_buf_reset(url);
		if (tz_html_escape(url, link->data, link->len) ||
		    tz_template_add(to, url->data, url->len))
			return -1;
		done = (size_t)(q - s);
		i = done;
	}
	return tz_template_add(to, s + done, n - done);
}

int tz_click_rewrite_html(const struct tz_render_ctx *c, struct tz_template *t)
{
	struct tz_template to;
	struct tz_buf url, link;
	int rc = 0;

	if (!c->click_prefix)
		return 0;
	tz_template_init(&to, t->format, t->text.max);
	tz_buf_init(&url, 0);
	tz_buf_init(&link, 0);
	for (size_t i = 0; i < t->nparts && !rc; i++) {
		const struct tz_template_part *p = &t->parts[i];
		rc = p->slot >= 0 ? tz_template_add_slot(&to, (enum tz_slot)p->slot)
				  : rewrite_chunk(c, t->text.data + p->off, p->len, &to, &url, &link);
	}
	tz_buf_release(&url);
	tz_buf_release(&link);
	if (rc) {
		tz_template_release(&to);
		return -1;
	}
	tz_template_release(t);
	*t = to;
	return 0;
}
