/*
 * diagparse.c - reading the build steps' diagnostics back (pure, no I/O;
 * fuzzed by tests/fuzz/fuzz_diagline.c): a line of a step's log as a
 * diagnostic (file:line, severity, message, the page it names), and the
 * numbers in the messages that place a diagnostic on its page: an image's
 * size in pixels, a hole's lines. The messages carry names the officer
 * chose (image files, story ids), so nothing here trusts their shape.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preview.h"
#include "../util/banned.h"

/* "stories/een.xml:12: error: text overflows ... on page 5" */
void tz_preview_parse_diag(struct tz_preview_diag *d, const char *line)
{
	const char *sev = strstr(line, ": error: "), *w = strstr(line, ": warning: ");
	const char *m;
	memset(d, 0, sizeof *d);
	if (!sev && !w)
		return; /* not a diagnostic: read_diags skips such lines */
	if (w && (!sev || w < sev)) {
		sev = w;
		d->sev = 'w';
		m = w + 11;
	} else {
		d->sev = 'e';
		m = sev + 9;
	}
	/* file:line before the severity, when there is one */
	const char *colon = NULL;
	for (const char *q = line; q < sev; q++)
		if (*q == ':')
			colon = q;
	if (colon && colon > line && strspn(colon + 1, "0123456789") == (size_t)(sev - colon - 1) &&
	    sev > colon + 1) {
		size_t fl = (size_t)(colon - line);
		if (fl < sizeof d->file) {
			memcpy(d->file, line, fl);
			d->file[fl] = '\0';
			d->line = strtol(colon + 1, NULL, 10);
		}
	} else if (sev - line < (long)sizeof d->file && strncmp(line, "techzine", 8)) {
		memcpy(d->file, line, (size_t)(sev - line));
		d->file[sev - line] = '\0';
	}
	snprintf(d->msg, sizeof d->msg, "%s", m);
	const char *pg = strstr(m, "on page ");
	if (!pg && !strncmp(m, "page ", 5)) /* "page 3: 31 % of the text area is empty" */
		pg = m;
	if (!pg)
		pg = strstr(m, " page ");
	if (pg) {
		pg = strchr(pg, 'p') + 5;
		d->page = (int)strtol(pg, NULL, 10);
	}
}

/* "(640 x 480 px) prints at" in msg: the pixel size, or 0. */
int tz_preview_image_size(const char *msg, int *w, int *h)
{
	const char *end = strstr(msg, " px) prints at "), *open = end;
	char *e;
	if (!end)
		return 0;
	while (open > msg && *open != '(')
		open--;
	if (*open != '(')
		return 0;
	long x = strtol(open + 1, &e, 10);
	if (e == open + 1 || strncmp(e, " x ", 3))
		return 0;
	const char *hs = e + 3;
	long y = strtol(hs, &e, 10);
	if (e != end || x < 1 || y < 1 || x > 1000000 || y > 1000000)
		return 0;
	*w = (int)x;
	*h = (int)y;
	return 1;
}

/* " of the text area is empty at the foot (19 of 61 lines)" in msg: the
 * empty lines and the lines of the text area, or 0. */
int tz_preview_hole_lines(const char *msg, long *lines, long *grid)
{
	static const char lead[] = " of the text area is empty at the foot (";
	const char *at = strstr(msg, lead);
	char *e;
	if (!at)
		return 0;
	*lines = strtol(at + strlen(lead), &e, 10);
	if (e == at + strlen(lead) || strncmp(e, " of ", 4))
		return 0;
	const char *g = e + 4;
	*grid = strtol(g, &e, 10);
	return e != g && !strncmp(e, " lines)", 7) && *lines >= 1 && *grid >= *lines &&
	       *grid <= 10000;
}
