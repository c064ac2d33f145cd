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

/*
 * Filling the slots (the sender, once per recipient, with tz_template_fill
 * on ed->html and ed->text; values are plain text, the HTML template escapes
 * them itself):
 *   TZ_SLOT_GREETING_NAME  the name after "Beste " / "Dear " and before ",".
 *                          Never leave it empty: pass
 *                          tz_edition_greeting_name(ed, subscriber_name),
 *                          which gives the name, or "lezer" / "reader" when
 *                          the name is NULL, empty or blank, so the line reads
 *                          "Beste lezer," / "Dear reader,".
 *   TZ_SLOT_UNSUBSCRIBE_URL  the personal one-click unsubscribe URL (footer).
 *   TZ_SLOT_PREFERENCES_URL  the personal preferences URL (footer).
 *   TZ_SLOT_VIEW_URL       the web version: <base-url>/index.html for the
 *                          issue language, <base-url>/<lang>/index.html for
 *                          another (see tz_edition_view_url).
 *   TZ_SLOT_EMAIL          not used by the templates (may be NULL).
 * Slots only appear where listed above; story text never becomes a slot.
 */
/* The neutral name of the greeting: "lezer" (nl) or "reader" (en). */
const char *tz_edition_greeting_fallback(const struct tz_edition *ed);
/* name when it has a non-blank value, else the fallback. Borrowed strings. */
const char *tz_edition_greeting_name(const struct tz_edition *ed, const char *name);
/* A name stored "Last, First" (one comma) as the greeting says it: "First
 * Last" into out (size n); 0 when name is not in that form. */
int tz_greeting_name_order(const char *name, char *out, size_t n);
/* The e-mail subject (and <title>) of the edition in lang, malloc'd. */
char *tz_edition_subject(const struct tz_issue *is, const char *lang);
/* Append the web version's URL for this edition to out. */
int tz_edition_view_url(const struct tz_issue *issue, const struct tz_edition_options *opt,
			struct tz_buf *out, struct tz_error *err);

/* Newsletter size discipline: Gmail clips messages at about 102 KB. */
#define TZ_NEWSLETTER_MAX_HTML ((size_t)100 * 1024)
/*
 * Render the HTML edition and measure it: *total is the HTML size with
 * empty slots, sizes[i] (caller's array, one per story of the issue in
 * section order, zeroed by the caller) the bytes the i-th story adds.
 */
int tz_edition_story_sizes(const struct tz_issue *issue, const struct tz_edition_options *opt,
			   size_t *sizes, size_t *total, struct tz_error *err);
/* `techzine check`: note the HTML size of each language's edition, or an
 * error over TZ_NEWSLETTER_MAX_HTML with notes at the biggest stories. */
void tz_edition_check_size(const struct tz_issue *issue, struct tz_diags *diags);

#endif
