/*
 * build.c - one preview build: `techzine pdf` and `techzine html` (nl and
 * en) run as child processes of this binary, at the same time (two
 * cores), their diagnostics read back from stderr, then the page images
 * of the new PDF. A build whose PDF has errors writes no PDF, so the last
 * good pages stay; the diagnostics say why.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preview.h"
#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

extern char **environ;

/* Start self with args, stdout and stderr into log; pid or -1. */
static pid_t start(const struct tz_preview *p, char *const *args, const char *log)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	if (posix_spawn_file_actions_init(&fa))
		return -1;
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	int rc = posix_spawn(&pid, p->p.self, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc ? -1 : pid;
}

static int finish(pid_t pid)
{
	int st;
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* "stories/een.xml:12: error: text overflows ... on page 5" */
static void parse_diag(struct tz_preview_diag *d, const char *line)
{
	const char *sev = strstr(line, ": error: "), *w = strstr(line, ": warning: ");
	const char *m;
	memset(d, 0, sizeof *d);
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
	if (!pg)
		pg = strstr(m, " page ");
	if (pg) {
		pg = strchr(pg, 'p') + 5;
		d->page = (int)strtol(pg, NULL, 10);
	}
}

/* Read the diagnostics of one child's log into the state (lock held). */
static void read_diags(struct tz_preview_state *s, const char *log)
{
	FILE *fp = fopen(log, "r");
	char line[1200];
	if (!fp)
		return;
	while (fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strstr(line, ": error: ") && !strstr(line, ": warning: "))
			continue;
		if (s->ndiags >= TZ_PREVIEW_MAX_DIAGS)
			break;
		struct tz_preview_diag *d = &s->diags[s->ndiags];
		parse_diag(d, line);
		int dup = 0; /* pdf and html both report the check's findings */
		for (size_t i = 0; i < s->ndiags && !dup; i++)
			dup = s->diags[i].line == d->line && !strcmp(s->diags[i].file, d->file) &&
			      !strcmp(s->diags[i].msg, d->msg);
		if (dup)
			continue;
		s->ndiags++;
		if (d->sev == 'e')
			s->errors++;
		else
			s->warnings++;
	}
	fclose(fp);
}

static size_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) ? 0 : (size_t)st.st_size;
}

static void issue_facts(struct tz_preview *p)
{
	struct tz_diags d;
	tz_diags_init(&d);
	struct tz_issue *issue = tz_issue_load(p->c->issue_path, &d);
	if (issue) {
		pthread_mutex_lock(&p->s.lock);
		snprintf(p->s.subject, sizeof p->s.subject, "%s", issue->subject ? issue->subject : "");
		snprintf(p->s.preheader, sizeof p->s.preheader, "%s",
			 issue->preheader ? issue->preheader : "");
		snprintf(p->s.from, sizeof p->s.from, "%s", issue->mail.from ? issue->mail.from : "");
		pthread_mutex_unlock(&p->s.lock);
		tz_issue_free(issue);
	}
	tz_diags_release(&d);
}

int tz_preview_build(struct tz_preview *p, const char *changed, int force)
{
	char pdf[1200], log[3][1200], out[2][1200], base[2][400];
	static const char *const langs[2] = {"nl", "en"};
	double t0 = tz_clock_seconds(), t1;
	struct tz_error err;
	size_t rendered = 0;
	int rc_pdf, rc_html[2];

	pthread_mutex_lock(&p->s.lock);
	p->s.building = 1;
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);

	snprintf(pdf, sizeof pdf, "%s/print.pdf", p->p.root);
	snprintf(log[0], sizeof log[0], "%s/pdf.log", p->p.root);
	char *pargs[] = {"techzine", "pdf", (char *)p->c->issue_path, "-o", pdf, NULL};
	pid_t pids[3];
	pids[0] = start(p, pargs, log[0]);
	for (int l = 0; l < 2; l++) {
		snprintf(log[l + 1], sizeof log[l + 1], "%s/html-%s.log", p->p.root, langs[l]);
		snprintf(out[l], sizeof out[l], "%s/%s", p->p.root, langs[l]);
		/* the e-mail's images from this server, not the unpublished site */
		snprintf(base[l], sizeof base[l], "%s/%s/web", p->origin, langs[l]);
		char *hargs[] = {"techzine", "html", (char *)p->c->issue_path, "-o", out[l],
				 "--base-url", base[l], "--lang", (char *)langs[l], NULL};
		pids[l + 1] = start(p, hargs, log[l + 1]);
	}
	rc_pdf = finish(pids[0]);
	rc_html[0] = finish(pids[1]);
	rc_html[1] = finish(pids[2]);
	t1 = tz_clock_seconds();

	tz_error_clear(&err);
	int pages_rc = rc_pdf == 0 ? tz_preview_pages(p, pdf, force, &rendered, &err) : 0;
	issue_facts(p);

	pthread_mutex_lock(&p->s.lock);
	p->s.ndiags = p->s.errors = p->s.warnings = 0;
	read_diags(&p->s, log[0]);
	read_diags(&p->s, log[1]);
	p->s.build_error[0] = '\0';
	if (rc_pdf < 0 || rc_pdf >= 2)
		snprintf(p->s.build_error, sizeof p->s.build_error,
			 "techzine pdf failed (exit %d): see %.900s", rc_pdf, log[0]);
	else if (pages_rc)
		snprintf(p->s.build_error, sizeof p->s.build_error, "%s", err.msg);
	for (int l = 0; l < 2; l++) {
		char f[1300];
		if (rc_html[l] != 0 && rc_html[l] != 1)
			continue;
		snprintf(f, sizeof f, "%.1100s/newsletter.html", out[l]);
		p->s.html_bytes[l] = file_size(f);
		snprintf(f, sizeof f, "%.1100s/newsletter.txt", out[l]);
		p->s.text_bytes[l] = file_size(f);
		p->s.have_lang[l] = p->s.html_bytes[l] > 0;
	}
	p->s.build_ok = rc_pdf == 0 && !pages_rc && rc_html[0] == 0;
	p->s.building = 0;
	p->s.build_ms = (t1 - t0) * 1000.0;
	p->s.render_ms = (tz_clock_seconds() - t1) * 1000.0;
	p->s.pages_rendered = rendered;
	p->s.built_at = (long long)time(NULL);
	snprintf(p->s.changed_files, sizeof p->s.changed_files, "%s", changed);
	p->s.generation++;
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);
	return 0;
}
