/*
 * test_model.c - load the mini fixture issue and check the model: sections,
 * stories, whitespace normalisation, inline runs and styles, figures with
 * probed sizes, key figures, variants, file:line of every story; links and
 * image probing as pure functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "model/format.h"
#include "model/image.h"
#include "model/load.h"
#include "util/alloc.h"

static void test_mini(void)
{
	struct tz_diags d;
	struct tz_issue *is;
	const struct tz_story *s;
	const struct tz_story_text *en;
	const struct tz_block *b;
	char path[1024];
	const char *src = getenv("TZ_TEST_SRC");

	snprintf(path, sizeof(path), "%s/tests/fixtures/mini/issue.xml", src ? src : ".");
	tz_diags_init(&d);
	is = tz_issue_load(path, &d);
	CHECK(is != NULL);
	CHECK(d.errors == 0);
	if (!is) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s:%ld: %s\n", d.items[i].file, d.items[i].line, d.items[i].msg);
		tz_diags_release(&d);
		return;
	}
	CHECK(is->number == 1);
	CHECK_STR(is->date, "2026-12-01");
	CHECK_STR(is->lang, "nl");
	CHECK_STR(is->slug, "mini");
	CHECK_STR(is->subject, "TechZine mini: één test met € en ĳ");
	CHECK_STR(is->print_layout, "magazine-a4");
	CHECK(is->cover.width == 2551 && is->cover.height == 3579);
	CHECK(is->nsections == 1 && is->sections[0].nstories == 2);
	s = is->sections[0].stories[0];
	CHECK_STR(s->id, "een");
	CHECK(s->kind == TZ_KIND_NEWS);
	CHECK_STR(s->text.headline, "De regio groeit door"); /* whitespace collapsed */
	CHECK(strstr(s->src.file, "stories/een.xml") != NULL);
	CHECK(s->src.line == 2);
	CHECK(s->text.lead.n == 3);
	CHECK_STR(s->text.lead.items[1].text, "118.000");
	CHECK(s->text.lead.items[1].style == TZ_STYLE_STRONG);
	CHECK(s->text.nblocks == 4);
	b = &s->text.blocks[0];
	CHECK(b->kind == TZ_BLOCK_PARA && b->src.line == 9);
	CHECK(b->runs.n == 5);
	CHECK(b->runs.items[1].style == TZ_STYLE_EM);
	CHECK_STR(b->runs.items[3].href, "https://www.dutchtechzone.nl");
	CHECK(s->text.blocks[1].kind == TZ_BLOCK_SUBHEAD);
	b = &s->text.blocks[3];
	CHECK(b->kind == TZ_BLOCK_FIGURE);
	CHECK(b->figure->image.type == TZ_IMAGE_JPEG);
	CHECK(b->figure->image.width == 1200 && b->figure->image.height == 800);
	CHECK(b->figure->image.components == 3);
	CHECK(b->figure->image.dpi_x > 299 && b->figure->image.dpi_x < 301);
	CHECK_STR(b->figure->alt, "Lijnen op blauw");
	en = tz_story_text_for(s, "en");
	CHECK_STR(en->headline, "The region keeps growing");
	CHECK(tz_story_text_for(s, "nl") == &s->text);
	CHECK(tz_issue_has_lang(is, "en") && !tz_issue_has_lang(is, "de"));
	s = is->sections[0].stories[1];
	CHECK(s->kind == TZ_KIND_FIGURES);
	b = &s->text.blocks[0];
	CHECK(b->kind == TZ_BLOCK_KEYFIGURES && b->nfigures == 2);
	CHECK(b->figures[0].value == 118000.0);
	CHECK(s->text.blocks[1].figure->image.type == TZ_IMAGE_PNG);
	CHECK(s->text.blocks[1].figure->image.components == 1);
	CHECK(s->text.blocks[1].figure->span == TZ_SPAN_PAGE);
	tz_issue_free(is);
	tz_diags_release(&d);
}

static void test_links(void)
{
	CHECK(tz_link_ok("https://www.dutchtechzone.nl/x?y=1"));
	CHECK(tz_link_ok("http://example.nl"));
	CHECK(tz_link_ok("mailto:info@example.nl"));
	CHECK(!tz_link_ok("javascript:alert(1)"));
	CHECK(!tz_link_ok("data:text/html,<b>x</b>"));
	CHECK(!tz_link_ok("/relative/path"));
	CHECK(!tz_link_ok("https://"));
	CHECK(!tz_link_ok("https://a b"));
	CHECK(!tz_link_ok("mailto:"));
	CHECK(!tz_link_ok("https://x\"onmouseover=\"y"));
	/* an IRI is fine; broken UTF-8, C1 controls and bidi controls are not */
	CHECK(tz_link_ok("https://caf\xC3\xA9.example/m\xC3\xB6" "bel"));
	CHECK(!tz_link_ok("https://a\xFF" "b.example/"));
	CHECK(!tz_link_ok("https://a\xC2\x85" "b.example/"));
	CHECK(!tz_link_ok("https://a\xE2\x80\xAE" "b.example/"));
	CHECK(!tz_link_ok("https://a.example/\xEF\xBF\xBE"));
}

static void test_image_probe(void)
{
	/* a PNG header claiming 50,000 x 50,000 px is refused without decoding */
	unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13,
				 'I', 'H', 'D', 'R', 0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50,
				 8, 2, 0, 0, 0, 0, 0, 0, 0};
	unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0x01, 0x00, 0x02, 0x00, 3,
				1, 0x22, 0};
	struct tz_image img;
	struct tz_error e;

	memset(&img, 0, sizeof(img));
	img.src = "x.png";
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == -1);
	CHECK(e.code == TZ_ERR_LIMIT);
	png[18] = 0; png[19] = 0x10; png[22] = 0; png[23] = 0x20; /* 16 x 32 */
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == 0);
	CHECK(img.width == 16 && img.height == 32 && img.components == 3);
	/* limits: a side of exactly 20,000 px is fine, 20,001 is not; the
	 * pixel total is capped at 120 million */
	png[16] = 0; png[17] = 0; png[18] = 0x4E; png[19] = 0x20; /* w = 20000 */
	png[20] = 0; png[21] = 0; png[22] = 0x13; png[23] = 0x88; /* h = 5000 */
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == 0);
	png[19] = 0x21; /* w = 20001 */
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == -1 && e.code == TZ_ERR_LIMIT);
	png[18] = 0x2A; png[19] = 0xF8; png[22] = 0x2A; png[23] = 0xF8; /* 11000 x 11000 */
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == -1 && e.code == TZ_ERR_LIMIT);
	png[18] = 0x27; png[19] = 0x10; png[22] = 0x2E; png[23] = 0xE0; /* 10000 x 12000 */
	CHECK(tz_image_probe_mem(png, sizeof(png), &img, &e) == 0);
	img.src = "x.jpg";
	CHECK(tz_image_probe_mem(jpeg, sizeof(jpeg), &img, &e) == 0);
	CHECK(img.width == 512 && img.height == 256 && img.components == 3);
	CHECK(tz_image_probe_mem(jpeg, 6, &img, &e) == -1); /* truncated */
	CHECK(tz_image_probe_mem((const unsigned char *)"GIF89a", 6, &img, &e) == -1);
}

static void test_list_numbers(void)
{
	static const struct {
		long n;
		int depth;
		const char *want;
	} cases[] = {{1, 1, "1."},     {10, 1, "10."},  {0, 1, "0."},       {1, 2, "a."},
		     {26, 2, "z."},    {27, 2, "aa."},  {702, 2, "zz."},    {703, 2, "aaa."},
		     {0, 2, "0."},     {18279, 2, "18279."}, {4, 3, "iv."}, {1994, 3, "mcmxciv."},
		     {3888, 3, "mmmdccclxxxviii."}, {4000, 3, "4000."}, {99999, 1, "99999."}};
	char buf[24];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tz_format_list_number(cases[i].n, cases[i].depth, buf, sizeof(buf));
		CHECK_STR(buf, cases[i].want);
	}
}

int main(void)
{
	test_mini();
	test_list_numbers();
	test_links();
	test_image_probe();
	return tap_done();
}
