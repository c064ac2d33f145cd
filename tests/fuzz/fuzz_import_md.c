/*
 * fuzz_import_md.c - libFuzzer harness: the Markdown reader (libcmark),
 * the text reader and the story writer (see fuzz_import_common.h), and
 * format detection on the same bytes. Images are never read: the input
 * has no folder.
 */
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_error err;

	fuzz_init();
	if (size > 1000000)
		return 0;
	fuzz_import(TZ_IMPORT_MD, data, size);
	fuzz_import(TZ_IMPORT_TXT, data, size);
	tz_error_clear(&err);
	if (tz_import_detect(data, size, "fuzz.md", &err) == TZ_IMPORT_UNKNOWN && !err.msg[0])
		abort();
	return 0;
}
