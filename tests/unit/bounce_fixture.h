/*
 * bounce_fixture.h - read a bounce fixture of tests/fixtures/bounces/ with
 * its placeholders filled in: {{TOKEN:address}} becomes the address's
 * unsubscribe token under secret, {{DATE:n}} a date in September 2026.
 * Shared by the unit tests that parse bounces; exits on a missing file.
 */
#ifndef TZ_TEST_BOUNCE_FIXTURE_H
#define TZ_TEST_BOUNCE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list/token.h"
#include "util/buf.h"
#include "util/fsutil.h"

/* name is relative to tests/fixtures/bounces/; the result is malloc'd. */
static inline char *tz_test_bounce_fixture(const char *name, const char *secret, size_t *len)
{
	struct tz_buf raw, out;
	struct tz_error err;
	char path[1024];
	const char *p;
	snprintf(path, sizeof path, "%s/tests/fixtures/bounces/%s", getenv("TZ_TEST_SRC"), name);
	tz_buf_init(&raw, 0);
	tz_buf_init(&out, 0);
	if (tz_read_file(path, 1 << 20, &raw, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		exit(1);
	}
	for (p = raw.data; *p;) {
		if (strncmp(p, "{{TOKEN:", 8) == 0) {
			char addr[256], tok[TZ_TOKEN_SIZE];
			size_t n = strcspn(p + 8, "}");
			snprintf(addr, sizeof addr, "%.*s", (int)n, p + 8);
			tz_token_make(secret, addr, tok);
			tz_buf_adds(&out, tok);
			p += 8 + n + 2;
		} else if (strncmp(p, "{{DATE:", 7) == 0) {
			int d = (int)strtol(p + 7, NULL, 10);
			tz_buf_addf(&out, "Tue, %d Sep 2026 10:15:00 +0000", 1 + d % 28);
			p = strstr(p, "}}") + 2;
		} else
			tz_buf_addc(&out, *p++);
	}
	tz_buf_release(&raw);
	return tz_buf_detach(&out, len);
}

#endif
