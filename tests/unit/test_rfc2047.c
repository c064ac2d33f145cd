/*
 * test_rfc2047.c - the RFC 2047 encoder: word and line limits, no UTF-8
 * sequence split across words, round trip through the decoder.
 */
#include <string.h>

#include "mail/rfc2047.h"
#include "tap.h"

/* Every physical line <= 78, every encoded word <= 75 and decodable alone
 * into complete UTF-8. */
static int check_shape(const char *enc, size_t col)
{
	const char *p = enc;
	size_t linecol = col;
	for (; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n') {
			if (p[2] != ' ')
				return 0;
			linecol = 0;
			p++;
			continue;
		}
		if (++linecol > 78)
			return 0;
	}
	for (p = strstr(enc, "=?"); p; p = strstr(p, "=?")) {
		const char *e = strstr(p + 10, "?=");
		struct tz_buf one;
		char word[128];
		int ok;
		if (!e || (size_t)(e + 2 - p) > 75 || (size_t)(e + 2 - p) >= sizeof word)
			return 0;
		memcpy(word, p, (size_t)(e + 2 - p));
		word[e + 2 - p] = 0;
		tz_buf_init(&one, 0);
		ok = tz_rfc2047_decode(&one, word) == 0;
		/* each word alone is whole UTF-8: no lead byte without its tail */
		for (size_t i = 0; ok && i < one.len;) {
			unsigned char c = (unsigned char)one.data[i];
			size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			if (i + n > one.len)
				ok = 0;
			i += n;
		}
		tz_buf_release(&one);
		if (!ok)
			return 0;
		p = e + 2;
	}
	return 1;
}

static void round_trip(const char *text, size_t col, int phrase)
{
	struct tz_buf enc, dec;
	tz_buf_init(&enc, 0);
	tz_buf_init(&dec, 0);
	CHECK((phrase ? tz_rfc2047_encode_phrase(&enc, text, col)
		      : tz_rfc2047_encode(&enc, text, col)) == 0);
	CHECK(check_shape(enc.data, col));
	CHECK(tz_rfc2047_decode(&dec, enc.data) == 0);
	if (phrase && enc.data[0] == '"') {
		/* quoted string: the decoder leaves quotes alone */
		CHECK(enc.len == strlen(text) + 2);
	} else
		CHECK_STR(dec.data, text);
	tz_buf_release(&enc);
	tz_buf_release(&dec);
}

int main(void)
{
	struct tz_buf b;
	char longs[2048];
	tz_buf_init(&b, 0);

	/* plain ASCII that fits stays as it is */
	CHECK(tz_rfc2047_encode(&b, "TechZine december", 9) == 0);
	CHECK_STR(b.data, "TechZine december");
	tz_buf_reset(&b);

	/* ë and € are Q-encoded */
	CHECK(tz_rfc2047_encode(&b, "Drënthe € 5", 9) == 0);
	CHECK_STR(b.data, "=?UTF-8?Q?Dr=C3=ABnthe_=E2=82=AC_5?=");
	tz_buf_reset(&b);

	/* mostly non-ASCII picks B */
	CHECK(tz_rfc2047_encode(&b, "€€€€€€", 9) == 0);
	CHECK_STR(b.data, "=?UTF-8?B?4oKs4oKs4oKs4oKs4oKs4oKs?=");
	tz_buf_reset(&b);

	/* "=?" in ASCII must be encoded or the reader would decode it */
	CHECK(tz_rfc2047_encode(&b, "a =?x?Q?y?= b", 9) == 0);
	CHECK(strncmp(b.data, "=?UTF-8?", 8) == 0);
	tz_buf_reset(&b);

	/* CR/LF and invalid UTF-8 refused */
	CHECK(tz_rfc2047_encode(&b, "evil\r\nBcc: x@example.nl", 9) == -1);
	CHECK(tz_rfc2047_encode(&b, "evil\nBcc", 9) == -1);
	CHECK(tz_rfc2047_encode_phrase(&b, "a\rb", 6) == -1);
	CHECK(tz_rfc2047_encode(&b, "bad \xC3", 9) == -1);
	CHECK(tz_rfc2047_encode(&b, "bad \xC0\x80", 9) == -1);
	CHECK(b.len == 0);

	/* phrases: atoms, quoted strings, encoded words */
	CHECK(tz_rfc2047_encode_phrase(&b, "TechZine", 6) == 0);
	CHECK_STR(b.data, "TechZine");
	tz_buf_reset(&b);
	CHECK(tz_rfc2047_encode_phrase(&b, "Vries, R. \"de\"", 6) == 0);
	CHECK_STR(b.data, "\"Vries, R. \\\"de\\\"\"");
	tz_buf_reset(&b);
	CHECK(tz_rfc2047_encode_phrase(&b, "Renée de Vries", 6) == 0);
	CHECK_STR(b.data, "=?UTF-8?Q?Ren=C3=A9e_de_Vries?=");
	tz_buf_reset(&b);
	/* fuzz find: the backslashes of a quoted string count for the line
	 * length (65 bytes with 6 quotes at column 6 made a 79-column line) */
	CHECK(tz_rfc2047_encode_phrase(&b, "TechZine~\"\"edactie\"\"<ni=1DsRe###############"
					   "dactie\"\"<ni=1Ds@x>@x>", 6) == 0);
	CHECK(check_shape(b.data, 6));
	tz_buf_reset(&b);
	/* one short of the limit stays a quoted string: 6 + 2 + 68 + 2 = 78 */
	CHECK(tz_rfc2047_encode_phrase(&b, "\"a\"bcdefghijklmnopqrstuvwxyz,abcdefghijklmnopqrstuvwxyz,abcdefghijkl",
				       6) == 0);
	CHECK(b.data[0] == '"' && b.len == 72);
	tz_buf_reset(&b);
	/* one byte more would pass 78 columns: encoded words instead */
	CHECK(tz_rfc2047_encode_phrase(&b, "\"a\"bcdefghijklmnopqrstuvwxyz,abcdefghijklmnopqrstuvwxyz,abcdefghijklm",
				       6) == 0);
	CHECK(!strncmp(b.data, "=?UTF-8?", 8) && check_shape(b.data, 6));
	tz_buf_reset(&b);

	/* long texts fold; 3- and 4-byte characters at every offset */
	round_trip("Nieuwsbrief december: parels uit Hardenberg, Hoogeveen en Coevorden, "
		   "groene chemie en de stand van de regio", 9, 0);
	for (int shift = 0; shift < 8; shift++) {
		size_t n = 0;
		for (int i = 0; i < shift; i++)
			longs[n++] = 'a';
		for (int i = 0; i < 40; i++) {
			memcpy(longs + n, i % 3 ? "ë€" : "😀 ", i % 3 ? 5 : 5);
			n += 5;
		}
		longs[n] = 0;
		round_trip(longs, 9, 0);
		round_trip(longs, 6, 1);
		round_trip(longs, 70, 0);
	}
	/* long plain ASCII is folded as encoded words too */
	memset(longs, 'x', 200);
	longs[200] = 0;
	round_trip(longs, 9, 0);
	round_trip("Jan-Willem Ĳzerman", 6, 1);

	/* decoder: whitespace between words dropped, not elsewhere */
	CHECK(tz_rfc2047_decode(&b, "=?UTF-8?Q?a?= \r\n =?UTF-8?B?w6s=?= x =?utf-8?q?y?=") == 0);
	CHECK_STR(b.data, "aë x y");
	tz_buf_reset(&b);
	CHECK(tz_rfc2047_decode(&b, "=?UTF-8?Q?bad=Z1?=") == -1);
	tz_buf_release(&b);
	return tap_done();
}
