/*
 * nfc.h - Unicode NFC normalisation (utf8proc).
 *
 * Text enters techzine in NFC: text pasted from a Mac or a PDF often spells
 * "é" as "e" + U+0301, which looks the same but hyphenates, searches and
 * prints differently. Instead of refusing such text we compose it; only
 * what cannot be normalised (invalid UTF-8) is left for the checks to refuse.
 */
#ifndef TZ_NFC_H
#define TZ_NFC_H

#include <stddef.h>

/* NFC copy of the n bytes at s (malloc'd, NUL-terminated, *out_len set when
 * out_len is not NULL), or NULL when s is not valid UTF-8 or memory ran out. */
char *tz_nfc(const char *s, size_t n, size_t *out_len);
/* Replace *s with its NFC form when it differs; leaves *s alone when it is
 * ASCII, already NFC or cannot be normalised. Returns -1 only when memory
 * ran out. */
int tz_nfc_inplace(char **s);

#endif
