/*
 * newissue.h - scaffold issues/YYYY-MM/ from story drafts (`techzine new`).
 *
 * The new issue copies what stays the same from the latest issue before it
 * (title, layout names, mail settings, colophon; the cover image as a
 * placeholder), takes the next number, and puts the drafts in sections by
 * story kind. It is built in a hidden staging folder next to the target:
 * issue.xml is written first, then the drafts and their images are moved
 * in, the whole issue is loaded and checked like `techzine check` does, and
 * only then is the folder renamed into place (refusing to replace anything).
 * Any failure moves the drafts back, so nothing is ever half-moved.
 */
#ifndef TZ_FEED_NEWISSUE_H
#define TZ_FEED_NEWISSUE_H

#include <stddef.h>

#include "../util/error.h"

struct tz_new_opts {
	const char *issues_dir; /* "issues" */
	const char *month;      /* "2027-01" */
	const char *inbox;      /* where drafts are taken from when none given */
	char **drafts;          /* borrowed; the drafts to take */
	size_t ndrafts;
	int all_drafts;         /* no drafts named: take every .xml in the inbox */
};

struct tz_new_result {
	char *issue_path;    /* issues/2027-01/issue.xml */
	char previous[8];    /* "2026-12" */
	long number;
	size_t nstories, nsections, nimages;
	char **placeholders; /* ids of event stories with placeholder details */
	size_t nplaceholders;
	char *placeholder_story; /* issues/YYYY-MM/stories/<id>.xml when no draft was taken */
	size_t drafts_left;      /* drafts in the inbox that were not taken */
};

void tz_new_result_release(struct tz_new_result *r);
/* Returns 0, or -1 with the problems in diags (every bad draft is named). */
int tz_new_issue(const struct tz_new_opts *o, struct tz_new_result *res,
		 struct tz_diags *diags);

/* Is s a month "YYYY-MM" (01..12)? */
int tz_new_month_ok(const char *s);

#endif
