/*
 * fuzz_pdfpages.c - the preview's page-hash reader (src/preview/pdfpages.c)
 * on arbitrary bytes: it must stay inside the buffer whatever the xref
 * offsets, object numbers and dictionaries say.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

size_t tz_preview_page_hashes(const char *d, size_t n, unsigned long long *out, size_t max);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so ASan sees any read past the end */
	char *copy = malloc(size ? size : 1);
	unsigned long long out[64];
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	tz_preview_page_hashes(copy, size, out, 64);
	free(copy);
	return 0;
}
