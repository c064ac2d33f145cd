/*
 * clicks.c - append-only click counting (see clicks.h).
 */
#include "clicks.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sign.h"
#include "../list/clicksig.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define NFILES 32

struct ls_clicks {
	char *dir;
	pthread_mutex_t mu; /* guards the table of open files, not the writes */
	struct {
		char issue[48];
		int fd;
	} f[NFILES];
};

struct ls_clicks *ls_clicks_new(const char *dir, struct tz_error *err)
{
	struct ls_clicks *c = tz_calloc(1, sizeof *c);
	if (!c || !(c->dir = tz_strdup(dir))) {
		free(c);
		tz_error_nomem(err);
		return NULL;
	}
	if (tz_mkdirs(dir, err)) {
		free(c->dir);
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < NFILES; i++)
		c->f[i].fd = -1;
	pthread_mutex_init(&c->mu, NULL);
	return c;
}

void ls_clicks_free(struct ls_clicks *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < NFILES; i++)
		if (c->f[i].fd >= 0)
			close(c->f[i].fd);
	pthread_mutex_destroy(&c->mu);
	free(c->dir);
	free(c);
}

int ls_click_issue_ok(const char *s)
{
	return tz_click_issue_ok(s);
}

/* The file of issue, opened once and kept open until exit (a cached fd
 * is never closed while the server runs, so no thread can write to a
 * closed or reused descriptor). Past NFILES issues a click opens and
 * closes its own (*own set). */
static int fd_of(struct ls_clicks *c, const char *issue, int *own)
{
	char name[64], *path;
	int fd = -1;
	*own = 0;
	pthread_mutex_lock(&c->mu);
	for (size_t i = 0; i < NFILES; i++)
		if (c->f[i].fd >= 0 && strcmp(c->f[i].issue, issue) == 0) {
			fd = c->f[i].fd;
			goto out;
		}
	snprintf(name, sizeof name, "%s.clicks", issue);
	path = tz_path_join(c->dir, name);
	if (path)
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	free(path);
	if (fd < 0)
		goto out;
	*own = 1;
	for (size_t i = 0; i < NFILES; i++)
		if (c->f[i].fd < 0) {
			c->f[i].fd = fd;
			snprintf(c->f[i].issue, sizeof c->f[i].issue, "%s", issue);
			*own = 0;
			break;
		}
out:
	pthread_mutex_unlock(&c->mu);
	return fd;
}

int ls_clicks_add(struct ls_clicks *c, const char *issue, const char *url, const char *day)
{
	char line[LS_CLICK_URL_MAX + 32];
	int own, fd = fd_of(c, issue, &own), n, rc;
	if (fd < 0)
		return -1;
	n = snprintf(line, sizeof line, "%s\t%s\n", day, url);
	rc = n > 0 && (size_t)n < sizeof line && write(fd, line, (size_t)n) == n ? 0 : -1;
	if (own)
		close(fd);
	return rc;
}

static const char b64u[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int ls_click_path(const char *secret, const char *issue, const char *url, struct tz_buf *out)
{
	return tz_click_path(secret, issue, url, out);
}

int ls_click_decode(const char *b64, char *out, size_t n)
{
	unsigned v = 0;
	int bits = 0;
	size_t k = 0;
	for (const char *p = b64; *p; p++) {
		const char *pos = strchr(b64u, *p);
		if (!pos)
			return -1;
		v = (v << 6 | (unsigned)(pos - b64u)) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (k + 1 >= n)
				return -1;
			out[k++] = (char)((v >> bits) & 0xff);
		}
	}
	if (bits >= 6) /* a lone character: not base64 */
		return -1;
	out[k] = 0;
	return memchr(out, 0, k) ? -1 : 0;
}
