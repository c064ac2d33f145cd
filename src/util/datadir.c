/*
 * datadir.c - the data folder search (see datadir.h). The result is kept
 * for the life of the process: every command asks several times.
 */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banned.h"

#ifndef TZ_DATADIR
#define TZ_DATADIR "/usr/local/share/techzine"
#endif
#ifndef TZ_DATADIR_FROM_BIN
#define TZ_DATADIR_FROM_BIN "../share/techzine"
#endif

static char found[PATH_MAX];
static const char *origin;
static const char *given;

void tz_data_dir_set(const char *dir)
{
	given = dir;
	origin = NULL;
}

static int has_schema(const char *dir)
{
	char p[PATH_MAX];
	int n = snprintf(p, sizeof p, "%s/schema/issue.rng", dir);
	return n > 0 && (size_t)n < sizeof p && access(p, R_OK) == 0;
}

static int take(const char *dir, const char *why)
{
	int n = snprintf(found, sizeof found, "%s", dir);
	if (n < 0 || (size_t)n >= sizeof found)
		return 0;
	origin = why;
	return 1;
}

/* the working folder or a parent with schema/issue.rng */
static int project_folder(void)
{
	char dir[PATH_MAX];
	if (!getcwd(dir, sizeof dir))
		return 0;
	for (;;) {
		char *slash;
		if (has_schema(dir))
			return take(dir, "project folder");
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return 0;
		*slash = 0;
	}
}

/* BIN/../share/techzine of the running program */
static int beside_program(void)
{
	char exe[PATH_MAX], dir[PATH_MAX], *real;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;
	int k;
	if (n <= 0)
		return 0;
	exe[n] = 0;
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = 0;
	k = snprintf(dir, sizeof dir, "%s/%s", exe, TZ_DATADIR_FROM_BIN);
	if (k < 0 || (size_t)k >= sizeof dir || !has_schema(dir))
		return 0;
	real = realpath(dir, NULL);
	k = take(real ? real : dir, "installed");
	free(real);
	return k;
}

const char *tz_data_dir(void)
{
	const char *e;
	if (origin)
		return found;
	e = getenv("TECHZINE_DATA");
	if ((given && given[0] && take(given, "--data-dir")) ||
	    (e && e[0] && take(e, "TECHZINE_DATA")) || project_folder() || beside_program() ||
	    (has_schema(TZ_DATADIR) && take(TZ_DATADIR, "installed")))
		return found;
#ifdef TZ_SOURCE_DIR
	if (has_schema(TZ_SOURCE_DIR) && take(TZ_SOURCE_DIR, "source folder"))
		return found;
#endif
	take(TZ_DATADIR, "not found"); /* the messages then name where it should be */
	return found;
}

const char *tz_data_dir_origin(void)
{
	tz_data_dir();
	return origin;
}
