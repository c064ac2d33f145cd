/*
 * dkim_canon.c - relaxed header and body canonicalization (see dkim_canon.h).
 * Written here because neither GnuTLS nor libetpan has it; the crypto (hash,
 * signature, base64) comes from GnuTLS in dkim.c.
 *
 * Line ends: CRLF is one line end; a bare LF counts as one too (a Maildir
 * copy has LF only, and every verifier turns it back into CRLF first); a
 * bare CR is an ordinary character.
 */
#include "dkim_canon.h"

#include <string.h>

#include "../util/banned.h"

static int is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

int tz_dkim_canon_header(struct tz_buf *out, const char *field, size_t len, int with_crlf)
{
	const char *colon = memchr(field, ':', len);
	const char *end = field + len, *name_end, *p;
	int wsp = 0, started = 0;
	size_t start = out->len;
	if (!colon)
		return -1;
	/* the name: lower case, WSP before the colon removed */
	for (name_end = colon; name_end > field && is_wsp(name_end[-1]); name_end--)
		;
	if (name_end == field)
		return -1;
	for (p = field; p < name_end; p++) {
		char c = *p;
		if (c <= ' ' || c > '~') /* RFC 5322 ftext */
			goto fail;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (tz_buf_addc(out, c))
			goto fail;
	}
	if (tz_buf_addc(out, ':'))
		goto fail;
	/* the value: unfolded, WSP runs as one SP, none at either end */
	for (p = colon + 1; p < end; p++) {
		char c = *p;
		if (c == '\r' || c == '\n')
			continue;
		if (is_wsp(c)) {
			wsp = 1;
			continue;
		}
		if (wsp && started && tz_buf_addc(out, ' '))
			goto fail;
		wsp = 0;
		started = 1;
		if (tz_buf_addc(out, c))
			goto fail;
	}
	if (with_crlf && tz_buf_add(out, "\r\n", 2))
		goto fail;
	return 0;
fail:
	tz_buf_truncate(out, start);
	return -1;
}

void tz_dkim_body_init(struct tz_dkim_body *b, tz_dkim_sink sink, void *ctx)
{
	memset(b, 0, sizeof *b);
	b->sink = sink;
	b->ctx = ctx;
}

static void put(struct tz_dkim_body *b, const char *s, size_t len)
{
	if (len >= sizeof b->out) { /* a long run goes to the sink as it is */
		if (b->n)
			b->sink(b->ctx, b->out, b->n);
		b->n = 0;
		b->sink(b->ctx, s, len);
		return;
	}
	while (len) {
		size_t k = sizeof b->out - b->n;
		if (k > len)
			k = len;
		memcpy(b->out + b->n, s, k);
		b->n += k;
		s += k;
		len -= k;
		if (b->n == sizeof b->out) {
			b->sink(b->ctx, b->out, b->n);
			b->n = 0;
		}
	}
}

static void line_end(struct tz_dkim_body *b)
{
	b->wsp = 0; /* WSP at the end of a line is removed */
	b->blank++;
}

/* An ordinary character: the line ends and the WSP run before it first. */
static void ordinary(struct tz_dkim_body *b, char c)
{
	for (; b->blank; b->blank--)
		put(b, "\r\n", 2);
	if (b->wsp) {
		put(b, " ", 1);
		b->wsp = 0;
	}
	put(b, &c, 1);
	b->content = 1;
}

static int plain(char c)
{
	return c != ' ' && c != '\t' && c != '\r' && c != '\n';
}

/* The end of the run from i of bytes that stay as they are: ordinary
 * bytes, one SP between two of them, a CRLF between two of them (a line
 * that ends in content, followed by one that starts with content). Each
 * piece ends with an ordinary byte, so nothing is pending after it. */
static size_t unchanged_run(const char *d, size_t i, size_t len)
{
	size_t j = i;
	while (j < len) {
		if (plain(d[j]))
			j++;
		else if (d[j] == ' ' && j + 1 < len && plain(d[j + 1]))
			j += 2;
		else if (d[j] == '\r' && j + 2 < len && d[j + 1] == '\n' && plain(d[j + 2]))
			j += 3;
		else
			break;
	}
	return j;
}

void tz_dkim_body_feed(struct tz_dkim_body *b, const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		/* fast path: nothing pending, copy at once a run of bytes that
		 * canonicalization leaves as they are (most of a body) */
		if (!b->cr && !b->blank && !b->wsp) {
			size_t j = unchanged_run(data, i, len);
			if (j > i) {
				put(b, data + i, j - i);
				b->content = 1;
				i = j - 1;
				continue;
			}
		}
		if (b->cr) {
			b->cr = 0;
			if (c == '\n') {
				line_end(b);
				continue;
			}
			ordinary(b, '\r');
		}
		if (c == '\r')
			b->cr = 1;
		else if (c == '\n')
			line_end(b);
		else if (is_wsp(c))
			b->wsp = 1;
		else
			ordinary(b, c);
	}
}

void tz_dkim_body_end(struct tz_dkim_body *b)
{
	if (b->cr) {
		b->cr = 0;
		ordinary(b, '\r');
	}
	/* trailing empty lines go; a body with content ends with one CRLF */
	if (b->content)
		put(b, "\r\n", 2);
	if (b->n)
		b->sink(b->ctx, b->out, b->n);
	b->n = 0;
	b->blank = 0;
	b->wsp = 0;
}
