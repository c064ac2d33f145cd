/*
 * nfc.c - NFC through utf8proc (see nfc.h). Text that is surely NFC already
 * (ASCII, Latin-1, typographic punctuation: the common case) never reaches
 * utf8proc.
 */
#include "nfc.h"

#include <string.h>

#include <utf8proc.h>

#include "utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

/* Valid UTF-8 whose code points are all below U+0300 or general
 * punctuation U+2002..U+206F (typographic quotes, dashes, ellipsis) is NFC
 * already: none of those has a canonical decomposition or composes with
 * its neighbour (combining marks start at U+0300). Most Dutch and English
 * text passes this scan and never pays for utf8proc. */
static int surely_nfc(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		if (u[i] < 0x80) {
			i++;
		} else if (u[i] >= 0xC2 && u[i] < 0xCC && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
			i += 2; /* U+0080..U+02FF */
		} else if (u[i] == 0xE2 && i + 2 < n && (u[i + 1] == 0x80 || u[i + 1] == 0x81) &&
			   (u[i + 2] & 0xC0) == 0x80 && !(u[i + 1] == 0x80 && u[i + 2] < 0x82)) {
			i += 3; /* U+2002..U+207F */
		} else {
			return 0;
		}
	}
	return 1;
}

char *tz_nfc(const char *s, size_t n, size_t *out_len)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t m;
	char *copy;

	if (n > (size_t)64 * 1024 * 1024)
		return NULL; /* far above any text limit; keeps the sizes in range */
	if (surely_nfc(s, n)) {
		copy = tz_strndup(s, n);
		if (copy && out_len)
			*out_len = n;
		return copy;
	}
	m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0)
		return NULL;
	/* utf8proc allocates with malloc; hand back memory of our allocator so
	 * that callers free one kind of pointer and fault injection sees it */
	copy = tz_strndup((const char *)mapped, (size_t)m);
	free(mapped);
	if (copy && out_len)
		*out_len = (size_t)m;
	return copy;
}

int tz_nfc_inplace(char **s)
{
	size_t n;
	char *norm;

	if (!*s)
		return 0;
	n = strlen(*s);
	if (surely_nfc(*s, n))
		return 0;
	norm = tz_nfc(*s, n, NULL);
	if (!norm) {
		/* invalid UTF-8 is left for check to report; otherwise memory */
		return tz_utf8_invalid_at(*s, n) != (size_t)-1 ? 0 : -1;
	}
	if (!strcmp(norm, *s)) {
		free(norm);
		return 0;
	}
	free(*s);
	*s = norm;
	return 0;
}
