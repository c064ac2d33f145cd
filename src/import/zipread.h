/*
 * zipread.h - the containers of .docx and .odt (libzip), read defensively.
 *
 * Before any entry is read the whole directory is checked: at most
 * 10,000 entries, no absolute or "../" names, no symlinks, no encryption,
 * at most 256 MiB uncompressed in total, and no entry over 1 MiB that
 * claims to expand more than 100 times (a zip bomb). Entries are read into
 * capped buffers and a stream that yields more than it declared is
 * refused, so lying headers cannot get past the limits either. Nothing is
 * ever extracted to disk by name: callers get bytes.
 */
#ifndef TZ_IMPORT_ZIPREAD_H
#define TZ_IMPORT_ZIPREAD_H

#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

#define TZ_ZIP_MAX_ENTRIES 10000
#define TZ_ZIP_MAX_TOTAL ((unsigned long long)256 * 1024 * 1024)
#define TZ_ZIP_MAX_RATIO 100
#define TZ_ZIP_RATIO_FLOOR ((unsigned long long)1024 * 1024)

struct tz_zip {
	void *za;  /* zip_t */
	void *src; /* zip_source_t */
	const char *path;
	unsigned long long read_total;
};

/* Open the archive held in data (borrowed, must outlive z) and check its
 * directory. 0, or -1 with err naming path. */
int tz_zip_open(struct tz_zip *z, const unsigned char *data, size_t len, const char *path,
		struct tz_error *err);
void tz_zip_close(struct tz_zip *z);
/* Does the archive hold name (case-insensitive, as OOXML part names)? */
int tz_zip_has(struct tz_zip *z, const char *name);
/* Read entry name into out (replacing its contents), at most max bytes;
 * out's cap must allow max + 1 (the entry is inflated in place, with room
 * for one byte to catch a stream longer than it declared). 0; 1 when there
 * is no such entry; -1 with err. */
int tz_zip_read(struct tz_zip *z, const char *name, size_t max, struct tz_buf *out,
		struct tz_error *err);
/* Is name safe as an entry name (relative, no "..", no backslash/drive)? */
int tz_zip_name_ok(const char *name);

#endif
