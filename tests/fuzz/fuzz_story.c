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

#include "fuzz_mini.h"
#include "model/load.h"
#include "web/edition.h"
#include "web/web.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char issue_path[300], story_path[300], web_dir[300];

static void setup(void)
{
	fuzz_mini_setup("story");
	snprintf(issue_path, sizeof(issue_path), "%s/issue.xml", fuzz_mini_dir);
	snprintf(story_path, sizeof(story_path), "%s/stories/een.xml", fuzz_mini_dir);
	snprintf(web_dir, sizeof(web_dir), "%s/out-web", fuzz_mini_dir);
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

	if (!fuzz_mini_dir[0])
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
