/*
 * outbox.c - Maildir delivery (see outbox.h). Unique names follow the
 * Maildir convention time.M<usec>P<pid>Q<counter>.host so two sends in the
 * same second never collide.
 */
#include "outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_outbox_open(struct tz_outbox *o, const char *dir, struct tz_error *err)
{
	static const char *subs[] = {"tmp", "new", "cur"};
	memset(o, 0, sizeof *o);
	o->dir = tz_strdup(dir);
	if (!o->dir)
		return tz_error_nomem(err);
	for (size_t i = 0; i < 3; i++) {
		char *p = tz_path_join(dir, subs[i]);
		int rc;
		if (!p)
			return tz_error_nomem(err);
		rc = tz_mkdirs(p, err);
		free(p);
		if (rc)
			return -1;
	}
	if (gethostname(o->host, sizeof o->host))
		snprintf(o->host, sizeof o->host, "localhost");
	o->host[sizeof o->host - 1] = 0;
	/* '/' and ':' are not allowed in Maildir names */
	for (char *h = o->host; *h; h++)
		if (*h == '/' || *h == ':')
			*h = '_';
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int tz_outbox_put(struct tz_outbox *o, const char *msg, size_t len, struct tz_error *err)
{
	char name[256], tmp[4096], dst[4096];
	struct timeval tv;
	char *lf;
	size_t k = 0;
	int fd, ok;

	gettimeofday(&tv, NULL);
	snprintf(name, sizeof name, "%lld.M%ldP%ldQ%lu.%s", (long long)tv.tv_sec,
		 (long)tv.tv_usec, (long)getpid(), ++o->counter, o->host);
	if (snprintf(tmp, sizeof tmp, "%s/tmp/%s", o->dir, name) >= (int)sizeof tmp ||
	    snprintf(dst, sizeof dst, "%s/new/%s", o->dir, name) >= (int)sizeof dst)
		return tz_error_set(err, TZ_ERR_LIMIT, o->dir, 0, "outbox path too long");
	lf = tz_malloc(len + 1);
	if (!lf)
		return tz_error_nomem(err);
	for (size_t i = 0; i < len; i++)
		if (!(msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			lf[k++] = msg[i];
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		free(lf);
		return tz_error_set(err, TZ_ERR_IO, tmp, 0, "cannot create message: %s",
				    strerror(errno));
	}
	ok = write_all(fd, lf, k) == 0 && fsync(fd) == 0;
	free(lf);
	if (close(fd) || !ok) {
		int e = errno;
		unlink(tmp);
		return tz_error_set(err, TZ_ERR_IO, tmp, 0, "cannot write message: %s", strerror(e));
	}
	if (rename(tmp, dst)) {
		int e = errno;
		unlink(tmp);
		return tz_error_set(err, TZ_ERR_IO, dst, 0, "cannot move message into new/: %s",
				    strerror(e));
	}
	return 0;
}

int tz_outbox_close(struct tz_outbox *o, struct tz_error *err)
{
	char probe[4096];
	int rc = 0;
	if (o->dir) {
		snprintf(probe, sizeof probe, "%s/new/x", o->dir);
		if (tz_fsync_dir_of(probe))
			rc = tz_error_set(err, TZ_ERR_IO, o->dir, 0, "cannot sync the outbox");
	}
	free(o->dir);
	o->dir = NULL;
	return rc;
}
