/*
 * buf.c - growable, capped, NUL-terminated byte string (see buf.h).
 * Growth doubles the capacity so appends are amortised O(1).
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

char tz_buf_empty[1];

void tz_buf_init(struct tz_buf *b, size_t max)
{
	b->data = tz_buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : TZ_BUF_DEFAULT_MAX;
}

void tz_buf_release(struct tz_buf *b)
{
	if (b->cap)
		free(b->data);
	tz_buf_init(b, b->max);
}

char *tz_buf_detach(struct tz_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->cap) {
		p = tz_strdup("");
	} else {
		p = b->data;
	}
	tz_buf_init(b, b->max);
	return p;
}

int tz_buf_grow(struct tz_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > b->max || b->len > b->max - extra)
		return -1;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	p = b->cap ? tz_realloc(b->data, ncap) : tz_malloc(ncap);
	if (!p)
		return -1;
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = ncap;
	return 0;
}

int tz_buf_add(struct tz_buf *b, const void *data, size_t len)
{
	if (!len)
		return 0;
	if (tz_buf_grow(b, len))
		return -1;
	memmove(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int tz_buf_adds(struct tz_buf *b, const char *s)
{
	return tz_buf_add(b, s, strlen(s));
}

int tz_buf_addc(struct tz_buf *b, char c)
{
	return tz_buf_add(b, &c, 1);
}

int tz_buf_vaddf(struct tz_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || tz_buf_grow(b, (size_t)n))
		return -1;
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	if (n < 0)
		return -1;
	b->len += (size_t)n;
	return 0;
}

int tz_buf_addf(struct tz_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = tz_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void tz_buf_reset(struct tz_buf *b)
{
	tz_buf_truncate(b, 0);
}

void tz_buf_truncate(struct tz_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->data[len] = '\0';
}
