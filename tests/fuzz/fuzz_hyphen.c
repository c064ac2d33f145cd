/*
 * fuzz_hyphen.c - libFuzzer harness: hyphenation input (text/hyphen.h).
 *
 * The input is split at spaces into words; each valid-UTF-8 word goes
 * through tz_hyph_points with the Dutch dictionary and without one. Besides
 * the sanitizers, the harness checks what the header promises: break points
 * only at character boundaries, never before the first byte, counts that
 * match the vector, the digraph ij never split, and invalid UTF-8 refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/hyphen.h"
#include "text/utf8.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_word(struct tz_hyphenator *h, const char *w, size_t n)
{
	unsigned char *breaks = malloc(n ? n : 1);
	struct tz_error err;
	int valid = tz_utf8_invalid_at(w, n) == (size_t)-1;
	int count, seen = 0;

	if (!breaks)
		abort();
	tz_error_clear(&err);
	count = tz_hyph_points(h, w, n, breaks, &err);
	if (!valid) {
		if (count != -1)
			abort(); /* invalid UTF-8 must be refused */
		free(breaks);
		return;
	}
	if (count < 0)
		abort(); /* valid input: only out of memory may fail */
	for (size_t k = 0; k < n; k++) {
		if (!breaks[k])
			continue;
		seen++;
		if (k == 0 || breaks[k] > TZ_BREAK_URL)
			abort();
		if (((unsigned char)w[k] & 0xC0) == 0x80)
			abort(); /* inside a multi-byte character */
		if (breaks[k] == TZ_BREAK_HYPHEN && (w[k] == 'j' || w[k] == 'J') &&
		    (w[k - 1] == 'i' || w[k - 1] == 'I'))
			abort(); /* the Dutch digraph ij is never split */
	}
	if (seen != count)
		abort();
	free(breaks);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tz_hyphenator *nl;
	static int loaded;
	const char *s = (const char *)data;
	size_t i = 0;

	if (!loaded) {
		struct tz_error err;
		nl = tz_hyph_dutch(&err);
		if (!nl)
			abort();
		loaded = 1;
	}
	if (size > 4096)
		return 0;
	while (i < size) {
		size_t j = i;
		while (j < size && s[j] != ' ')
			j++;
		if (j > i) {
			check_word(nl, s + i, j - i);
			check_word(NULL, s + i, j - i);
		}
		i = j + 1;
	}
	return 0;
}
