/*
 * test_utf8.c - strict UTF-8: overlong forms, surrogates, range, NFC and
 * bidi detection, encode/decode round trip over every code point.
 */
#include <string.h>

#include "tap.h"
#include "text/utf8.h"

int main(void)
{
	uint32_t cp;
	char out[4];
	size_t bad = 0;

	CHECK(tz_utf8_invalid_at("ĳzer € “x”", strlen("ĳzer € “x”")) == (size_t)-1);
	CHECK(tz_utf8_invalid_at("\xC0\xAF", 2) == 0);         /* overlong '/' */
	CHECK(tz_utf8_invalid_at("\xE0\x80\xAF", 3) == 0);     /* overlong 3 bytes */
	CHECK(tz_utf8_invalid_at("ab\xED\xA0\x80", 5) == 2);   /* surrogate */
	CHECK(tz_utf8_invalid_at("\xF4\x90\x80\x80", 4) == 0); /* > U+10FFFF */
	CHECK(tz_utf8_invalid_at("x\xE2\x82", 3) == 1);        /* truncated */
	CHECK(tz_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
	CHECK(tz_utf8_length("ĳs", strlen("ĳs")) == 2);
	for (uint32_t c = 0; c <= 0x10FFFF; c++) {
		size_t n = tz_utf8_encode(c, out);
		uint32_t back = 0;
		if (c >= 0xD800 && c <= 0xDFFF) {
			bad += n != 0;
			continue;
		}
		if (!n || tz_utf8_decode((unsigned char *)out, n, &back) != n || back != c)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(tz_utf8_not_nfc_at("e\xCC\x88", 3) == 1);           /* e + combining diaeresis */
	CHECK(tz_utf8_not_nfc_at("\xC3\xAB", 2) == (size_t)-1);   /* ë precomposed */
	CHECK(tz_utf8_bidi_control_at("a\xE2\x80\xAE", 4) == 1);  /* U+202E */
	CHECK(tz_utf8_bidi_control_at("abc", 3) == (size_t)-1);
	CHECK(tz_utf8_is_forbidden(0x01) && !tz_utf8_is_forbidden('\n'));
	CHECK(tz_utf8_is_forbidden(0xFFFE) && tz_utf8_is_forbidden(0x85));
	return tap_done();
}
