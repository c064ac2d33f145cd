/*
 * test_pdfpages.c - the preview's page hashes: one per page in page-tree
 * order, equal for equal pages, different when a content stream differs,
 * 0 ("unknown": render it) for a broken file, never a read past the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"

size_t tz_preview_page_hashes(const char *d, size_t n, unsigned long long *out, size_t max);

int main(void)
{
	char path[1024];
	struct tz_buf b;
	struct tz_error err;
	unsigned long long h[8], h2[8];
	const char *src = getenv("TZ_TEST_SRC");
	snprintf(path, sizeof path, "%s/tests/fuzz/corpus/fuzz_pdfpages/two-pages.pdf",
		 src ? src : ".");
	tz_buf_init(&b, 0);
	CHECK(tz_read_file(path, 1 << 20, &b, &err) == 0);
	CHECK(tz_preview_page_hashes(b.data, b.len, h, 8) == 2);
	CHECK(h[0] && h[1] && h[0] != h[1]);
	/* the second page's stream changed ("1 1 m" -> "1 2 m"), the first not */
	char *p = strstr(b.data, "1 1 m S");
	CHECK(p != NULL);
	if (p)
		p[2] = '2';
	CHECK(tz_preview_page_hashes(b.data, b.len, h2, 8) == 2);
	CHECK(h2[0] == h[0] && h2[1] != h[1]);
	/* at most max pages */
	CHECK(tz_preview_page_hashes(b.data, b.len, h2, 1) == 1);
	/* cut anywhere: no crash, and never a wrong "same" for a page */
	for (size_t cut = 0; cut < b.len; cut += 7) {
		size_t n = tz_preview_page_hashes(b.data, cut, h2, 8);
		CHECK(n == 0 || n == 2);
	}
	CHECK(tz_preview_page_hashes("", 0, h2, 8) == 0);
	tz_buf_release(&b);
	return tap_done();
}
