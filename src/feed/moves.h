/*
 * moves.h - a journal of file moves that can be undone.
 *
 * `techzine new` moves drafts and images into the new issue; if anything
 * later fails, every move is replayed backwards so the inbox is as it was.
 * A move never replaces an existing file (renameat2 RENAME_NOREPLACE).
 * Across file systems (EXDEV) the file is copied and the original is only
 * removed by tz_moves_commit, after the new issue is in place.
 */
#ifndef TZ_FEED_MOVES_H
#define TZ_FEED_MOVES_H

#include <stddef.h>

#include "../util/error.h"

struct tz_move {
	char *from, *to;
	int copied;
};

struct tz_moves {
	struct tz_move *items;
	size_t n, cap;
};

void tz_moves_init(struct tz_moves *m);
void tz_moves_release(struct tz_moves *m);
/* Move a regular file; 0, or -1 with a diagnostic. */
int tz_moves_move(struct tz_moves *m, const char *from, const char *to,
		  struct tz_diags *d);
/* Has something already been moved to `to`? */
int tz_moves_has_target(const struct tz_moves *m, const char *to);
/* Put everything back (reverse order); problems become diagnostics. */
void tz_moves_undo(struct tz_moves *m, struct tz_diags *d);
/* Remove the originals of copied files. */
void tz_moves_commit(struct tz_moves *m);
/* Copy a file of at most the image size limit (atomic write). */
int tz_copy_file(const char *from, const char *to, struct tz_error *err);
/* snprintf into a path buffer; -1 when it does not fit. */
int tz_pathf(char *out, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
