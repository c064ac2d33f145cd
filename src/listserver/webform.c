/*
 * webform.c - the framed sign-up form for the web version and partners
 * (see webform.h).
 */
#include "webform.h"

#include <stdlib.h>
#include <string.h>

#include "tpl.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static const char snippet_tpl[] =
	"<section class=\"techzine-signup\" lang=\"nl\">"
	"<h2>Aanmelden voor de TechZine-nieuwsbrief</h2>"
	"<iframe src=\"{{url}}/subscribe?src={{src}}\" title=\"Aanmelden / Subscribe\" "
	"style=\"width:100%;max-width:36em;height:46em;border:0\" loading=\"lazy\" "
	"referrerpolicy=\"no-referrer\"></iframe></section>\n";

static const char page_tpl[] =
	"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width\">"
	"<title>Aanmelden - TechZine</title></head><body>{{&snippet}}</body></html>\n";

int ls_webform_snippet(const struct ls_config *c, const char *src, struct tz_buf *out)
{
	struct ls_var v[] = {{"url", c->public_url}, {"src", src}};
	return ls_tpl_render(out, snippet_tpl, v, 2);
}

int ls_webform_write(const struct ls_config *c, const char *webdir, struct tz_error *err)
{
	struct tz_buf snip, page, index;
	char *ipath = tz_path_join(webdir, "index.html"), *ppath = tz_path_join(webdir, "aanmelden.html");
	int rc = -1;
	tz_buf_init(&snip, 65536);
	tz_buf_init(&page, 65536);
	tz_buf_init(&index, (size_t)16 * 1024 * 1024);
	if (!ipath || !ppath || ls_webform_snippet(c, "web", &snip)) {
		tz_error_nomem(err);
		goto out;
	}
	{
		struct ls_var v[] = {{"snippet", snip.data}};
		if (ls_tpl_render(&page, page_tpl, v, 1)) {
			tz_error_nomem(err);
			goto out;
		}
	}
	if (tz_write_file_atomic(ppath, page.data, page.len, err) ||
	    tz_read_file(ipath, index.max, &index, err))
		goto out;
	{
		char *body = NULL;
		struct tz_buf out;
		for (char *p = strstr(index.data, "</body>"); p; p = strstr(p + 1, "</body>"))
			body = p;
		if (!body || strstr(index.data, "class=\"techzine-signup\"")) {
			rc = body ? 0 : tz_error_set(err, TZ_ERR_CONTENT, ipath, 0,
						     "the web version has no </body> to put the form before");
			goto out;
		}
		tz_buf_init(&out, index.max);
		if (tz_buf_add(&out, index.data, (size_t)(body - index.data)) ||
		    tz_buf_add(&out, snip.data, snip.len) || tz_buf_adds(&out, body)) {
			tz_buf_release(&out);
			tz_error_nomem(err);
			goto out;
		}
		rc = tz_write_file_atomic(ipath, out.data, out.len, err);
		tz_buf_release(&out);
	}
out:
	tz_buf_release(&snip);
	tz_buf_release(&page);
	tz_buf_release(&index);
	free(ipath);
	free(ppath);
	return rc;
}
