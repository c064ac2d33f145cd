/*
 * fuzz_mini.h - a scratch copy of the mini fixture (tests/fixtures/mini)
 * for the harnesses that write their input into an issue or story file.
 * The copy goes when the fuzzer or replayer exits.
 */
#ifndef TZ_FUZZ_MINI_H
#define TZ_FUZZ_MINI_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>

/* the checkout (fixtures, schema/) when TZ_SRC is not set: the build's
 * source folder (TECHZINE_SOURCE_DATA), else the working folder */
#ifndef TZ_SOURCE_DIR
#define TZ_SOURCE_DIR "."
#endif

static char fuzz_mini_dir[256];

static void fuzz_mini_cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_mini_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove '%s'\n", fuzz_mini_dir);
}

/* Copy the fixture to /tmp/tz-fuzz-<tag>-<pid> once; its folder is
 * fuzz_mini_dir afterwards. */
static void fuzz_mini_setup(const char *tag)
{
	char cmd[1024];
	const char *src = getenv("TZ_SRC");

	snprintf(fuzz_mini_dir, sizeof(fuzz_mini_dir), "/tmp/tz-fuzz-%s-%ld", tag, (long)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s/tests/fixtures/mini' '%s'",
		 fuzz_mini_dir, src ? src : TZ_SOURCE_DIR, fuzz_mini_dir);
	if (system(cmd) != 0)
		abort();
	atexit(fuzz_mini_cleanup);
	if (!getenv("TECHZINE_DATA"))
		setenv("TECHZINE_DATA", TZ_SOURCE_DIR, 1);
	xmlInitParser();
}

#endif
