/*
 * cli.c - the only place that formats messages for humans.
 */
#include "cli.h"

#include <stdarg.h>

#include "commands.h"
#include "../util/banned.h"

/* Messages quote what users (and their spreadsheets, feeds and bounce
 * mails) wrote: control characters in them are shown escaped, so a CR or an
 * ESC in a subscriber's name cannot rewrite the operator's terminal or
 * forge a line of output. */
static void put_escaped(const char *s, FILE *fp)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\t' || (*p >= 0x20 && *p != 0x7f))
			fputc(*p, fp);
		else if (*p == '\n')
			fputs("\\n", fp);
		else if (*p == '\r')
			fputs("\\r", fp);
		else
			fprintf(fp, "\\x%02x", *p);
	}
}

static void line(const char *file, long lineno, const char *sev, const char *msg)
{
	if (file) {
		put_escaped(file, stderr);
		if (lineno > 0)
			fprintf(stderr, ":%ld", lineno);
		fputs(": ", stderr);
	} else {
		fputs("techzine: ", stderr);
	}
	if (sev)
		fprintf(stderr, "%s: ", sev);
	put_escaped(msg, stderr);
	fputc('\n', stderr);
}

int tz_report(const struct tz_error *e)
{
	if (e->file[0] && e->line > 0)
		line(e->file, e->line, "error", e->msg);
	else if (e->file[0] && e->code == TZ_ERR_CONTENT)
		line(e->file, 0, "error", e->msg);
	else
		line(NULL, 0, NULL, e->msg);
	return tz_error_exit_code(e->code);
}

void tz_print_diags(const struct tz_diags *d, int quiet)
{
	static const char *const sev[] = {"error", "warning", "note"};

	for (size_t i = 0; i < d->n; i++) {
		const struct tz_diag *it = &d->items[i];
		if (quiet && it->sev != TZ_SEV_ERROR)
			continue;
		line(it->file, it->line, sev[it->sev], it->msg);
	}
	if (d->n < d->errors + d->warnings)
		fprintf(stderr, "techzine: %zu more findings not shown\n",
			d->errors + d->warnings - d->n);
	if (d->nomem)
		fprintf(stderr, "techzine: out of memory; free some memory or split the input, then try again\n");
}

int tz_usage_error(const char *cmd, const char *fmt, ...)
{
	const struct tz_command *c = tz_command_find(cmd);
	va_list ap;

	fputs("techzine: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fputs(c->usage, stderr);
	return TZ_EXIT_USAGE;
}

int tz_not_yet(const char *cmd)
{
	fprintf(stderr, "techzine: '%s' is not available yet in this version\n", cmd);
	return TZ_EXIT_USAGE;
}
