/*
 * test_web.c - the pure parts of the web renderers (UTF-8 aware wrapping,
 * numbers, dates, URLs) and the edition contract on the mini fixture: slots
 * are filled once per recipient, escaped for HTML, and story text that
 * looks like a merge field is never filled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "../../src/model/load.h"
#include "../../src/web/edition.h"
#include "../../src/web/theme.h"
#include "../../src/web/webcommon.h"
#include "../../src/util/banned.h"

static char *wrap(const char *text, size_t width, const char *indent)
{
	struct tz_buf b;

	tz_buf_init(&b, 0);
	if (tz_text_wrap(&b, text, width, indent)) {
		tz_buf_release(&b);
		return NULL;
	}
	return tz_buf_detach(&b, NULL);
}

/* Every line of s has at most max code points and is valid UTF-8 at its ends. */
static int lines_ok(const char *s, size_t max)
{
	const char *p = s;

	while (*p) {
		size_t len = strcspn(p, "\n");
		if (tz_utf8_width(p, len) > max)
			return 0;
		if (len && ((unsigned char)p[0] & 0xC0) == 0x80)
			return 0; /* a line starting inside a sequence */
		p += len;
		if (*p)
			p++;
	}
	return 1;
}

static void test_wrap(void)
{
	char *w;

	w = wrap("een twee drie", 72, "");
	CHECK_STR(w, "een twee drie\n");
	free(w);
	w = wrap("aaaa bbbb cccc dddd", 9, "");
	CHECK_STR(w, "aaaa bbbb\ncccc dddd\n");
	free(w);
	/* code points, not bytes: 9 x "é" (18 bytes) fits in 9 columns */
	w = wrap("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 9, "");
	CHECK_STR(w, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\n");
	free(w);
	/* a word longer than the line is cut between code points */
	w = wrap("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 10, "");
	CHECK(w && lines_ok(w, 10));
	CHECK_STR(w, "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\n\xe2\x82\xac\xe2\x82\xac\n");
	free(w);
	/* indent counts towards the width; no-break space keeps "€ 1,00" together */
	w = wrap("prijs \xe2\x82\xac\xc2\xa0" "1,00 per inwoner", 12, "  ");
	CHECK_STR(w, "  prijs\n  \xe2\x82\xac\xc2\xa0" "1,00 per\n  inwoner\n");
	free(w);
	w = wrap("   ", 72, "");
	CHECK_STR(w, "");
	free(w);
	/* a long mixed text stays within 72 */
	{
		struct tz_buf big;
		tz_buf_init(&big, 0);
		for (int i = 0; i < 100; i++)
			tz_buf_adds(&big, "\xc4\xb3zer caf\xc3\xa9 \xf0\x9f\x98\x80 ");
		w = wrap(big.data, 72, "");
		tz_buf_release(&big);
		CHECK(w && lines_ok(w, 72));
		free(w);
	}
}

static void test_format(void)
{
	struct tz_buf b;

	tz_buf_init(&b, 0);
	CHECK(tz_format_number(&b, "118000", "nl") == 0);
	CHECK_STR(b.data, "118.000");
	tz_buf_reset(&b);
	CHECK(tz_format_number(&b, "1234567.5", "en") == 0);
	CHECK_STR(b.data, "1,234,567.5");
	tz_buf_reset(&b);
	CHECK(tz_format_number(&b, "-1.00", "nl") == 0);
	CHECK_STR(b.data, "-1,00");
	tz_buf_reset(&b);
	CHECK(tz_format_number(&b, "999", "nl") == 0);
	CHECK_STR(b.data, "999");
	tz_buf_reset(&b);
	CHECK(tz_format_date(&b, "2026-12-01", "nl") == 0);
	CHECK_STR(b.data, "1 december 2026");
	tz_buf_reset(&b);
	CHECK(tz_format_date(&b, "2027-02-17", "en") == 0);
	CHECK_STR(b.data, "17 February 2027");
	tz_buf_reset(&b);
	CHECK(tz_format_date(&b, "2027-13-01", "en") == 0);
	CHECK_STR(b.data, "2027-13-01");
	tz_buf_release(&b);
	CHECK_STR(tz_section_title("Nieuws", "en"), "News");
	CHECK_STR(tz_section_title("Nieuws", "nl"), "Nieuws");
	CHECK_STR(tz_section_title("Iets anders", "en"), "Iets anders");
	CHECK_STR(tz_labels_for("en")->read_more, "Read more");
	CHECK_STR(tz_labels_for("nl")->read_more, "Lees verder");
}

static void test_image_path(void)
{
	struct tz_issue is;
	struct tz_image im;
	struct tz_buf b;

	memset(&is, 0, sizeof(is));
	memset(&im, 0, sizeof(im));
	is.dir = (char *)"/x/issue";
	tz_buf_init(&b, 0);
	im.path = (char *)"/x/issue/images/foto 1.jpg";
	CHECK(tz_image_web_path(&b, &is, &im) == 0);
	CHECK_STR(b.data, "images/foto-1.jpg");
	tz_buf_reset(&b);
	im.path = (char *)"/x/issue/art/..hidden/a\"b.png";
	CHECK(tz_image_web_path(&b, &is, &im) == 0);
	CHECK(strstr(b.data, "..") == NULL && strchr(b.data, '"') == NULL);
	CHECK(strncmp(b.data, "images/", 7) == 0);
	tz_buf_release(&b);
}

static char *fill(const struct tz_template *t, const char *name)
{
	struct tz_slot_values v;
	struct tz_buf out;

	memset(&v, 0, sizeof(v));
	v.v[TZ_SLOT_GREETING_NAME] = name;
	v.v[TZ_SLOT_UNSUBSCRIBE_URL] = "https://u.example/x?a=1&b=2";
	v.v[TZ_SLOT_VIEW_URL] = "https://v.example/index.html";
	tz_buf_init(&out, 0);
	if (tz_template_fill(t, &v, &out)) {
		tz_buf_release(&out);
		return NULL;
	}
	return tz_buf_detach(&out, NULL);
}

static size_t count_slots(const struct tz_template *t, enum tz_slot slot)
{
	size_t n = 0;

	for (size_t i = 0; i < t->nparts; i++)
		n += t->parts[i].slot == (int)slot;
	return n;
}

static void test_edition(void)
{
	const char *src = getenv("TZ_TEST_SRC");
	char path[4096];
	struct tz_diags d;
	struct tz_issue *is;
	struct tz_edition ed;
	struct tz_edition_options eo = {NULL, NULL};
	struct tz_error err;
	char *h, *t;

	snprintf(path, sizeof(path), "%s/tests/fixtures/mini/issue.xml", src ? src : ".");
	tz_diags_init(&d);
	is = tz_issue_load(path, &d);
	CHECK(is != NULL);
	if (!is) {
		tz_diags_release(&d);
		return;
	}
	tz_error_clear(&err);
	CHECK(tz_edition_render(is, &eo, &ed, &err) == 0);
	CHECK_STR(ed.lang, "nl");
	CHECK_STR(ed.subject, "TechZine mini: \xc3\xa9\xc3\xa9n test met \xe2\x82\xac en \xc4\xb3");
	CHECK_STR(ed.preheader, "Kort testnummer");
	/* the contract: one greeting slot per format, unsubscribe in both */
	CHECK(count_slots(&ed.html, TZ_SLOT_GREETING_NAME) == 1);
	CHECK(count_slots(&ed.text, TZ_SLOT_GREETING_NAME) == 1);
	CHECK(count_slots(&ed.html, TZ_SLOT_UNSUBSCRIBE_URL) == 1);
	CHECK(count_slots(&ed.text, TZ_SLOT_UNSUBSCRIBE_URL) == 1);
	CHECK(count_slots(&ed.html, TZ_SLOT_PREFERENCES_URL) == 1);
	CHECK(count_slots(&ed.html, TZ_SLOT_VIEW_URL) == 1);
	CHECK_STR(tz_edition_greeting_name(&ed, NULL), "lezer");
	CHECK_STR(tz_edition_greeting_name(&ed, "  "), "lezer");
	CHECK_STR(tz_edition_greeting_name(&ed, "Anouk"), "Anouk");
	/* values are escaped in HTML, raw in text */
	h = fill(&ed.html, "<b>\"Jan\" & co</b>");
	t = fill(&ed.text, "<b>\"Jan\" & co</b>");
	CHECK(h && strstr(h, "Beste &lt;b&gt;&quot;Jan&quot; &amp; co&lt;/b&gt;,") != NULL);
	CHECK(h && strstr(h, "<b>\"Jan\"") == NULL);
	CHECK(h && strstr(h, "href=\"https://u.example/x?a=1&amp;b=2\"") != NULL);
	CHECK(t && strstr(t, "Beste <b>\"Jan\" & co</b>,\n") != NULL);
	CHECK(t && strstr(t, "https://u.example/x?a=1&b=2\n") != NULL);
	free(h);
	free(t);
	h = fill(&ed.html, tz_edition_greeting_name(&ed, ""));
	CHECK(h && strstr(h, "Beste lezer,") != NULL);
	CHECK(h && strstr(h, "https://dutchtechzone.example/techzine/mini/een.html") != NULL);
	CHECK(h && strstr(h, "src=\"https://dutchtechzone.example/techzine/mini/images/mail/photo-") != NULL &&
	      strstr(h, ".jpg\" width=\"552\"") != NULL);
	free(h);
	/* the literal part alone is what the size check measures */
	CHECK(tz_template_literal_size(&ed.html) > 1000);
	CHECK(tz_template_literal_size(&ed.html) < TZ_NEWSLETTER_MAX_HTML);
	tz_edition_release(&ed);

	/* English: variant headline, English labels, links under /en/ */
	eo.lang = "en";
	eo.base_url = "https://example.org/tz/";
	CHECK(tz_edition_render(is, &eo, &ed, &err) == 0);
	h = fill(&ed.html, tz_edition_greeting_name(&ed, NULL));
	t = fill(&ed.text, tz_edition_greeting_name(&ed, NULL));
	CHECK(h && strstr(h, "Dear reader,") != NULL);
	CHECK(h && strstr(h, "The region keeps growing") != NULL);
	CHECK(h && strstr(h, "lang=\"en\"") != NULL && strstr(h, "Beste") == NULL);
	/* the title and the preheader are English too, not just "TechZine" */
	{
		const char *ti = h ? strstr(h, "<title>") : NULL;
		const char *te = ti ? strstr(ti, "</title>") : NULL;
		const char *iss = ti ? strstr(ti, " \xe2\x80\x93 Issue ") : NULL;
		CHECK(ti && te && iss && iss < te);
	}
	CHECK(h && strstr(h, "https://example.org/tz/en/een.html") != NULL);
	CHECK(t && strstr(t, "Dear reader,\n") != NULL);
	CHECK(t && strstr(t, "News\n====\n") != NULL);
	free(h);
	free(t);
	tz_edition_release(&ed);
	{
		struct tz_buf u;
		tz_buf_init(&u, 0);
		CHECK(tz_edition_view_url(is, &eo, &u, &err) == 0);
		CHECK_STR(u.data, "https://example.org/tz/en/index.html");
		tz_buf_release(&u);
	}

	/* bad options are errors, not crashes */
	eo.lang = "de";
	CHECK(tz_edition_render(is, &eo, &ed, &err) == -1 && err.code == TZ_ERR_USAGE);
	eo.lang = NULL;
	eo.base_url = "javascript:alert(1)";
	CHECK(tz_edition_render(is, &eo, &ed, &err) == -1 && err.code == TZ_ERR_USAGE);
	tz_issue_free(is);
	tz_diags_release(&d);
}

/* "Hoffmann, Lars" is greeted as "Lars Hoffmann"; other names as they are */
static void test_greeting_order(void)
{
	char b[64];
	CHECK(tz_greeting_name_order("Hoffmann, Lars", b, sizeof b) && !strcmp(b, "Lars Hoffmann"));
	CHECK(tz_greeting_name_order("  Vries ,  Renée de ", b, sizeof b) &&
	      !strcmp(b, "Renée de Vries"));
	CHECK(!tz_greeting_name_order("Lars Hoffmann", b, sizeof b));
	CHECK(!tz_greeting_name_order("a, b, c", b, sizeof b));
	CHECK(!tz_greeting_name_order("Hoffmann,", b, sizeof b));
	CHECK(!tz_greeting_name_order(", Lars", b, sizeof b));
	CHECK(!tz_greeting_name_order(NULL, b, sizeof b));
	CHECK(!tz_greeting_name_order("Hoffmann, Lars", b, 5)); /* does not fit */
}

/* WCAG contrast: the known values, and the theme's pairs all pass */
static void test_contrast(void)
{
	CHECK(tz_contrast_ratio("#000000", "#ffffff") > 20.99);
	CHECK(tz_contrast_ratio("#ffffff", "#ffffff") < 1.001);
	CHECK(tz_contrast_ratio("#f26a21", "#ffffff") > 3.05 && tz_contrast_ratio("#f26a21", "#ffffff") < 3.07);
	CHECK(tz_contrast_ratio("#ffffff", "#f26a21") == tz_contrast_ratio("#f26a21", "#ffffff"));
	CHECK(tz_contrast_ratio("#a84300", "#eaf2fa") > 4.5);
}

int main(void)
{
	test_contrast();
	test_greeting_order();
	test_wrap();
	test_format();
	test_image_path();
	test_edition();
	return tap_done();
}
