/*
 * contrast.c - WCAG 2.1 contrast of the newsletter theme's colour pairs.
 *
 * Every text colour of the theme is checked against each background it is
 * drawn on, in light and dark mode, when the theme is loaded: a theme edit
 * that makes a text unreadable (the brand orange as text, 3.06:1) stops
 * `techzine html` and `check` with the pair named, instead of shipping.
 */
#include "theme.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

static double channel(const char *hex2)
{
	char b[3] = {hex2[0], hex2[1], 0};
	double v = (double)strtol(b, NULL, 16) / 255.0;
	return v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(const char *rgb)
{
	return 0.2126 * channel(rgb + 1) + 0.7152 * channel(rgb + 3) + 0.0722 * channel(rgb + 5);
}

double tz_contrast_ratio(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

int tz_theme_check_contrast(const struct tz_theme *th, const char *display, struct tz_error *err)
{
	static const char white[] = "#ffffff";
	const struct {
		const char *fg_name, *bg_name;
		size_t fg, bg; /* offsets into the theme; (size_t)-1: white */
		double need;   /* 4.5 text, 3 large text only */
	} pairs[] = {
#define P(f, fn, b, bn, n) {fn, bn, offsetof(struct tz_theme, f), offsetof(struct tz_theme, b), n}
		P(text, "text", paper, "paper", 4.5),
		P(muted, "muted", paper, "paper", 4.5),
		P(muted, "muted", tint, "tint", 4.5),
		P(muted, "muted", background, "background", 4.5),
		P(deep, "deep", paper, "paper", 4.5),
		P(accent_text, "accent-text", paper, "paper", 4.5),
		P(accent_text, "accent-text", tint, "tint", 4.5),
		P(green_text, "green-text", tint, "tint", 4.5),
		P(accent_on_deep, "accent-on-deep", deep, "deep", 4.5),
		P(on_deep, "on-deep", deep, "deep", 4.5),
		P(dark_text, "dark-text", dark_paper, "dark-paper", 4.5),
		P(dark_text, "dark-text", dark_tint, "dark-tint", 4.5),
		P(dark_muted, "dark-muted", dark_paper, "dark-paper", 4.5),
		P(dark_muted, "dark-muted", dark_tint, "dark-tint", 4.5),
		P(dark_muted, "dark-muted", dark_background, "dark-background", 4.5),
		P(dark_accent, "dark-accent", dark_paper, "dark-paper", 4.5),
		P(dark_accent, "dark-accent", dark_tint, "dark-tint", 4.5),
		P(dark_green, "dark-green", dark_tint, "dark-tint", 4.5),
		P(dark_heading, "dark-heading", dark_paper, "dark-paper", 4.5),
		P(dark_link, "dark-link", dark_paper, "dark-paper", 4.5),
		P(on_deep, "on-deep", dark_deep, "dark-deep", 4.5),
		P(accent_on_deep, "accent-on-deep", dark_deep, "dark-deep", 4.5),
#undef P
		{"white", "deep", (size_t)-1, offsetof(struct tz_theme, deep), 4.5},
		{"white", "dark-deep", (size_t)-1, offsetof(struct tz_theme, dark_deep), 4.5},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const char *fg = pairs[i].fg == (size_t)-1 ? white : (const char *)th + pairs[i].fg;
		const char *bg = (const char *)th + pairs[i].bg;
		double r = tz_contrast_ratio(fg, bg);
		if (r < pairs[i].need)
			return tz_error_set(err, TZ_ERR_CONTENT, display, 0,
					    "newsletter colour '%s' %s on '%s' %s has contrast %.2f:1; "
					    "WCAG AA needs %.1f:1 (use a darker or lighter shade)",
					    pairs[i].fg_name, fg, pairs[i].bg_name, bg, r, pairs[i].need);
	}
	return 0;
}
