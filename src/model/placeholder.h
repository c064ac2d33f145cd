/*
 * placeholder.h - "[[invullen: ...]]" / "[[fill in: ...]]" markers that
 * `techzine import` writes where the officer must still supply something
 * (byline, date, municipality, alt text). The schema lets them through so
 * that a draft loads; `check` refuses every one until it is replaced.
 */
#ifndef TZ_PLACEHOLDER_H
#define TZ_PLACEHOLDER_H

#include "model.h"
#include "../util/error.h"

/* Does s hold a placeholder? */
int tz_is_placeholder(const char *s);
/* One error per placeholder left in the story. */
void tz_check_placeholders(struct tz_diags *d, const struct tz_story *s);

#endif
