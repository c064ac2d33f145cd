/*
 * quotes.h - straight quotes typed by the officer become typographic ones
 * (“…”, ‘…’) and apostrophes become ’ (zo’n, ’t, ’80, mkb’ers), as a
 * typesetter would. Pure: decided from the characters around the quote.
 */
#ifndef TZ_TEXT_QUOTES_H
#define TZ_TEXT_QUOTES_H

#include <stddef.h>

/* The UTF-8 for the straight quote q (' or ") at this place: after is
 * the text that follows (NUL-terminated), opening says whether the quote
 * stands at the start of a text, after a space or after an opening bracket
 * or quote. Returns the bytes (static, NUL-terminated). */
const char *tz_quote_typographic(char q, int opening, const char *after);

/* Does the UTF-8 text end in something a quote opens after (nothing,
 * a space, (, [, {, an opening quote, a dash)? */
int tz_quote_opens_after(const char *text, size_t len);

#endif
