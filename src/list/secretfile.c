/*
 * secretfile.c - the token secret in a 0600 file (see secretfile.h).
 */
#include "secretfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/fsutil.h"
#include "../util/banned.h"

#define SECRET_MAX 256

int tz_secret_file_path(char *out, size_t size)
{
	const char *f = getenv("TECHZINE_TOKEN_SECRET_FILE"), *x = getenv("XDG_CONFIG_HOME"),
		   *h = getenv("HOME");
	int n;

	if (f && f[0])
		n = snprintf(out, size, "%s", f);
	else if (x && x[0] == '/')
		n = snprintf(out, size, "%s/techzine/token-secret", x);
	else if (h && h[0] == '/')
		n = snprintf(out, size, "%s/.config/techzine/token-secret", h);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static const char *read_at(const char *path, int *missing, struct tz_error *err)
{
	static char secret[SECRET_MAX + 2];
	struct stat st;
	ssize_t n;
	size_t len;
	int fd;

	*missing = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*missing = 1;
			return NULL;
		}
		tz_error_set(err, TZ_ERR_USAGE, path, 0,
			     "cannot read the token secret '%s': %s; it must be a plain file of yours (not a link)",
			     path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != getuid() ||
	    (st.st_mode & 077)) {
		close(fd);
		tz_error_set(err, TZ_ERR_USAGE, path, 0,
			     "the token secret '%s' can be read by others; run 'chmod 600 %s' (it must be a plain file of yours)",
			     path, path);
		return NULL;
	}
	n = read(fd, secret, sizeof(secret) - 1);
	close(fd);
	len = n > 0 ? (size_t)n : 0;
	while (len && (secret[len - 1] == '\n' || secret[len - 1] == '\r'))
		len--;
	secret[len] = '\0';
	if (len < 16 || len > SECRET_MAX || strpbrk(secret, "\r\n")) {
		tz_error_set(err, TZ_ERR_USAGE, path, 0,
			     "the token secret '%s' must be one line of 16 to %d characters; run 'techzine secret init' to make one (only when no newsletter was sent with another secret)",
			     path, SECRET_MAX);
		return NULL;
	}
	return secret;
}

/* The publication's .techzine/token-secret, from the working folder up. */
static const char *read_publication(int *missing, struct tz_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	*missing = 1;
	if (!getcwd(dir, sizeof dir))
		return NULL;
	for (;;) {
		const char *s;
		snprintf(path, sizeof path, "%s/%s", strcmp(dir, "/") ? dir : "", TZ_SECRET_FILE);
		if ((s = read_at(path, missing, err)) || !*missing)
			return s;
		char *slash = strrchr(dir, '/');
		if (!slash)
			return NULL;
		if (slash == dir) {
			if (!dir[1])
				return NULL;
			dir[1] = '\0';
		} else
			*slash = '\0';
	}
}

const char *tz_secret_file_read(struct tz_error *err)
{
	const char *f = getenv("TECHZINE_TOKEN_SECRET_FILE"), *s;
	char path[4096];
	int missing;
	tz_error_clear(err);
	if (f && f[0])
		return read_at(f, &missing, err);
	if ((s = read_publication(&missing, err)) || !missing)
		return s;
	if (tz_secret_file_path(path, sizeof(path)))
		return NULL;
	return read_at(path, &missing, err);
}

int tz_secret_file_create(const char *path, struct tz_error *err)
{
	static const char b64u[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char raw[33];
	char text[48], dir[4096];
	size_t k = 0;
	int fd;
	const char *slash = strrchr(path, '/');

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot get random bytes: %s",
				    strerror(errno));
	for (size_t i = 0; i + 3 <= sizeof(raw); i += 3) {
		unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
		for (int s = 18; s >= 0; s -= 6)
			text[k++] = b64u[(v >> s) & 63];
	}
	text[k++] = '\n';
	if (slash && slash != path) {
		if ((size_t)(slash - path) >= sizeof(dir))
			return tz_error_set(err, TZ_ERR_USAGE, path, 0, "path too long");
		memcpy(dir, path, (size_t)(slash - path));
		dir[slash - path] = '\0';
		if (tz_mkdirs(dir, err))
			return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return tz_error_set(err, TZ_ERR_CONTENT, path, 0,
					    "the token secret '%s' already exists; keep it: a new secret would break the unsubscribe links in every newsletter already sent",
					    path);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot create '%s': %s", path,
				    strerror(errno));
	}
	if (write(fd, text, k) != (ssize_t)k || fsync(fd)) {
		int e = errno;
		close(fd);
		unlink(path);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write '%s': %s", path,
				    strerror(e));
	}
	if (close(fd)) {
		unlink(path);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write '%s'", path);
	}
	tz_fsync_dir_of(path);
	return 0;
}
