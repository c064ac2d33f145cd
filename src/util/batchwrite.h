/*
 * batchwrite.h - write a set of files so that each appears whole or not at
 * all, at the cost of about one disk flush instead of two per file.
 *
 * tz_write_file_atomic pays fsync(file) and fsync(directory) for every
 * file; for a story with 20 photos those 42 flushes were most of the wall
 * time of `techzine import` (12 ms each on the build machine, against
 * 0.06 s of CPU for the whole conversion). A batch writes every file to
 * its temporary name and starts the write-back of all of them at once
 * (sync_file_range), then fsyncs each (the first journal commit carries
 * the others, so the rest return at once), renames them in the order they
 * were added, and fsyncs each directory once. A file whose target already
 * holds exactly the same bytes is left alone (re-importing with --force
 * does not rewrite unchanged photos).
 *
 * If anything fails before the renames, every temporary file is removed
 * and no target is touched. Paths and data are borrowed until commit.
 */
#ifndef TZ_BATCHWRITE_H
#define TZ_BATCHWRITE_H

#include <stddef.h>

#include "error.h"

struct tz_batch_file {
	const char *path;
	const void *data;
	size_t len;
	char *tmp;   /* the temporary file, while it exists */
	int same;    /* the target already holds these bytes: not rewritten */
	int renamed; /* in place */
};

struct tz_batch {
	struct tz_batch_file *f;
	size_t n, cap;
};

void tz_batch_init(struct tz_batch *b);
/* Add a file (borrowed path and data). 0, or -1 with err (no memory). */
int tz_batch_add(struct tz_batch *b, const char *path, const void *data, size_t len,
		 struct tz_error *err);
/* Write, flush and rename every file, in the order added. 0, or -1 with
 * err naming the file; on failure before the renames nothing changed. */
int tz_batch_commit(struct tz_batch *b, struct tz_error *err);
/* Remove the files this batch put in place (a later step failed). */
void tz_batch_undo(struct tz_batch *b);
/* Number of files left alone because they already held the same bytes. */
size_t tz_batch_unchanged(const struct tz_batch *b);
void tz_batch_release(struct tz_batch *b);

#endif
