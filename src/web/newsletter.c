/*
 * newsletter.c - the HTML of the e-mail edition: head, masthead, footer and
 * the order of the blocks (the blocks themselves are in nl_blocks.c).
 *
 * E-mail clients ignore or strip most CSS, so every style is inline and the
 * page works without the <style> block, which holds only the phone tweaks
 * and dark mode. The paper is a fluid-hybrid 600 px column (max-width on a
 * div, a fixed 600 px ghost table for Outlook for Windows, whose Word engine
 * ignores max-width), every text carries the class of its colour role so
 * the dark rules reach it (nl.h), and the colours are the theme's text
 * shades, which pass WCAG AA. Everything a reader wrote goes through
 * tz_html_escape; per-recipient values are template slots, never text
 * markers, so a story containing "{{name}}" stays just that.
 */
#include "nl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

static int is_issue_lang(const struct nl *n)
{
	const struct tz_issue *is = n->c->issue;
	return !strcmp(n->c->lang, is->lang ? is->lang : "nl");
}

/* The dark rules, once for prefers-color-scheme and once for Outlook.com,
 * which marks elements it darkens with data-ogsc (text) / data-ogsb
 * (backgrounds) instead of supporting the media query. */
static void dark_rules(struct nl *n, const char *p, const char *pb)
{
	const struct tz_theme *th = n->th;
	tz_out_f(&n->o,
		 "%s.tz-bg{background-color:%s !important}%s.tz-paper{background-color:%s !important}"
		 "%s.tz-tint{background-color:%s !important}%s.tz-deep{background-color:%s !important}"
		 "%s.tz-bar{background-color:%s !important}"
		 "%s.tz-t,%s.tz-t a{color:%s !important}%s.tz-m{color:%s !important}"
		 "%s.tz-a{color:%s !important}%s.tz-g{color:%s !important}%s.tz-h{color:%s !important}"
		 "%sp.tz-t a{color:%s !important}%s.tz-rule{border-color:%s !important}",
		 pb, th->dark_background, pb, th->dark_paper, pb, th->dark_tint, pb, th->dark_deep,
		 pb, th->dark_accent, p, p, th->dark_text, p, th->dark_muted, p, th->dark_accent, p,
		 th->dark_green, p, th->dark_heading, p, th->dark_link, p, th->dark_rule);
}

static void preheader_text(struct nl *n)
{
	const struct tz_issue *is = n->c->issue;
	int k = 0;

	if (is->preheader && is_issue_lang(n)) {
		tz_out_esc(&n->o, is->preheader);
		return;
	}
	/* another language: the first headlines written in it */
	for (size_t i = 0; i < is->nsections && k < 3; i++)
		for (size_t j = 0; j < is->sections[i].nstories && k < 3; j++) {
			const struct tz_story *s = is->sections[i].stories[j];
			const struct tz_story_text *t = tz_story_text_for(s, n->c->lang);
			if (tz_story_is_agenda(s) || !t->lang || strcmp(t->lang, n->c->lang))
				continue;
			tz_out_s(&n->o, k++ ? " &middot; " : "");
			tz_out_esc(&n->o, t->headline);
		}
	if (!k)
		tz_out_esc(&n->o, is->title);
}

static void head(struct nl *n, const char *title)
{
	const struct tz_theme *th = n->th;

	tz_out_f(&n->o, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"ltr\" xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta name=\"x-apple-disable-message-reformatting\">\n"
		 "<meta name=\"format-detection\" content=\"telephone=no, date=no, address=no, email=no\">\n"
		 "<meta name=\"color-scheme\" content=\"light dark\">\n"
		 "<meta name=\"supported-color-schemes\" content=\"light dark\">\n<title>",
		 n->c->lang);
	tz_out_esc(&n->o, title);
	/* Outlook for Windows: 96 dpi, or it scales every px size on high-DPI screens */
	tz_out_s(&n->o, "</title>\n<!--[if mso]><noscript><xml><o:OfficeDocumentSettings>"
		 "<o:AllowPNG/><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings>"
		 "</xml></noscript><![endif]-->\n<style>\n");
	tz_out_f(&n->o, "@media only screen and (max-width:%dpx){"
		 ".tz-pad{padding-left:16px !important;padding-right:16px !important}"
		 ".tz-h1{font-size:26px !important}}\n"
		 "@media only screen and (max-width:480px){"
		 ".tz-col{max-width:100%% !important}"
		 ".tz-col .tz-img{max-width:100%% !important}}\n"
		 ":root{color-scheme:light dark;supported-color-schemes:light dark}\n"
		 "@media (prefers-color-scheme:dark){",
		 th->width + 20);
	dark_rules(n, "", "");
	tz_out_s(&n->o, "}\n");
	dark_rules(n, "[data-ogsc] ", "[data-ogsb] ");
	tz_out_s(&n->o, "\n</style>\n</head>\n");
	tz_out_f(&n->o, "<body class=\"tz-bg\" style=\"margin:0;padding:0;word-spacing:normal;background-color:%s;\">\n",
		 th->background);
	/* the wrapper repeats lang (webmail drops <html>) and is the main
	 * landmark: everything a reader sees is inside it */
	tz_out_s(&n->o, "<div role=\"main\" aria-label=\"");
	tz_out_esc(&n->o, title);
	tz_out_f(&n->o, "\" lang=\"%s\" dir=\"ltr\" class=\"tz-bg\" style=\"background-color:%s;\">\n",
		 n->c->lang, th->background);
	/* hidden preheader, padded so clients do not pull body text into the preview */
	tz_out_s(&n->o, "<div style=\"display:none;max-height:0;max-width:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;\">");
	preheader_text(n);
	for (int i = 0; i < 40; i++)
		tz_out_s(&n->o, "&zwnj;&nbsp;");
	tz_out_s(&n->o, "</div>\n");
}

/* A link with a finger-sized target (44 px with its padding). */
static void small_link_style(struct nl *n, const char *colour)
{
	tz_out_s(&n->o, "display:inline-block;padding:11px 0;");
	nl_font(n, 0, 14, "normal", colour);
	tz_out_s(&n->o, "text-decoration:underline;");
}

static void masthead(struct nl *n)
{
	const struct tz_issue *is = n->c->issue;
	const struct tz_theme *th = n->th;
	struct tz_buf date;

	tz_out_s(&n->o, "<tr><td class=\"tz-pad tz-bg\" style=\"padding:0 24px;text-align:right;background-color:");
	tz_out_s(&n->o, th->background);
	tz_out_s(&n->o, ";\"><a class=\"tz-m\" href=\"");
	tz_out_slot(&n->o, TZ_SLOT_VIEW_URL);
	tz_out_s(&n->o, "\" style=\"");
	small_link_style(n, th->muted);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, n->c->l->view_in_browser);
	tz_out_f(&n->o, "</a></td></tr>\n<tr><td class=\"tz-pad tz-deep\" style=\"padding:26px 24px;background-color:%s;\">",
		 th->deep);
	tz_out_s(&n->o, "<p lang=\"en\" style=\"margin:0;letter-spacing:2px;text-transform:uppercase;");
	nl_font(n, 1, 14, "bold", th->accent_on_deep);
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, th->logo_text);
	tz_out_s(&n->o, "</p><h1 class=\"tz-h1\" style=\"margin:6px 0 0;");
	nl_font(n, 1, 30, "bold", "#ffffff");
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, is->title);
	tz_out_s(&n->o, "</h1><p style=\"margin:6px 0 0;");
	nl_font(n, 0, 15, "normal", th->on_deep);
	tz_out_s(&n->o, "\">");
	if (is->edition && is_issue_lang(n)) {
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
	nl_row_open(n, "24px 24px 0");
	tz_out_s(&n->o, "<p class=\"tz-t\" style=\"margin:0;");
	nl_font(n, 0, 16, "normal", th->text);
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

	tz_out_f(&n->o, "<tr><td class=\"tz-pad tz-deep tz-footer\" style=\"padding:24px;background-color:%s;",
		 th->deep);
	nl_font(n, 0, 14, "normal", th->on_deep);
	/* the postal address is Dutch in every edition */
	tz_out_s(&n->o, "\"><p lang=\"nl\" style=\"margin:0 0 8px;\">");
	tz_out_esc(&n->o, th->sender);
	tz_out_s(&n->o, "</p><p style=\"margin:0 0 4px;\">");
	tz_out_esc(&n->o, reason);
	tz_out_s(&n->o, "</p><p style=\"margin:0;\"><a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_UNSUBSCRIBE_URL);
	tz_out_s(&n->o, "\" style=\"");
	small_link_style(n, "#ffffff");
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, n->c->l->unsubscribe);
	tz_out_s(&n->o, "</a> &middot; <a href=\"");
	tz_out_slot(&n->o, TZ_SLOT_PREFERENCES_URL);
	tz_out_s(&n->o, "\" style=\"");
	small_link_style(n, "#ffffff");
	tz_out_s(&n->o, "\">");
	tz_out_esc(&n->o, n->c->l->preferences);
	tz_out_s(&n->o, "</a></p></td></tr>\n");
}

static int fonts(struct nl *n)
{
	struct tz_buf fb;
	int rc = -1;

	tz_buf_init(&fb, sizeof(n->body) - 1);
	if (tz_html_escape(&fb, n->th->font_body, strlen(n->th->font_body)))
		goto out;
	memcpy(n->body, fb.data, fb.len + 1);
	tz_buf_reset(&fb);
	if (tz_html_escape(&fb, n->th->font_heading, strlen(n->th->font_heading)))
		goto out;
	memcpy(n->heading, fb.data, fb.len + 1);
	rc = 0;
out:
	tz_buf_release(&fb);
	return rc;
}

static void sections(struct nl *n, const struct tz_story **ev, size_t *ev_index, size_t *nev,
		     size_t *sizes)
{
	const struct tz_issue *is = n->c->issue;
	int had_hero = 0;
	size_t k = 0;

	for (size_t i = 0; i < is->nsections; i++) {
		const struct tz_section *sec = &is->sections[i];
		const char *title = tz_section_title(sec->title, n->c->lang);
		int heading = 0;
		for (size_t j = 0; j < sec->nstories; j++, k++) {
			const struct tz_story *s = sec->stories[j];
			size_t before;
			if (tz_story_is_agenda(s)) {
				ev_index[*nev] = k;
				ev[(*nev)++] = s;
				continue;
			}
			if (!heading++)
				nl_section_heading(n, title,
						   title == sec->title && !is_issue_lang(n)
							   ? (is->lang ? is->lang : "nl")
							   : NULL,
						   is_issue_lang(n) ? sec->intro : NULL);
			before = n->o.t->text.len;
			nl_teaser(n, s, title, &had_hero);
			if (sizes)
				sizes[k] = n->o.t->text.len - before;
		}
	}
}

int tz_newsletter_html(const struct tz_render_ctx *c, struct tz_template *t, size_t *sizes)
{
	const struct tz_issue *is = c->issue;
	const struct tz_story **ev = NULL;
	size_t *ev_index = NULL, nev = 0, total = 0;
	char *title;
	struct nl n;

	memset(&n, 0, sizeof(n));
	n.c = c;
	n.th = &c->theme;
	n.o.t = t;
	n.content_width = c->theme.width - 2 * NL_PAD;
	if (fonts(&n))
		return -1;
	for (size_t i = 0; i < is->nsections; i++)
		total += is->sections[i].nstories;
	ev = tz_calloc(total ? total : 1, sizeof(struct tz_story *));
	ev_index = tz_calloc(total ? total : 1, sizeof(*ev_index));
	title = tz_edition_subject(is, c->lang);
	if (!ev || !ev_index || !title) {
		free(ev);
		free(ev_index);
		free(title);
		return -1;
	}
	head(&n, title);
	free(title);
	/* Outlook gets a fixed 600 px table; everyone else a div with max-width */
	tz_out_f(&n.o, "<!--[if mso]><table role=\"presentation\" width=\"%d\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td><![endif]-->\n"
		 "<div style=\"max-width:%dpx;margin:0 auto;padding:8px 0 16px;\">\n",
		 c->theme.width, c->theme.width);
	tz_out_f(&n.o, "<table role=\"presentation\" class=\"tz-paper\" width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%%;background-color:%s;\">\n",
		 c->theme.paper);
	masthead(&n);
	sections(&n, ev, ev_index, &nev, sizes);
	if (nev)
		nl_agenda(&n, ev, nev, sizes, ev_index);
	footer(&n);
	tz_out_s(&n.o, "</table>\n</div>\n<!--[if mso]></td></tr></table><![endif]-->\n</div>\n</body>\n</html>\n");
	free(ev);
	free(ev_index);
	return n.o.failed ? -1 : 0;
}
