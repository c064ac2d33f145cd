/*
 * ready.h - is the issue ready to publish, not only valid?
 *
 * `techzine check` (and so `build`) and a real `send` report these as
 * errors; `pdf`, `html` and `send --test` as warnings, so an unfinished
 * issue can still be previewed. The marks of unfinished work are the ones
 * techzine writes itself: status="concept", the text NOG INVULLEN, and a
 * cover picture that is still the previous issue's.
 */
#ifndef TZ_READY_H
#define TZ_READY_H

#include "model.h"
#include "../util/error.h"

/* Report every unfinished part with sev; returns how many were found. */
size_t tz_check_ready(const struct tz_issue *is, enum tz_severity sev, struct tz_diags *d);

/* Does s contain the placeholder mark NOG INVULLEN (any case)? */
int tz_ready_has_mark(const char *s);

/* The line of the first occurrence of needle in the file at path (1 when
 * not found): the model keeps no line for the issue's own elements. */
long tz_file_line_of(const char *path, const char *needle);

#endif
