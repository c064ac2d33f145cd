/*
 * tap.c - see tap.h.
 */
#include "tap.h"

#include <stdio.h>
#include <string.h>

int tap_passed, tap_failed;

void tap_check(int ok, const char *expr, const char *file, int line)
{
	if (ok) {
		tap_passed++;
		return;
	}
	tap_failed++;
	fprintf(stderr, "%s:%d: check failed: %s\n", file, line, expr);
}

void tap_check_str(const char *got, const char *want, const char *expr,
		   const char *file, int line)
{
	if (got && want && !strcmp(got, want)) {
		tap_passed++;
		return;
	}
	tap_failed++;
	fprintf(stderr, "%s:%d: check failed: %s\n  got:  \"%s\"\n  want: \"%s\"\n",
		file, line, expr, got ? got : "(null)", want ? want : "(null)");
}

int tap_done(void)
{
	printf("%d passed, %d failed\n", tap_passed, tap_failed);
	return tap_failed ? 1 : 0;
}
