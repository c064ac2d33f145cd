/*
 * quotes.c - straight to typographic quotes (see quotes.h).
 *
 * The rules are the ones typesetters (and SmartyPants) use: a quote at the
 * start of a word opens, anywhere else it closes; a single quote inside a
 * word or before the Dutch elisions ('t, 's, 'n, 'k, 'm) or a year ('80) is
 * an apostrophe. Dutch and English both use “…” and ‘…’ here.
 */
#include "quotes.h"

#include <ctype.h>
#include <string.h>

#include "../util/banned.h"

#define LDQ "\xe2\x80\x9c" /* “ */
#define RDQ "\xe2\x80\x9d" /* ” */
#define LSQ "\xe2\x80\x98" /* ‘ */
#define RSQ "\xe2\x80\x99" /* ’ (also the apostrophe) */

static int is_word(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* 't, 's, 'n, 'k, 'm before a non-letter; '80 (two digits, then no digit) */
static int elision(const char *after)
{
	const unsigned char *a = (const unsigned char *)after;

	if (strchr("tsnkm", a[0]) && a[0] && !is_word(a[1]))
		return 1;
	return isdigit(a[0]) && isdigit(a[1]) && !isdigit(a[2]);
}

const char *tz_quote_typographic(char q, int opening, const char *after)
{
	if (q == '"')
		return opening && after[0] && after[0] != ' ' ? LDQ : RDQ;
	if (opening && elision(after))
		return RSQ;
	return opening && after[0] && after[0] != ' ' ? LSQ : RSQ;
}

int tz_quote_opens_after(const char *text, size_t len)
{
	static const char *const openers[] = {LDQ, LSQ, "\xe2\x80\x9e", "\xe2\x80\x93",
					      "\xe2\x80\x94"};
	unsigned char c;

	if (!len)
		return 1;
	c = (unsigned char)text[len - 1];
	if (c == ' ' || c == '(' || c == '[' || c == '{' || c == '/' || c == '-')
		return 1;
	for (size_t i = 0; i < sizeof(openers) / sizeof(*openers); i++) {
		size_t n = strlen(openers[i]);
		if (len >= n && !memcmp(text + len - n, openers[i], n))
			return 1;
	}
	return 0;
}
