/*
 * fuzz_rfc2047.c - libFuzzer harness: RFC 2047 encoder/decoder round trip
 * (mail/rfc2047.h).
 *
 * The first byte is the start column (0..63), the rest the header text. For
 * valid UTF-8 without CR/LF the encoders must succeed, keep every line within
 * 78 columns and every encoded word within 75 characters, put no CR or LF in
 * the output other than CRLF SP folds, and decode back to the same text; for
 * anything else they must refuse. The raw input is also decoded as a header
 * value (no crash, no leak, no overrun is all that is asked there).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/rfc2047.h"
#include "text/utf8.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines within 78 columns (the first starts at col), folds are CRLF SP,
 * encoded words within 75 characters. */
static void check_shape(const struct tz_buf *b, size_t col)
{
	size_t linelen = col;

	for (size_t i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (c == '\r') {
			if (i + 2 >= b->len || b->data[i + 1] != '\n' || b->data[i + 2] != ' ')
				abort();
			i += 1; /* the SP starts the next line */
			linelen = 0;
			continue;
		}
		if (c == '\n')
			abort();
		if (++linelen > TZ_RFC2047_MAX_LINE)
			abort();
	}
	for (const char *w = strstr(b->data, "=?"); w; w = strstr(w + 2, "=?")) {
		const char *e = strstr(w + 2, "?=");
		/* the "?=" after charset and encoding letter closes the word */
		const char *q = strchr(w + 2, '?');
		if (!q || !e)
			abort();
		e = strstr(q + 3, "?=");
		if (!e || (size_t)(e + 2 - w) > TZ_RFC2047_MAX_WORD)
			abort();
		w = e;
	}
}

/* A quoted-string phrase back to its text (NULL when it is not one). */
static char *unquote(const struct tz_buf *b)
{
	char *s;
	size_t n = 0;

	if (b->len < 2 || b->data[0] != '"' || b->data[b->len - 1] != '"')
		return NULL;
	s = malloc(b->len);
	if (!s)
		abort();
	for (size_t i = 1; i + 1 < b->len; i++) {
		if (b->data[i] == '\\')
			i++;
		s[n++] = b->data[i];
	}
	s[n] = '\0';
	return s;
}

static void round_trip(const char *s, size_t col, int phrase, int valid)
{
	struct tz_buf enc, dec;
	int r;

	tz_buf_init(&enc, 1 << 20);
	tz_buf_init(&dec, 1 << 20);
	r = phrase ? tz_rfc2047_encode_phrase(&enc, s, col) : tz_rfc2047_encode(&enc, s, col);
	if (!valid) {
		if (r != -1)
			abort(); /* invalid UTF-8 or CR/LF must be refused */
		goto out;
	}
	if (r != 0)
		abort();
	check_shape(&enc, phrase && enc.data[0] == '"' ? col + 0 : col);
	if (phrase) {
		char *u = unquote(&enc);
		if (u) {
			if (strcmp(u, s) != 0)
				abort();
			free(u);
			goto out;
		}
	}
	if (tz_rfc2047_decode(&dec, enc.data) != 0 || strcmp(dec.data, s) != 0)
		abort();
out:
	tz_buf_release(&enc);
	tz_buf_release(&dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_buf dec;
	char *s;
	size_t col, len;
	int valid;

	if (size < 1 || size > 16384)
		return 0;
	col = data[0] % 64;
	s = malloc(size);
	if (!s)
		abort();
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	len = strlen(s);
	valid = tz_utf8_invalid_at(s, len) == (size_t)-1 && !strpbrk(s, "\r\n");
	round_trip(s, col, 0, valid);
	round_trip(s, col, 1, valid);

	tz_buf_init(&dec, 1 << 20);
	(void)tz_rfc2047_decode(&dec, s);
	tz_buf_release(&dec);
	free(s);
	return 0;
}
