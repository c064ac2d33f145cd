/*
 * cli.c - the only place that formats messages for humans.
 */
#include "cli.h"

#include <stdarg.h>

#include "commands.h"
#include "../util/banned.h"

int tz_report(const struct tz_error *e)
{
	if (e->file[0] && e->line > 0)
		fprintf(stderr, "%s:%ld: error: %s\n", e->file, e->line, e->msg);
	else if (e->file[0] && e->code == TZ_ERR_CONTENT)
		fprintf(stderr, "%s: error: %s\n", e->file, e->msg);
	else
		fprintf(stderr, "techzine: %s\n", e->msg);
	return tz_error_exit_code(e->code);
}

void tz_print_diags(const struct tz_diags *d, int quiet)
{
	static const char *const sev[] = {"error", "warning", "note"};

	for (size_t i = 0; i < d->n; i++) {
		const struct tz_diag *it = &d->items[i];
		if (quiet && it->sev != TZ_SEV_ERROR)
			continue;
		if (it->file && it->line > 0)
			fprintf(stderr, "%s:%ld: %s: %s\n", it->file, it->line,
				sev[it->sev], it->msg);
		else if (it->file)
			fprintf(stderr, "%s: %s: %s\n", it->file, sev[it->sev], it->msg);
		else
			fprintf(stderr, "techzine: %s: %s\n", sev[it->sev], it->msg);
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
