/*
 * init.h - a new publication folder (`techzine init`): issues/ with a first
 * issue made from the templates, the partner feed list and an inbox;
 * layouts/ with copies of the default layouts to customise; subscribers/
 * with an empty list and suppressed.csv; a .gitignore, the officer's
 * README and the 0600 token secret (.techzine/token-secret).
 *
 * Everything is written into a temporary folder beside DIR and renamed into
 * place at the end, so an interrupted init leaves nothing half-made; an
 * existing DIR is used only when it is empty.
 */
#ifndef TZ_INIT_H
#define TZ_INIT_H

#include "../util/error.h"

struct tz_init_opts {
	const char *dir;
	const char *name;  /* the publication's name (title, README) */
	const char *lang;  /* nl or en */
	const char *month; /* YYYY-MM of the first issue */
	const char *date;  /* YYYY-MM-DD of the first issue */
	const char *list;  /* the first list's name (subscribers/<list>.csv) */
};

/* 0, or -1 with err (nothing left behind). */
int tz_init_publication(const struct tz_init_opts *o, struct tz_error *err);

#endif
