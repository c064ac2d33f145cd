/*
 * cli.h - helpers shared by the command files: printing errors and
 * diagnostics in one format, usage errors, finishing stdout.
 */
#ifndef TZ_CLI_H
#define TZ_CLI_H

#include <stdio.h>

#include "../util/error.h"

struct tz_issue;

void tz_print_overview(FILE *fp);
/* "techzine: <msg>" (with "file:line: " first when known); returns exit code. */
int tz_report(const struct tz_error *e);
/* Print every diagnostic as "file:line: error: msg". */
void tz_print_diags(const struct tz_diags *d, int quiet);
/* Print a usage error and the command's synopsis; returns TZ_EXIT_USAGE. */
int tz_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "techzine: '<cmd>' is not available yet (see issue N)". */
int tz_not_yet(const char *cmd);
/* Run the renderer-specific checks of `techzine check` (check_hooks.c). */
void tz_check_extra(struct tz_issue *issue, int print, struct tz_diags *diags);

#endif
