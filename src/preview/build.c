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
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preview.h"
#include "../model/layout.h"
#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

extern char **environ;

/* Start self with args, stdout and stderr into log: forked by the fork
 * server, or spawned when there is none. */
struct job {
	pid_t pid;
	int forked; /* by the fork server: its status comes from there */
};

static struct job start(struct tz_preview *p, char *const *args, const char *log)
{
	posix_spawn_file_actions_t fa;
	struct job j = {-1, 0};
	if (p->fs.sock >= 0 && (j.pid = tz_forkserver_run(&p->fs, args, log)) > 0) {
		j.forked = 1;
		return j;
	}
	if (posix_spawn_file_actions_init(&fa))
		return j;
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (posix_spawn(&j.pid, p->p.self, &fa, NULL, args, environ))
		j.pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	return j;
}

/* The step's exit code; its CPU time added to *cpu_us. */
static int finish(struct tz_preview *p, struct job j, long *cpu_us)
{
	struct rusage ru;
	long us = 0;
	int st;
	if (j.pid < 0)
		return -1;
	if (j.forked) {
		if (tz_forkserver_wait(&p->fs, j.pid, &st, &us))
			return -1;
	} else {
		while (wait4(j.pid, &st, 0, &ru) < 0)
			if (errno != EINTR)
				return -1;
		us = tz_rusage_us(&ru);
	}
	*cpu_us += us;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static double thread_cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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
		tz_preview_parse_diag(d, line);
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
	struct tz_print_layout l;
	struct tz_error err;
	tz_diags_init(&d);
	struct tz_issue *issue = tz_issue_load(p->c->issue_path, &d);
	int have_layout = issue && issue->root && issue->print_layout &&
			  !tz_print_layout_load(&l, issue->root, issue->print_layout, NULL, &err);
	if (issue) {
		pthread_mutex_lock(&p->s.lock);
		snprintf(p->s.subject, sizeof p->s.subject, "%s", issue->subject ? issue->subject : "");
		snprintf(p->s.preheader, sizeof p->s.preheader, "%s",
			 issue->preheader ? issue->preheader : "");
		snprintf(p->s.from, sizeof p->s.from, "%s", issue->mail.from ? issue->mail.from : "");
		p->s.baseline = have_layout ? l.baseline : 0;
		if (have_layout) {
			p->s.text_top = l.top;
			p->s.inner = l.inner;
			p->s.outer = l.outer;
			p->s.trim_w = l.page_w;
		}
		pthread_mutex_unlock(&p->s.lock);
		tz_issue_free(issue);
	}
	if (have_layout)
		tz_print_layout_release(&l);
	tz_diags_release(&d);
}

/* 1 when one of the changed names ("stories/a.xml, issue.xml") has no
 * folder: a file of the issue folder itself. */
static int top_level_change(const char *changed)
{
	for (const char *q = changed; *q;) {
		size_t len = strcspn(q, ",");
		if (!memchr(q, '/', len))
			return 1;
		q += len;
		q += strspn(q, ", ");
	}
	return 0;
}

/* What a changed layout file ("layouts/x.xml") is for, by its root
 * element: "print-layout" only concerns the PDF, "newsletter-theme" only
 * the e-mail. */
static int layout_kind(const char *layouts_dir, const char *name)
{
	char path[1400], head[600];
	snprintf(path, sizeof path, "%s/%s", layouts_dir, name + strlen("layouts/"));
	FILE *fp = fopen(path, "r");
	if (!fp)
		return 0;
	size_t n = fread(head, 1, sizeof head - 1, fp);
	fclose(fp);
	head[n] = '\0';
	if (strstr(head, "<print-layout"))
		return 'p';
	if (strstr(head, "<newsletter-theme"))
		return 'n';
	return 0;
}

/* Which children a change needs: a print layout alone leaves the
 * newsletter as it was, a newsletter theme alone the PDF. Anything else
 * (a story, the issue, an image, a file removed) needs both. */
static void needs(const struct tz_preview *p, const char *changed, int *pdf, int *html)
{
	char item[300];
	int print = 0, mail = 0, other = !changed[0];
	for (const char *q = changed; *q;) {
		size_t len = strcspn(q, ",");
		snprintf(item, sizeof item, "%.*s", (int)len, q);
		int k = !strncmp(item, "layouts/", 8) ? layout_kind(p->p.layouts, item) : 0;
		print |= k == 'p';
		mail |= k == 'n';
		other |= !k;
		q += len;
		q += strspn(q, ", ");
	}
	*pdf = other || print;
	*html = other || mail;
}

int tz_preview_build(struct tz_preview *p, const char *changed, int force, double debounce_ms)
{
	char pdf[1200], log[3][1200], out[2][1200], base[2][400];
	static const char *const langs[2] = {"nl", "en"};
	double t0 = tz_clock_seconds(), t_pdf, t_html, t1;
	struct tz_error err;
	size_t rendered = 0;
	int rc_pdf, rc_html[2], need_pdf, need_html;
	struct job jobs[3] = {{-1, 0}, {-1, 0}, {-1, 0}};

	needs(p, changed, &need_pdf, &need_html);
	pthread_mutex_lock(&p->s.lock);
	p->s.building = 1;
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);

	snprintf(pdf, sizeof pdf, "%s/print.pdf", p->p.root);
	snprintf(log[0], sizeof log[0], "%s/pdf.log", p->p.root);
	char *pargs[] = {"techzine", "pdf", (char *)p->c->issue_path, "-o", pdf, NULL};
	if (need_pdf)
		jobs[0] = start(p, pargs, log[0]);
	for (int l = 0; l < 2; l++) {
		snprintf(log[l + 1], sizeof log[l + 1], "%s/html-%s.log", p->p.root, langs[l]);
		snprintf(out[l], sizeof out[l], "%s/%s", p->p.root, langs[l]);
		/* the e-mail's images from this server, not the unpublished site */
		snprintf(base[l], sizeof base[l], "%s/%s/web", p->origin, langs[l]);
		char *hargs[] = {"techzine", "html", (char *)p->c->issue_path, "-o", out[l],
				 "--base-url", base[l], "--lang", (char *)langs[l], NULL};
		if (need_html)
			jobs[l + 1] = start(p, hargs, log[l + 1]);
	}
	/* the page images are made while the newsletter is still being built */
	long cpu_pdf = 0, cpu_html = 0;
	rc_pdf = need_pdf ? finish(p, jobs[0], &cpu_pdf) : p->s.last_rc[0];
	t_pdf = tz_clock_seconds();
	tz_error_clear(&err);
	double c0 = thread_cpu_seconds();
	int pages_rc = rc_pdf == 0 && need_pdf ? tz_preview_pages(p, pdf, force, &rendered, &err) : 0;
	double render_cpu = thread_cpu_seconds() - c0;
	t1 = tz_clock_seconds();
	/* subject, preheader and sender are in the issue file itself, the
	 * text area in the layout: loaded again only when a file of the issue
	 * folder (not of stories/ or images/) or a layout changed, or at the
	 * first build */
	if (!changed[0] || top_level_change(changed) || strstr(changed, "layouts/") ||
	    !p->s.subject[0])
		issue_facts(p);
	rc_html[0] = need_html ? finish(p, jobs[1], &cpu_html) : p->s.last_rc[1];
	rc_html[1] = need_html ? finish(p, jobs[2], &cpu_html) : p->s.last_rc[2];
	t_html = tz_clock_seconds();

	pthread_mutex_lock(&p->s.lock);
	p->s.last_rc[0] = rc_pdf;
	p->s.last_rc[1] = rc_html[0];
	p->s.last_rc[2] = rc_html[1];
	p->s.ran_pdf = need_pdf;
	p->s.ran_html = need_html;
	p->s.ndiags = p->s.errors = p->s.warnings = 0;
	read_diags(&p->s, log[0]);
	read_diags(&p->s, log[1]);
	p->s.build_error[0] = '\0';
	if (rc_pdf < 0 || rc_pdf >= 2)
		snprintf(p->s.build_error, sizeof p->s.build_error,
			 "techzine pdf failed (exit %d): see %.900s", rc_pdf, log[0]);
	else if (pages_rc)
		snprintf(p->s.build_error, sizeof p->s.build_error, "%s", err.msg);
	for (int l = 0; l < 2 && need_html; l++) {
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
	/* build: until both editions are written; render: the page images
	 * (they overlap the newsletter's build) */
	p->s.pdf_ms = need_pdf ? (t_pdf - t0) * 1000.0 : 0;
	p->s.html_ms = need_html ? (t_html - t0) * 1000.0 : 0;
	p->s.build_ms = ((t_html - t0) - (t1 - t_pdf)) * 1000.0;
	p->s.render_ms = (t1 - t_pdf) * 1000.0;
	if (!need_pdf || rc_pdf != 0)
		p->s.hash_ms = 0;
	p->s.pages_rendered = rendered;
	p->s.debounce_ms = debounce_ms;
	p->s.pdf_cpu_ms = (double)cpu_pdf / 1000.0;
	p->s.html_cpu_ms = (double)cpu_html / 1000.0;
	p->s.render_cpu_ms = render_cpu * 1000.0;
	p->s.built_at = (long long)time(NULL);
	snprintf(p->s.changed_files, sizeof p->s.changed_files, "%s", changed);
	pthread_mutex_unlock(&p->s.lock);
	if (rc_pdf == 0 && !pages_rc)
		tz_preview_diag_boxes(p, pdf);
	pthread_mutex_lock(&p->s.lock);
	p->s.generation++;
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);
	return 0;
}
