/*
 * moves.c - undoable file moves (see moves.h).
 */
#include "moves.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_pathf(char *out, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(out, n, fmt, ap);
	va_end(ap);
	return r < 0 || (size_t)r >= n ? -1 : 0;
}

void tz_moves_init(struct tz_moves *m)
{
	memset(m, 0, sizeof(*m));
}

void tz_moves_release(struct tz_moves *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->items[i].from);
		free(m->items[i].to);
	}
	free(m->items);
	memset(m, 0, sizeof(*m));
}

int tz_copy_file(const char *from, const char *to, struct tz_error *err)
{
	struct tz_buf b;
	int rc;

	tz_buf_init(&b, TZ_MAX_IMAGE_BYTES + 1);
	rc = tz_read_file(from, TZ_MAX_IMAGE_BYTES, &b, err) ||
	     tz_write_file_atomic(to, b.data, b.len, err);
	tz_buf_release(&b);
	return rc ? -1 : 0;
}

int tz_moves_has_target(const struct tz_moves *m, const char *to)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->items[i].to, to))
			return 1;
	return 0;
}

int tz_moves_move(struct tz_moves *m, const char *from, const char *to,
		  struct tz_diags *d)
{
	struct tz_error err;
	struct tz_move *mv;
	struct stat st;

	tz_error_clear(&err);
	if (lstat(from, &st) || !S_ISREG(st.st_mode)) {
		tz_diags_add(d, TZ_SEV_ERROR, from, 0, "cannot move: %s",
			     errno == ENOENT ? "no such file" : "not a regular file");
		return -1;
	}
	if (tz_array_grow((void **)&m->items, &m->cap, m->n + 1, sizeof(*mv))) {
		tz_diags_nomem(d);
		return -1;
	}
	mv = &m->items[m->n];
	mv->from = tz_strdup(from);
	mv->to = tz_strdup(to);
	mv->copied = 0;
	if (!mv->from || !mv->to) {
		free(mv->from);
		free(mv->to);
		tz_diags_nomem(d);
		return -1;
	}
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
		m->n++;
		return 0;
	}
	if (errno == EXDEV && access(to, F_OK) != 0 && tz_copy_file(from, to, &err) == 0) {
		mv->copied = 1;
		m->n++;
		return 0;
	}
	tz_diags_add(d, TZ_SEV_ERROR, from, 0, "cannot move to '%s': %s", to,
		     err.msg[0] ? err.msg : strerror(errno));
	free(mv->from);
	free(mv->to);
	return -1;
}

void tz_moves_undo(struct tz_moves *m, struct tz_diags *d)
{
	for (size_t i = m->n; i-- > 0;) {
		struct tz_move *mv = &m->items[i];
		if (mv->copied)
			unlink(mv->to);
		else if (rename(mv->to, mv->from))
			tz_diags_add(d, TZ_SEV_ERROR, mv->to, 0, "could not move back to '%s': %s",
				     mv->from, strerror(errno));
	}
	tz_moves_release(m);
}

void tz_moves_commit(struct tz_moves *m)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i].copied)
			unlink(m->items[i].from);
}
