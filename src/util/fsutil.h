/*
 * fsutil.h - file helpers: bounded reads, atomic replacement, confinement.
 *
 * Atomic write: data goes to "<path>.tmp.<pid>" in the same directory, is
 * fsync'd, renamed over the target and the directory is fsync'd, so a crash
 * leaves either the old or the new file, never a mix.
 */
#ifndef TZ_FSUTIL_H
#define TZ_FSUTIL_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"

/* Open path for reading: a regular file (a FIFO or folder is refused
 * without blocking) of at most max bytes; *size is its size now. The fd,
 * or -1 with err naming the file. */
int tz_open_regular(const char *path, size_t max, size_t *size, struct tz_error *err);
/* Read a whole file into out (appended), refusing files over max bytes. */
int tz_read_file(const char *path, size_t max, struct tz_buf *out,
		 struct tz_error *err);

/* Replace path atomically with data. */
int tz_write_file_atomic(const char *path, const void *data, size_t len,
			 struct tz_error *err);

/* As tz_write_file_atomic, but a regular file (not a link) that holds
 * exactly data already is left alone: no write, no fsync, same mtime. For
 * outputs rebuilt often of which most stay the same (the web pages of
 * `techzine html` on every save in the preview). */
int tz_write_file_if_changed(const char *path, const void *data, size_t len,
			     struct tz_error *err);

/* Streamed atomic writer: open, write with the FILE*, then commit or abort. */
struct tz_atomic_file {
	FILE *fp;
	char *path;
	char *tmp;
};
int tz_atomic_open(struct tz_atomic_file *af, const char *path,
		   struct tz_error *err);
/* Flush, check for write errors (full disk), fsync, rename, fsync dir. */
int tz_atomic_commit(struct tz_atomic_file *af, struct tz_error *err);
/* Throw the temporary file away. Safe to call after commit (no-op). */
void tz_atomic_abort(struct tz_atomic_file *af);

/* fsync the directory that holds path. */
int tz_fsync_dir_of(const char *path);

/* mkdir -p, mode 0755. */
int tz_mkdirs(const char *path, struct tz_error *err);

/*
 * Resolve path (relative to base_dir unless absolute) with realpath and check
 * that the result lies inside root (also a realpath). Returns a malloc'd
 * canonical path, or NULL with err set (file missing, or outside root).
 * Symlinks are followed, so a link that points out of root is refused.
 */
char *tz_path_confined(const char *root, const char *base_dir,
		       const char *path, struct tz_error *err);

/* Is canonical path p inside canonical directory root? */
int tz_path_is_inside(const char *root, const char *p);

/* Directory part of path (malloc'd), "." when there is none. */
char *tz_dirname(const char *path);
/* Join a and b with one '/', malloc'd; b absolute returns a copy of b. */
char *tz_path_join(const char *a, const char *b);

/* Write all bytes to stdout-like stream and report failures (full disk). */
int tz_close_stream(FILE *fp, const char *name, struct tz_error *err);
/* Flush fp and check its error flag without closing it (stdout: a command
 * may run inside `build`, and main checks stdout once more at exit). */
int tz_flush_stream(FILE *fp, const char *name, struct tz_error *err);

#endif
