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

#include "fuzz_mini.h"
#include "model/load.h"

static char issue_path[300];

static void setup(void)
{
	fuzz_mini_setup("issue");
	snprintf(issue_path, sizeof(issue_path), "%s/issue.xml", fuzz_mini_dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diags d;
	struct tz_issue *is;
	FILE *fp;

	if (!fuzz_mini_dir[0])
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
