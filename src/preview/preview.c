/*
 * preview.c - `techzine preview`: start the HTTP side, build once, then
 * build again on every change until SIGINT/SIGTERM (see preview.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include <microhttpd.h>

#include "preview.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int random_hex(char *out, size_t n)
{
	unsigned char raw[16];
	if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw || n < 33)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return 0;
}

static int paths(struct tz_preview *p, struct tz_error *err)
{
	char *dir = tz_dirname(p->c->issue_path), *real;
	if (!dir)
		return tz_error_nomem(err);
	real = realpath(dir, NULL);
	free(dir);
	if (!real || access(p->c->issue_path, R_OK)) {
		free(real);
		return tz_error_set(err, TZ_ERR_USAGE, p->c->issue_path, 0,
				    "cannot read the issue: %m (give issues/YYYY-MM/issue.xml)");
	}
	snprintf(p->p.issue_dir, sizeof p->p.issue_dir, "%s", real);
	/* the layouts the builds read (model/load.c's project folder) */
	char *parent = tz_dirname(real), *grand = parent ? tz_dirname(parent) : NULL;
	snprintf(p->p.layouts, sizeof p->p.layouts, "%s/layouts", grand ? grand : ".");
	if (access(p->p.layouts, F_OK))
		snprintf(p->p.layouts, sizeof p->p.layouts, "%s/layouts",
			 p->c->data_dir ? p->c->data_dir : ".");
	free(grand);
	free(parent);
	const char *slash = strrchr(real, '/');
	snprintf(p->p.slug, sizeof p->p.slug, "%s", slash ? slash + 1 : real);
	free(real);
	snprintf(p->p.root, sizeof p->p.root, "out/%s/preview", p->p.slug);
	ssize_t n = readlink("/proc/self/exe", p->p.self, sizeof p->p.self - 1);
	if (n <= 0)
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot find the techzine binary: %m");
	p->p.self[n] = '\0';
	for (const char *sub = "nl"; sub; sub = strcmp(sub, "nl") ? NULL : "en") {
		char d[1200];
		snprintf(d, sizeof d, "%s/%s", p->p.root, sub);
		if (tz_mkdirs(d, err))
			return -1;
	}
	return 0;
}

struct builder {
	struct tz_preview *p;
	struct tz_watch *w;
	int stopping;
};

static void *build_loop(void *arg)
{
	struct builder *b = arg;
	char changed[1024];
	int force;
	double waited;
	while (tz_watch_wait(b->w, changed, sizeof changed, &force, &b->stopping, &waited) == 0) {
		tz_preview_build(b->p, changed, force, waited);
		pthread_mutex_lock(&b->p->s.lock);
		printf("preview: rebuilt in %.0f ms + %.0f ms (%zu page image%s) after %s: %s\n",
		       b->p->s.build_ms, b->p->s.render_ms, b->p->s.pages_rendered,
		       b->p->s.pages_rendered == 1 ? "" : "s", changed,
		       b->p->s.build_ok ? "ok" : "errors, the last good pages stay");
		pthread_mutex_unlock(&b->p->s.lock);
		fflush(stdout);
	}
	return NULL;
}

int tz_preview_run(const struct tz_preview_config *c, struct tz_error *err)
{
	struct tz_preview *p = tz_calloc(1, sizeof *p);
	struct MHD_Daemon *d = NULL;
	struct builder b = {p, NULL, 0};
	pthread_t thread;
	int rc = -1, started = 0;
	if (!p)
		return tz_error_nomem(err);
	p->c = c;
	p->fs.sock = -1;
	pthread_mutex_init(&p->s.lock, NULL);
	pthread_cond_init(&p->s.changed, NULL);
	p->s.diags = tz_calloc(TZ_PREVIEW_MAX_DIAGS, sizeof *p->s.diags);
	if (!p->s.diags || random_hex(p->token, sizeof p->token) ||
	    random_hex(p->csrf, sizeof p->csrf)) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot make the preview's tokens");
		goto out;
	}
	if (paths(p, err))
		goto out;
	/* before the first thread: the fork server must be single-threaded */
	if (tz_forkserver_start(&p->fs, c->run))
		p->fs.sock = -1; /* the builds are spawned instead */
	if (!(d = tz_preview_http_start(p, err)))
		goto out;
	if (!(b.w = tz_watch_new(p->p.issue_dir, p->p.layouts, err)))
		goto out;
	double t0 = tz_clock_seconds();
	tz_preview_build(p, "", 1, 0);
	printf("preview: %s on %s/%s%s\n", p->p.slug, p->origin, c->allow_remote ? "?token=" : "",
	       c->allow_remote ? p->token : "");
	printf("preview: first build %.0f ms + %.0f ms for %zu page images (%.0f ms in all): %s\n",
	       p->s.build_ms, p->s.render_ms, p->s.pages_rendered, (tz_clock_seconds() - t0) * 1000,
	       p->s.build_ok ? "ok" : "errors (see the Check panel)");
	fflush(stdout);
	if (c->once) {
		rc = p->s.build_ok ? 0 : 1;
		goto out;
	}
	if (c->open_browser) {
		char url[400];
		snprintf(url, sizeof url, "%s/", p->origin);
		if (!fork()) {
			execlp("xdg-open", "xdg-open", url, (char *)NULL);
			_exit(127);
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (pthread_create(&thread, NULL, build_loop, &b)) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot start the builder");
		goto out;
	}
	started = 1;
	while (!stop_signal)
		pause();
	rc = 0;
out:
	b.stopping = 1;
	if (started)
		pthread_join(thread, NULL);
	pthread_mutex_lock(&p->s.lock);
	p->s.stopping = 1;
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);
	if (d)
		MHD_stop_daemon(d);
	tz_forkserver_stop(&p->fs);
	tz_watch_free(b.w);
	if (!rc && !c->once)
		printf("preview: stopped\n");
	free(p->s.diags);
	pthread_mutex_destroy(&p->s.lock);
	pthread_cond_destroy(&p->s.changed);
	free(p);
	return rc;
}
