/*
 * cmd_build.c - `techzine build ISSUE.xml [-o DIR] [--list LIST.csv]`: the
 * main job. Runs check, pdf, html and (with a list) send into the outbox, in
 * that order, each through its own command so that build does exactly what
 * the officer would do by hand. Stops at the first step that fails.
 */
#include <getopt.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../model/load.h"
#include "../model/ready.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

/* Run one command with a NULL-terminated argument list. */
static int run_step(const char *name, char **args)
{
	const struct tz_command *c = tz_command_find(name);
	int argc = 0;

	while (args[argc])
		argc++;
	fprintf(stderr, "techzine build: %s\n", name);
	optind = 0; /* glibc: reinitialise getopt for the next command */
	return c->fn(argc, args);
}

/* The issue's folder name ("2026-12") without loading the whole issue. */
static char *issue_slug(const char *path)
{
	char *dir = tz_dirname(path), *canon, *slash, *slug = NULL;

	if (!dir)
		return NULL;
	canon = realpath(dir, NULL);
	free(dir);
	if (!canon)
		return NULL;
	slash = strrchr(canon, '/');
	slug = tz_strdup(slash ? slash + 1 : canon);
	free(canon);
	return slug;
}

/* Does the issue still hold unfinished parts (model/ready.h)? */
static int not_ready(const char *path)
{
	struct tz_diags d;
	size_t n = 0;
	tz_diags_init(&d);
	struct tz_issue *is = tz_issue_load(path, &d);
	if (is)
		n = tz_check_ready(is, TZ_SEV_WARNING, &d);
	tz_issue_free(is);
	tz_diags_release(&d);
	return n > 0;
}

int cmd_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"list", required_argument, NULL, 'l'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *outdir = NULL, *list = NULL, *issue;
	struct tz_buf dir, pdf, outbox;
	char *slug = NULL;
	struct tz_error err;
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "o:l:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'l':
			list = optarg;
			break;
		case 'h':
			fputs(tz_command_find("build")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("build", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("build", "expected exactly one ISSUE.xml");
	issue = argv[optind];
	tz_buf_init(&dir, 4096);
	tz_buf_init(&pdf, 4096);
	tz_buf_init(&outbox, 4096);
	tz_error_clear(&err);
	slug = issue_slug(issue);
	if (!slug) {
		fprintf(stderr, "techzine: cannot open issue '%s'\n", issue);
		rc = TZ_EXIT_CONTENT;
		goto out;
	}
	if (outdir ? tz_buf_adds(&dir, outdir) : tz_buf_addf(&dir, "out/%s", slug)) {
		rc = TZ_EXIT_IO;
		goto out;
	}
	if (tz_mkdirs(dir.data, &err)) {
		rc = tz_report(&err);
		goto out;
	}
	if (tz_buf_addf(&pdf, "%s/techzine-%s.pdf", dir.data, slug) ||
	    tz_buf_addf(&outbox, "%s/outbox", dir.data)) {
		rc = TZ_EXIT_IO;
		goto out;
	}
	{
		/* unfinished parts (placeholders, concept stories) do not stop a
		 * build: its PDF and newsletter are then proofs, and it says so;
		 * `check` and a real send still refuse them */
		char *check_args[] = {"check", "--proof", (char *)issue, NULL};
		char *pdf_args[] = {"pdf", (char *)issue, "-o", pdf.data, NULL};
		char *html_args[] = {"html", (char *)issue, "-o", dir.data, NULL};
		char *send_args[] = {"send", (char *)issue, "--list", (char *)list,
				     "--outbox", outbox.data, NULL};

		if ((rc = run_step("check", check_args)) ||
		    (rc = run_step("pdf", pdf_args)) ||
		    (rc = run_step("html", html_args)))
			goto out;
		if (list && (rc = run_step("send", send_args)))
			goto out;
	}
	if (not_ready(issue))
		printf("techzine build: done, output in %s/ -- PROOFS ONLY: the issue is not ready to "
		       "publish (the warnings above); 'techzine check %s' lists what is unfinished, "
		       "and send refuses it until then\n", dir.data, issue);
	else
		printf("techzine build: done, output in %s/\n", dir.data);
out:
	free(slug);
	tz_buf_release(&dir);
	tz_buf_release(&pdf);
	tz_buf_release(&outbox);
	return rc;
}
