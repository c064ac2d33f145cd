/*
 * nfc.c - NFC through utf8proc (see nfc.h). Pure ASCII, the common case,
 * never reaches utf8proc.
 */
#include "nfc.h"

#include <string.h>

#include <utf8proc.h>

#include "utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return 0;
	return 1;
}

char *tz_nfc(const char *s, size_t n, size_t *out_len)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t m;
	char *copy;

	if (n > (size_t)64 * 1024 * 1024)
		return NULL; /* far above any text limit; keeps the sizes in range */
	if (is_ascii(s, n)) {
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
	if (is_ascii(*s, n))
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
