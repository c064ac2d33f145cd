/*
 * sizecheck.c - the newsletter size check of `techzine check`.
 *
 * Gmail clips a message body above about 102 KB, hiding the footer with
 * the unsubscribe link, so the e-mail HTML of every language the issue has
 * must stay under TZ_NEWSLETTER_MAX_HTML. The renderer records how many
 * bytes each story adds, so an oversize issue names the stories whose
 * leads to shorten to a teaser, biggest first, at their file:line.
 */
#include <stdlib.h>
#include <string.h>

#include "edition.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define SLOT_ROOM 600 /* bytes the filled slots add at most, roughly */

static void check_lang(const struct tz_issue *issue, const char *lang, struct tz_diags *diags)
{
	struct tz_edition_options eo = {lang, NULL};
	struct tz_error err;
	const struct tz_story **st;
	size_t n = 0, k = 0, total = 0, *sizes;

	if (!issue->mail.base_url)
		eo.base_url = "https://example.invalid"; /* measure anyway */
	for (size_t i = 0; i < issue->nsections; i++)
		n += issue->sections[i].nstories;
	sizes = tz_calloc(n ? n : 1, sizeof(*sizes));
	st = tz_calloc(n ? n : 1, sizeof(struct tz_story *));
	if (!sizes || !st) {
		tz_diags_nomem(diags);
		goto out;
	}
	for (size_t i = 0; i < issue->nsections; i++)
		for (size_t j = 0; j < issue->sections[i].nstories; j++)
			st[k++] = issue->sections[i].stories[j];
	tz_error_clear(&err);
	if (tz_edition_story_sizes(issue, &eo, sizes, &total, &err)) {
		tz_diags_add_error(diags, &err);
		goto out;
	}
	total += SLOT_ROOM;
	if (total <= TZ_NEWSLETTER_MAX_HTML) {
		tz_diags_add(diags, TZ_SEV_NOTE, issue->path, 0,
			     "newsletter HTML is %zu KB (%s), limit %zu KB", (total + 1023) / 1024, lang,
			     TZ_NEWSLETTER_MAX_HTML / 1024);
		goto out;
	}
	tz_diags_add(diags, TZ_SEV_ERROR, issue->path, 0,
		     "newsletter HTML is %zu KB (%s), over the %zu KB limit (Gmail clips at about 102 KB); shorten the leads of the biggest stories to a teaser",
		     (total + 1023) / 1024, lang, TZ_NEWSLETTER_MAX_HTML / 1024);
	for (int shown = 0; shown < 3; shown++) {
		size_t best = n;
		for (size_t i = 0; i < n; i++)
			if (sizes[i] && (best == n || sizes[i] > sizes[best]))
				best = i;
		if (best == n)
			break;
		tz_diags_add(diags, TZ_SEV_NOTE, st[best]->src.file, st[best]->src.line,
			     "story '%s' adds %zu KB to the %s newsletter; shorten its lead to a teaser",
			     st[best]->id, (sizes[best] + 1023) / 1024, lang);
		sizes[best] = 0;
	}
out:
	free(sizes);
	free(st);
}

void tz_edition_check_size(const struct tz_issue *issue, struct tz_diags *diags)
{
	const char *own = issue->lang ? issue->lang : "nl";
	const char *other = strcmp(own, "en") ? "en" : "nl";

	check_lang(issue, own, diags);
	if (tz_issue_has_lang(issue, other))
		check_lang(issue, other, diags);
}
