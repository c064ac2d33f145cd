/*
 * dkim_canon.h - DKIM "relaxed" canonicalization (RFC 6376 3.4.2, 3.4.4),
 * pure functions over bytes so they can be unit-tested and fuzzed.
 *
 * The body canonicalizer streams: it is fed the body in pieces and hands
 * the canonical bytes to a sink (the SHA-256 context) in batches, so a
 * message with embedded images is hashed without a canonical copy.
 */
#ifndef TZ_DKIM_CANON_H
#define TZ_DKIM_CANON_H

#include <stddef.h>

#include "../util/buf.h"

/* Append the relaxed form of one header field, raw as it stands in the
 * message ("Name: value\r\n\tfolded\r\n"), to out: "name:value\r\n".
 * with_crlf 0 leaves the final CRLF off (the DKIM-Signature itself). */
int tz_dkim_canon_header(struct tz_buf *out, const char *field, size_t len, int with_crlf);

typedef void (*tz_dkim_sink)(void *ctx, const char *data, size_t len);

struct tz_dkim_body {
	tz_dkim_sink sink;
	void *ctx;
	size_t blank;     /* line ends not yet written (trailing ones are dropped) */
	int wsp;          /* a run of SP/HTAB not yet written as one SP */
	int cr;           /* a CR waiting to see whether LF follows */
	int content;      /* something other than line ends was written */
	size_t n;         /* bytes in out */
	char out[4096];
};

void tz_dkim_body_init(struct tz_dkim_body *b, tz_dkim_sink sink, void *ctx);
void tz_dkim_body_feed(struct tz_dkim_body *b, const char *data, size_t len);
/* Flush: a non-empty body ends with exactly one CRLF, an empty one is empty. */
void tz_dkim_body_end(struct tz_dkim_body *b);

#endif
