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
/* main.c: run one command, argv[0] its name, as `techzine NAME ...`. */
int tz_run_command(int argc, char **argv);
/* Print every diagnostic as "file:line: error: msg". */
void tz_print_diags(const struct tz_diags *d, int quiet);
/* Print a usage error and the command's synopsis; returns TZ_EXIT_USAGE. */
int tz_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print "techzine: '<cmd>' is not available yet (see issue N)". */
int tz_not_yet(const char *cmd);
struct tz_pdf_report;
/* Run the renderer-specific checks of `techzine check` (check_hooks.c):
 * the newsletter size, and with print the print preflight, whose report
 * is printed to stdout unless quiet. Returns -1 with err on I/O or
 * dependency failures (a font not installed). */
int tz_check_extra(struct tz_issue *issue, int print, int quiet, struct tz_diags *diags,
		   struct tz_error *err);
/* `check --mail`: the DNS records (DKIM, SPF, DMARC) printed to stdout
 * unless quiet, alignment warnings into diags (check_mail.c). */
int tz_check_mail(struct tz_issue *issue, const char *relay, int quiet, struct tz_diags *diags,
		  struct tz_error *err);
/* The print preflight as a table (preflight.c). */
void tz_print_preflight(FILE *fp, const struct tz_pdf_report *r);

/* Warn (file:line) about unfinished parts of a valid issue: placeholders,
 * concept stories, the previous cover (ready_note.c). what: "PDF". */
size_t tz_warn_not_ready(const struct tz_issue *issue, const char *what);

/* After a send stopped on the connection: what to do next (send_hint.c). */
void tz_send_next_step(const struct tz_error *err, const char *journal, int test_only);

/* Write DIR/newsletter-preview.html: DIR/newsletter.html with the issue's
 * pictures from DIR/web/images/ (html_preview.c). view_url is the
 * newsletter's view-in-browser URL (BASE/index.html). */
int tz_preview_write(const char *dir, const char *view_url, struct tz_error *err);
/* Pure: html with every src="PUBLIC..." turned into src="LOCAL...". */
struct tz_buf;
int tz_preview_localise(const char *html, size_t len, const char *public_images,
			const char *local_images, struct tz_buf *out);

#endif
