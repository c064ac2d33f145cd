/*
 * edition.h - the newsletter edition of one issue in one language, as the
 * sender consumes it: subject, preheader, and the HTML and plain-text bodies
 * as templates with per-recipient slots. Produced by the web renderer.
 */
#ifndef TZ_EDITION_H
#define TZ_EDITION_H

#include "template.h"
#include "../model/model.h"
#include "../util/error.h"

struct tz_edition {
	char *lang;      /* "nl" or "en" */
	char *subject;   /* UTF-8, no CR/LF */
	char *preheader; /* may be NULL */
	struct tz_template html;
	struct tz_template text;
};

struct tz_edition_options {
	const char *lang;     /* NULL: the issue's language */
	const char *base_url; /* NULL: the issue's mail base-url */
};

/* Render the newsletter edition (web/newsletter.c). */
int tz_edition_render(const struct tz_issue *issue, const struct tz_edition_options *opt,
		      struct tz_edition *ed, struct tz_error *err);
void tz_edition_release(struct tz_edition *ed);

#endif
