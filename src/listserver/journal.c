/*
 * journal.c - the sign-up journal (see journal.h).
 */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confirm.h"
#include "sign.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int ls_journal_add(const char *dir, const char *event, const char *tag, long long when)
{
	char line[128], *path = tz_path_join(dir, LS_JOURNAL_NAME);
	int fd, n, rc = -1;
	if (!path)
		return -1;
	n = snprintf(line, sizeof line, "%lld\t%s\t%s\n", when, event, tag);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd >= 0 && n > 0 && (size_t)n < sizeof line && write(fd, line, (size_t)n) == n)
		rc = 0;
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

struct ev {
	long long t;
	char tag[LS_TAG_SIZE];
	int confirmed;
};

static int by_tag_time(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;
	int c = strcmp(x->tag, y->tag);
	if (c)
		return c;
	return (x->t > y->t) - (x->t < y->t);
}

int ls_journal_pending(const char *dir, long long now, int days, FILE *out,
		       struct ls_pending_stats *st, struct tz_error *err)
{
	char *path = tz_path_join(dir, LS_JOURNAL_NAME);
	struct tz_buf b;
	struct ev *v = NULL;
	size_t n = 0, cap = 0;
	long long since = now - (long long)days * 86400;
	memset(st, 0, sizeof *st);
	if (!path)
		return tz_error_nomem(err);
	tz_buf_init(&b, (size_t)512 * 1024 * 1024);
	if (access(path, F_OK) != 0) {
		free(path);
		return 0;
	}
	if (tz_read_file(path, b.max, &b, err)) {
		free(path);
		tz_buf_release(&b);
		return -1;
	}
	for (char *p = b.data; *p;) {
		char *nl = strchr(p, '\n'), *t1, *t2;
		struct ev e;
		if (!nl)
			break; /* a line cut by a kill */
		*nl = 0;
		t1 = strchr(p, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (t1 && t2 && strlen(t2 + 1) == LS_TAG_SIZE - 1) {
			*t1 = *t2 = 0;
			e.t = strtoll(p, NULL, 10);
			memcpy(e.tag, t2 + 1, LS_TAG_SIZE);
			e.confirmed = strcmp(t1 + 1, "confirmed") == 0;
			if (e.t >= since && tz_array_grow((void **)&v, &cap, n + 1, sizeof *v) == 0)
				v[n++] = e;
		}
		p = nl + 1;
	}
	if (n)
		qsort(v, n, sizeof *v, by_tag_time);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		long long last_mail = -1;
		int confirmed_after = 0, mailed = 0;
		for (; j < n && strcmp(v[j].tag, v[i].tag) == 0; j++) {
			if (v[j].confirmed) {
				if (mailed)
					confirmed_after = 1;
			} else {
				mailed = 1;
				last_mail = v[j].t;
				confirmed_after = 0;
			}
		}
		st->mailed += mailed;
		st->confirmed += confirmed_after;
		if (mailed && !confirmed_after) {
			if (now - last_mail <= LS_CONFIRM_SECONDS) {
				st->pending++;
				if (out)
					fprintf(out, "%s\tmailed %lld\texpires %lld\n", v[i].tag, last_mail,
						last_mail + LS_CONFIRM_SECONDS);
			} else
				st->expired++;
		}
		i = j;
	}
	free(v);
	free(path);
	tz_buf_release(&b);
	return 0;
}
