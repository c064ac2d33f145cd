/*
 * send.c - per-recipient composition (see send.h). Everything that can be
 * wrong with the issue's mail settings is found in tz_composer_init, before
 * the first message, so a send never stops halfway over a bad header.
 */
#include "send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed.h"
#include "mime.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_BODY ((size_t)8 * 1024 * 1024)

static int pct_encode(struct tz_buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int r;
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			r = tz_buf_addc(out, (char)*p);
		else
			r = tz_buf_addf(out, "%%%02X", *p);
		if (r)
			return -1;
	}
	return 0;
}

/* Where the list server's /u/ ends in base ("https://x/u/?a=b": after
 * "/u"), or 0 when base is not a /u/ address. */
static size_t unsub_dir_end(const char *base)
{
	const char *host = strstr(base, "://");
	size_t path = strcspn(base, "?#"), first = host ? (size_t)(host - base) + 3 : 0;
	if (path >= 3 && base[path - 1] == '/')
		path--;
	/* the "/u" must be in the path, not the host ("https://u") */
	return path >= first + 3 && !strncmp(base + path - 2, "/u", 2) ? path : 0;
}

int tz_unsubscribe_url(const struct tz_issue *issue, const struct tz_recipient *r,
		       int preferences, struct tz_buf *out)
{
	const char *base = issue->mail.unsubscribe_url;
	size_t u = base ? unsub_dir_end(base) : 0;
	if (!base || !*base)
		return 0;
	/* preferences: the list server's /p/ beside its /u/ (no 303 detour);
	 * another unsubscribe service keeps the old "&p=1" */
	if (preferences && u) {
		if (tz_buf_add(out, base, u - 1) || tz_buf_adds(out, "p/") ||
		    tz_buf_adds(out, base + strcspn(base, "?#")))
			return -1;
	} else if (tz_buf_adds(out, base)) {
		return -1;
	}
	if (tz_buf_adds(out, strchr(base, '?') ? "&e=" : "?e=") || pct_encode(out, r->email) ||
	    tz_buf_addf(out, "&t=%s", r->token))
		return -1;
	return preferences && !u ? tz_buf_adds(out, "&p=1") : 0;
}

static int token_ok(const char *t)
{
	if (!t || !*t || strlen(t) > 128)
		return 0;
	for (; *t; t++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z') ||
		      (*t >= '0' && *t <= '9') || *t == '-' || *t == '_'))
			return 0;
	return 1;
}

/* The edition's skeleton, with its images when they are embedded (their
 * raw bytes are dropped once the skeleton holds them encoded). */
static int skeleton(struct tz_composer *c, int i, int embed, struct tz_error *err)
{
	struct tz_embedded e;
	int rc;
	tz_embedded_init(&e);
	rc = embed ? tz_embed_images(c->issue, c->issue->mail.base_url, c->msgid_domain,
				     &c->editions[i].html, &e, err)
		   : 0;
	if (!rc)
		rc = tz_mime_skel_init(&c->skel[i], e.v, e.n, err);
	if (!rc && (tz_qp_body_init(&c->text_qp[i], &c->editions[i].text) ||
		    tz_qp_body_init(&c->html_qp[i], &c->editions[i].html)))
		rc = tz_error_nomem(err);
	c->embedded[i] = e.n;
	c->embedded_bytes[i] = e.bytes;
	tz_embedded_release(&e);
	return rc;
}

static int render(struct tz_composer *c, int i, const char *lang, int embed,
		  struct tz_error *err)
{
	struct tz_edition_options eo = {lang, NULL};
	struct tz_buf v;
	if (tz_edition_render(c->issue, &eo, &c->editions[i], err))
		return -1;
	c->have[i] = 1;
	if (skeleton(c, i, embed, err))
		return -1;
	c->langs[i] = tz_strdup(lang);
	tz_buf_init(&v, 4096);
	if (!c->langs[i] || tz_edition_view_url(c->issue, &eo, &v, err)) {
		tz_buf_release(&v);
		return c->langs[i] ? -1 : tz_error_nomem(err);
	}
	c->view_url[i] = tz_buf_detach(&v, NULL);
	return 0;
}

int tz_composer_init(struct tz_composer *c, const struct tz_issue *issue,
		     const char *from_override, int with_other, int embed_images,
		     struct tz_error *err)
{
	const struct tz_mail_settings *ms = &issue->mail;
	const char *from = from_override ? from_override : ms->from;
	const char *lang = issue->lang ? issue->lang : "nl";
	const char *at;

	memset(c, 0, sizeof *c);
	c->issue = issue;
	c->date = time(NULL);
	tz_buf_init(&c->text, 3 * MAX_BODY);
	tz_buf_init(&c->html, 3 * MAX_BODY);
	tz_buf_init(&c->url, 4096);
	tz_buf_init(&c->scratch, MAX_BODY);
	if (!from || tz_mail_split_address(from, c->from_name, c->from_addr, sizeof c->from_addr))
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
				    "bad or missing sender address '%s'", from ? from : "");
	if (ms->reply_to) {
		char n[256], a[256];
		if (tz_mail_split_address(ms->reply_to, n, a, sizeof a))
			return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
					    "bad reply-to address '%s'", ms->reply_to);
		c->reply_to = tz_strdup(a);
	}
	at = strchr(c->from_addr, '@');
	c->msgid_domain = tz_strdup(at + 1);
	c->bounce_domain = tz_strdup(ms->bounce_domain && *ms->bounce_domain ? ms->bounce_domain
									     : at + 1);
	if ((ms->reply_to && !c->reply_to) || !c->msgid_domain || !c->bounce_domain)
		return tz_error_nomem(err);
	if (!tz_mail_header_value_ok(c->bounce_domain) || strpbrk(c->bounce_domain, " <>@"))
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail, "bad bounce domain '%s'",
				    c->bounce_domain);
	if (ms->list_id && (!tz_mail_header_value_ok(ms->list_id) || strpbrk(ms->list_id, " <>")))
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail, "bad list-id '%s'",
				    ms->list_id);
	if (ms->unsubscribe_url && strncmp(ms->unsubscribe_url, "https://", 8) != 0)
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
				    "unsubscribe-url must be https (RFC 8058) '%s'",
				    ms->unsubscribe_url);
	if (ms->unsubscribe_mailto && !tz_mail_address_ok(ms->unsubscribe_mailto))
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
				    "bad unsubscribe-mailto address '%s'", ms->unsubscribe_mailto);
	if (render(c, 0, lang, embed_images, err))
		return -1;
	if (with_other && render(c, 1, strcmp(lang, "nl") == 0 ? "en" : "nl", embed_images, err))
		return -1;
	return 0;
}

void tz_composer_release(struct tz_composer *c)
{
	for (int i = 0; i < 2; i++) {
		if (c->have[i])
			tz_edition_release(&c->editions[i]);
		tz_mime_skel_release(&c->skel[i]);
		tz_qp_body_release(&c->text_qp[i]);
		tz_qp_body_release(&c->html_qp[i]);
		free(c->langs[i]);
		free(c->view_url[i]);
	}
	free(c->reply_to);
	free(c->bounce_domain);
	free(c->msgid_domain);
	tz_buf_release(&c->text);
	tz_buf_release(&c->html);
	tz_buf_release(&c->url);
	tz_buf_release(&c->scratch);
}

int tz_compose(struct tz_composer *c, const struct tz_recipient *r, int test,
	       struct tz_buf *msg, char *env_from, size_t from_size, char *msgid,
	       size_t msgid_size, struct tz_error *err)
{
	const struct tz_mail_settings *ms = &c->issue->mail;
	int i = (r->lang && c->have[1] && c->langs[1] && strcmp(r->lang, c->langs[1]) == 0) ? 1 : 0;
	const struct tz_edition *ed = &c->editions[i];
	struct tz_slot_values vals;
	struct tz_mail_msg m;
	struct tz_buf subject;
	size_t unsub_len;
	char mailto[512], gname[256];
	int rc = -1;

	if (!token_ok(r->token))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "bad token for '%s'", r->email);
	if (!tz_mail_address_ok(r->email))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "refusing recipient address '%s'", r->email);
	tz_buf_reset(&c->text);
	tz_buf_reset(&c->html);
	tz_buf_reset(&c->url);
	tz_buf_init(&subject, 4096);
	if (tz_unsubscribe_url(c->issue, r, 0, &c->url) || tz_buf_addc(&c->url, 0))
		goto nomem;
	unsub_len = c->url.len; /* "unsub\0prefs\0" in one buffer */
	if (tz_unsubscribe_url(c->issue, r, 1, &c->url))
		goto nomem;
	memset(&vals, 0, sizeof vals);
	vals.v[TZ_SLOT_GREETING_NAME] = tz_greeting_name_order(r->name, gname, sizeof gname)
						? gname /* "Hoffmann, Lars" -> "Lars Hoffmann" */
						: tz_edition_greeting_name(ed, r->name);
	vals.v[TZ_SLOT_EMAIL] = r->email;
	vals.v[TZ_SLOT_UNSUBSCRIBE_URL] = c->url.data;
	vals.v[TZ_SLOT_PREFERENCES_URL] = c->url.data + unsub_len;
	vals.v[TZ_SLOT_VIEW_URL] = c->view_url[i];
	if (tz_qp_body_fill(&c->text_qp[i], &vals, &c->scratch, &c->text) ||
	    tz_qp_body_fill(&c->html_qp[i], &vals, &c->scratch, &c->html) ||
	    tz_buf_addf(&subject, "%s%s", test ? "[TEST] " : "", ed->subject))
		goto nomem;
	if (snprintf(env_from, from_size, "<bounce+%s@%s>", r->token, c->bounce_domain) >=
	    (int)from_size)
		goto nomem;
	if (ms->unsubscribe_mailto &&
	    snprintf(mailto, sizeof mailto, "mailto:%s?subject=unsubscribe-%s",
		     ms->unsubscribe_mailto, r->token) >= (int)sizeof mailto)
		goto nomem;
	memset(&m, 0, sizeof m);
	m.skel = &c->skel[i];
	m.from_name = c->from_name;
	m.from_addr = c->from_addr;
	m.reply_to = c->reply_to;
	m.to_name = r->name && *r->name ? r->name : NULL;
	m.to_addr = r->email;
	m.subject = subject.data;
	m.list_id = ms->list_id;
	m.unsub_url = c->url.len > unsub_len && c->url.data[0] ? c->url.data : NULL;
	m.unsub_mailto = ms->unsubscribe_mailto ? mailto : NULL;
	m.msgid_domain = c->msgid_domain;
	m.date = c->date;
	m.text = c->text.data;
	m.text_len = c->text.len;
	m.html = c->html.data;
	m.html_len = c->html.len;
	m.encoded = 1;
	rc = tz_mime_build(&m, msg, msgid, msgid_size, err);
	goto out;
nomem:
	tz_error_set(err, TZ_ERR_NOMEM, NULL, 0, "cannot compose the message for '%s'", r->email);
out:
	tz_buf_release(&subject);
	return rc;
}
