/*
 * rfc2047.h - encoded words for mail headers (RFC 2047), written by hand
 * because libetpan has a decoder but no encoder.
 *
 * The one idea: split the UTF-8 text into encoded words at character
 * boundaries only, each word at most 75 characters, and fold between words,
 * so no line grows past 78 columns and no UTF-8 sequence is ever cut in two.
 */
#ifndef TZ_RFC2047_H
#define TZ_RFC2047_H

#include <stddef.h>

#include "../util/buf.h"

#define TZ_RFC2047_MAX_WORD 75
#define TZ_RFC2047_MAX_LINE 78

/*
 * Append s (valid UTF-8, no CR/LF) as the body of an unstructured header
 * (Subject) that starts at column col (after "Subject: "). Plain ASCII that
 * fits stays as it is; anything else becomes Q or B encoded words (whichever
 * is shorter), folded with CRLF SP. Returns -1 on invalid UTF-8, CR/LF or
 * buffer overflow.
 */
int tz_rfc2047_encode(struct tz_buf *out, const char *s, size_t col);
/* The same for a display name (a phrase): atoms stay, ASCII with specials
 * becomes a quoted string, anything else encoded words. */
int tz_rfc2047_encode_phrase(struct tz_buf *out, const char *s, size_t col);
/* Decode a header value: unfold, decode encoded words (UTF-8 or ASCII
 * charsets), drop whitespace between adjacent encoded words. -1 when an
 * encoded word is malformed. */
int tz_rfc2047_decode(struct tz_buf *out, const char *s);

#endif
