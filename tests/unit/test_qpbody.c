/*
 * test_qpbody.c - a template encoded once (qpbody.c) gives byte for byte
 * what encoding the filled template per message gives: hand-made templates
 * with the awkward places (slots in long lines, trailing blanks next to a
 * slot, CRLF, a slot at the very end, a line of 200 '=' signs) and the two
 * real editions of the mini test issue, for several recipients.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/qp.h"
#include "mail/qpbody.h"
#include "model/load.h"
#include "web/edition.h"
#include "tap.h"

static int same(const struct tz_template *t, const struct tz_slot_values *v)
{
	struct tz_qp_body b;
	struct tz_buf filled, want, got, scratch;
	int ok;

	tz_buf_init(&filled, 0);
	tz_buf_init(&want, 0);
	tz_buf_init(&got, 0);
	tz_buf_init(&scratch, 0);
	ok = tz_qp_body_init(&b, t) == 0 && tz_template_fill(t, v, &filled) == 0 &&
	     tz_qp_encode(&want, filled.data, filled.len) == 0 &&
	     tz_qp_body_fill(&b, v, &scratch, &got) == 0 && got.len == want.len &&
	     memcmp(got.data, want.data, got.len) == 0;
	if (!ok)
		fprintf(stderr, "want:\n%s\ngot:\n%s\n", want.data, got.data);
	tz_qp_body_release(&b);
	tz_buf_release(&filled);
	tz_buf_release(&want);
	tz_buf_release(&got);
	tz_buf_release(&scratch);
	return ok;
}

static void hand_made(void)
{
	struct tz_template t;
	struct tz_slot_values v;
	const char *names[] = {"Renée", "", "A very long name that pushes the line past seventy-six "
				     "characters for sure, really",
			       "trailing blank ", "=equals= & <html>"};

	for (int fmt = 0; fmt < 2; fmt++) {
		tz_template_init(&t, fmt ? TZ_FORMAT_HTML : TZ_FORMAT_TEXT, 0);
		tz_template_adds(&t, "Beste ");
		tz_template_add_slot(&t, TZ_SLOT_GREETING_NAME);
		tz_template_adds(&t, ",\n\nEen regel zonder plaats voor iets anders dan tekst, "
				     "lang genoeg om gebroken te worden: ë € ĳ\n.punt\n");
		for (int i = 0; i < 200; i++)
			tz_template_adds(&t, "=");
		tz_template_adds(&t, "\nspatie aan het eind \nlink: ");
		tz_template_add_slot(&t, TZ_SLOT_UNSUBSCRIBE_URL);
		tz_template_adds(&t, " \r\ncrlf-regel\r\n\n");
		tz_template_adds(&t, "x");
		tz_template_add_slot(&t, TZ_SLOT_VIEW_URL);
		for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
			memset(&v, 0, sizeof v);
			v.v[TZ_SLOT_GREETING_NAME] = names[i];
			v.v[TZ_SLOT_UNSUBSCRIBE_URL] = "https://dutchtechzone.example/u/?e=a%40b.nl&t=abc";
			v.v[TZ_SLOT_VIEW_URL] = i % 2 ? "" : "https://dutchtechzone.example/techzine/";
			CHECK(same(&t, &v));
		}
		tz_template_release(&t);
	}
	/* no slots at all, and an empty template */
	tz_template_init(&t, TZ_FORMAT_TEXT, 0);
	memset(&v, 0, sizeof v);
	CHECK(same(&t, &v));
	tz_template_adds(&t, "alleen tekst\nzonder einde");
	CHECK(same(&t, &v));
	tz_template_release(&t);
}

static void editions(void)
{
	const char *src = getenv("TZ_TEST_SRC");
	const char *langs[] = {"nl", "en"};
	char path[4096];
	struct tz_diags d;
	struct tz_issue *is;
	struct tz_error err;

	snprintf(path, sizeof path, "%s/tests/fixtures/mini/issue.xml", src ? src : ".");
	tz_diags_init(&d);
	is = tz_issue_load(path, &d);
	CHECK(is != NULL);
	for (int l = 0; is && l < 2; l++) {
		struct tz_edition_options eo = {langs[l], NULL};
		struct tz_edition ed;
		struct tz_qp_body b;
		struct tz_slot_values v;
		tz_error_clear(&err);
		CHECK(tz_edition_render(is, &eo, &ed, &err) == 0);
		for (int i = 0; i < 3; i++) {
			memset(&v, 0, sizeof v);
			v.v[TZ_SLOT_GREETING_NAME] = i == 0 ? "Chloë van ’t Hek" : i == 1 ? "lezer" : "X";
			v.v[TZ_SLOT_UNSUBSCRIBE_URL] = "https://dutchtechzone.example/u/?e=c%40d.nl&t=Tok_en-1";
			v.v[TZ_SLOT_PREFERENCES_URL] = "https://dutchtechzone.example/p/?e=c%40d.nl&t=Tok_en-1";
			v.v[TZ_SLOT_VIEW_URL] = "https://dutchtechzone.example/techzine/mini/index.html";
			CHECK(same(&ed.text, &v));
			CHECK(same(&ed.html, &v));
		}
		/* the point of it: most of the newsletter is encoded once */
		CHECK(tz_qp_body_init(&b, &ed.html) == 0);
		CHECK(b.nlines > 0 && b.enc.len > tz_template_literal_size(&ed.html) / 2);
		tz_qp_body_release(&b);
		tz_edition_release(&ed);
	}
	if (is)
		tz_issue_free(is);
	tz_diags_release(&d);
}

int main(void)
{
	hand_made();
	editions();
	return tap_done();
}
