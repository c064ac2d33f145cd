/*
 * utf8.h - strict UTF-8 decoding and the checks techzine applies to text.
 *
 * Strict means: no overlong forms, no surrogates (U+D800..DFFF), nothing
 * above U+10FFFF. NFC is checked with a small table rather than full Unicode
 * normalisation data: a combining mark (U+0300..U+036F) that follows a Latin
 * letter is reported, because every such pair used in Dutch, German, French
 * and the other languages our stories quote has a precomposed form. Text that
 * uses combining marks after other scripts is accepted unchanged.
 */
#ifndef TZ_UTF8_H
#define TZ_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (n bytes available). Returns the number of
 * bytes used (1..4) and sets *cp, or 0 for an invalid/truncated sequence. */
size_t tz_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length, 0 if invalid. */
size_t tz_utf8_encode(uint32_t cp, char *out);
/* Offset of the first invalid byte, or (size_t)-1 when s is valid. */
size_t tz_utf8_invalid_at(const char *s, size_t n);
/* Number of code points in valid UTF-8 text. */
size_t tz_utf8_length(const char *s, size_t n);
/* Offset of the first place that is not NFC (see above), or (size_t)-1. */
size_t tz_utf8_not_nfc_at(const char *s, size_t n);
/* Offset of the first bidi override/embedding/isolate control, or -1. */
size_t tz_utf8_bidi_control_at(const char *s, size_t n);
/* Is cp a character that must not appear in text (C0/C1 controls except
 * tab/newline, U+FFFE/FFFF, noncharacters)? */
int tz_utf8_is_forbidden(uint32_t cp);
/* Byte offset of the first forbidden code point in s (valid UTF-8), or
 * (size_t)-1; the code point goes to *cp when cp is not NULL. */
size_t tz_utf8_forbidden_at(const char *s, size_t n, uint32_t *cp);

#endif
