/*
 * ready_note.c - what `pdf`, `html` and `send --test` say about an issue
 * that is valid but not finished (model/ready.c): each unfinished part as a
 * warning with file:line, then one line saying the output is a preview.
 * `check`, `build` and a real `send` treat the same findings as errors.
 */
#include <stdio.h>

#include "cli.h"
#include "../model/ready.h"
#include "../util/banned.h"

size_t tz_warn_not_ready(const struct tz_issue *issue, const char *what)
{
	struct tz_diags d;
	size_t n;

	tz_diags_init(&d);
	n = tz_check_ready(issue, TZ_SEV_WARNING, &d);
	if (n) {
		tz_diags_sort(&d);
		tz_print_diags(&d, 0);
		fprintf(stderr, "%s: note: not ready to publish (%zu unfinished part%s above); "
				"this %s is a preview: finish them before 'techzine build' and 'techzine send'\n",
			issue->path, n, n == 1 ? "" : "s", what);
	}
	tz_diags_release(&d);
	return n;
}
