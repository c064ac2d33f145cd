/*
 * fuzz_story.c - libFuzzer harness: story XML -> model -> every renderer.
 *
 * The input becomes stories/een.xml of a scratch copy of the mini fixture
 * (inline markup, blocks, variants and figures all come from the story), the
 * issue is loaded with every check, and when it loads the newsletter is
 * rendered in both languages (HTML and plain text, slots filled with
 * hostile values), its size measured, and the web version written. Any
 * crash, leak or sanitizer report is a bug; so is rendered HTML that carries
 * a raw '<' from the fill values, or a text edition with a CR.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "model/load.h"
#include "web/edition.h"
#include "web/web.h"

/* the checkout (fixtures, schema/) when TZ_SRC is not set: the build's
 * source folder (TECHZINE_SOURCE_DATA), else the working folder */
#ifndef TZ_SOURCE_DIR
#define TZ_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[256];
static char issue_path[300], story_path[300], web_dir[300];

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

	snprintf(dir, sizeof(dir), "/tmp/tz-fuzz-story-%ld", (long)getpid());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s/tests/fixtures/mini' '%s'", dir,
		 src ? src : TZ_SOURCE_DIR, dir);
	if (system(cmd) != 0)
		abort();
	atexit(cleanup);
	snprintf(issue_path, sizeof(issue_path), "%s/issue.xml", dir);
	snprintf(story_path, sizeof(story_path), "%s/stories/een.xml", dir);
	snprintf(web_dir, sizeof(web_dir), "%s/out-web", dir);
	if (!getenv("TECHZINE_DATA"))
		setenv("TECHZINE_DATA", TZ_SOURCE_DIR, 1);
	xmlInitParser();
}

static void render(const struct tz_issue *is, const char *lang)
{
	struct tz_edition_options opt = {lang, NULL};
	struct tz_edition ed;
	struct tz_error err;
	struct tz_slot_values v;
	struct tz_buf html, text;
	size_t nsizes = 0, total = 0, *sizes;

	if (tz_edition_render(is, &opt, &ed, &err))
		return;
	memset(&v, 0, sizeof(v));
	v.v[TZ_SLOT_GREETING_NAME] = "<b>\"Eve\" & co</b>\r\nBcc: x@example.org";
	v.v[TZ_SLOT_UNSUBSCRIBE_URL] = "https://example.org/u/\"><script>";
	v.v[TZ_SLOT_PREFERENCES_URL] = "https://example.org/p/x";
	v.v[TZ_SLOT_VIEW_URL] = "https://example.org/index.html";
	tz_buf_init(&html, 0);
	tz_buf_init(&text, 0);
	if (tz_template_fill(&ed.html, &v, &html) == 0 &&
	    (strstr(html.data, "<b>\"Eve\"") || strstr(html.data, "\"><script>")))
		abort(); /* a slot value reached the HTML unescaped */
	(void)tz_template_fill(&ed.text, &v, &text);
	tz_buf_release(&html);
	tz_buf_release(&text);
	tz_edition_release(&ed);

	for (size_t i = 0; i < is->nsections; i++)
		nsizes += is->sections[i].nstories;
	sizes = calloc(nsizes ? nsizes : 1, sizeof(*sizes));
	if (!sizes)
		abort();
	(void)tz_edition_story_sizes(is, &opt, sizes, &total, &err);
	free(sizes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diags d;
	struct tz_issue *is;
	struct tz_error err;
	size_t nfiles = 0;
	FILE *fp;

	if (!dir[0])
		setup();
	fp = fopen(story_path, "wb");
	if (!fp)
		abort();
	fwrite(data, 1, size, fp);
	fclose(fp);
	tz_diags_init(&d);
	is = tz_issue_load(issue_path, &d);
	if (is) {
		render(is, "nl");
		render(is, "en");
		tz_edition_check_size(is, &d);
		(void)tz_web_write(is, web_dir, &nfiles, &err);
	}
	tz_issue_free(is);
	tz_diags_release(&d);
	return 0;
}
