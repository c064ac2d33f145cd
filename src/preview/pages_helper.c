/*
 * pages_helper.c - the second renderer of a cold start: `techzine preview
 * --render-pages 13,14,... PDF` renders the listed pages (1-based) of PDF
 * into the pages/ folder beside it, as pages.c would, and exits 0 when
 * every one was written. It is a process of its own, not a thread:
 * poppler's cairo backend keeps one FreeType library per process, and
 * FreeType wants the opening and closing of faces on one library
 * serialised; two processes share nothing. The builder renders the other
 * half meanwhile and renders these pages itself when the helper fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <poppler.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "preview.h"
#include "render.h"
#include "../util/fsutil.h"
#define TZ_POPPLERDL_CALLS /* poppler and cairo are opened on first use */
#include "popplerdl.h"
#include "../util/banned.h"

extern char **environ;

pid_t tz_preview_helper_start(const struct tz_preview *p, const char *pdf, const int *pages,
			      int n)
{
	char list[TZ_PREVIEW_MAX_PAGES * 4 + 8], log[1200];
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		int w = snprintf(list + len, sizeof list - len, "%s%d", i ? "," : "", pages[i] + 1);
		if (w < 0 || (size_t)w >= sizeof list - len)
			return -1;
		len += (size_t)w;
	}
	snprintf(log, sizeof log, "%s/render-helper.log", p->p.root);
	char *args[] = {"techzine", "preview", "--render-pages", list, (char *)pdf, NULL};
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

int tz_preview_helper_finish(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

int tz_preview_helper_main(const char *list, const char *pdf, struct tz_error *err)
{
	char *dir = tz_dirname(pdf), path[1200];
	int rc = 0;
	if (!dir)
		return tz_error_nomem(err);
	PopplerDocument *doc = tz_preview_open_pdf(pdf, err);
	snprintf(path, sizeof path, "%s/pages", dir);
	if (!doc || tz_mkdirs(path, err)) {
		if (doc)
			g_object_unref(doc);
		free(dir);
		return -1;
	}
	int npages = poppler_document_get_n_pages(doc);
	for (const char *q = list; *q && !rc;) {
		char *end;
		long n = strtol(q, &end, 10);
		if (end == q || n < 1 || n > npages || n > TZ_PREVIEW_MAX_PAGES ||
		    (*end && *end != ',')) {
			rc = tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					  "--render-pages wants page numbers of '%s' (1-%d), not '%s'",
					  pdf, npages, q);
			break;
		}
		PopplerPage *page = poppler_document_get_page(doc, (int)n - 1);
		snprintf(path, sizeof path, "%s/pages/p%03ld.png", dir, n);
		rc = page ? tz_preview_render_page(page, TZ_PREVIEW_SCALE, path, err)
			  : tz_error_set(err, TZ_ERR_IO, pdf, 0, "cannot read page %ld", n);
		if (page)
			g_object_unref(page);
		q = *end ? end + 1 : end;
	}
	g_object_unref(doc);
	free(dir);
	return rc;
}
