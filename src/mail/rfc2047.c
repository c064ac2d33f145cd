/*
 * rfc2047.c - RFC 2047 encoded words: encoder (by hand, libetpan has none)
 * and a small decoder for round-trip tests.
 *
 * The encoder measures each UTF-8 character's encoded size before adding
 * it, so a word is closed before it would pass 75 characters (or the line
 * 78 columns) and never ends in the middle of a character.
 */
#include "rfc2047.h"

#include <stdint.h>
#include <string.h>

#include "../text/utf8.h"
#include "../util/ascii.h"
#include "../util/banned.h"

static const char hexdig[] = "0123456789ABCDEF";
static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Byte may stand for itself in a Q word, even inside a phrase (5(3)). */
static int q_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	       c == '-' || c == '/' || c == ' ';
}

/* Length in bytes of the UTF-8 character at s (1..4), 0 when invalid. */
static size_t char_len(const unsigned char *s, size_t left)
{
	uint32_t cp;
	if (s[0] == '\r' || s[0] == '\n' || s[0] == 0)
		return 0;
	return tz_utf8_decode(s, left, &cp);
}

static int valid_header_text(const char *s)
{
	size_t len = strlen(s);
	if (tz_utf8_invalid_at(s, len) != (size_t)-1)
		return 0;
	return strpbrk(s, "\r\n") == NULL;
}

static size_t q_size(const unsigned char *c, size_t n)
{
	size_t size = 0;
	for (size_t i = 0; i < n; i++)
		size += q_plain(c[i]) ? 1 : 3;
	return size;
}

static int q_add(struct tz_buf *out, const unsigned char *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int r;
		if (c[i] == ' ')
			r = tz_buf_addc(out, '_');
		else if (q_plain(c[i]))
			r = tz_buf_addc(out, (char)c[i]);
		else {
			char e[3] = {'=', hexdig[c[i] >> 4], hexdig[c[i] & 15]};
			r = tz_buf_add(out, e, 3);
		}
		if (r)
			return -1;
	}
	return 0;
}

static int b_add(struct tz_buf *out, const unsigned char *c, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)c[i] << 16;
		char e[4];
		if (i + 1 < n)
			v |= (unsigned)c[i + 1] << 8;
		if (i + 2 < n)
			v |= c[i + 2];
		e[0] = b64[(v >> 18) & 63];
		e[1] = b64[(v >> 12) & 63];
		e[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		e[3] = i + 2 < n ? b64[v & 63] : '=';
		if (tz_buf_add(out, e, 4))
			return -1;
	}
	return 0;
}

/* Encode all of s as encoded words, starting at column col. */
static int encode_words(struct tz_buf *out, const char *s, size_t col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), qtotal = q_size(p, len);
	/* Q stays readable; B only when it is clearly shorter */
	int use_b = (len + 2) / 3 * 4 * 4 < qtotal * 3;
	const char *prefix = use_b ? "=?UTF-8?B?" : "=?UTF-8?Q?";
	size_t pos = 0;

	while (pos < len) {
		/* room for this word: 75 chars, and the line at most 78 */
		size_t room = TZ_RFC2047_MAX_WORD;
		size_t start = pos, payload = 0, n = 0;
		if (col + room > TZ_RFC2047_MAX_LINE)
			room = TZ_RFC2047_MAX_LINE > col ? TZ_RFC2047_MAX_LINE - col : 0;
		if (room < 12 + 12) { /* too little left on this line: fold first */
			if (tz_buf_add(out, "\r\n ", 3))
				return -1;
			col = 1;
			continue;
		}
		room -= 12; /* "=?UTF-8?Q?" + "?=" */
		while (pos < len) {
			size_t cl = char_len(p + pos, len - pos), want;
			if (!cl)
				return -1;
			want = use_b ? (n + cl + 2) / 3 * 4 : payload + q_size(p + pos, cl);
			if (want > room)
				break;
			payload = want;
			n += cl;
			pos += cl;
		}
		if (tz_buf_adds(out, prefix) ||
		    (use_b ? b_add(out, p + start, n) : q_add(out, p + start, n)) ||
		    tz_buf_add(out, "?=", 2))
			return -1;
		col += 12 + payload;
		if (pos < len) {
			if (tz_buf_add(out, "\r\n ", 3))
				return -1;
			col = 1;
		}
	}
	return 0;
}

static int plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			return 0;
	return strstr(s, "=?") == NULL;
}

int tz_rfc2047_encode(struct tz_buf *out, const char *s, size_t col)
{
	size_t len = strlen(s);
	if (!valid_header_text(s))
		return -1;
	if (plain_ascii(s) && col + len <= TZ_RFC2047_MAX_LINE && (len == 0 || s[0] != ' '))
		return tz_buf_add(out, s, len);
	return encode_words(out, s, col);
}

static int atext_or_space(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ' ' || strchr("!#$%&'*+-/=?^_`{|}~", c);
}

int tz_rfc2047_encode_phrase(struct tz_buf *out, const char *s, size_t col)
{
	size_t len = strlen(s), escapes = 0;
	int atoms = 1;
	if (!valid_header_text(s))
		return -1;
	/* a quoted string adds a backslash before each " and \ */
	for (size_t i = 0; i < len; i++)
		escapes += s[i] == '"' || s[i] == '\\';
	if (plain_ascii(s) && col + len + escapes + 2 <= TZ_RFC2047_MAX_LINE) {
		for (size_t i = 0; i < len; i++)
			if (!atext_or_space((unsigned char)s[i]))
				atoms = 0;
		if (atoms && len && s[0] != ' ' && s[len - 1] != ' ' && !strstr(s, "  "))
			return tz_buf_add(out, s, len);
		if (tz_buf_addc(out, '"'))
			return -1;
		for (size_t i = 0; i < len; i++) {
			int special = s[i] == '"' || s[i] == '\\';
			if ((special && tz_buf_addc(out, '\\')) || tz_buf_addc(out, s[i]))
				return -1;
		}
		return tz_buf_addc(out, '"');
	}
	return encode_words(out, s, col);
}

/* ---- decoder ---- */

static int b64val(int c)
{
	const char *p = c ? strchr(b64, c) : NULL;
	return p ? (int)(p - b64) : -1;
}

/* Decode one encoded word at s; *end set past "?=". 1 decoded, 0 not a
 * word, -1 malformed. */
static int decode_word(struct tz_buf *out, const char *s, const char **end)
{
	const char *cs, *enc, *text, *close;
	if (s[0] != '=' || s[1] != '?')
		return 0;
	cs = s + 2;
	enc = strchr(cs, '?');
	if (!enc || enc == cs || !enc[1] || enc[2] != '?')
		return 0;
	text = enc + 3;
	close = strstr(text, "?=");
	if (!close)
		return 0;
	for (const char *p = text; p < close; p++)
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			return 0;
	if (enc[1] == 'Q' || enc[1] == 'q') {
		for (const char *p = text; p < close; p++) {
			int r;
			if (*p == '_')
				r = tz_buf_addc(out, ' ');
			else if (*p == '=') {
				int h, l;
				if (p + 2 >= close)
					return -1;
				h = tz_hexval(p[1]);
				l = tz_hexval(p[2]);
				if (h < 0 || l < 0)
					return -1;
				r = tz_buf_addc(out, (char)(h * 16 + l));
				p += 2;
			} else
				r = tz_buf_addc(out, *p);
			if (r)
				return -1;
		}
	} else if (enc[1] == 'B' || enc[1] == 'b') {
		unsigned v = 0;
		int bits = 0;
		for (const char *p = text; p < close && *p != '='; p++) {
			int d = b64val(*p);
			if (d < 0)
				return -1;
			v = (v << 6) | (unsigned)d;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				if (tz_buf_addc(out, (char)((v >> bits) & 0xFF)))
					return -1;
			}
		}
	} else
		return -1;
	*end = close + 2;
	return 1;
}

int tz_rfc2047_decode(struct tz_buf *out, const char *s)
{
	const char *p = s;
	int prev_word = 0;
	/* leading folding white space is not part of the value */
	while (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t')
		p++;
	while (*p) {
		const char *end;
		int r = decode_word(out, p, &end);
		if (r < 0)
			return -1;
		if (r) {
			p = end;
			prev_word = 1;
			continue;
		}
		if (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t') {
			/* whitespace run: dropped between two encoded words */
			const char *q = p;
			const char *dummy;
			struct tz_buf probe;
			int next_word;
			while (*q == '\r' || *q == '\n' || *q == ' ' || *q == '\t')
				q++;
			tz_buf_init(&probe, 1024);
			next_word = decode_word(&probe, q, &dummy) == 1;
			tz_buf_release(&probe);
			if (!(prev_word && next_word)) {
				for (const char *w = p; w < q; w++)
					if (*w != '\r' && *w != '\n' && tz_buf_addc(out, *w))
						return -1;
			}
			p = q;
			continue;
		}
		if (tz_buf_addc(out, *p++))
			return -1;
		prev_word = 0;
	}
	return 0;
}
