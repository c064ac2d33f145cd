/*
 * test_import.c - the import's pure parts: zip entry names, format
 * detection, style-name keys, NFC, text encodings, the idoc builder's
 * inline markup, and the story writer's rules (lead, quote attribution,
 * key figures with Dutch numbers, fact box, figure caption and credit,
 * placeholders) on hand-built documents, each checked against story.rng.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "feed/draft.h"
#include "import/import.h"
#include "import/story.h"
#include "import/textenc.h"
#include "import/zipread.h"
#include "model/placeholder.h"
#include "text/nfc.h"

static void para(struct tz_idoc *d, enum tz_role role, const char *text, unsigned style)
{
	tz_idoc_para_begin(d, role, 0, 0, NULL);
	tz_idoc_style(d, style);
	tz_idoc_text(d, text, strlen(text));
	tz_idoc_para_end(d);
}

static void row(struct tz_idoc *d, const char *a, const char *b)
{
	tz_idoc_row_begin(d);
	tz_idoc_cell_begin(d);
	para(d, TZ_ROLE_BODY, a, 0);
	tz_idoc_cell_end(d);
	tz_idoc_cell_begin(d);
	para(d, TZ_ROLE_BODY, b, 0);
	tz_idoc_cell_end(d);
}

/* Write d as a story; the XML (malloc'd) or NULL when invalid. */
static char *story(struct tz_idoc *d, const char *municipality, size_t *placeholders)
{
	struct tz_import_options o = {"news", municipality, "nl", NULL};
	struct tz_import_result res;
	struct tz_error err;
	char *xml = NULL;

	tz_import_result_init(&res);
	if (tz_story_write(d, &o, &res, &err) == 0 &&
	    tz_draft_validate(res.xml.data, res.xml.len, &err) == 0)
		xml = tz_buf_detach(&res.xml, NULL);
	if (placeholders)
		*placeholders = res.placeholders;
	tz_import_result_release(&res);
	return xml;
}

static void test_names_and_detection(void)
{
	struct tz_error err;

	CHECK(tz_zip_name_ok("word/document.xml"));
	CHECK(tz_zip_name_ok("a/..b/c"));
	CHECK(!tz_zip_name_ok("../evil"));
	CHECK(!tz_zip_name_ok("word/../../evil"));
	CHECK(!tz_zip_name_ok("/etc/passwd"));
	CHECK(!tz_zip_name_ok("C:/x"));
	CHECK(!tz_zip_name_ok("word\\..\\x"));
	CHECK(!tz_zip_name_ok(""));
	tz_error_clear(&err);
	CHECK(tz_import_detect((const unsigned char *)"{\\rtf1 x}", 9, "a.docx", &err) == TZ_IMPORT_UNKNOWN &&
	      strstr(err.msg, "RTF"));
	tz_error_clear(&err);
	CHECK(tz_import_detect((const unsigned char *)"%PDF-1.7", 8, "a.md", &err) == TZ_IMPORT_UNKNOWN);
	CHECK(tz_import_detect((const unsigned char *)"<!DOCTYPE html><p>x", 19, "a.txt", &err) == TZ_IMPORT_HTML);
	CHECK(tz_import_detect((const unsigned char *)"# Kop\n\ntekst", 12, "zonder-naam", &err) == TZ_IMPORT_MD);
	CHECK(tz_import_detect((const unsigned char *)"Kop\n\ntekst", 10, "brief.txt", &err) == TZ_IMPORT_TXT);
	CHECK(tz_import_detect((const unsigned char *)"Kop\n\n# tekst", 12, "brief.md", &err) == TZ_IMPORT_MD);
	tz_error_clear(&err);
	CHECK(tz_import_detect((const unsigned char *)"PK\x03\x04garbage", 11, "x.docx", &err) ==
		      TZ_IMPORT_UNKNOWN && strstr(err.msg, "truncated or damaged"));
}

static void test_keys_text(void)
{
	char key[64];
	struct tz_buf b;
	const char *note;
	char *s;

	tz_stylemap_key("Heading_20_1", key, sizeof(key));
	CHECK_STR(key, "heading1");
	tz_stylemap_key("Duidelijk citaat", key, sizeof(key));
	CHECK_STR(key, "duidelijkcitaat");
	s = tz_nfc("Cafe\xCC\x81", 6, NULL);
	CHECK_STR(s, "Caf\xC3\xA9");
	free(s);
	CHECK(tz_nfc("\xC3\x28", 2, NULL) == NULL); /* invalid: left for check */
	/* the fast path must agree with utf8proc: typographic punctuation
	 * stays, U+2000 EN QUAD becomes U+2002, a combining mark composes */
	s = tz_nfc("\xE2\x80\x9C\xC4\xB3s\xE2\x80\x9D \xE2\x80\x94", 13, NULL);
	CHECK_STR(s, "\xE2\x80\x9C\xC4\xB3s\xE2\x80\x9D \xE2\x80\x94");
	free(s);
	s = tz_nfc("a\xE2\x80\x80" "b", 5, NULL);
	CHECK_STR(s, "a\xE2\x80\x82" "b");
	free(s);
	s = tz_nfc("\xC3\xA9\xCC\x81", 4, NULL); /* é + acute: no composite, kept */
	CHECK_STR(s, "\xC3\xA9\xCC\x81");
	free(s);
	s = tz_nfc("A\xCC\x8A", 3, NULL); /* A + ring above: Å */
	CHECK_STR(s, "\xC3\x85");
	free(s);
	tz_buf_init(&b, 0);
	CHECK(tz_textenc_utf8((const unsigned char *)"\xFF\xFE" "C\0\xE9\0", 6, &b, &note) == 0);
	CHECK_STR(b.data, "C\xC3\xA9");
	CHECK(note && strstr(note, "UTF-16"));
	tz_buf_reset(&b);
	CHECK(tz_textenc_utf8((const unsigned char *)"caf\xE9 \x80", 6, &b, &note) == 0);
	CHECK_STR(b.data, "caf\xC3\xA9 \xE2\x82\xAC");
	CHECK(note && strstr(note, "1252"));
	tz_buf_release(&b);
	CHECK(tz_is_placeholder("Tekst: [[invullen: auteur]]"));
	CHECK(!tz_is_placeholder("[[niet]]"));
}

static void test_inline(void)
{
	struct tz_idoc d;

	tz_idoc_init(&d);
	tz_idoc_para_begin(&d, TZ_ROLE_BODY, 0, 0, NULL);
	tz_idoc_text(&d, "a ", 2);
	tz_idoc_style(&d, TZ_INLINE_EM);
	tz_idoc_text(&d, "b ", 2);
	tz_idoc_style(&d, TZ_INLINE_EM | TZ_INLINE_STRONG);
	tz_idoc_link(&d, "https://example.nl/?a=1&b=2");
	tz_idoc_text(&d, "c", 1);
	tz_idoc_link(&d, NULL);
	tz_idoc_style(&d, 0);
	tz_idoc_text(&d, " <d>\x01\xE2\x80\xAE", 8);
	tz_idoc_link(&d, "javascript:alert(1)");
	tz_idoc_text(&d, " e", 2);
	tz_idoc_para_end(&d);
	CHECK(d.n == 1);
	if (d.n == 1)
		CHECK_STR(d.blocks[0].xml, "a <em>b</em> <a href=\"https://example.nl/?a=1&amp;b=2\"><strong><em>c</em></strong></a> &lt;d&gt; e");
	CHECK(d.report.n == 1 && strstr(d.report.v[0], "link 'javascript:alert(1)' removed"));
	/* an empty paragraph disappears */
	tz_idoc_para_begin(&d, TZ_ROLE_BODY, 0, 0, "Normal");
	tz_idoc_text(&d, "  \t", 3);
	tz_idoc_para_end(&d);
	CHECK(d.n == 1);
	tz_idoc_release(&d);
}

static void test_writer(void)
{
	struct tz_idoc d;
	size_t ph = 0;
	char *xml;

	tz_idoc_init(&d);
	para(&d, TZ_ROLE_TITLE, "Één café in Emmen", 0);
	para(&d, TZ_ROLE_BODY, "Door Jan Jansen", 0);
	para(&d, TZ_ROLE_BODY, "Een vette eerste alinea.", TZ_INLINE_STRONG);
	para(&d, TZ_ROLE_BODY, "Gewone tekst.", 0);
	para(&d, TZ_ROLE_QUOTE, "Wij blijven hier.", 0);
	para(&d, TZ_ROLE_BODY, "\xE2\x80\x94 Anna, directeur", 0);
	tz_idoc_table_begin(&d);
	row(&d, "Banen", "118.000");
	row(&d, "Groei", "12,5 %");
	tz_idoc_table_end(&d);
	tz_idoc_table_begin(&d);
	row(&d, "Opgericht", "1987");
	row(&d, "Plaats", "Emmen");
	tz_idoc_table_end(&d);
	xml = story(&d, NULL, &ph);
	CHECK(xml != NULL);
	if (xml) {
		CHECK(strstr(xml, "<story id=\"een-cafe-in-emmen\""));
		CHECK(strstr(xml, "<headline>Één café in Emmen</headline>"));
		CHECK(strstr(xml, "<byline>Door Jan Jansen</byline>"));
		CHECK(strstr(xml, "<lead>Een vette eerste alinea.</lead>"));
		CHECK(strstr(xml, "<quote by=\"Anna, directeur\">Wij blijven hier.</quote>"));
		CHECK(strstr(xml, "<kf label=\"Banen\" value=\"118000\" unit=\"\"/>"));
		CHECK(strstr(xml, "<kf label=\"Groei\" value=\"12.5\" unit=\"%\"/>"));
		CHECK(strstr(xml, "<factbox><p><strong>Opgericht</strong> 1987</p><p><strong>Plaats</strong> Emmen</p></factbox>"));
		CHECK(strstr(xml, "<date>[[invullen: datum]]</date>"));
		CHECK(strstr(xml, "<municipality>[[invullen: gemeente]]</municipality>"));
	}
	CHECK(ph == 2);
	free(xml);
	tz_idoc_release(&d);

	/* nothing at all: still a valid story, all placeholders */
	tz_idoc_init(&d);
	xml = story(&d, "emmen", &ph);
	CHECK(xml && strstr(xml, "<headline>[[invullen: kop]]</headline>") &&
	      strstr(xml, "<municipality>Emmen</municipality>") && strstr(xml, "<p>[[invullen: tekst]]</p>"));
	CHECK(ph == 4);
	free(xml);
	tz_idoc_release(&d);
}

int main(void)
{
	test_names_and_detection();
	test_keys_text();
	test_inline();
	test_writer();
	return tap_done();
}
