/*
 * h_confirm.c - /confirm: the second step of the double opt-in.
 *
 *   GET  /confirm?<signed sign-up>   a page with a button; changes nothing
 *                                    (mail scanners follow links)
 *   POST /confirm?<signed sign-up>   writes the subscriber, with the proof
 *
 * The row gets status active, consent_date (the day of confirmation) and
 * consent_source "<form> consent <version> [via <src>] signed up <time>
 * confirmed <time>"; a suppressed or unsubscribed address coming back this
 * way has its suppression entry removed and "re-subscribed after <reason>
 * <date>" added, because this is the new consent. Idempotent: a second POST
 * of an active address changes nothing. A link signed before the address's
 * last unsubscription (a replay of an old mail) is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "confirm.h"
#include "journal.h"
#include "pages.h"
#include "../list/address.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static int read_link(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp,
		     struct ls_signup *su)
{
	switch (ls_confirm_read(s->secret, &rq->query, ls_now(), su)) {
	case LS_CONFIRM_OK:
		ls_log_tag(s->secret, su->address, rp->tag);
		return 0;
	case LS_CONFIRM_EXPIRED:
		ls_page_message(rp, 410, "confirmation link expired",
				"Deze bevestigingslink is verlopen. Meld u opnieuw aan.",
				"This confirmation link has expired. Please sign up again.");
		return -1;
	default:
		ls_reply_what(rp, 403, "confirmation link does not check out");
		return -1;
	}
}

void ls_h_confirm_get(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	struct ls_signup su;
	char masked[TZ_ADDRESS_MAX];
	struct ls_var v[1];
	if (read_link(s, rq, rp, &su))
		return;
	tz_address_mask(su.address, masked, sizeof masked);
	v[0].name = "masked";
	v[0].value = masked;
	ls_page(rp, 200, "confirmation button", ls_tpl_confirm_ask, v, 1);
}

static void confirmed_page(struct ls_reply *rp, const char *what)
{
	ls_page_message(rp, 200, what, "Uw aanmelding is bevestigd. Welkom bij de TechZine-nieuwsbrief!",
			"Your subscription is confirmed. Welcome to the TechZine newsletter!");
}

static int set_row(struct tz_list *l, struct tz_sub *row, const struct ls_signup *su,
		   const char *source, const char *today)
{
	return tz_sub_set(l, row, TZ_F_NAME, su->fields.name) ||
	       tz_sub_set(l, row, TZ_F_LANGUAGE, su->fields.language) ||
	       tz_sub_set(l, row, TZ_F_MUNICIPALITY, su->fields.municipality) ||
	       tz_sub_set(l, row, TZ_F_INTERESTS, su->fields.interests) ||
	       tz_sub_set(l, row, TZ_F_STATUS, "active") ||
	       tz_sub_set(l, row, TZ_F_CONSENT_DATE, today) ||
	       tz_sub_set(l, row, TZ_F_CONSENT_SOURCE, source) ||
	       tz_sub_set(l, row, TZ_F_LAST_CHANGE, today);
}

void ls_h_confirm_post(struct ls_server *s, struct ls_request *rq, struct ls_reply *rp)
{
	struct ls_signup su;
	struct ls_form body;
	struct tz_folder f;
	struct tz_list *l;
	struct tz_sub *row;
	const struct tz_supp_entry *supp;
	char *path = NULL, today[11], signed_day[11], t_signup[21], t_now[21], source[512],
	     back[160] = "";
	long long now = ls_now();
	ls_form_init(&body);
	if (read_link(s, rq, rp, &su))
		goto out;
	if (ls_form_parse_body(&body, rq->content_type, rq->body.data, rq->body.len) ||
	    !ls_form_get(&body, "confirm")) {
		ls_reply_what(rp, 400, "no confirm field");
		goto out;
	}
	if (ls_index_active_on(&s->index, s->cfg->list, su.address)) { /* a replay: no lock, no write */
		confirmed_page(rp, "confirmed before: nothing changed");
		goto out;
	}
	path = tz_path_join(s->dir, s->cfg->list);
	if (!path) {
		ls_reply_what(rp, 503, "out of memory");
		goto out;
	}
	if (ls_write_begin(s, &f, path, rp))
		goto out;
	l = &f.lists[0];
	row = tz_list_find(l, su.address);
	if (row && tz_sub_status(l, row) == TZ_ST_ACTIVE) {
		ls_write_end(s, &f, 0, rp);
		confirmed_page(rp, "confirmed before: nothing changed");
		goto out;
	}
	ls_date_of(su.ts, signed_day);
	supp = tz_suppression_find(&f.supp, su.address);
	/* a link signed before the last unsubscription is an old mail's */
	if ((supp && strcmp(supp->date, signed_day) > 0) ||
	    (row && strcmp(tz_sub_get(l, row, TZ_F_LAST_CHANGE), signed_day) > 0)) {
		ls_write_end(s, &f, 0, rp);
		ls_page_message(rp, 403, "confirmation link older than the unsubscription",
				"Deze link is ouder dan uw afmelding. Meld u opnieuw aan.",
				"This link is older than your unsubscription. Please sign up again.");
		goto out;
	}
	tz_today(today);
	ls_time_of(su.ts, t_signup);
	ls_time_of(now, t_now);
	if (supp)
		snprintf(back, sizeof back, "; re-subscribed after %s %s", supp->reason, supp->date);
	else if (row)
		snprintf(back, sizeof back, "; re-subscribed after %s %s",
			 tz_sub_get(l, row, TZ_F_STATUS), tz_sub_get(l, row, TZ_F_LAST_CHANGE));
	snprintf(source, sizeof source, "%s consent %s%s%s signed up %s confirmed %s%s",
		 s->cfg->form, su.version, *su.source ? " via " : "", su.source, t_signup, t_now,
		 back);
	if (!row)
		row = tz_list_append(l, su.address);
	if (!row || set_row(l, row, &su, source, today) ||
	    (supp && tz_suppression_remove(&f.supp, su.address) < 0)) {
		ls_write_end(s, &f, 0, rp);
		ls_reply_what(rp, 503, "out of memory");
		goto out;
	}
	tz_folder_mark(&f, 0);
	if (ls_write_end(s, &f, 1, rp))
		goto out;
	ls_journal_add(s->dir, "confirmed", rp->tag, now);
	confirmed_page(rp, supp || back[0] ? "confirmed: re-subscribed" : "confirmed");
out:
	free(path);
	ls_form_release(&body);
}
