/*
 * txt.c - the plain-text reader, and the encoding step md and txt share.
 *
 * Paragraphs are separated by blank lines. A short first line without a
 * full stop is the title; lines starting "- ", "* " or "• " are list
 * items, "> " a quote. Text that is not UTF-8 is read as UTF-16 (with a
 * byte-order mark, as Windows Notepad saves "Unicode") or else as
 * Windows-1252, and the report says so.
 */
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "textenc.h"
#include "../text/utf8.h"
#include "../util/banned.h"

static const unsigned short cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static int put(struct tz_buf *b, uint32_t cp)
{
	char enc[4];
	size_t k = tz_utf8_encode(cp, enc);

	return k ? tz_buf_add(b, enc, k) : 0;
}

int tz_textenc_utf8(const unsigned char *s, size_t n, struct tz_buf *out, const char **note)
{
	*note = NULL;
	if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
		s += 3;
		n -= 3;
	}
	if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		int le = s[0] == 0xFF;
		*note = "read as UTF-16";
		for (size_t i = 2; i + 1 < n; i += 2) {
			uint32_t u = le ? (uint32_t)(s[i] | s[i + 1] << 8) : (uint32_t)(s[i] << 8 | s[i + 1]);
			if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
				uint32_t lo = le ? (uint32_t)(s[i + 2] | s[i + 3] << 8)
						 : (uint32_t)(s[i + 2] << 8 | s[i + 3]);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			if (put(out, u))
				return -1;
		}
		return 0;
	}
	if (tz_utf8_invalid_at((const char *)s, n) == (size_t)-1)
		return tz_buf_add(out, s, n);
	*note = "not UTF-8: read as Windows-1252";
	for (size_t i = 0; i < n; i++) {
		uint32_t u = s[i] >= 0x80 && s[i] < 0xA0 ? cp1252[s[i] - 0x80] : s[i];
		if (put(out, u))
			return -1;
	}
	return 0;
}

static int is_item(const char *l, size_t k)
{
	return (k > 2 && (l[0] == '-' || l[0] == '*') && l[1] == ' ') ||
	       (k > 4 && !strncmp(l, "\xE2\x80\xA2 ", 4));
}

/* Is the line of k bytes at l empty but for white space? (l is not
 * NUL-terminated: every scan is bounded by k.) */
static int blank(const char *l, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (l[i] != ' ' && l[i] != '\t' && l[i] != '\r')
			return 0;
	return 1;
}

/* The length of the line at s, up to end (without the newline). */
static size_t line_len(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));

	return nl ? (size_t)(nl - s) : (size_t)(end - s);
}

static int txt_read(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err)
{
	const char *s = (const char *)in->data, *end = s + in->len;
	int para_open = 0, first = 1;

	while (s < end && !d->failed) {
		size_t k = line_len(s, end);
		const char *next = s + k < end ? s + k + 1 : end;
		if (blank(s, k)) { /* an empty line ends the paragraph */
			if (para_open)
				tz_idoc_para_end(d);
			para_open = 0;
		} else if (is_item(s, k)) {
			size_t skip = s[0] == '-' || s[0] == '*' ? 2 : 4;
			tz_idoc_para_begin(d, TZ_ROLE_LIST, 0, 0, NULL);
			tz_idoc_text(d, s + skip, k - skip);
			tz_idoc_para_end(d);
			para_open = 0;
			first = 0;
		} else if (k > 1 && s[0] == '>' && (s[1] == ' ' || s[1] == '\r')) {
			if (!para_open || d->blocks[d->n].role != TZ_ROLE_QUOTE)
				tz_idoc_para_begin(d, TZ_ROLE_QUOTE, 0, 0, NULL);
			tz_idoc_text(d, s + 1, k - 1);
			tz_idoc_text(d, "\n", 1);
			para_open = 1;
			first = 0;
		} else {
			if (!para_open) {
				/* a short first line standing alone, without a full stop */
				size_t t = k;
				int alone = next >= end || blank(next, line_len(next, end)), title;
				while (t && (s[t - 1] == '\r' || s[t - 1] == ' '))
					t--;
				title = first && alone && k <= 150 && t && s[t - 1] != '.';
				tz_idoc_para_begin(d, title ? TZ_ROLE_TITLE : TZ_ROLE_BODY, 0, 0, NULL);
				para_open = 1;
			}
			tz_idoc_text(d, s, k);
			tz_idoc_text(d, "\n", 1);
			first = 0;
		}
		s = next;
	}
	if (para_open)
		tz_idoc_para_end(d);
	if (d->failed) {
		*err = d->err;
		return -1;
	}
	return 0;
}

const struct tz_reader tz_reader_txt = {"txt", TZ_IMPORT_TXT, txt_read};
