/*
 * zipfetch.h - inflate a document's photos on a second thread while the
 * main thread parses its XML.
 *
 * The photos of a long .docx are most of its bytes, and inflating them out
 * of the zip was a third of the CPU time of an import. The parts that the
 * main document's relationships name as images are known before its XML is
 * parsed, so a second thread reads them through its own libzip handle (a
 * zip_t is not shared between threads; both read the same immutable bytes)
 * with the same limits as zipread.h, and the reader takes each one when it
 * meets the picture. When fault injection is on (TECHZINE_FAIL_ALLOC), or
 * the thread cannot start, nothing is prefetched and the reader reads the
 * photos itself: the result is the same either way.
 */
#ifndef TZ_IMPORT_ZIPFETCH_H
#define TZ_IMPORT_ZIPFETCH_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

struct tz_zipfetch;

/* Start inflating the n entries names (copied) of the archive in data
 * (borrowed: it must outlive the fetcher), each at most max bytes. NULL
 * when nothing is prefetched (then the caller reads them itself). */
struct tz_zipfetch *tz_zipfetch_start(const unsigned char *data, size_t len, const char *path,
				      const char *const *names, size_t n, size_t max);
/* Take entry name: waits while the thread is reading it. 0 with out
 * holding its bytes (replacing out's contents); 1 when it was not
 * prefetched or not begun yet (read it yourself); -1 with err as
 * tz_zip_read would set it. */
int tz_zipfetch_take(struct tz_zipfetch *f, const char *name, struct tz_buf *out,
		     struct tz_error *err);
/* Stop (waits for the thread) and free everything not taken. NULL is fine. */
void tz_zipfetch_free(struct tz_zipfetch *f);

#endif
