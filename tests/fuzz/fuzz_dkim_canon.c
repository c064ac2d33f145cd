/*
 * fuzz_dkim_canon.c - libFuzzer harness: DKIM relaxed canonicalization
 * (mail/dkim_canon.h). The body canonicalizer must give the same bytes
 * however the input is split (first byte: the piece size), and its output
 * must be canonical: CRLF line ends only, no WSP before a line end, no WSP
 * run, no trailing empty line, ending in CRLF unless empty. The header
 * canonicalizer must not crash and must emit one lower-case name and no
 * CR/LF except the final CRLF.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/dkim_canon.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ctx, const char *d, size_t len)
{
	if (tz_buf_add(ctx, d, len))
		abort();
}

static void canon(const char *s, size_t len, size_t step, struct tz_buf *out)
{
	struct tz_dkim_body b;
	tz_dkim_body_init(&b, sink, out);
	for (size_t i = 0; i < len; i += step)
		tz_dkim_body_feed(&b, s + i, len - i < step ? len - i : step);
	tz_dkim_body_end(&b);
}

static void check_body(const struct tz_buf *o)
{
	if (!o->len)
		return;
	if (o->len < 2 || memcmp(o->data + o->len - 2, "\r\n", 2))
		abort();
	if (o->len >= 4 && memcmp(o->data + o->len - 4, "\r\n\r\n", 4) == 0)
		abort();
	for (size_t i = 0; i < o->len; i++) {
		char c = o->data[i];
		if (c == '\t')
			abort();
		if (c == ' ' && i + 1 < o->len &&
		    (o->data[i + 1] == ' ' ||
		     (i + 2 < o->len && o->data[i + 1] == '\r' && o->data[i + 2] == '\n')))
			abort();
		if (c == '\n' && (i == 0 || o->data[i - 1] != '\r'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_buf a, b, h;
	size_t step;
	if (!size)
		return 0;
	step = (size_t)data[0] % 64 + 1;
	data++, size--;
	tz_buf_init(&a, 0);
	tz_buf_init(&b, 0);
	tz_buf_init(&h, 0);
	canon((const char *)data, size, size ? size : 1, &a);
	canon((const char *)data, size, step, &b);
	if (a.len != b.len || memcmp(a.data, b.data, a.len))
		abort();
	check_body(&a);
	if (tz_dkim_canon_header(&h, (const char *)data, size, 1) == 0) {
		const char *colon = memchr(h.data, ':', h.len);
		if (!colon || h.len < 2 || memcmp(h.data + h.len - 2, "\r\n", 2))
			abort();
		for (const char *p = h.data; p < colon; p++)
			if (*p >= 'A' && *p <= 'Z')
				abort();
		for (size_t i = 0; i + 2 < h.len; i++)
			if (h.data[i] == '\n' || (h.data[i] == '\r' && i + 2 != h.len))
				abort();
	}
	tz_buf_release(&a);
	tz_buf_release(&b);
	tz_buf_release(&h);
	return 0;
}
