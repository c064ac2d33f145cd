/*
 * partdecode.c - bounded quoted-printable (RFC 2045 6.7) and base64 (RFC
 * 2045 6.8) decoders for bounce parts (see partdecode.h for why not
 * libetpan's).
 */
#include "partdecode.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include "../util/ascii.h"
#include "../util/banned.h"

int tz_decode_qp(struct tz_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		size_t run = i;
		while (run < len && s[run] != '=')
			run++;
		if (run > i && tz_buf_add(out, s + i, run - i))
			return -1;
		i = run;
		if (i >= len)
			break;
		/* s[i] == '=' */
		if (i + 2 < len && tz_hexval(s[i + 1]) >= 0 && tz_hexval(s[i + 2]) >= 0) {
			if (tz_buf_addc(out, (char)(tz_hexval(s[i + 1]) * 16 + tz_hexval(s[i + 2]))))
				return -1;
			i += 3;
		} else if (i + 1 < len && s[i + 1] == '\n') {
			i += 2; /* soft line break */
		} else if (i + 2 < len && s[i + 1] == '\r' && s[i + 2] == '\n') {
			i += 3;
		} else {
			size_t k = i + 1; /* "=  \r\n": soft break with trailing blanks */
			while (k < len && (s[k] == ' ' || s[k] == '\t'))
				k++;
			if (k < len && (s[k] == '\n' || (s[k] == '\r' && k + 1 < len && s[k + 1] == '\n'))) {
				i = k + (s[k] == '\r' ? 2 : 1);
				continue;
			}
			if (tz_buf_addc(out, '='))
				return -1;
			i++;
		}
	}
	return 0;
}

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int tz_decode_base64(struct tz_buf *out, const char *s, size_t len)
{
	unsigned long acc = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		int v;
		if (s[i] == '=')
			break;
		v = b64val((unsigned char)s[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (tz_buf_addc(out, (char)((acc >> bits) & 0xff)))
				return -1;
		}
		acc &= 0xffff;
	}
	return 0;
}

int tz_has_iso2022jp(const char *s, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++)
		if (s[i] == 0x1b && s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@'))
			return 1;
	return 0;
}

/* The charsets bounces come in. Others are copied as bytes: a hostile
 * charset name must not send iconv looking for converters on disk. */
static int charset_known(const char *cs)
{
	static const char *const prefixes[] = {
		"iso-2022-jp", "shift_jis", "shift-jis", "sjis", "euc-jp", "cp932", "windows-31j",
		"iso-8859-", "windows-125", "cp125", "koi8-", "gb2312", "gbk", "gb18030", "big5",
		"euc-kr", "ks_c_5601", "iso-2022-kr", "utf-16", "latin1"};
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (strncasecmp(cs, prefixes[i], strlen(prefixes[i])) == 0 && strlen(cs) < 32)
			return 1;
	return 0;
}

int tz_decode_charset(struct tz_buf *out, const char *s, size_t len, const char *charset)
{
	iconv_t cd;
	char *in = (char *)(uintptr_t)s, chunk[4096];
	size_t inleft = len;
	size_t start = out->len;
	if (!charset && tz_has_iso2022jp(s, len))
		charset = "ISO-2022-JP";
	if (!charset || !charset[0] || strcasecmp(charset, "utf-8") == 0 ||
	    strcasecmp(charset, "us-ascii") == 0 || strcasecmp(charset, "utf8") == 0)
		return tz_buf_add(out, s, len);
	if (!charset_known(charset))
		return tz_buf_add(out, s, len);
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return tz_buf_add(out, s, len);
	while (inleft) {
		char *o = chunk;
		size_t oleft = sizeof chunk;
		size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
		if (o > chunk && tz_buf_add(out, chunk, (size_t)(o - chunk))) {
			iconv_close(cd);
			return -1;
		}
		if (rc == (size_t)-1 && errno != E2BIG) {
			/* a byte the charset does not have: give up converting,
			 * keep the bytes */
			iconv_close(cd);
			tz_buf_truncate(out, start);
			return tz_buf_add(out, s, len);
		}
	}
	iconv_close(cd);
	return 0;
}
