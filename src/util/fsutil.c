/*
 * fsutil.c - bounded reads, atomic writes and path confinement (fsutil.h).
 */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "banned.h"

int tz_open_regular(const char *path, size_t max, size_t *size, struct tz_error *err)
{
	struct stat st;
	int fd;

	/* O_NONBLOCK: opening a named pipe must not wait for a writer (a FIFO
	 * in place of a story hung `check`); no effect on regular files */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot open '%s': %s",
				    path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return tz_error_set(err, TZ_ERR_IO, path, 0,
				    "cannot read '%s': not a regular file", path);
	}
	if (st.st_size >= 0 && (unsigned long long)st.st_size > max) {
		close(fd);
		return tz_error_set(err, TZ_ERR_LIMIT, path, 0,
				    "'%s' is too large (%lld bytes, limit %zu)",
				    path, (long long)st.st_size, max);
	}
	*size = st.st_size > 0 ? (size_t)st.st_size : 0;
	return fd;
}

int tz_read_file(const char *path, size_t max, struct tz_buf *out,
		 struct tz_error *err)
{
	char chunk[65536];
	size_t total = 0, size;
	ssize_t n;
	int fd = tz_open_regular(path, max, &size, err);

	if (fd < 0)
		return -1;
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return tz_error_set(err, TZ_ERR_IO, path, 0,
					    "cannot read '%s': %s", path, strerror(e));
		}
		if (n == 0)
			break;
		total += (size_t)n;
		if (total > max) {
			close(fd);
			return tz_error_set(err, TZ_ERR_LIMIT, path, 0,
					    "'%s' is too large (limit %zu bytes)", path, max);
		}
		if (tz_buf_add(out, chunk, (size_t)n)) {
			close(fd);
			return tz_error_nomem(err);
		}
	}
	close(fd);
	return 0;
}

int tz_fsync_dir_of(const char *path)
{
	char *dir = tz_dirname(path);
	int fd, r = -1;

	if (!dir)
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		r = fsync(fd);
		close(fd);
	}
	free(dir);
	return r;
}

int tz_atomic_open(struct tz_atomic_file *af, const char *path,
		   struct tz_error *err)
{
	struct tz_buf tmp;
	int fd;

	memset(af, 0, sizeof(*af));
	tz_buf_init(&tmp, PATH_MAX * 2);
	if (tz_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		return tz_error_nomem(err);
	af->tmp = tz_buf_detach(&tmp, NULL);
	af->path = tz_strdup(path);
	if (!af->tmp || !af->path) {
		tz_atomic_abort(af);
		return tz_error_nomem(err);
	}
	/* never follow a link planted at the temporary name */
	fd = open(af->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "cannot create '%s': %s",
			     af->tmp, strerror(errno));
		free(af->tmp);
		af->tmp = NULL;
		tz_atomic_abort(af);
		return -1;
	}
	af->fp = fdopen(fd, "wb");
	if (!af->fp) {
		close(fd);
		tz_atomic_abort(af);
		return tz_error_nomem(err);
	}
	return 0;
}

int tz_atomic_commit(struct tz_atomic_file *af, struct tz_error *err)
{
	int bad;

	if (!af->fp)
		return tz_error_set(err, TZ_ERR_IO, af->path, 0, "nothing to commit");
	bad = fflush(af->fp) != 0 || ferror(af->fp);
	if (!bad)
		bad = fsync(fileno(af->fp)) != 0;
	if (fclose(af->fp) != 0)
		bad = 1;
	af->fp = NULL;
	if (bad) {
		tz_error_set(err, TZ_ERR_IO, af->path, 0,
			     "cannot write '%s': %s (is the disk full?)", af->path,
			     strerror(errno ? errno : EIO));
		tz_atomic_abort(af);
		return -1;
	}
	if (rename(af->tmp, af->path) != 0) {
		tz_error_set(err, TZ_ERR_IO, af->path, 0, "cannot rename '%s' to '%s': %s",
			     af->tmp, af->path, strerror(errno));
		tz_atomic_abort(af);
		return -1;
	}
	tz_fsync_dir_of(af->path);
	free(af->tmp);
	free(af->path);
	af->tmp = af->path = NULL;
	return 0;
}

void tz_atomic_abort(struct tz_atomic_file *af)
{
	if (af->fp) {
		fclose(af->fp);
		af->fp = NULL;
	}
	if (af->tmp) {
		unlink(af->tmp);
		free(af->tmp);
		af->tmp = NULL;
	}
	free(af->path);
	af->path = NULL;
}

int tz_write_file_atomic(const char *path, const void *data, size_t len,
			 struct tz_error *err)
{
	struct tz_atomic_file af;

	if (tz_atomic_open(&af, path, err))
		return -1;
	if (len && fwrite(data, 1, len, af.fp) != len) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write '%s': %s", path,
			     strerror(errno));
		tz_atomic_abort(&af);
		return -1;
	}
	return tz_atomic_commit(&af, err);
}

/* 1 when path is a regular file (not a link) holding exactly data. */
static int same_content(const char *path, const void *data, size_t len)
{
	char chunk[65536];
	struct stat st;
	size_t at = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK), same = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size == len) {
		same = 1;
		while (same && at < len) {
			ssize_t n = read(fd, chunk, len - at < sizeof chunk ? len - at : sizeof chunk);
			if (n < 0 && errno == EINTR)
				continue;
			same = n > 0 && memcmp(chunk, (const char *)data + at, (size_t)n) == 0;
			at += n > 0 ? (size_t)n : 0;
		}
	}
	close(fd);
	return same;
}

int tz_write_file_if_changed(const char *path, const void *data, size_t len,
			     struct tz_error *err)
{
	if (same_content(path, data, len))
		return 0;
	return tz_write_file_atomic(path, data, len, err);
}

int tz_mkdirs(const char *path, struct tz_error *err)
{
	char *p = tz_strdup(path);
	size_t len;

	if (!p)
		return tz_error_nomem(err);
	len = strlen(p);
	for (size_t i = 1; i <= len; i++) {
		if (p[i] != '/' && p[i] != '\0')
			continue;
		char saved = p[i];
		p[i] = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			tz_error_set(err, TZ_ERR_IO, path, 0, "cannot create directory '%s': %s",
				     p, strerror(errno));
			free(p);
			return -1;
		}
		p[i] = saved;
	}
	free(p);
	return 0;
}

int tz_path_is_inside(const char *root, const char *p)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return p[0] == '/';
	return strncmp(root, p, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

char *tz_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return tz_strdup(".");
	if (slash == path)
		return tz_strdup("/");
	return tz_strndup(path, (size_t)(slash - path));
}

char *tz_path_join(const char *a, const char *b)
{
	struct tz_buf out;

	if (b[0] == '/' || !a || !a[0])
		return tz_strdup(b);
	tz_buf_init(&out, PATH_MAX * 4);
	if (tz_buf_adds(&out, a) ||
	    (out.len && out.data[out.len - 1] != '/' && tz_buf_addc(&out, '/')) ||
	    tz_buf_adds(&out, b)) {
		tz_buf_release(&out);
		return NULL;
	}
	return tz_buf_detach(&out, NULL);
}

/* Collapse "//", "." and ".." lexically in an absolute path, in place. */
static void path_normalize(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		char *seg = in;
		while (*in && *in != '/')
			in++;
		size_t len = (size_t)(in - seg);
		if (len == 1 && seg[0] == '.')
			continue;
		if (len == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, seg, len);
		out += len;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

char *tz_path_confined(const char *root, const char *base_dir,
		       const char *path, struct tz_error *err)
{
	char *joined, *canon_root, *canon;

	if (!path[0]) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "empty path");
		return NULL;
	}
	joined = tz_path_join(base_dir, path);
	if (!joined) {
		tz_error_nomem(err);
		return NULL;
	}
	canon_root = realpath(root, NULL);
	if (!canon_root) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot resolve '%s': %s", root,
			     strerror(errno));
		free(joined);
		return NULL;
	}
	if (joined[0] == '/') {
		path_normalize(joined);
		if (!tz_path_is_inside(canon_root, joined)) {
			tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				     "'%s' is outside the issue folder", path);
			free(joined);
			free(canon_root);
			return NULL;
		}
	}
	canon = realpath(joined, NULL);
	if (!canon) {
		int e = errno;
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "cannot find '%s': %s",
			     path, strerror(e));
		free(joined);
		free(canon_root);
		return NULL;
	}
	if (!tz_path_is_inside(canon_root, canon)) {
		tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			     "'%s' leads outside the issue folder (through a link)",
			     path);
		free(canon);
		canon = NULL;
	}
	free(joined);
	free(canon_root);
	return canon;
}

int tz_flush_stream(FILE *fp, const char *name, struct tz_error *err)
{
	errno = 0;
	if (fflush(fp) != 0 || ferror(fp))
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot write %s: %s", name,
				    strerror(errno ? errno : EIO));
	return 0;
}

int tz_close_stream(FILE *fp, const char *name, struct tz_error *err)
{
	int bad = fflush(fp) != 0 || ferror(fp);

	if (fclose(fp) != 0)
		bad = 1;
	if (bad)
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot write %s: %s", name,
				    strerror(errno ? errno : EIO));
	return 0;
}
