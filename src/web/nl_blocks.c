/*
 * nl_blocks.c - the story blocks of the e-mail HTML: teasers (hero, picture
 * beside text, parel spotlight), key figures as bars, the agenda.
 *
 * Fluid-hybrid: two columns are inline-blocks with a max-width, side by
 * side when the mail is 600 px wide and stacked on a phone without any CSS
 * (clients that drop <style> get a phone layout, not a squeezed desktop);
 * Outlook for Windows, which knows neither inline-block nor max-width, gets
 * the same columns from ghost tables in conditional comments.
 */
#include "nl.h"
#include "mailimage.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/banned.h"

void nl_font(struct nl *n, int heading, int size, const char *weight, const char *colour)
{
	tz_out_f(&n->o, "font-family:%s;font-size:%dpx;line-height:%s;font-weight:%s;color:%s;",
		 heading ? n->heading : n->body, size, heading ? "1.25" : "1.5", weight, colour);
}

void nl_row_open(struct nl *n, const char *padding)
{
	tz_out_f(&n->o, "<tr><td class=\"tz-pad\" style=\"padding:%s;\">", padding);
}

void nl_story_link(struct nl *n, const struct tz_story *s)
{
	struct tz_buf u;

	tz_buf_init(&u, 0);
	if (tz_story_url(&u, n->c->base, n->c->issue, n->c->lang, s->id))
		n->o.failed = 1;
	tz_out_esc(&n->o, u.data);
	tz_buf_release(&u);
}

void nl_lang_attr(struct nl *n, const char *lang)
{
	if (lang && strcmp(lang, n->c->lang))
		tz_out_f(&n->o, " lang=\"%s\"", !strcmp(lang, "en") ? "en" : "nl");
}

/* Two fluid-hybrid columns: open, between, close. */
static void cols_open(struct nl *n, int left)
{
	tz_out_f(&n->o, "<!--[if mso]><table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td width=\"%d\" valign=\"top\"><![endif]-->"
		 "<div class=\"tz-col\" style=\"display:inline-block;width:100%%;max-width:%dpx;vertical-align:top;\">",
		 left, left);
}

static void cols_mid(struct nl *n, int right)
{
	tz_out_f(&n->o, "</div><!--[if mso]></td><td width=\"%d\" valign=\"top\"><![endif]-->"
		 "<div class=\"tz-col\" style=\"display:inline-block;width:100%%;max-width:%dpx;vertical-align:top;\">",
		 right, right);
}

static void cols_close(struct nl *n)
{
	tz_out_s(&n->o, "</div><!--[if mso]></td></tr></table><![endif]-->");
}

/* The picture: not a link (the headline is the story's one link), so its
 * long alt text is read as a description, not as a link name. */
static void image(struct nl *n, const struct tz_figure *f, int max)
{
	struct tz_buf path;
	int w, h;

	tz_image_fit(&f->image, max, &w, &h);
	tz_buf_init(&path, 0);
	if (tz_image_mail_path(&path, n->c->issue, &f->image, w))
		n->o.failed = 1;
	tz_out_s(&n->o, "<img src=\"");
	tz_out_esc(&n->o, n->c->base);
	tz_out_s(&n->o, "/");
	tz_out_esc(&n->o, path.data);
	tz_out_f(&n->o, "\" width=\"%d\" height=\"%d\" alt=\"", w, h);
	tz_out_esc(&n->o, f->alt ? f->alt : "");
	tz_out_f(&n->o, "\" class=\"tz-img\" style=\"display:block;width:100%%;max-width:%dpx;"
		 "height:auto;border:0;outline:none;text-decoration:none;\">", w);
	tz_buf_release(&path);
}

void nl_section_heading(struct nl *n, const char *title, const char *title_lang,
			const char *intro)
{
	nl_row_open(n, "28px 24px 4px");
	tz_out_f(&n->o, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td style=\"padding:0 0 6px;border-bottom:3px solid %s;\"><h2 class=\"tz-h\"",
		 n->th->accent);
	nl_lang_attr(n, title_lang); /* a title without an English name stays Dutch */
	tz_out_s(&n->o, " style=\"margin:0;");
	nl_font(n, 1, 20, "bold", n->th->deep);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, title);
	tz_out_s(&n->o, "</h2></td></tr></table>");
	if (intro) {
		tz_out_s(&n->o, "<p class=\"tz-m\" style=\"margin:8px 0 0;font-style:italic;");
		nl_font(n, 0, 15, "normal", n->th->muted);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, intro);
		tz_out_s(&n->o, "</p>");
	}
	tz_out_s(&n->o, "</td></tr>\n");
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
		tz_out_s(&n->o, "<p class=\"tz-h\" style=\"margin:12px 0 4px;");
		nl_font(n, 1, 15, "bold", n->th->deep);
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
		tz_out_s(&n->o, "<tr><td class=\"tz-t\" style=\"padding:8px 0 3px;");
		nl_font(n, 0, 15, "normal", n->th->text);
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
			tz_out_f(&n->o, " <span class=\"tz-m\" style=\"color:%s;\">", n->th->muted);
			tz_out_esc(&n->o, k->note);
			tz_out_s(&n->o, "</span>");
		}
		tz_out_s(&n->o, "</td></tr>");
		if (bars) /* the bar is decoration: the figure is in the text above */
			tz_out_f(&n->o, "<tr><td aria-hidden=\"true\"><table role=\"presentation\" width=\"%d%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:%d%%;\"><tr><td class=\"tz-bar\" height=\"12\" style=\"height:12px;background-color:%s;font-size:0;line-height:0;\">&nbsp;</td></tr></table></td></tr>",
				 pct, pct, n->th->accent);
		tz_buf_release(&num);
	}
	tz_out_s(&n->o, "</table>");
	if (b->source) {
		tz_out_s(&n->o, "<p class=\"tz-m\" style=\"margin:0 0 12px;");
		nl_font(n, 0, 14, "normal", n->th->muted);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, b->source);
		tz_out_s(&n->o, "</p>");
	}
}

static void company_facts(struct nl *n, const struct tz_company *co, const char *lang)
{
	tz_out_s(&n->o, "<p class=\"tz-m\"");
	nl_lang_attr(n, lang);
	tz_out_s(&n->o, " style=\"margin:0 0 8px;");
	nl_font(n, 0, 14, "normal", n->th->muted);
	tz_out_s(&n->o, "\"><strong>");
	tz_out_esc(&n->o, co->name);
	tz_out_s(&n->o, "</strong>");
	if (co->sector) {
		tz_out_s(&n->o, " &middot; ");
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

/* The kicker, unless it only repeats the section title (Voorwoord). */
static int kicker_shown(const struct tz_story_text *t, const char *section_title)
{
	return t->kicker && !(section_title && strcasecmp(t->kicker, section_title) == 0);
}

/* Kicker, headline (the story's one link), company facts, lead, figures. */
static void teaser_body(struct nl *n, const struct tz_story *s, const struct tz_story_text *t,
			const char *section_title, int top)
{
	const struct tz_runs *lead = tz_story_teaser(t);
	int kicker = kicker_shown(t, section_title);
	char ls[64];

	if (kicker) {
		tz_out_f(&n->o, "<p class=\"tz-a\" style=\"margin:%dpx 0 2px;letter-spacing:1px;text-transform:uppercase;", top);
		nl_font(n, 1, 14, "bold", n->th->accent_text);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, t->kicker);
		tz_out_s(&n->o, "</p>");
	}
	tz_out_f(&n->o, "<h3 style=\"margin:%dpx 0 8px;", kicker ? 2 : top);
	nl_font(n, 1, top ? 22 : 20, "bold", n->th->text);
	tz_out_s(&n->o, "\"><a class=\"tz-t\" href=\"");
	nl_story_link(n, s);
	tz_out_f(&n->o, "\" style=\"display:block;padding:2px 0;color:%s;text-decoration:none;\">",
		 n->th->text);
	tz_out_esc(&n->o, t->headline);
	tz_out_s(&n->o, "</a></h3>");
	if (s->company)
		company_facts(n, s->company, s->text.lang);
	if (lead) {
		tz_out_s(&n->o, "<p class=\"tz-t\" style=\"margin:0 0 10px;");
		nl_font(n, 0, 16, "normal", n->th->text);
		tz_out_s(&n->o, "\">");
		snprintf(ls, sizeof(ls), "color:%s;text-decoration:underline;", n->th->deep);
		tz_out_runs_html(&n->o, lead, ls);
		tz_out_s(&n->o, "</p>");
	}
	if (s->kind == TZ_KIND_FIGURES) {
		const struct tz_block *kf = tz_story_keyfigures(t);
		if (!kf)
			kf = tz_story_keyfigures(&s->text);
		if (kf)
			keyfigure_bars(n, kf);
	}
}

/* Picture left, text right on a wide screen; stacked on a phone. */
static void two_columns(struct nl *n, const struct tz_story *s, const struct tz_story_text *t,
			const struct tz_figure *f, const char *section_title, int width)
{
	int thumb = width >= 480 ? 168 : 120, left = thumb + 16;

	cols_open(n, left);
	tz_out_s(&n->o, "<div style=\"padding:4px 16px 8px 0;\">");
	image(n, f, thumb);
	tz_out_s(&n->o, "</div>");
	cols_mid(n, width - left);
	teaser_body(n, s, t, section_title, 0);
	cols_close(n);
}

void nl_teaser(struct nl *n, const struct tz_story *s, const char *section_title, int *had_hero)
{
	const struct tz_story_text *t = tz_story_text_for(s, n->c->lang);
	const struct tz_figure *f = s->kind == TZ_KIND_FIGURES ? NULL : tz_story_figure(s, t);
	int hero = f && !*had_hero && s->kind != TZ_KIND_PAREL;

	nl_row_open(n, s->kind == TZ_KIND_PAREL ? "12px 24px" : "16px 24px");
	tz_out_s(&n->o, "<div");
	nl_lang_attr(n, t->lang); /* a story without a translation keeps its language */
	tz_out_s(&n->o, ">");
	if (s->kind == TZ_KIND_PAREL) {
		tz_out_f(&n->o, "<table role=\"presentation\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td class=\"tz-tint\" style=\"padding:16px 18px;background-color:%s;border-left:4px solid %s;\">",
			 n->th->tint, n->th->green);
		tz_out_s(&n->o, "<p class=\"tz-g\" style=\"margin:0 0 10px;letter-spacing:1px;text-transform:uppercase;");
		nl_font(n, 1, 14, "bold", n->th->green_text);
		tz_out_s(&n->o, "\"><span aria-hidden=\"true\">&#9733; </span>");
		tz_out_esc(&n->o, n->c->l->parel);
		tz_out_s(&n->o, "</p>");
		if (f)
			two_columns(n, s, t, f, section_title, n->content_width - 40);
		else
			teaser_body(n, s, t, section_title, 0);
		tz_out_s(&n->o, "</td></tr></table>");
	} else if (hero) {
		*had_hero = 1;
		image(n, f, n->content_width);
		teaser_body(n, s, t, section_title, 12);
	} else if (f) {
		two_columns(n, s, t, f, section_title, n->content_width);
	} else {
		teaser_body(n, s, t, section_title, 0);
	}
	tz_out_s(&n->o, "</div></td></tr>\n");
}

static void sort_events(const struct tz_story **ev, size_t nev, size_t *index)
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
}

/* One event: date | what and where, as fluid-hybrid columns. */
static void event(struct nl *n, const struct tz_story *s)
{
	const struct tz_story_text *t = tz_story_text_for(s, n->c->lang);
	struct tz_buf date;

	tz_buf_init(&date, 256);
	if (tz_format_date(&date, s->event->date, n->c->lang))
		n->o.failed = 1;
	tz_out_f(&n->o, "<div class=\"tz-rule\" style=\"border-top:1px solid %s;padding:10px 0;\"", n->th->rule);
	nl_lang_attr(n, t->lang);
	tz_out_s(&n->o, ">");
	cols_open(n, 142);
	tz_out_s(&n->o, "<p class=\"tz-h\" style=\"margin:0 12px 4px 0;");
	nl_font(n, 1, 15, "bold", n->th->deep);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, date.data);
	if (s->event->time) {
		tz_out_s(&n->o, "<br><span style=\"font-weight:normal;\">");
		tz_out_esc(&n->o, s->event->time);
		tz_out_s(&n->o, "</span>");
	}
	tz_out_s(&n->o, "</p>");
	cols_mid(n, n->content_width - 142);
	tz_out_s(&n->o, "<p class=\"tz-t\" style=\"margin:0;");
	nl_font(n, 0, 15, "normal", n->th->text);
	tz_out_s(&n->o, "\"><a class=\"tz-t\" href=\"");
	nl_story_link(n, s);
	tz_out_f(&n->o, "\" style=\"color:%s;font-weight:bold;text-decoration:none;\">", n->th->text);
	tz_out_esc(&n->o, t->headline);
	tz_out_f(&n->o, "</a><br><span class=\"tz-m\" style=\"color:%s;\">", n->th->muted);
	tz_out_esc(&n->o, s->event->place);
	tz_out_s(&n->o, "</span>");
	if (tz_story_teaser(t)) {
		tz_out_s(&n->o, "<br>");
		tz_out_runs_html(&n->o, tz_story_teaser(t), NULL);
	}
	tz_out_s(&n->o, "</p>");
	if (s->event->registration) {
		tz_out_s(&n->o, "<p style=\"margin:0;\"><a class=\"tz-a\" href=\"");
		tz_out_esc(&n->o, s->event->registration);
		tz_out_f(&n->o, "\" style=\"display:inline-block;padding:8px 0;color:%s;", n->th->accent_text);
		nl_font(n, 0, 15, "bold", n->th->accent_text);
		tz_out_s(&n->o, "\">");
		tz_out_esc(&n->o, n->c->l->register_);
		tz_out_s(&n->o, "<span style=\"position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);\">: ");
		tz_out_esc(&n->o, t->headline);
		tz_out_s(&n->o, "</span></a></p>");
	}
	cols_close(n);
	tz_out_s(&n->o, "</div>");
	tz_buf_release(&date);
}

void nl_agenda(struct nl *n, const struct tz_story **ev, size_t nev, size_t *sizes,
	       size_t *index)
{
	sort_events(ev, nev, index);
	nl_section_heading(n, n->c->l->agenda, NULL, NULL);
	nl_row_open(n, "4px 24px 16px");
	for (size_t i = 0; i < nev; i++) {
		size_t before = n->o.t->text.len;
		event(n, ev[i]);
		if (sizes)
			sizes[index[i]] += n->o.t->text.len - before;
	}
	tz_out_s(&n->o, "</td></tr>\n");
}
