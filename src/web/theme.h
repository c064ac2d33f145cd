/*
 * theme.h - the newsletter theme (layouts/<name>.xml, <newsletter-theme>):
 * width, font stacks, colours, logo text and the legally required footer
 * texts. Loaded with the secure XML parser and validated against
 * schema/layout.rng; every value that ends up in a style attribute is
 * checked here, so the renderers can paste colours and fonts as they are.
 */
#ifndef TZ_THEME_H
#define TZ_THEME_H

#include "../model/model.h"
#include "../util/error.h"

struct tz_theme {
	int width; /* e-mail body width in px (320..800) */
	char *font_body, *font_heading; /* CSS font stacks, checked */
	/* "#rrggbb" */
	char text[8], muted[8], accent[8], deep[8], green[8], tint[8];
	char background[8], paper[8];
	/* text shades of the brand colours that pass WCAG AA (4.5:1): the
	 * brand colours themselves stay for rules, bars and blocks */
	char accent_text[8], green_text[8], accent_on_deep[8], on_deep[8], rule[8];
	/* dark mode (prefers-color-scheme: dark and Outlook.com's data-ogsc) */
	char dark_background[8], dark_paper[8], dark_tint[8], dark_deep[8];
	char dark_text[8], dark_muted[8], dark_accent[8], dark_green[8], dark_heading[8],
		dark_link[8], dark_rule[8];
	char *logo_text;
	char *sender;    /* postal address of the sender (required by law) */
	char *reason;    /* why the reader receives this (nl) */
	char *reason_en; /* may be NULL */
};

/* Load layouts/<issue->newsletter_theme>.xml from the issue's project
 * folder. The caller releases th with tz_theme_release. */
int tz_theme_load(const struct tz_issue *issue, struct tz_theme *th, struct tz_error *err);
void tz_theme_release(struct tz_theme *th);

/* WCAG 2.1 contrast ratio of two "#rrggbb" colours (1..21). */
double tz_contrast_ratio(const char *a, const char *b);
/* Every text colour against each background it is drawn on (light and
 * dark) reaches WCAG AA 4.5:1; else -1 with err naming the pair
 * (contrast.c). tz_theme_load calls it. */
int tz_theme_check_contrast(const struct tz_theme *th, const char *display, struct tz_error *err);

/* Is s a safe CSS font stack (letters, digits, space, comma, quote, dash)? */
int tz_theme_font_ok(const char *s);

/* The footer's postal address from the issue's colophon (sender.c). */
int tz_theme_sender_from_colophon(const struct tz_issue *issue, struct tz_theme *th,
				  struct tz_error *err);

#endif
