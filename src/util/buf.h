/*
 * buf.h - the one growable byte string of techzine.
 *
 * A tz_buf is always NUL-terminated (data is never NULL after tz_buf_init),
 * knows its length, and has a hard maximum size so that hostile input cannot
 * grow it without bound. Every append returns 0 on success or -1 when memory
 * runs out or the cap would be exceeded; the buffer is then unchanged.
 *
 * Ownership: the struct is the caller's (usually on the stack); its data is
 * owned by the buffer until tz_buf_release() frees it or tz_buf_detach() hands
 * it over to the caller, who frees it with free().
 */
#ifndef TZ_BUF_H
#define TZ_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define TZ_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

struct tz_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* largest len ever allowed */
};

/* Set up an empty buffer; no allocation. max 0 means TZ_BUF_DEFAULT_MAX. */
void tz_buf_init(struct tz_buf *b, size_t max);
/* Free the contents; the buffer is empty and usable again afterwards. */
void tz_buf_release(struct tz_buf *b);
/* Hand the data to the caller (malloc'd, NUL-terminated); buffer is reset. */
char *tz_buf_detach(struct tz_buf *b, size_t *len);

int tz_buf_grow(struct tz_buf *b, size_t extra);
int tz_buf_add(struct tz_buf *b, const void *data, size_t len);
int tz_buf_adds(struct tz_buf *b, const char *s);
int tz_buf_addc(struct tz_buf *b, char c);
int tz_buf_addf(struct tz_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int tz_buf_vaddf(struct tz_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void tz_buf_reset(struct tz_buf *b);
void tz_buf_truncate(struct tz_buf *b, size_t len);

/* The text of an empty, initialised buffer. */
extern char tz_buf_empty[];

#endif
