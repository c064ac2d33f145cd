/*
 * h_signup.c - /subscribe: the sign-up form and its POST.
 *
 *   GET  /subscribe[?src=PARTNER]   the form (may be framed by <embed> sites)
 *   POST /subscribe                 email, name, language, municipality,
 *                                   interests, consent, ft, src, website
 *
 * Whatever happens to a well-formed sign-up (mail queued, already
 * subscribed, limit reached, a bot caught by the honeypot or the fill-in
 * time) the answer is the same "check your inbox" page: the form tells
 * nobody who is on the list, and a bot learns nothing from its refusal.
 * Only a mistake the reader can fix (an address that is not one, consent
 * not ticked) shows the form again with the reason. The list joined comes
 * from the configuration, never from the form.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "confirm.h"
#include "fields.h"
#include "journal.h"
#include "log.h"
#include "mailer.h"
#include "pages.h"
#include "../list/address.h"
#include "../util/clock.h"
#include "../util/banned.h"

#define FORM_MAX_AGE (24LL * 3600)

static int source_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' || s[n] == '_') || n >= 40)
			return 0;
	return 1;
}

static void form_page(struct ls_server *s, struct ls_reply *rp, unsigned code, const char *what,
		      const char *src, const char *err_nl, const char *err_en)
{
	char ft[64], x[24], sig[LS_SIG_SIZE];
	const char *f[1] = {x};
	struct tz_buf langs, muns, ints, error;
	struct ls_var ev[] = {{"nl", err_nl}, {"en", err_en}};
	long long now = ls_now();
	snprintf(x, sizeof x, "%lld", now);
	ls_sign(s->secret, "form", f, 1, sig);
	snprintf(ft, sizeof ft, "%s.%s", x, sig);
	tz_buf_init(&langs, 32768);
	tz_buf_init(&muns, 32768);
	tz_buf_init(&ints, 32768);
	tz_buf_init(&error, 4096);
	if (err_nl)
		ls_tpl_render(&error, ls_tpl_message, ev, 2);
	if (ls_options(&langs, &s->cfg->languages, NULL) ||
	    ls_options(&muns, &s->cfg->municipalities, NULL) ||
	    ls_checkboxes(&ints, &s->cfg->interests, NULL))
		ls_reply_what(rp, 500, "page too large");
	else {
		struct ls_var v[] = {{"action", "/subscribe"},
				     {"ft", ft},
				     {"src", src},
				     {"languages", langs.data},
				     {"municipalities", muns.data},
				     {"interests", ints.data},
				     {"version", s->cfg->consent_version},
				     {"consent_nl", s->cfg->consent_nl},
				     {"consent_en", s->cfg->consent_en},
				     {"error", error.data}};
		ls_page(rp, code, what, ls_tpl_form, v, sizeof v / sizeof v[0]);
		rp->embeddable = 1;
	}
	tz_buf_release(&langs);
	tz_buf_release(&muns);
	tz_buf_release(&ints);
	tz_buf_release(&error);
}

void ls_h_form_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	const char *src = ls_form_get(&rq->query, "src");
	form_page(s, rp, 200, "sign-up form", src && source_ok(src) ? src : "", NULL, NULL);
}

static void check_inbox(struct ls_reply *rp, const char *what)
{
	ls_page_message(rp, 200, what,
			"Dank u wel. Kijk in uw mailbox: met de link in de e-mail die we u "
			"sturen bevestigt u uw aanmelding.",
			"Thank you. Please check your inbox: the link in the e-mail we send you "
			"confirms your subscription.");
	rp->embeddable = 1;
}

/* The form's signed display time: 0 when it is ours and old enough. */
static int fill_time_ok(struct ls_server *s, const char *ft, long long now)
{
	char x[24];
	const char *dot = ft ? strchr(ft, '.') : NULL, *f[1] = {x};
	long long shown;
	if (!dot || (size_t)(dot - ft) >= sizeof x)
		return 0;
	memcpy(x, ft, (size_t)(dot - ft));
	x[dot - ft] = 0;
	if (ls_parse_time(x, &shown) || !ls_sign_check(s->secret, "form", f, 1, dot + 1))
		return 0;
	return now - shown >= (long long)s->cfg->lim.min_fill_seconds && now - shown <= FORM_MAX_AGE;
}

void ls_h_subscribe_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	struct ls_form form;
	struct ls_signup su;
	const char *email, *why, *src, *hp, *consent;
	long long now = ls_now();
	double mono = tz_clock_seconds();
	int wait;
	ls_form_init(&form);
	if ((wait = ls_limiter_take(&s->signups, rq->bucket, mono)) ||
	    (wait = ls_limiter_take(&s->general, rq->bucket, mono))) {
		ls_reply_what(rp, 429, "sign-ups rate limited");
		rp->retry_after = wait;
		goto out;
	}
	if (ls_form_parse_body(&form, rq->content_type, rq->body.data, rq->body.len)) {
		ls_reply_what(rp, 400, "malformed form");
		goto out;
	}
	src = ls_form_get(&form, "src");
	if (!src || !source_ok(src))
		src = "";
	hp = ls_form_get(&form, "website");
	if (hp && *hp) {
		check_inbox(rp, "refused: honeypot filled in");
		goto out;
	}
	if (!fill_time_ok(s, ls_form_get(&form, "ft"), now)) {
		check_inbox(rp, "refused: form time missing, forged, too short or too old");
		goto out;
	}
	memset(&su, 0, sizeof su);
	email = ls_form_get(&form, "email");
	if (!email || strlen(email) >= TZ_ADDRESS_MAX || !ls_text_ok(email, TZ_ADDRESS_MAX - 1) ||
	    tz_address_normalise(email, su.address, &why)) {
		form_page(s, rp, 400, "not an address", src, "Dit is geen bruikbaar e-mailadres.",
			  "This is not a usable e-mail address.");
		goto out;
	}
	consent = ls_form_get(&form, "consent");
	if (!consent || strcmp(consent, s->cfg->consent_version) != 0) {
		form_page(s, rp, 400, "consent not given", src,
			  "Vink aan dat u de nieuwsbrief wilt ontvangen.",
			  "Please tick that you want to receive the newsletter.");
		goto out;
	}
	if (ls_fields_read(s->cfg, &form, &su.fields, &why)) {
		form_page(s, rp, 400, "form values not acceptable", src,
			  "Een van de velden heeft een waarde die hier niet kan.",
			  "One of the fields has a value that is not possible here.");
		goto out;
	}
	ls_log_tag(s->secret, su.address, rp->tag);
	snprintf(su.source, sizeof su.source, "%s", src);
	snprintf(su.version, sizeof su.version, "%s", s->cfg->consent_version);
	su.ts = now;
	su.expiry = now + LS_CONFIRM_SECONDS;
	if (ls_index_active_on(&s->index, s->cfg->list, su.address)) {
		check_inbox(rp, "already subscribed: no mail");
		goto out;
	}
	if (ls_limiter_take(&s->per_address, rp->tag, mono)) {
		check_inbox(rp, "confirmation mails for this address over the daily limit");
		goto out;
	}
	if (ls_limiter_take(&s->mail_all, "all", mono)) {
		check_inbox(rp, "confirmation mails over the hourly limit");
		goto out;
	}
	{
		struct tz_buf url;
		tz_buf_init(&url, 8192);
		if (tz_buf_addf(&url, "%s/confirm?", s->cfg->public_url) ||
		    ls_confirm_query(s->secret, &su, &url) ||
		    ls_mailer_queue(s->mailer, &su, url.data, rp->tag)) {
			tz_buf_release(&url);
			check_inbox(rp, "confirmation mail not queued (queue full)");
			goto out;
		}
		tz_buf_release(&url);
	}
	ls_journal_add(s->dir, "mailed", rp->tag, now);
	check_inbox(rp, "confirmation mail queued");
out:
	ls_form_release(&form);
}
