/*
 * secretfile.c - the token secret's 0600 file (see secretfile.h).
 */
#include "secretfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/banned.h"

#define SECRET_MAX 1024

static char secret[SECRET_MAX + 1];
static int loaded;

static int read_at(const char *path, struct tz_error *err)
{
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot open the token secret: %s",
				    strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return tz_error_set(err, TZ_ERR_IO, path, 0, "the token secret is not a regular file");
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return tz_error_set(err, TZ_ERR_USAGE, path, 0,
				    "the token secret may be read by others (mode %03o); "
				    "run chmod 600 '%s'", (unsigned)(st.st_mode & 0777), path);
	}
	n = read(fd, secret, SECRET_MAX);
	close(fd);
	if (n < 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot read the token secret: %s",
				    strerror(errno));
	secret[n] = 0;
	secret[strcspn(secret, "\r\n")] = 0;
	if (strlen(secret) < 16)
		return tz_error_set(err, TZ_ERR_USAGE, path, 0,
				    "the token secret is shorter than 16 characters");
	loaded = 1;
	return 0;
}

const char *tz_secret_file_read(struct tz_error *err)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	tz_error_clear(err);
	if (loaded)
		return secret;
	if (!getcwd(dir, sizeof dir))
		return NULL;
	for (;;) {
		char *slash;
		snprintf(path, sizeof path, "%s/%s", strcmp(dir, "/") ? dir : "", TZ_SECRET_FILE);
		if (read_at(path, err))
			return NULL;
		if (loaded)
			return secret;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = 0;
	}
	if (strcmp(dir, "/") != 0) { /* the root itself, last */
		snprintf(path, sizeof path, "/%s", TZ_SECRET_FILE);
		if (read_at(path, err))
			return NULL;
	}
	return loaded ? secret : NULL;
}
