/*
 * feedtext.c - cleaning and escaping feed text (see feedtext.h).
 */
#include "feedtext.h"

#include <stdint.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

void tz_feedtext_init(struct tz_feedtext *t, struct tz_buf *out, int escape)
{
	memset(t, 0, sizeof(*t));
	t->out = out;
	t->escape = escape;
}

static int is_bidi_control(uint32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
	       cp == 0x0B || cp == 0x2028 || cp == 0x2029;
}

static void put(struct tz_feedtext *t, const char *s, size_t n)
{
	if (tz_buf_add(t->out, s, n))
		t->failed = 1;
}

static void put_char(struct tz_feedtext *t, const char *s, size_t n)
{
	if (t->space && t->has_text)
		put(t, " ", 1);
	t->space = 0;
	t->has_text = 1;
	if (t->escape && n == 1) {
		switch (*s) {
		case '&':
			put(t, "&amp;", 5);
			return;
		case '<':
			put(t, "&lt;", 4);
			return;
		case '>':
			put(t, "&gt;", 4);
			return;
		case '"':
			put(t, "&quot;", 6);
			return;
		default:
			break;
		}
	}
	put(t, s, n);
}

void tz_feedtext_add(struct tz_feedtext *t, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = tz_utf8_decode(u + i, n - i, &cp);
		if (!k) { /* not UTF-8: drop the byte */
			i++;
			continue;
		}
		if (is_space(cp))
			t->space = 1;
		else if (!tz_utf8_is_forbidden(cp) && !is_bidi_control(cp))
			put_char(t, s + i, k);
		i += k;
	}
}

void tz_feedtext_markup(struct tz_feedtext *t, const char *tag, int opening)
{
	if (opening && t->space && t->has_text) {
		put(t, " ", 1);
		t->space = 0;
	}
	put(t, tag, strlen(tag));
}

char *tz_feed_clean(const char *s, size_t max)
{
	struct tz_buf b;
	struct tz_feedtext t;
	size_t cut;

	tz_buf_init(&b, 0);
	tz_feedtext_init(&t, &b, 0);
	if (s)
		tz_feedtext_add(&t, s, strlen(s));
	if (t.failed) {
		tz_buf_release(&b);
		return NULL;
	}
	if (b.len > max) {
		cut = max > 4 ? max - 4 : 0;
		while (cut && b.data[cut] != ' ') /* back to a word boundary */
			cut--;
		if (!cut) { /* one long word: cut at a character boundary */
			cut = max > 4 ? max - 4 : 0;
			while (cut && ((unsigned char)b.data[cut] & 0xC0) == 0x80)
				cut--;
		}
		tz_buf_truncate(&b, cut);
		while (b.len && b.data[b.len - 1] == ' ')
			tz_buf_truncate(&b, b.len - 1);
		if (tz_buf_adds(&b, "\xE2\x80\xA6")) {
			tz_buf_release(&b);
			return NULL;
		}
	}
	return tz_buf_detach(&b, NULL);
}

int tz_feed_escape(struct tz_buf *b, const char *s)
{
	for (; *s; s++) {
		int r;
		switch (*s) {
		case '&':
			r = tz_buf_adds(b, "&amp;");
			break;
		case '<':
			r = tz_buf_adds(b, "&lt;");
			break;
		case '>':
			r = tz_buf_adds(b, "&gt;");
			break;
		case '"':
			r = tz_buf_adds(b, "&quot;");
			break;
		default:
			r = tz_buf_addc(b, *s);
			break;
		}
		if (r)
			return -1;
	}
	return 0;
}
