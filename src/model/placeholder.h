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
/* One finding (sev) per placeholder left in the story; how many. Part of
 * the readiness check (ready.h): an error for check and send, a warning
 * for pdf, html and build's proofs. */
size_t tz_check_placeholders(struct tz_diags *d, enum tz_severity sev, const struct tz_story *s);

#endif
