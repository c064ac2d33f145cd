/*
 * journal.c - append-only send journal with a lock, batched fsync and an
 * in-memory index of every address it mentions (see journal.h).
 *
 * Recovery rule: a header without its complete recipient set (a crash
 * while writing it) means nothing was sent yet, so the file starts over.
 */
#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define SYNC_RECORDS 100
#define SYNC_SECONDS 0.2
#define MAX_JOURNAL ((size_t)1 << 30)

/* Two independent hashes of len bytes: FNV-1a 64 and a 32-bit multiply-xor. */
static void hash_key(const char *s, size_t len, uint64_t *h1, uint32_t *h2)
{
	uint64_t a = 1469598103934665603ULL;
	uint32_t b = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		a = (a ^ c) * 1099511628211ULL;
		b = (b ^ c) * 16777619u;
		b ^= b >> 15;
	}
	*h1 = a ? a : 1; /* 0 marks an empty slot */
	*h2 = b;
}

uint64_t tz_journal_hash_add(uint64_t h, const char *email)
{
	for (const char *s = email; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ '\n') * 1099511628211ULL;
}

uint64_t tz_journal_set_hash(char *const *emails, size_t n)
{
	uint64_t h = TZ_JOURNAL_HASH_START;
	for (size_t i = 0; i < n; i++)
		h = tz_journal_hash_add(h, emails[i]);
	return h;
}

static struct tz_journal_slot *find(const struct tz_journal *j, uint64_t h1, uint32_t h2)
{
	size_t mask = j->nslots - 1, i;
	if (!j->nslots)
		return NULL;
	for (i = (size_t)(h1 ^ h2) & mask;; i = (i + 1) & mask) {
		if (!j->slots[i].h1 || (j->slots[i].h1 == h1 && j->slots[i].h2 == h2))
			return &j->slots[i];
	}
}

/* Double the index, or (want > 0) make room for want more at once. */
static int grow(struct tz_journal *j, size_t want)
{
	size_t n = j->nslots ? j->nslots * 2 : 1024;
	while (want && (j->used + want) * 8 > n * 7)
		n *= 2;
	struct tz_journal_slot *old = j->slots;
	size_t oldn = j->nslots;
	j->slots = tz_calloc(n, sizeof *j->slots);
	if (!j->slots) {
		j->slots = old;
		return -1;
	}
	j->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i].h1)
			*find(j, old[i].h1, old[i].h2) = old[i];
	free(old);
	return 0;
}

/* Record state for email; a later S/F wins over R. */
static int set_state(struct tz_journal *j, const char *email, size_t len, char state)
{
	struct tz_journal_slot *s;
	uint64_t h1;
	uint32_t h2;
	if ((j->used + 1) * 8 > j->nslots * 7 && grow(j, 0))
		return -1;
	hash_key(email, len, &h1, &h2);
	s = find(j, h1, h2);
	if (!s->h1) {
		s->h1 = h1;
		s->h2 = h2;
		j->used++;
		s->state = state;
	} else if (state != TZ_J_PENDING)
		s->state = state;
	return 0;
}

static void clear_index(struct tz_journal *j)
{
	free(j->slots);
	j->slots = NULL;
	j->nslots = j->used = 0;
	j->has_header = j->complete = 0;
	j->count = 0;
	j->sent = j->failed = 0;
}

static int parse(struct tz_journal *j, const char *data, size_t len, size_t *rset)
{
	const char *p = data, *end = data + len;
	*rset = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *sp;
		size_t l = (size_t)(nl - p);
		if (l >= 2 && p[1] == ' ') {
			sp = memchr(p + 2, ' ', l - 2);
			size_t el = sp ? (size_t)(sp - p - 2) : l - 2;
			switch (p[0]) {
			case 'H': {
				char issue[256];
				unsigned long long cnt, hash;
				long long started;
				/* our own header line; a damaged number fails the set hash check */
				if (sscanf(p, "H v1 %255s %llu %llx %lld", issue, &cnt, &hash, // NOLINT(cert-err34-c)
					   &started) == 4) {
					j->has_header = 1;
					j->count = (size_t)cnt;
					j->set_hash = hash;
					j->started = started;
				}
				break;
			}
			case 'R':
				if (set_state(j, p + 2, el, TZ_J_PENDING))
					return -1;
				(*rset)++;
				break;
			case 'S':
				if (set_state(j, p + 2, el, TZ_J_SENT))
					return -1;
				j->sent++;
				break;
			case 'F':
				if (set_state(j, p + 2, el, TZ_J_FAILED))
					return -1;
				j->failed++;
				break;
			case 'D':
				j->complete = 1;
				break;
			default:
				break;
			}
		}
		p = nl + 1;
	}
	return 0;
}

/* Read the journal a piece at a time into the index; *keep is where its
 * last whole line ends (a torn last line is cut off by the caller). */
static int read_index(struct tz_journal *j, size_t *keep, size_t *rset, struct tz_error *err)
{
	struct tz_buf b;
	size_t total = 0;
	int rc = -1;
	*keep = *rset = 0;
	tz_buf_init(&b, (size_t)1 << 20);
	for (;;) {
		ssize_t n;
		char *nl;
		if (tz_buf_grow(&b, 65536)) {
			tz_error_set(err, TZ_ERR_CONTENT, j->path, 0,
				     "the send journal has a line over 1 MB: it is damaged");
			goto out;
		}
		n = pread(j->fd, b.data + b.len, 65536, (off_t)total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tz_error_set(err, TZ_ERR_IO, j->path, 0, "cannot read the send journal: %s",
				     strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		total += (size_t)n;
		b.len += (size_t)n;
		b.data[b.len] = 0; /* parse reads the header line with sscanf */
		if (total > MAX_JOURNAL) {
			tz_error_set(err, TZ_ERR_LIMIT, j->path, 0,
				     "the send journal is over %zu bytes", MAX_JOURNAL);
			goto out;
		}
		nl = memrchr(b.data, '\n', b.len);
		if (nl) {
			size_t whole = (size_t)(nl - b.data) + 1, r;
			if (parse(j, b.data, whole, &r)) {
				tz_error_nomem(err);
				goto out;
			}
			*rset += r;
			*keep += whole;
			memmove(b.data, b.data + whole, b.len - whole);
			b.len -= whole;
			b.data[b.len] = 0;
		}
	}
	rc = 0;
out:
	tz_buf_release(&b);
	return rc;
}

int tz_journal_open(struct tz_journal *j, const char *path, struct tz_error *err)
{
	size_t keep, rset;
	memset(j, 0, sizeof *j);
	j->fd = -1;
	j->path = tz_strdup(path);
	if (!j->path)
		return tz_error_nomem(err);
	j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (j->fd < 0) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "cannot open the send journal: %s",
			     strerror(errno));
		goto fail;
	}
	if (flock(j->fd, LOCK_EX | LOCK_NB)) {
		tz_error_set(err, TZ_ERR_IO, path, 0,
			     "another send is running with this journal (it is locked)");
		goto fail;
	}
	if (read_index(j, &keep, &rset, err))
		goto fail;
	if (j->has_header && rset < j->count && !j->sent && !j->failed) {
		/* crashed while writing the recipient set: nothing was sent */
		clear_index(j);
		keep = 0;
	} else if (!j->has_header && (j->sent || j->failed)) {
		tz_error_set(err, TZ_ERR_CONTENT, path, 0, "send journal has no header line");
		goto fail;
	}
	if (ftruncate(j->fd, (off_t)keep)) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "cannot repair the send journal: %s",
			     strerror(errno));
		goto fail;
	}
	j->last_sync = tz_clock_seconds();
	return 0;
fail:
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	clear_index(j);
	free(j->path);
	j->path = NULL;
	return -1;
}

static int append(struct tz_journal *j, const char *data, size_t len, struct tz_error *err)
{
	while (len) {
		ssize_t w = write(j->fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return tz_error_set(err, TZ_ERR_IO, j->path, 0,
					    "cannot write to the send journal: %s",
					    w < 0 ? strerror(errno) : "short write");
		data += w;
		len -= (size_t)w;
	}
	j->unsynced++;
	return 0;
}

int tz_journal_sync(struct tz_journal *j, double now, int force, struct tz_error *err)
{
	if (!j->unsynced)
		return 0;
	if (!force && now <= 0)
		now = tz_clock_seconds();
	if (!force && j->unsynced < SYNC_RECORDS && now - j->last_sync < SYNC_SECONDS)
		return 0;
	if (fdatasync(j->fd))
		return tz_error_set(err, TZ_ERR_IO, j->path, 0,
				    "cannot sync the send journal: %s", strerror(errno));
	j->unsynced = 0;
	j->last_sync = force ? tz_clock_seconds() : now;
	return 0;
}

static const char *from_array(void *ctx, size_t i, struct tz_error *err)
{
	(void)err;
	return ((char *const *)ctx)[i];
}

int tz_journal_begin(struct tz_journal *j, const char *issue, char *const *emails,
		     size_t n, struct tz_error *err)
{
	return tz_journal_begin_each(j, issue, n, tz_journal_set_hash(emails, n), from_array,
				     (void *)emails, err);
}

int tz_journal_begin_each(struct tz_journal *j, const char *issue, size_t n,
			  uint64_t set_hash, tz_journal_email_fn email, void *ctx,
			  struct tz_error *err)
{
	struct tz_buf b;
	int rc = -1;
	tz_buf_init(&b, MAX_JOURNAL);
	if (n && grow(j, n))
		goto nomem;
	j->count = n;
	j->set_hash = set_hash;
	j->started = (long long)time(NULL);
	if (tz_buf_addf(&b, "H v1 %s %zu %016llx %lld\n", issue, n,
			(unsigned long long)j->set_hash, j->started))
		goto nomem;
	for (size_t i = 0; i < n; i++) {
		const char *e = email(ctx, i, err);
		if (!e)
			goto out;
		if (tz_buf_addf(&b, "R %s\n", e) || set_state(j, e, strlen(e), TZ_J_PENDING))
			goto nomem;
		if (b.len >= (size_t)64 * 1024) { /* in pieces: memory stays flat */
			if (append(j, b.data, b.len, err))
				goto out;
			tz_buf_reset(&b);
		}
	}
	if (append(j, b.data, b.len, err) || tz_journal_sync(j, 0, 1, err) ||
	    tz_fsync_dir_of(j->path))
		goto out;
	j->has_header = 1;
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	tz_buf_release(&b);
	return rc;
}

enum tz_journal_state tz_journal_state(const struct tz_journal *j, const char *email)
{
	const struct tz_journal_slot *s;
	uint64_t h1;
	uint32_t h2;
	hash_key(email, strlen(email), &h1, &h2);
	s = find(j, h1, h2);
	return s && s->h1 ? (enum tz_journal_state)s->state : TZ_J_NONE;
}

int tz_journal_sent(struct tz_journal *j, const char *email, const char *msgid,
		    struct tz_error *err)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "S %s %lld %s\n", email, (long long)time(NULL),
			 msgid && *msgid ? msgid : "-");
	if (n < 0 || (size_t)n >= sizeof line)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "address too long '%s'", email);
	if (append(j, line, (size_t)n, err))
		return -1;
	if (set_state(j, email, strlen(email), TZ_J_SENT))
		return tz_error_nomem(err);
	j->sent++;
	return tz_journal_sync(j, 0, 0, err);
}

int tz_journal_failed(struct tz_journal *j, const char *email, int code,
		      const char *enhanced, const char *text, struct tz_error *err)
{
	char line[1024], clean[400];
	size_t k = 0;
	int n;
	for (const char *p = text ? text : ""; *p && k + 1 < sizeof clean; p++)
		clean[k++] = ((unsigned char)*p < 0x20 || *p == 0x7F) ? ' ' : *p;
	clean[k] = 0;
	n = snprintf(line, sizeof line, "F %s %lld %d %s %s\n", email, (long long)time(NULL),
		     code, enhanced && *enhanced ? enhanced : "-", clean);
	if (n < 0 || (size_t)n >= sizeof line)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "address too long '%s'", email);
	if (append(j, line, (size_t)n, err))
		return -1;
	if (set_state(j, email, strlen(email), TZ_J_FAILED))
		return tz_error_nomem(err);
	j->failed++;
	return tz_journal_sync(j, 0, 0, err);
}

int tz_journal_done(struct tz_journal *j, struct tz_error *err)
{
	char line[64];
	int n = snprintf(line, sizeof line, "D %lld\n", (long long)time(NULL));
	if (append(j, line, (size_t)n, err) || tz_journal_sync(j, 0, 1, err))
		return -1;
	j->complete = 1;
	return 0;
}

int tz_journal_reset(struct tz_journal *j, struct tz_error *err)
{
	char aside[4096];
	snprintf(aside, sizeof aside, "%s.%lld", j->path, (long long)time(NULL));
	if (link(j->path, aside) && errno != EEXIST)
		return tz_error_set(err, TZ_ERR_IO, j->path, 0,
				    "cannot keep the old journal as '%s': %s", aside,
				    strerror(errno));
	if (ftruncate(j->fd, 0))
		return tz_error_set(err, TZ_ERR_IO, j->path, 0, "cannot reset the journal: %s",
				    strerror(errno));
	clear_index(j);
	return 0;
}

int tz_journal_close(struct tz_journal *j, struct tz_error *err)
{
	int rc = 0;
	if (j->fd >= 0) {
		rc = tz_journal_sync(j, 0, 1, err);
		flock(j->fd, LOCK_UN);
		if (close(j->fd) && !rc)
			rc = tz_error_set(err, TZ_ERR_IO, j->path, 0,
					  "cannot close the send journal: %s", strerror(errno));
	}
	j->fd = -1;
	clear_index(j);
	free(j->path);
	j->path = NULL;
	return rc;
}
