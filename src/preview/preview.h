/*
 * preview.h - `techzine preview`: a local page that shows the issue as
 * the printer (page images in spreads) and a subscriber (the e-mail at
 * 600 and 375 px, the text part) will see it, with every diagnostic, and
 * rebuilds on every save.
 *
 * The one idea: the preview runs techzine itself for every build (the
 * same `pdf` and `html` commands the officer would run, as child
 * processes forked by a fork server that has the dictionaries and fonts
 * loaded, or spawned from /proc/self/exe), so what it shows is exactly
 * what those commands make, a crash in a build cannot take the server
 * down, and a failed build leaves the last good pages in place. Only
 * pages whose content changed are rendered again (poppler-glib + cairo,
 * 72 dpi; one page large at 108 dpi when it is asked for).
 *
 * Threads: libmicrohttpd serves each connection on its own thread (the
 * Server-Sent Events stream blocks); one builder thread watches the files
 * (inotify, debounced) and builds. They share struct tz_preview_state
 * under its mutex; a new generation is announced with its condvar.
 */
#ifndef TZ_PREVIEW_H
#define TZ_PREVIEW_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#include "../util/buf.h"
#include "../util/error.h"

#define TZ_PREVIEW_MAX_PAGES 512
#define TZ_PREVIEW_MAX_DIAGS 500
#define TZ_PREVIEW_MAX_TESTS 8
/* page images: 72 dpi for the spreads, 108 dpi for one page large */
#define TZ_PREVIEW_SCALE 1.0
#define TZ_PREVIEW_SCALE_LARGE 1.5

/* Runs one techzine command in this process as main would (cli side). */
typedef int (*tz_preview_runner)(int argc, char **argv);

struct tz_preview_config {
	const char *issue_path; /* issues/2026-12/issue.xml */
	const char *listen;     /* 127.0.0.1:8090 */
	int allow_remote;
	const char *smtp;       /* for the test send; NULL: the outbox */
	const char *tests[TZ_PREVIEW_MAX_TESTS];
	size_t ntests;
	int insecure_no_tls;
	int open_browser;
	int once;               /* build once, print the figures, exit (bench) */
	const char *data_dir;   /* layouts/ and the theme, watched too */
	tz_preview_runner run;  /* for the fork server; NULL: exec each step */
};

struct tz_preview_diag {
	char sev; /* 'e' error, 'w' warning */
	char file[256];
	long line;
	int page; /* the page it names, 0 when none */
	char msg[512];
	double box[4]; /* x, y, w, h in points from the page's top left; w 0: none */
};

struct tz_preview_page {
	unsigned long long hash; /* of the page's text, images and size */
	double w, h;             /* points (the MediaBox) */
	unsigned version;        /* bumped when the image was rendered again */
	unsigned large_version;  /* the version the large image was made for */
};

struct tz_preview_state {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	unsigned generation; /* every finished build, good or not */
	int stopping;
	/* the last build */
	int build_ok;        /* pdf and html both written */
	int building;
	double build_ms, render_ms;
	/* where the time of the last build went (bench/preview prints them) */
	double debounce_ms, pdf_ms, html_ms, hash_ms;
	double pdf_cpu_ms, html_cpu_ms, render_cpu_ms; /* CPU time: the load aside */
	size_t helper_pages; /* rendered by the helper process */
	int ran_pdf, ran_html; /* the children the last build started */
	int last_rc[3];        /* exit of pdf, html nl, html en (kept when skipped) */
	long long built_at;  /* unix time */
	char changed_files[1024];
	size_t pages_rendered;
	struct tz_preview_diag *diags;
	size_t ndiags, errors, warnings;
	char build_error[1024]; /* a failure that is not a diagnostic */
	/* the last good print edition */
	struct tz_preview_page pages[TZ_PREVIEW_MAX_PAGES];
	size_t npages;
	double bleed_pt;     /* page box inset to the trim */
	/* the last good newsletter editions */
	size_t html_bytes[2], text_bytes[2]; /* nl, en */
	int have_lang[2];
	char subject[512], preheader[512], from[256];
	/* the print layout's text area (points from the trim's top left),
	 * for drawing a hole at the foot of a page where it is; baseline 0:
	 * not known */
	double text_top, baseline, inner, outer, trim_w;
	/* the last test send */
	char send_result[2048];
	int sending;
};

/* Paths under out/<issue>/preview/. */
struct tz_preview_paths {
	char issue_dir[1024]; /* the folder of issue.xml */
	char slug[64];
	char root[1024];      /* out/<issue>/preview */
	char self[1024];      /* /proc/self/exe resolved */
	char layouts[1024];   /* the layouts/ the builds read: the project's
			       * (the issue folder's grandparent's) when it has
			       * one, else the data folder's (model/load.c) */
};

/* forkserver.c: build steps forked from a process started before any
 * thread, instead of exec'd (see the file). Used by the builder only. */
#define TZ_FORKSERVER_JOBS 16
struct tz_forkserver {
	int sock;
	pid_t pid;
	struct {
		pid_t pid;
		int status;
		long cpu_us;
	} exited[TZ_FORKSERVER_JOBS]; /* answers read while waiting for another */
	size_t nexited;
};
int tz_forkserver_start(struct tz_forkserver *fs, tz_preview_runner run);
/* Run args (argv[0] first) with stdout and stderr into log; pid or -1. */
pid_t tz_forkserver_run(struct tz_forkserver *fs, char *const *args, const char *log);
/* Its waitpid status and CPU time; 0, or -1 when the server has gone. */
int tz_forkserver_wait(struct tz_forkserver *fs, pid_t pid, int *status, long *cpu_us);
struct rusage;
long tz_rusage_us(const struct rusage *ru);
void tz_forkserver_stop(struct tz_forkserver *fs);

struct tz_preview {
	const struct tz_preview_config *c;
	struct tz_forkserver fs;
	struct tz_preview_paths p;
	struct tz_preview_state s;
	char token[40];  /* required on every request with --allow-remote */
	char csrf[40];   /* required on the POST of a test send */
	char origin[300];/* http://HOST:PORT as the page is served */
};

int tz_preview_run(const struct tz_preview_config *c, struct tz_error *err);

/* build.c: one build (pdf + html + page images) into p->p.root; updates
 * the state. force: render every page again (a layout, an image, the
 * issue file changed). */
int tz_preview_build(struct tz_preview *p, const char *changed, int force, double debounce_ms);
/* pages.c: hash the pages of the PDF and render those that changed (all
 * with force) into root/pages/pNNN.png. */
int tz_preview_pages(struct tz_preview *p, const char *pdf, int force, size_t *rendered,
		     struct tz_error *err);
/* pages.c: the large image of page n (1-based) for the version shown
 * now, made when it is asked for; its path into path. */
int tz_preview_large(struct tz_preview *p, int n, char *path, size_t size, struct tz_error *err);
/* diagparse.c (pure): a log line as a diagnostic; the pixel size an
 * image diagnostic gives; the empty and all lines a hole diagnostic
 * gives. The last two: 1 when found, else 0. */
void tz_preview_parse_diag(struct tz_preview_diag *d, const char *line);
int tz_preview_image_size(const char *msg, int *w, int *h);
int tz_preview_hole_lines(const char *msg, long *lines, long *grid);
/* diagboxes.c: the place on its page of each diagnostic that names an
 * image by its size, found in pdf (builder thread, after the pages). */
void tz_preview_diag_boxes(struct tz_preview *p, const char *pdf);
/* pages_helper.c: a helper process that renders pages (0-based in pages)
 * of pdf; its pid or -1. finish: 0 when it wrote every one. main: the
 * helper's side (`techzine preview --render-pages 1,2,3 PDF`). */
pid_t tz_preview_helper_start(const struct tz_preview *p, const char *pdf, const int *pages,
			      int n);
int tz_preview_helper_finish(pid_t pid);
int tz_preview_helper_main(const char *list, const char *pdf, struct tz_error *err);
/* pdfpages.c: a hash per page (page-tree order) of its content stream,
 * size and images, read from a PDF techzine wrote; 0 for a page it cannot
 * read. Returns the pages found (at most max), 0 when the file is not
 * of that shape. */
size_t tz_preview_page_hashes(const char *d, size_t n, unsigned long long *out, size_t max);
/* watch.c: block until a watched file changes, then until 150 ms pass
 * without another change (40 ms when the last event ended a save);
 * changed names go to out (comma-separated), *force set when a file
 * outside stories/ changed, *waited_ms the wait after the first event.
 * 0, or -1 on stop. */
struct tz_watch;
struct tz_watch *tz_watch_new(const char *issue_dir, const char *layouts_dir, struct tz_error *err);
int tz_watch_wait(struct tz_watch *w, char *out, size_t n, int *force, const int *stopping,
		  double *waited_ms);
void tz_watch_free(struct tz_watch *w);
/* http.c */
struct MHD_Daemon;
struct MHD_Daemon *tz_preview_http_start(struct tz_preview *p, struct tz_error *err);
/* page.c: the preview page itself */
int tz_preview_page_html(struct tz_preview *p, struct tz_buf *out);

#endif
