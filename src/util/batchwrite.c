/*
 * batchwrite.c - atomic writes of several files with few flushes (see
 * batchwrite.h).
 */
#include "batchwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "fsutil.h"
#include "banned.h"

void tz_batch_init(struct tz_batch *b)
{
	memset(b, 0, sizeof(*b));
}

int tz_batch_add(struct tz_batch *b, const char *path, const void *data, size_t len,
		 struct tz_error *err)
{
	struct tz_batch_file *f;

	if (tz_array_grow((void **)&b->f, &b->cap, b->n + 1, sizeof(*b->f)))
		return tz_error_nomem(err);
	f = &b->f[b->n++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->data = data;
	f->len = len;
	return 0;
}

/* Does path hold exactly these bytes? Read only when the size matches. */
static int holds_same(const char *path, const void *data, size_t len)
{
	struct stat st;
	unsigned char chunk[65536];
	size_t off = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), same = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (size_t)st.st_size != len)
		goto out;
	while (off < len) {
		size_t want = len - off < sizeof(chunk) ? len - off : sizeof(chunk);
		ssize_t n = read(fd, chunk, want);
		if (n <= 0 || memcmp(chunk, (const unsigned char *)data + off, (size_t)n))
			goto out;
		off += (size_t)n;
	}
	same = 1;
out:
	close(fd);
	return same;
}

/* Write f's temporary file and start its write-back without waiting. */
static int write_tmp(struct tz_batch_file *f, struct tz_error *err)
{
	struct tz_buf tmp;
	const unsigned char *p = f->data;
	size_t left = f->len;
	int fd;

	tz_buf_init(&tmp, (size_t)8192);
	if (tz_buf_addf(&tmp, "%s.tmp.%ld", f->path, (long)getpid()))
		return tz_error_nomem(err);
	f->tmp = tz_buf_detach(&tmp, NULL);
	if (!f->tmp)
		return tz_error_nomem(err);
	/* never follow a link planted at the temporary name */
	fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		tz_error_set(err, TZ_ERR_IO, f->path, 0, "cannot create '%s': %s", f->tmp,
			     strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			tz_error_set(err, TZ_ERR_IO, f->path, 0, "cannot write '%s': %s (is the disk full?)",
				     f->path, strerror(n < 0 ? errno : ENOSPC));
			close(fd);
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: fsync decides */
#endif
	if (close(fd) != 0)
		return tz_error_set(err, TZ_ERR_IO, f->path, 0, "cannot write '%s': %s", f->path,
				    strerror(errno));
	return 0;
}

static int flush_tmp(struct tz_batch_file *f, struct tz_error *err)
{
	int fd = open(f->tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), bad;

	bad = fd < 0 || fsync(fd) != 0;
	if (fd >= 0 && close(fd) != 0)
		bad = 1;
	if (bad)
		return tz_error_set(err, TZ_ERR_IO, f->path, 0, "cannot write '%s': %s (is the disk full?)",
				    f->path, strerror(errno ? errno : EIO));
	return 0;
}

static void remove_tmps(struct tz_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->f[i].tmp) {
			unlink(b->f[i].tmp);
			free(b->f[i].tmp);
			b->f[i].tmp = NULL;
		}
}

/* fsync each directory the batch renamed into, once. */
static void flush_dirs(struct tz_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		char *dir;
		int seen = 0;
		if (!b->f[i].renamed || !(dir = tz_dirname(b->f[i].path)))
			continue;
		for (size_t k = 0; k < i && !seen; k++) {
			char *other = b->f[k].renamed ? tz_dirname(b->f[k].path) : NULL;
			seen = other && !strcmp(other, dir);
			free(other);
		}
		if (!seen)
			tz_fsync_dir_of(b->f[i].path);
		free(dir);
	}
}

int tz_batch_commit(struct tz_batch *b, struct tz_error *err)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		b->f[i].same = holds_same(b->f[i].path, b->f[i].data, b->f[i].len);
		if (!b->f[i].same && write_tmp(&b->f[i], err))
			goto fail;
	}
	for (i = 0; i < b->n; i++)
		if (b->f[i].tmp && flush_tmp(&b->f[i], err))
			goto fail;
	for (i = 0; i < b->n; i++) {
		struct tz_batch_file *f = &b->f[i];
		if (!f->tmp)
			continue;
		if (rename(f->tmp, f->path) != 0) {
			tz_error_set(err, TZ_ERR_IO, f->path, 0, "cannot rename '%s' to '%s': %s",
				     f->tmp, f->path, strerror(errno));
			goto fail;
		}
		free(f->tmp);
		f->tmp = NULL;
		f->renamed = 1;
	}
	flush_dirs(b);
	return 0;
fail:
	remove_tmps(b);
	return -1;
}

void tz_batch_undo(struct tz_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		if (b->f[i].renamed) {
			unlink(b->f[i].path);
			b->f[i].renamed = 0;
		}
}

size_t tz_batch_unchanged(const struct tz_batch *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++)
		n += b->f[i].same != 0;
	return n;
}

void tz_batch_release(struct tz_batch *b)
{
	remove_tmps(b);
	free(b->f);
	memset(b, 0, sizeof(*b));
}
