/*
 * nl.h - internal to the e-mail HTML (newsletter.c, nl_blocks.c): the
 * writer state and the small emitters both files use.
 *
 * Class names carry the colour roles so the dark-mode rules reach every
 * text: tz-t text, tz-m muted, tz-a accent text, tz-g green text, tz-h
 * headings, tz-od text on the deep blue; backgrounds tz-bg, tz-paper,
 * tz-tint, tz-deep, tz-bar; tz-col a fluid-hybrid column.
 */
#ifndef TZ_NL_H
#define TZ_NL_H

#include "render.h"

#define NL_PAD 24 /* horizontal padding of the content cells, px */

struct nl {
	const struct tz_render_ctx *c;
	const struct tz_theme *th;
	struct tz_out o;
	int content_width;
	char body[512], heading[512]; /* escaped font stacks */
};

/* font-family ... color: declarations (inside a style attribute). */
void nl_font(struct nl *n, int heading, int size, const char *weight, const char *colour);
/* <tr><td class="tz-pad" style="padding:..."> */
void nl_row_open(struct nl *n, const char *padding);
/* The story's web page URL, escaped. */
void nl_story_link(struct nl *n, const struct tz_story *s);
/* lang="xx" when text in lang differs from the edition's. */
void nl_lang_attr(struct nl *n, const char *lang);
/* A section heading: h2 over a rule in the accent colour; title_lang is
 * the title's language (NULL: the edition's). */
void nl_section_heading(struct nl *n, const char *title, const char *title_lang,
			const char *intro);
/* One story teaser; the first story with a picture gets it full width. */
void nl_teaser(struct nl *n, const struct tz_story *s, const char *section_title, int *had_hero);
/* The agenda: events by date. sizes/index as tz_newsletter_html's sizes. */
void nl_agenda(struct nl *n, const struct tz_story **ev, size_t nev, size_t *sizes,
	       size_t *index);

#endif
