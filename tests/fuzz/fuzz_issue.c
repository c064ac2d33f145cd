/*
 * fuzz_issue.c - libFuzzer harness: bytes -> issue.xml -> model.
 *
 * The input is written as the issue file of a scratch copy of the mini
 * fixture (so XInclude of its stories and image checks run too) and loaded
 * with every check. Any crash, leak or sanitizer report is a bug; errors in
 * the diagnostics are the expected outcome for most inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "model/load.h"

/* the checkout (fixtures, schema/) when TZ_SRC is not set: the build's
 * source folder (TECHZINE_SOURCE_DATA), else the working folder */
#ifndef TZ_SOURCE_DIR
#define TZ_SOURCE_DIR "."
#endif

static char dir[256];
static char issue_path[300];

/* The scratch copy goes when the fuzzer or replayer exits. */
static void cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove '%s'\n", dir);
}

static void setup(void)
{
	char cmd[1024];
	const char *src = getenv("TZ_SRC");

	snprintf(dir, sizeof(dir), "/tmp/tz-fuzz-issue-%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s/tests/fixtures/mini' '%s'", dir,
		 src ? src : TZ_SOURCE_DIR, dir);
	if (system(cmd) != 0)
		abort();
	atexit(cleanup);
	snprintf(issue_path, sizeof(issue_path), "%s/issue.xml", dir);
	if (!getenv("TECHZINE_DATA"))
		setenv("TECHZINE_DATA", TZ_SOURCE_DIR, 1);
	xmlInitParser();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diags d;
	struct tz_issue *is;
	FILE *fp;

	if (!dir[0])
		setup();
	fp = fopen(issue_path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	tz_diags_init(&d);
	is = tz_issue_load(issue_path, &d);
	tz_issue_free(is);
	tz_diags_release(&d);
	return 0;
}
