/*
 * partdecode.h - the body of one MIME part as text: quoted-printable and
 * base64 decoded by hand, every other encoding copied.
 *
 * Why by hand: libetpan's mailmime_part_parse reads up to two bytes past the
 * end of its input when a quoted-printable part ends in "=" or "=X" (found
 * by fuzz_bounce: heap-buffer-overflow in a bounce of 1,195 bytes). These
 * decoders look at every byte through a bounds check and always leave a
 * NUL-terminated copy, so nothing downstream (libetpan's header parser on
 * a text/rfc822-headers part, the text scanners) can read past the end.
 */
#ifndef TZ_PARTDECODE_H
#define TZ_PARTDECODE_H

#include <stddef.h>

#include "../util/buf.h"

/* Append the decoded bytes of s[0..len) to out. Malformed input is decoded
 * as far as it makes sense (a stray "=" stays, bad base64 characters are
 * skipped); -1 only when out is full or memory runs out. */
int tz_decode_qp(struct tz_buf *out, const char *s, size_t len);
int tz_decode_base64(struct tz_buf *out, const char *s, size_t len);

/* Append s[0..len) to out as UTF-8: converted from charset by iconv
 * (glibc) when that is neither UTF-8 nor ASCII; charset NULL means "as
 * declared nowhere", and ISO-2022-JP escapes (ESC $ B) in the bytes say
 * which (Japanese servers often send it undeclared, also in a DSN's
 * Diagnostic-Code). A charset outside the list bounces come in (Japanese,
 * ISO-8859, Windows, Cyrillic, Chinese, Korean, UTF-16) or a byte iconv
 * rejects: the bytes are copied as they are. -1 only when out is full or memory runs out. */
int tz_decode_charset(struct tz_buf *out, const char *s, size_t len, const char *charset);
/* Does s hold ISO-2022-JP escapes? */
int tz_has_iso2022jp(const char *s, size_t len);

#endif
