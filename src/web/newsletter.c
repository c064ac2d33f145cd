/*
 * newsletter.c - the HTML of the e-mail edition.
 *
 * E-mail clients ignore or strip most CSS, so the page is nested tables
 * 600 px wide with every style inline on its element; the one <style>
 * block holds only what cannot be inline (the phone media query and
 * dark-mode hints). Everything a reader wrote goes through tz_html_escape;
 * per-recipient values are template slots, never text markers, so a story
 * containing "{{name}}" stays just that.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

#define PAD 24 /* horizontal padding of the content cells, px */

struct nl {
	const struct tz_render_ctx *c;
	const struct tz_theme *th;
	struct tz_out o;
	int content_width;
	char body[512], heading[512]; /* escaped font stacks */
};

/* --- small emitters --- */

static void font(struct nl *n, int heading, int size, const char *weight, const char *colour)
{
	tz_out_f(&n->o, "font-family:%s;font-size:%dpx;line-height:%s;font-weight:%s;color:%s;",
		 heading ? n->heading : n->body, size, heading ? "1.25" : "1.5", weight, colour);
}

static void story_link(struct nl *n, const struct tz_story *s)
{
	struct tz_buf u;

	tz_buf_init(&u, 0);
	if (tz_story_url(&u, n->c->base, n->c->issue, n->c->lang, s->id))
		n->o.failed = 1;
	tz_out_esc(&n->o, u.data);
	tz_buf_release(&u);
}

static void row_open(struct nl *n, const char *padding, const char *extra)
{
	tz_out_f(&n->o, "<tr><td class=\"tz-pad\" style=\"padding:%s;%s\">", padding,
		 extra ? extra : "");
}

static void image(struct nl *n, const struct tz_figure *f, const struct tz_story *link, int max)
{
	struct tz_buf path;
	int w, h;

	tz_image_fit(&f->image, max, &w, &h);
	tz_buf_init(&path, 0);
	if (tz_image_web_path(&path, n->c->issue, &f->image))
		n->o.failed = 1;
	if (link) {
		tz_out_s(&n->o, "<a href=\"");
		story_link(n, link);
		tz_out_s(&n->o, "\">");
	}
	tz_out_s(&n->o, "<img src=\"");
	tz_out_esc(&n->o, n->c->base);
	tz_out_s(&n->o, "/");
	tz_out_esc(&n->o, path.data);
	tz_out_f(&n->o, "\" width=\"%d\" height=\"%d\" alt=\"", w, h);
	tz_out_esc(&n->o, f->alt ? f->alt : "");
	tz_out_f(&n->o, "\" class=\"tz-img\" style=\"display:block;width:100%%;max-width:%dpx;"
		 "height:auto;border:0;outline:none;text-decoration:none;\">", w);
	if (link)
		tz_out_s(&n->o, "</a>");
	tz_buf_release(&path);
}

static void section_heading(struct nl *n, const char *title, const char *intro)
{
	row_open(n, "28px 24px 4px", NULL);
	tz_out_s(&n->o, "<h2 style=\"margin:0;padding:0 0 6px;border-bottom:3px solid ");
	tz_out_s(&n->o, n->th->accent);
	tz_out_s(&n->o, ";");
	font(n, 1, 20, "bold", n->th->deep);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, title);
	tz_out_s(&n->o, "</h2>");
	if (intro) {
		tz_out_s(&n->o, "<p style=\"margin:8px 0 0;font-style:italic;");
		font(n, 0, 15, "normal", n->th->muted);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, intro);
		tz_out_s(&n->o, "</p>");
	}
	tz_out_s(&n->o, "</td></tr>\n");
}

static void read_more(struct nl *n, const struct tz_story *s)
{
	tz_out_s(&n->o, "<p style=\"margin:0;\"><a href=\"");
	story_link(n, s);
	tz_out_s(&n->o, "\" style=\"");
	font(n, 0, 15, "bold", n->th->accent);
	tz_out_s(&n->o, "text-decoration:none;\">");
	tz_out_esc(&n->o, n->c->l->read_more);
	tz_out_s(&n->o, " &rarr;</a></p>");
}

static void keyfigure_bars(struct nl *n, const struct tz_block *b)
{
	int bars = tz_keyfigures_comparable(b);
	double max = 0;

	for (size_t i = 0; i < b->nfigures; i++) {
		double v = b->figures[i].value < 0 ? -b->figures[i].value : b->figures[i].value;
		if (v > max)
			max = v;
	}
	if (b->title) {
		tz_out_s(&n->o, "<p style=\"margin:12px 0 4px;");
		font(n, 1, 15, "bold", n->th->deep);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, b->title);
		tz_out_s(&n->o, "</p>");
	}
	tz_out_s(&n->o, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 0 12px;\">");
	for (size_t i = 0; i < b->nfigures; i++) {
		const struct tz_keyfigure *k = &b->figures[i];
		double v = k->value < 0 ? -k->value : k->value;
		int pct = max > 0 ? (int)(v / max * 100.0 + 0.5) : 0;
		struct tz_buf num;

		if (pct < 1)
			pct = 1;
		tz_buf_init(&num, 256);
		if (tz_format_number(&num, k->value_text, n->c->lang))
			n->o.failed = 1;
		tz_out_s(&n->o, "<tr><td style=\"padding:8px 0 3px;");
		font(n, 0, 14, "normal", n->th->text);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, k->label);
		tz_out_s(&n->o, ": <strong>");
		tz_out_buf(&n->o, &num); /* digits and separators only */
		if (k->unit) {
			tz_out_s(&n->o, "&nbsp;");
			tz_out_esc(&n->o, k->unit);
		}
		tz_out_s(&n->o, "</strong>");
		if (k->note) {
			tz_out_s(&n->o, " <span style=\"color:");
			tz_out_s(&n->o, n->th->muted);
			tz_out_s(&n->o, ";\">");
			tz_out_esc(&n->o, k->note);
			tz_out_s(&n->o, "</span>");
		}
		tz_out_s(&n->o, "</td></tr>");
		if (!bars) {
			tz_buf_release(&num);
			continue;
		}
		tz_out_s(&n->o, "<tr><td><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
		tz_out_f(&n->o, "<td width=\"%d%%\" height=\"14\" style=\"width:%d%%;height:14px;background-color:%s;font-size:0;line-height:0;\">&nbsp;</td>",
			 pct, pct, n->th->accent);
		if (pct < 100)
			tz_out_f(&n->o, "<td height=\"14\" style=\"height:14px;background-color:%s;font-size:0;line-height:0;\">&nbsp;</td>",
				 n->th->tint);
		tz_out_s(&n->o, "</tr></table></td></tr>");
		tz_buf_release(&num);
	}
	tz_out_s(&n->o, "</table>");
	if (b->source) {
		tz_out_s(&n->o, "<p style=\"margin:0 0 12px;");
		font(n, 0, 12, "normal", n->th->muted);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, b->source);
		tz_out_s(&n->o, "</p>");
	}
}

static void company_facts(struct nl *n, const struct tz_company *co)
{
	int first = 1;

	tz_out_s(&n->o, "<p style=\"margin:0 0 8px;");
	font(n, 0, 14, "normal", n->th->muted);
	tz_out_s(&n->o, "\"><strong>");
	tz_out_esc(&n->o, co->name);
	tz_out_s(&n->o, "</strong>");
	first = 0;
	if (co->sector) {
		tz_out_s(&n->o, first ? "" : " &middot; ");
		tz_out_esc(&n->o, co->sector);
	}
	if (co->place) {
		tz_out_s(&n->o, " &middot; ");
		tz_out_esc(&n->o, co->place);
	}
	if (co->employees >= 0)
		tz_out_f(&n->o, " &middot; %ld %s", co->employees, n->c->l->employees);
	if (co->founded > 0)
		tz_out_f(&n->o, " &middot; %s %d", n->c->l->founded, co->founded);
	tz_out_s(&n->o, "</p>");
}

/* Kicker, headline, lead and "read more" of one story. */
static void teaser_body(struct nl *n, const struct tz_story *s, const struct tz_story_text *t,
			int top)
{
	const struct tz_runs *lead = tz_story_teaser(t);

	if (t->kicker) {
		tz_out_f(&n->o, "<p style=\"margin:%dpx 0 4px;letter-spacing:1px;text-transform:uppercase;", top);
		font(n, 1, 12, "bold", n->th->accent);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, t->kicker);
		tz_out_s(&n->o, "</p>");
	}
	tz_out_f(&n->o, "<h3 style=\"margin:%dpx 0 8px;", t->kicker ? 4 : top);
	font(n, 1, top ? 21 : 19, "bold", n->th->text);
	tz_out_s(&n->o, "\"><a href=\"");
	story_link(n, s);
	tz_out_f(&n->o, "\" style=\"color:%s;text-decoration:none;\">", n->th->text);
	tz_out_esc(&n->o, t->headline);
	tz_out_s(&n->o, "</a></h3>");
	if (s->company)
		company_facts(n, s->company);
	if (lead) {
		tz_out_s(&n->o, "<p style=\"margin:0 0 10px;");
		font(n, 0, 16, "normal", n->th->text);
		tz_out_s(&n->o, "\">");
		{
			char ls[32];
			snprintf(ls, sizeof(ls), "color:%s;", n->th->deep);
			tz_out_runs_html(&n->o, lead, ls);
		}
		tz_out_s(&n->o, "</p>");
	}
	if (s->kind == TZ_KIND_FIGURES) {
		const struct tz_block *kf = tz_story_keyfigures(t);
		if (!kf)
			kf = tz_story_keyfigures(&s->text);
		if (kf)
			keyfigure_bars(n, kf);
	}
	read_more(n, s);
}

/* Image left, text right; the media query stacks them on phones. */
static void two_columns(struct nl *n, const struct tz_story *s, const struct tz_story_text *t,
			const struct tz_figure *f, int width)
{
	int thumb = width >= 480 ? 168 : 120;

	tz_out_s(&n->o, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
	tz_out_f(&n->o, "<td class=\"tz-col\" width=\"%d\" valign=\"top\" style=\"width:%dpx;padding:4px 16px 8px 0;\">",
		 thumb, thumb);
	image(n, f, s, thumb);
	tz_out_s(&n->o, "</td><td class=\"tz-col\" valign=\"top\">");
	teaser_body(n, s, t, 0);
	tz_out_s(&n->o, "</td></tr></table>");
}

/* The first story with a picture gets it full width; the others
 * a thumbnail next to the text, which keeps the mail short. */
static void teaser(struct nl *n, const struct tz_story *s, int *had_hero)
{
	const struct tz_story_text *t = tz_story_text_for(s, n->c->lang);
	const struct tz_figure *f = s->kind == TZ_KIND_FIGURES ? NULL : tz_story_figure(s, t);
	int hero = f && !*had_hero;

	if (s->kind == TZ_KIND_PAREL) {
		row_open(n, "12px 24px", NULL);
		tz_out_f(&n->o, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" class=\"tz-tint\" style=\"background-color:%s;border-left:4px solid %s;\"><tr><td style=\"padding:16px 18px;\">",
			 n->th->tint, n->th->green);
		tz_out_s(&n->o, "<p style=\"margin:0 0 10px;letter-spacing:1px;text-transform:uppercase;");
		font(n, 1, 13, "bold", n->th->green);
		tz_out_s(&n->o, "\">&#9733; ");
		tz_out_esc(&n->o, n->c->l->parel);
		tz_out_s(&n->o, "</p>");
		if (f)
			two_columns(n, s, t, f, n->content_width - 40);
		else
			teaser_body(n, s, t, 0);
		tz_out_s(&n->o, "</td></tr></table></td></tr>\n");
		return;
	}
	row_open(n, "16px 24px", NULL);
	if (hero) {
		*had_hero = 1;
		image(n, f, s, n->content_width);
		teaser_body(n, s, t, 12);
	} else if (f) {
		two_columns(n, s, t, f, n->content_width);
	} else {
		teaser_body(n, s, t, 0);
	}
	tz_out_s(&n->o, "</td></tr>\n");
}

/* Events by date (stable), as a table: date | what and where. */
static void agenda(struct nl *n, const struct tz_story **ev, size_t nev, size_t *sizes,
		   size_t *index)
{
	for (size_t i = 1; i < nev; i++) /* insertion sort keeps issue order for equal dates */
		for (size_t k = i; k > 0 && strcmp(ev[k - 1]->event->date, ev[k]->event->date) > 0; k--) {
			const struct tz_story *tmp = ev[k];
			size_t ti = index[k];
			ev[k] = ev[k - 1];
			ev[k - 1] = tmp;
			index[k] = index[k - 1];
			index[k - 1] = ti;
		}
	section_heading(n, n->c->l->agenda, NULL);
	row_open(n, "4px 24px 16px", NULL);
	tz_out_s(&n->o, "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">");
	for (size_t i = 0; i < nev; i++) {
		const struct tz_story *s = ev[i];
		const struct tz_story_text *t = tz_story_text_for(s, n->c->lang);
		size_t before = n->o.t->text.len;
		struct tz_buf date;

		tz_buf_init(&date, 256);
		if (tz_format_date(&date, s->event->date, n->c->lang))
			n->o.failed = 1;
		tz_out_f(&n->o, "<tr><td width=\"130\" valign=\"top\" style=\"width:130px;padding:10px 12px 10px 0;border-top:1px solid #dde3ea;");
		font(n, 1, 14, "bold", n->th->deep);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, date.data);
		if (s->event->time) {
			tz_out_s(&n->o, "<br><span style=\"font-weight:normal;\">");
			tz_out_esc(&n->o, s->event->time);
			tz_out_s(&n->o, "</span>");
		}
		tz_out_s(&n->o, "</td><td valign=\"top\" style=\"padding:10px 0;border-top:1px solid #dde3ea;");
		font(n, 0, 15, "normal", n->th->text);
		tz_out_s(&n->o, "\"><a href=\"");
		story_link(n, s);
		tz_out_f(&n->o, "\" style=\"color:%s;font-weight:bold;text-decoration:none;\">", n->th->text);
		tz_out_esc(&n->o, t->headline);
		tz_out_f(&n->o, "</a><br><span style=\"color:%s;\">", n->th->muted);
		tz_out_esc(&n->o, s->event->place);
		tz_out_s(&n->o, "</span>");
		if (tz_story_teaser(t)) {
			tz_out_s(&n->o, "<br><span style=\"font-size:14px;\">");
			tz_out_runs_html(&n->o, tz_story_teaser(t), NULL);
			tz_out_s(&n->o, "</span>");
		}
		if (s->event->registration) {
			tz_out_s(&n->o, "<br><a href=\"");
			tz_out_esc(&n->o, s->event->registration);
			tz_out_f(&n->o, "\" style=\"color:%s;\">", n->th->accent);
			tz_out_esc(&n->o, n->c->l->register_);
			tz_out_s(&n->o, "</a>");
		}
		tz_out_s(&n->o, "</td></tr>");
		tz_buf_release(&date);
		if (sizes)
			sizes[index[i]] += n->o.t->text.len - before;
	}
	tz_out_s(&n->o, "</table></td></tr>\n");
}

static void head(struct nl *n)
{
	const struct tz_issue *is = n->c->issue;
	const struct tz_theme *th = n->th;

	tz_out_f(&n->o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta name=\"x-apple-disable-message-reformatting\">\n"
		 "<meta name=\"color-scheme\" content=\"light dark\">\n"
		 "<meta name=\"supported-color-schemes\" content=\"light dark\">\n<title>",
		 n->c->lang);
	/* the subject is written in the issue's language */
	tz_out_esc(&n->o, is->subject && !strcmp(n->c->lang, is->lang ? is->lang : "nl")
				  ? is->subject : is->title);
	tz_out_f(&n->o, "</title>\n<style>\n"
		 "@media only screen and (max-width:%dpx){.tz-wrap{width:100%% !important}"
		 ".tz-pad{padding-left:16px !important;padding-right:16px !important}"
		 ".tz-h1{font-size:24px !important}}\n"
		 "@media only screen and (max-width:480px){"
		 ".tz-img{width:100%% !important;height:auto !important}"
		 ".tz-col{display:block !important;width:100%% !important;padding-right:0 !important}}\n"
		 "@media (prefers-color-scheme:dark){.tz-paper{background-color:#16191d !important}"
		 ".tz-paper h2,.tz-paper h3,.tz-paper h3 a,.tz-paper p,.tz-paper td{color:#e4e7eb !important}"
		 ".tz-tint{background-color:#1f2a36 !important}}\n"
		 "</style>\n</head>\n", th->width + 20);
	tz_out_f(&n->o, "<body style=\"margin:0;padding:0;background-color:%s;\">\n", th->background);
	/* hidden preheader, padded so clients do not pull body text into the preview */
	tz_out_f(&n->o, "<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;opacity:0;color:%s;\">",
		 th->background);
	if (is->preheader && !strcmp(n->c->lang, is->lang ? is->lang : "nl"))
		tz_out_esc(&n->o, is->preheader);
	else
		tz_out_esc(&n->o, is->title);
	for (int i = 0; i < 40; i++)
		tz_out_s(&n->o, "&zwnj;&nbsp;");
	tz_out_s(&n->o, "</div>\n");
}

static void masthead(struct nl *n)
{
	const struct tz_issue *is = n->c->issue;
	const struct tz_theme *th = n->th;
	struct tz_buf date;

	tz_out_f(&n->o, "<tr><td class=\"tz-pad\" style=\"padding:0 24px 10px;text-align:right;background-color:%s;\">",
		 th->background);
	tz_out_s(&n->o, "<a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_VIEW_URL);
	tz_out_s(&n->o, "\" style=\"");
	font(n, 0, 12, "normal", th->muted);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, n->c->l->view_in_browser);
	tz_out_f(&n->o, "</a></td></tr>\n<tr><td class=\"tz-pad\" style=\"padding:26px 24px;background-color:%s;\">",
		 th->deep);
	tz_out_s(&n->o, "<p style=\"margin:0;letter-spacing:2px;text-transform:uppercase;");
	font(n, 1, 13, "bold", th->accent);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, th->logo_text);
	tz_out_s(&n->o, "</p><h1 class=\"tz-h1\" style=\"margin:6px 0 0;");
	font(n, 1, 30, "bold", "#ffffff");
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, is->title);
	tz_out_s(&n->o, "</h1><p style=\"margin:6px 0 0;");
	font(n, 0, 14, "normal", "#dbe6f3");
	tz_out_s(&n->o, "\">");
	if (is->edition && !strcmp(n->c->lang, is->lang ? is->lang : "nl")) {
		tz_out_esc(&n->o, is->edition);
	} else {
		tz_out_f(&n->o, "%s %d", n->c->l->issue_number, is->number);
		tz_buf_init(&date, 256);
		if (tz_format_date(&date, is->date, n->c->lang))
			n->o.failed = 1;
		if (date.len) {
			tz_out_s(&n->o, " &middot; ");
			tz_out_esc(&n->o, date.data);
		}
		tz_buf_release(&date);
	}
	tz_out_s(&n->o, "</p></td></tr>\n");
	row_open(n, "24px 24px 0", NULL);
	tz_out_s(&n->o, "<p style=\"margin:0;");
	font(n, 0, 16, "normal", th->text);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, n->c->l->greeting);
	tz_out_s(&n->o, " ");
	tz_out_slot(&n->o, TZ_SLOT_GREETING_NAME);
	tz_out_s(&n->o, ",</p></td></tr>\n");
}

static void footer(struct nl *n)
{
	const struct tz_theme *th = n->th;
	const char *reason = !strcmp(n->c->lang, "en") && th->reason_en ? th->reason_en : th->reason;
	char link[96];

	snprintf(link, sizeof(link), "color:#ffffff;text-decoration:underline;");
	tz_out_f(&n->o, "<tr><td class=\"tz-pad\" style=\"padding:24px;background-color:%s;", th->deep);
	font(n, 0, 13, "normal", "#dbe6f3");
	tz_out_s(&n->o, "\"><p style=\"margin:0 0 8px;\">");
	tz_out_esc(&n->o, th->sender);
	tz_out_s(&n->o, "</p><p style=\"margin:0 0 12px;\">");
	tz_out_esc(&n->o, reason);
	tz_out_s(&n->o, "</p><p style=\"margin:0;\"><a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_UNSUBSCRIBE_URL);
	tz_out_f(&n->o, "\" style=\"%s\">", link);
	tz_out_esc(&n->o, n->c->l->unsubscribe);
	tz_out_s(&n->o, "</a> &middot; <a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_PREFERENCES_URL);
	tz_out_f(&n->o, "\" style=\"%s\">", link);
	tz_out_esc(&n->o, n->c->l->preferences);
	tz_out_s(&n->o, "</a> &middot; <a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_VIEW_URL);
	tz_out_f(&n->o, "\" style=\"%s\">", link);
	tz_out_esc(&n->o, n->c->l->view_in_browser);
	tz_out_s(&n->o, "</a></p></td></tr>\n");
}

int tz_newsletter_html(const struct tz_render_ctx *c, struct tz_template *t, size_t *sizes)
{
	const struct tz_issue *is = c->issue;
	const struct tz_story **ev = NULL;
	size_t *ev_index = NULL, nev = 0, total = 0, k = 0;
	int had_hero = 0;
	struct nl n;
	struct tz_buf fb;

	memset(&n, 0, sizeof(n));
	n.c = c;
	n.th = &c->theme;
	n.o.t = t;
	n.content_width = c->theme.width - 2 * PAD;
	tz_buf_init(&fb, sizeof(n.body) - 1);
	if (tz_html_escape(&fb, c->theme.font_body, strlen(c->theme.font_body)))
		return -1;
	memcpy(n.body, fb.data, fb.len + 1);
	tz_buf_reset(&fb);
	if (tz_html_escape(&fb, c->theme.font_heading, strlen(c->theme.font_heading))) {
		tz_buf_release(&fb);
		return -1;
	}
	memcpy(n.heading, fb.data, fb.len + 1);
	tz_buf_release(&fb);

	for (size_t i = 0; i < is->nsections; i++)
		total += is->sections[i].nstories;
	ev = tz_calloc(total ? total : 1, sizeof(struct tz_story *));
	ev_index = tz_calloc(total ? total : 1, sizeof(*ev_index));
	if (!ev || !ev_index) {
		free(ev);
		free(ev_index);
		return -1;
	}
	head(&n);
	tz_out_f(&n.o, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:%s;\"><tr><td align=\"center\" style=\"padding:12px 8px;\">\n",
		 c->theme.background);
	tz_out_f(&n.o, "<table role=\"presentation\" class=\"tz-wrap tz-paper\" width=\"%d\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%%;max-width:%dpx;background-color:%s;\">\n",
		 c->theme.width, c->theme.width, c->theme.paper);
	masthead(&n);
	for (size_t i = 0; i < is->nsections; i++) {
		const struct tz_section *sec = &is->sections[i];
		int heading = 0;
		for (size_t j = 0; j < sec->nstories; j++, k++) {
			const struct tz_story *s = sec->stories[j];
			size_t before;
			if (tz_story_is_agenda(s)) {
				ev_index[nev] = k;
				ev[nev++] = s;
				continue;
			}
			if (!heading++)
				section_heading(&n, tz_section_title(sec->title, c->lang),
						strcmp(c->lang, is->lang ? is->lang : "nl") ? NULL : sec->intro);
			before = t->text.len;
			teaser(&n, s, &had_hero);
			if (sizes)
				sizes[k] = t->text.len - before;
		}
	}
	if (nev)
		agenda(&n, ev, nev, sizes, ev_index);
	row_open(&n, "8px 24px 24px", NULL);
	tz_out_s(&n.o, "&nbsp;</td></tr>\n");
	footer(&n);
	tz_out_s(&n.o, "</table>\n</td></tr></table>\n</body>\n</html>\n");
	free(ev);
	free(ev_index);
	return n.o.failed ? -1 : 0;
}

