/*
 * html_preview.c - newsletter-preview.html: the e-mail as `html` wrote it,
 * with the pictures taken from the local web/images/ copy instead of the
 * public website, which is not published yet while the officer previews.
 * Only src attributes under the issue's own images/ URL change; links and
 * the sent e-mail keep the public addresses.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_preview_localise(const char *html, size_t len, const char *public_images,
			const char *local_images, struct tz_buf *out)
{
	struct tz_buf pat;
	size_t n, i = 0;
	int rc = 0;

	tz_buf_init(&pat, 8192);
	if (tz_buf_adds(&pat, "src=\"") || tz_buf_adds(&pat, public_images)) {
		tz_buf_release(&pat);
		return -1;
	}
	n = pat.len;
	while (!rc && i < len) {
		const char *hit = n <= len - i ? memmem(html + i, len - i, pat.data, n) : NULL;
		size_t upto = hit ? (size_t)(hit - html) : len;
		rc = tz_buf_add(out, html + i, upto - i);
		if (!rc && hit)
			rc = tz_buf_adds(out, "src=\"") || tz_buf_adds(out, local_images);
		i = hit ? upto + n : len;
	}
	tz_buf_release(&pat);
	return rc ? -1 : 0;
}

int tz_preview_write(const char *dir, const char *view_url, struct tz_error *err)
{
	struct tz_buf in, out, prefix;
	char *src = tz_path_join(dir, "newsletter.html"), *dst = tz_path_join(dir, "newsletter-preview.html");
	const char *slash = view_url ? strrchr(view_url, '/') : NULL;
	int rc = -1;

	tz_buf_init(&in, 64u << 20);
	tz_buf_init(&out, 64u << 20);
	tz_buf_init(&prefix, 8192);
	if (!src || !dst || !slash) {
		tz_error_nomem(err);
		goto out;
	}
	/* the view URL is BASE/index.html or BASE/en/index.html */
	if (tz_buf_add(&prefix, view_url, (size_t)(slash - view_url)))
		goto nomem;
	if (prefix.len >= 3 && !strcmp(prefix.data + prefix.len - 3, "/en"))
		tz_buf_truncate(&prefix, prefix.len - 3);
	if (tz_buf_adds(&prefix, "/images/"))
		goto nomem;
	if (tz_read_file(src, 64u << 20, &in, err))
		goto out;
	if (tz_preview_localise(in.data, in.len, prefix.data, "web/images/", &out))
		goto nomem;
	rc = tz_write_file_if_changed(dst, out.data, out.len, err);
	goto out;
nomem:
	tz_error_nomem(err);
out:
	tz_buf_release(&in);
	tz_buf_release(&out);
	tz_buf_release(&prefix);
	free(src);
	free(dst);
	return rc;
}
