/*
 * forget.c - erasure in journals and outboxes (see forget.h; the lists and
 * the suppression file are changed through folder.h by the command).
 */
#include "forget.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "token.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_FILE ((size_t)1 << 30)

static int addr_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-.", c));
}

/* Next whole-address occurrence of a (length n) at or after p, or NULL. */
static const char *find(const char *p, const char *end, const char *a, size_t n,
			const char *start)
{
	for (; (size_t)(end - p) >= n; p++) {
		if (strncasecmp(p, a, n) != 0)
			continue;
		if (p > start && addr_char((unsigned char)p[-1]))
			continue;
		if (p + n < end && addr_char((unsigned char)p[n]) && p[n] != '.')
			continue;
		if (p + n + 1 < end && p[n] == '.' && addr_char((unsigned char)p[n + 1]))
			continue;
		return p;
	}
	return NULL;
}

long tz_forget_text(const char *data, size_t len, const char *address, const char *repl,
		    struct tz_buf *out)
{
	const char *p = data, *end = data + len, *hit;
	size_t n = strlen(address);
	long count = 0;
	if (!n)
		return tz_buf_add(out, data, len) ? -1 : 0;
	while ((hit = find(p, end, address, n, data))) {
		if (tz_buf_add(out, p, (size_t)(hit - p)) || tz_buf_adds(out, repl))
			return -1;
		p = hit + n;
		count++;
	}
	return tz_buf_add(out, p, (size_t)(end - p)) ? -1 : count;
}

int tz_forget_mentions(const char *data, size_t len, const char *address)
{
	return find(data, data + len, address, strlen(address), data) != NULL;
}

static int forget_journal(const char *path, const char *address, const char *hash,
			  struct tz_forget_report *r, struct tz_error *err)
{
	struct tz_buf in, out;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	long n;
	if (fd < 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot open '%s': %s", path,
				    strerror(errno));
	/* the lock a running send holds: never rewrite under it */
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		close(fd);
		return tz_error_set(err, TZ_ERR_IO, path, 0,
				    "a send is running with the journal '%s'; run forget again "
				    "when it has finished", path);
	}
	tz_buf_init(&in, MAX_FILE);
	tz_buf_init(&out, MAX_FILE);
	if (tz_read_file(path, MAX_FILE, &in, err))
		goto out;
	n = tz_forget_text(in.data, in.len, address, hash, &out);
	if (n < 0) {
		tz_error_nomem(err);
		goto out;
	}
	if (n > 0) {
		if (tz_write_file_atomic(path, out.data, out.len, err))
			goto out;
		r->journals++;
		r->journal_lines += (size_t)n;
	}
	rc = 0;
out:
	tz_buf_release(&in);
	tz_buf_release(&out);
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

static int forget_maildir(const char *dir, const char *address, struct tz_forget_report *r,
			  struct tz_error *err)
{
	static const char *const subs[] = {"new", "cur"};
	for (int k = 0; k < 2; k++) {
		char *sd = tz_path_join(dir, subs[k]);
		DIR *d;
		struct dirent *e;
		if (!sd)
			return tz_error_nomem(err);
		d = opendir(sd);
		while (d && (e = readdir(d))) {
			struct tz_buf b;
			char *p;
			if (e->d_name[0] == '.')
				continue;
			p = tz_path_join(sd, e->d_name);
			if (!p) {
				closedir(d);
				free(sd);
				return tz_error_nomem(err);
			}
			tz_buf_init(&b, MAX_FILE);
			if (tz_read_file(p, MAX_FILE, &b, err) == 0 &&
			    tz_forget_mentions(b.data, b.len, address)) {
				if (unlink(p) == 0)
					r->messages++;
			}
			tz_error_clear(err);
			tz_buf_release(&b);
			free(p);
		}
		if (d)
			closedir(d);
		free(sd);
	}
	return 0;
}

int tz_forget_outputs(const char *out, const char *address, struct tz_forget_report *r,
		      struct tz_error *err)
{
	char hash[TZ_HASH_SIZE];
	DIR *top = opendir(out);
	struct dirent *e;
	int rc = 0;
	tz_address_hash(address, hash);
	if (!top)
		return errno == ENOENT ? 0
				       : tz_error_set(err, TZ_ERR_IO, out, 0, "cannot read '%s': %s",
						      out, strerror(errno));
	while (!rc && (e = readdir(top))) {
		char *issue;
		DIR *d;
		struct dirent *f;
		if (e->d_name[0] == '.')
			continue;
		issue = tz_path_join(out, e->d_name);
		if (!issue) {
			rc = tz_error_nomem(err);
			break;
		}
		d = opendir(issue);
		while (!rc && d && (f = readdir(d))) {
			char *p;
			if (strncmp(f->d_name, "send-", 5) != 0 && strncmp(f->d_name, "outbox", 6) != 0)
				continue;
			p = tz_path_join(issue, f->d_name);
			if (!p)
				rc = tz_error_nomem(err);
			else if (strncmp(f->d_name, "outbox", 6) == 0)
				rc = forget_maildir(p, address, r, err);
			else if (strstr(f->d_name, ".journal") && !strstr(f->d_name, ".tmp."))
				rc = forget_journal(p, address, hash, r, err);
			free(p);
		}
		if (d)
			closedir(d);
		free(issue);
	}
	closedir(top);
	return rc;
}
