/*
 * qp.h - quoted-printable encoding of UTF-8 text bodies (RFC 2045 6.7),
 * written by hand because libetpan's encoder costs about 0.8 ms per 58 KB
 * newsletter, which capped the whole send at about 1,200 messages/s.
 * libetpan still builds the MIME structure around the encoded text.
 */
#ifndef TZ_QP_H
#define TZ_QP_H

#include <stddef.h>

#include "../util/buf.h"

/* Append text (LF or CRLF line ends) as quoted-printable with CRLF line
 * ends and lines of at most 76 characters. */
int tz_qp_encode(struct tz_buf *out, const char *text, size_t len);

#endif
