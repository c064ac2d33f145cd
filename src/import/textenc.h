/*
 * textenc.h - bytes of a text file (md, txt) -> UTF-8 (see txt.c).
 */
#ifndef TZ_IMPORT_TEXTENC_H
#define TZ_IMPORT_TEXTENC_H

#include <stddef.h>

#include "../util/buf.h"

/* Append s as UTF-8 to out: UTF-8 (BOM dropped) as is, UTF-16 with a BOM
 * converted, anything else read as Windows-1252. *note names a conversion
 * (NULL when none). 0, or -1 when out is full. */
int tz_textenc_utf8(const unsigned char *s, size_t n, struct tz_buf *out, const char **note);

#endif
