/*
 * form.c - urlencoded and multipart/form-data parsing (see form.h).
 */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../text/utf8.h"
#include "../util/ascii.h"
#include "../util/alloc.h"
#include "../util/banned.h"

void ls_form_init(struct ls_form *f)
{
	memset(f, 0, sizeof *f);
}

void ls_form_release(struct ls_form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->f[i].name);
		free(f->f[i].value);
	}
	memset(f, 0, sizeof *f);
}

/* Decode one urlencoded component into a fresh string of at most max
 * bytes; NULL with *st set when malformed or out of memory. */
static char *decode(const char *s, size_t len, size_t max, int *st)
{
	char *out = tz_malloc(len + 1);
	size_t k = 0;
	if (!out) {
		*st = LS_FORM_NOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi, lo;
			if (i + 2 >= len)
				goto bad;
			hi = tz_hexval(s[i + 1]);
			lo = tz_hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				goto bad;
			c = hi << 4 | lo;
			i += 2;
		}
		if (c == 0 || k >= max)
			goto bad;
		out[k++] = (char)c;
	}
	out[k] = 0;
	return out;
bad:
	free(out);
	*st = LS_FORM_MALFORMED;
	return NULL;
}

static int add(struct ls_form *f, char *name, char *value, size_t len)
{
	if (f->n >= LS_FORM_MAX_FIELDS) {
		free(name);
		free(value);
		return LS_FORM_MALFORMED;
	}
	f->f[f->n].name = name;
	f->f[f->n].value = value;
	f->f[f->n].len = len;
	f->n++;
	return LS_FORM_OK;
}

int ls_form_parse_urlencoded(struct ls_form *f, const char *data, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *pair = data + i, *amp = memchr(pair, '&', len - i), *eq;
		size_t plen = amp ? (size_t)(amp - pair) : len - i;
		char *name, *value;
		int st = LS_FORM_OK;
		i += plen + (amp ? 1 : 0);
		if (!plen)
			continue; /* "a=1&&b=2" */
		eq = memchr(pair, '=', plen);
		name = decode(pair, eq ? (size_t)(eq - pair) : plen, LS_FORM_NAME_MAX, &st);
		if (!name)
			return st;
		value = eq ? decode(eq + 1, plen - (size_t)(eq + 1 - pair), LS_FORM_VALUE_MAX, &st)
			   : tz_strdup("");
		if (!value) {
			free(name);
			return eq ? st : LS_FORM_NOMEM;
		}
		if ((st = add(f, name, value, strlen(value))))
			return st;
	}
	return LS_FORM_OK;
}

static const char *find(const char *h, size_t hlen, const char *n, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nlen) == 0)
			return h + i;
	return NULL;
}

/* The boundary parameter of a multipart Content-Type into out (1..70
 * characters, RFC 2046 5.1.1); -1 when absent or invalid. */
static int boundary_of(const char *ct, char *out, size_t n)
{
	const char *p = strcasestr(ct, "boundary=");
	size_t k = 0;
	int quoted;
	if (!p)
		return -1;
	p += 9;
	quoted = *p == '"';
	p += quoted;
	while (*p && k + 1 < n && (quoted ? *p != '"' : (*p != ';' && *p != ' ' && *p != '\t')))
		out[k++] = *p++;
	out[k] = 0;
	if (k == 0 || k > 70 || (quoted && *p != '"'))
		return -1;
	return 0;
}

/* name="..." from the part's Content-Disposition; -1 when none. */
static int part_name(const char *hdr, size_t hlen, char *out, size_t n)
{
	const char *line = hdr, *end = hdr + hlen;
	while (line < end) {
		const char *eol = find(line, (size_t)(end - line), "\r\n", 2);
		size_t llen = eol ? (size_t)(eol - line) : (size_t)(end - line);
		if (llen > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
			const char *p = find(line, llen, "name=\"", 6);
			size_t k = 0;
			/* "filename=" also ends in name=": take a name= not preceded by a letter */
			while (p && p > line && ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z')))
				p = find(p + 1, llen - (size_t)(p + 1 - line), "name=\"", 6);
			if (!p)
				return -1;
			for (p += 6; p < line + llen && *p != '"'; p++) {
				if (k + 1 >= n || *p == 0)
					return -1;
				out[k++] = *p;
			}
			if (p >= line + llen)
				return -1;
			out[k] = 0;
			return 0;
		}
		line += llen + 2;
	}
	return -1;
}

int ls_form_parse_multipart(struct ls_form *f, const char *content_type, const char *data,
			    size_t len)
{
	char bnd[80], delim[84];
	size_t dlen;
	const char *p, *end = data + len;
	if (!content_type || boundary_of(content_type, bnd, sizeof bnd))
		return LS_FORM_MALFORMED;
	dlen = (size_t)snprintf(delim, sizeof delim, "--%s", bnd);
	/* the first delimiter may start the body or follow a preamble line */
	p = find(data, len, delim, dlen);
	if (!p || (p != data && (p < data + 2 || memcmp(p - 2, "\r\n", 2) != 0)))
		return LS_FORM_MALFORMED;
	p += dlen;
	for (;;) {
		const char *hend, *next, *body;
		char name[LS_FORM_NAME_MAX + 1], *nm, *val;
		size_t blen;
		int st;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return LS_FORM_OK; /* the close delimiter: the epilogue is ignored */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return LS_FORM_MALFORMED;
		p += 2;
		hend = find(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend || hend - p > 1024)
			return LS_FORM_MALFORMED;
		if (part_name(p, (size_t)(hend - p) + 2, name, sizeof name))
			return LS_FORM_MALFORMED;
		body = hend + 4;
		/* the part ends at CRLF + delimiter */
		next = body;
		for (;;) {
			next = find(next, (size_t)(end - next), delim, dlen);
			if (!next)
				return LS_FORM_MALFORMED;
			if (next - body >= 2 && memcmp(next - 2, "\r\n", 2) == 0)
				break;
			next++;
		}
		blen = (size_t)(next - 2 - body);
		if (blen > LS_FORM_VALUE_MAX || memchr(body, 0, blen))
			return LS_FORM_MALFORMED;
		nm = tz_strdup(name);
		val = tz_strndup(body, blen);
		if (!nm || !val) {
			free(nm);
			free(val);
			return LS_FORM_NOMEM;
		}
		if ((st = add(f, nm, val, blen)))
			return st;
		p = next + dlen;
	}
}

int ls_form_parse_body(struct ls_form *f, const char *content_type, const char *data,
		       size_t len)
{
	if (content_type && strncasecmp(content_type, "multipart/form-data", 19) == 0)
		return ls_form_parse_multipart(f, content_type, data, len);
	return ls_form_parse_urlencoded(f, data, len);
}

const char *ls_form_get(const struct ls_form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, name) == 0)
			return f->f[i].value;
	return NULL;
}

size_t ls_form_count(const struct ls_form *f, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < f->n; i++)
		n += strcmp(f->f[i].name, name) == 0;
	return n;
}

int ls_text_ok(const char *s, size_t max)
{
	size_t len = strlen(s);
	if (len > max || tz_utf8_invalid_at(s, len) != (size_t)-1)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return 0;
		/* C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8 */
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] < 0xa0)
			return 0;
	}
	return 1;
}
