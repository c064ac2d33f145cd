/*
 * watch.c - what the preview watches (inotify): the issue folder, its
 * stories/ and images/, and the layouts/ folder that holds the print
 * layouts and the newsletter theme. Editors save by writing in place or
 * by writing a new file and renaming it over the old one; both end in an
 * event here (CLOSE_WRITE, MOVED_TO). Events are gathered until 150 ms
 * pass without one (an editor's save is several events; a `git checkout`
 * is many), then one build runs for all of them. When the last event is
 * one that ends a save (a file closed after writing, a file renamed into
 * place), the file is whole already and 40 ms of quiet suffice: the rest
 * of the 150 ms was the largest part of an edit's wait (issue 23). A save
 * that goes on after that is one more build, never a half-read file.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "preview.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/banned.h"

#define DEBOUNCE_MS 150
#define SETTLE_MS 40 /* after an event that ends a save */
#define MAX_WATCHES 8

struct tz_watch {
	int fd;
	int wd[MAX_WATCHES];
	char name[MAX_WATCHES][32]; /* "stories", "images", "", "layouts" */
	size_t n;
};

static void add(struct tz_watch *w, const char *dir, const char *sub, const char *label)
{
	char path[1200];
	if (w->n >= MAX_WATCHES)
		return;
	snprintf(path, sizeof path, "%s%s%s", dir, sub[0] ? "/" : "", sub);
	int wd = inotify_add_watch(w->fd, path,
				   IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
					   IN_DELETE | IN_ATTRIB);
	if (wd < 0)
		return; /* a folder that is not there (no images/ yet) */
	w->wd[w->n] = wd;
	snprintf(w->name[w->n], sizeof w->name[w->n], "%s", label);
	w->n++;
}

struct tz_watch *tz_watch_new(const char *issue_dir, const char *layouts_dir, struct tz_error *err)
{
	struct tz_watch *w = tz_calloc(1, sizeof *w);
	if (!w) {
		tz_error_nomem(err);
		return NULL;
	}
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot watch files (inotify): %m");
		free(w);
		return NULL;
	}
	add(w, issue_dir, "", "");
	add(w, issue_dir, "stories", "stories/");
	add(w, issue_dir, "images", "images/");
	if (layouts_dir && layouts_dir[0])
		add(w, layouts_dir, "", "layouts/");
	if (!w->n) {
		tz_error_set(err, TZ_ERR_IO, issue_dir, 0, "cannot watch the issue folder: %m");
		tz_watch_free(w);
		return NULL;
	}
	return w;
}

/* Editors' scratch files are not changes to the issue: only the kinds of
 * file an issue is made of count. */
static int ignored(const char *name)
{
	static const char *const kinds[] = {".xml", ".jpg", ".jpeg", ".png", ".icc", ".icm", NULL};
	size_t n = strlen(name);
	int kind = 0;
	for (size_t i = 0; kinds[i]; i++) {
		size_t k = strlen(kinds[i]);
		kind |= n > k && !strcasecmp(name + n - k, kinds[i]);
	}
	return !kind || !n || name[0] == '.' || name[n - 1] == '~' || (n > 4 && !strcmp(name + n - 4, ".swp")) ||
	       (n > 4 && !strcmp(name + n - 4, ".tmp")) || strstr(name, ".tmp.") ||
	       (n > 1 && name[0] == '#');
}

/* Read what is there; 1 when a relevant change was seen, *done set when
 * the last one ended a save. */
static int drain(struct tz_watch *w, char *out, size_t n, int *force, int *done)
{
	char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
	int seen = 0;
	for (;;) {
		ssize_t len = read(w->fd, buf, sizeof buf);
		if (len <= 0)
			return seen;
		for (char *p = buf; p < buf + len;) {
			struct inotify_event *e = (struct inotify_event *)(void *)p;
			p += sizeof *e + e->len;
			if (!e->len || ignored(e->name))
				continue;
			const char *label = "";
			for (size_t i = 0; i < w->n; i++)
				if (w->wd[i] == e->wd)
					label = w->name[i];
			if (strcmp(label, "stories/"))
				*force = 1;
			*done = (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) != 0;
			char item[300];
			snprintf(item, sizeof item, "%s%s", label, e->name);
			if (!strstr(out, item) && strlen(out) + strlen(item) + 3 < n) {
				size_t l = strlen(out);
				snprintf(out + l, n - l, "%s%s", l ? ", " : "", item);
			}
			seen = 1;
		}
	}
}

int tz_watch_wait(struct tz_watch *w, char *out, size_t n, int *force, const int *stopping,
		  double *waited_ms)
{
	struct pollfd pfd = {w->fd, POLLIN, 0};
	int done = 0;
	double t0;
	out[0] = '\0';
	*force = 0;
	for (;;) { /* the first relevant change */
		if (*stopping)
			return -1;
		int r = poll(&pfd, 1, 200);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0 && drain(w, out, n, force, &done))
			break;
	}
	t0 = tz_clock_seconds();
	for (;;) { /* then quiet */
		int r = poll(&pfd, 1, done ? SETTLE_MS : DEBOUNCE_MS);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r == 0) {
			*waited_ms = (tz_clock_seconds() - t0) * 1000.0;
			return 0;
		}
		drain(w, out, n, force, &done);
	}
}

void tz_watch_free(struct tz_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	free(w);
}
