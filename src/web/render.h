/*
 * render.h - internal to src/web: the settings every edition renderer
 * shares (issue, language, public base URL, labels, theme), and the two
 * renderers of the e-mail edition. tz_edition_render (newsletter.c) ties
 * them together.
 */
#ifndef TZ_RENDER_H
#define TZ_RENDER_H

#include <stddef.h>

#include "edition.h"
#include "template.h"
#include "theme.h"
#include "webcommon.h"

struct tz_render_ctx {
	const struct tz_issue *issue;
	char lang[3];  /* edition language */
	char *base;    /* public base URL without trailing '/' (malloc'd) */
	const struct tz_labels *l;
	struct tz_theme theme;
	/* click counting (clicklinks.c); NULL when the issue does not count */
	char *click_prefix;       /* the list server's origin, malloc'd */
	const char *click_secret; /* borrowed */
};

int tz_render_ctx_init(struct tz_render_ctx *c, const struct tz_issue *issue,
		       const struct tz_edition_options *opt, struct tz_error *err);
void tz_render_ctx_release(struct tz_render_ctx *c);

/* Story kinds with their own block in the newsletter. */
int tz_story_is_agenda(const struct tz_story *s);

/* HTML e-mail; when sizes is not NULL, sizes[i] gets the bytes of the i-th
 * story of the issue (sections in order). */
int tz_newsletter_html(const struct tz_render_ctx *c, struct tz_template *t, size_t *sizes);
/* Plain-text e-mail. */
int tz_newsletter_text(const struct tz_render_ctx *c, struct tz_template *t);

/* Click counting (clicklinks.c). Setup reads the issue's track-clicks and
 * click-base and, with need_secret, TECHZINE_TOKEN_SECRET (without it a
 * placeholder of the same length: sizes only). */
int tz_click_setup(struct tz_render_ctx *c, int need_secret, struct tz_error *err);
/* Append url, or its counting link when the edition counts clicks. */
int tz_click_link(const struct tz_render_ctx *c, const char *url, struct tz_buf *out);
/* Map every href="http(s)..." in t's literal text through tz_click_link. */
int tz_click_rewrite_html(const struct tz_render_ctx *c, struct tz_template *t);

#endif
