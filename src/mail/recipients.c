/*
 * recipients.c - plug a subscriber list into the sender (recipients.h).
 *
 * The list, the suppression file and the tokens all come from src/list;
 * this file only decides who is in this send (status active, no entry in
 * suppressed.csv whatever the list says, inside the segment) and keeps
 * where their rows are, so that memory stays flat with the list's size:
 * the file is mapped, read once front to back and its pages given back as
 * the scan passes them.
 */
#include "recipients.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "mime.h"
#include "../list/csv.h"
#include "../list/list.h"
#include "../list/segment.h"
#include "../list/store.h"
#include "../list/suppress.h"
#include "../list/token.h"
#include "../text/utf8.h"
#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define GIVE_BACK ((size_t)1 << 20) /* return mapped pages every MiB */
#define SUPP_RECHECK 0.25            /* seconds between looks at suppressed.csv */

struct rec {
	uint32_t off, len; /* the row's bytes in the file */
	uint32_t check;    /* hash of its address: the file was not edited in place */
};

struct owner {
	struct tz_list head; /* the header: columns and the column map */
	const char *path, *secret, *default_lang;
	int fd;
	const char *map;
	size_t size, given_back, page;
	struct rec *rec;
	size_t cap;
	/* the suppression file, kept and looked at again during the send */
	struct tz_suppression supp;
	char *spath;
	struct stat supp_st; /* st_ino 0: there was no file */
	double supp_checked;
	size_t reloads;
	/* while loading */
	struct tz_segment seg;
	int bound;
	struct tz_diags *d;
	/* the recipient handed out last */
	size_t cur;
	int have_cur, have_token;
	struct tz_buf raw;
	struct tz_csv_record row;
	char token[TZ_TOKEN_SIZE];
	struct tz_recipient out;
};

static uint32_t check_of(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

int tz_recipients_token(const char *email, char *out, size_t n, struct tz_error *err)
{
	const char *key = tz_token_secret(err);
	if (!key)
		return -1;
	if (n < TZ_TOKEN_SIZE)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "token buffer too small");
	tz_token_make(key, email, out);
	return 0;
}

static int refuse_list(const char *path, struct tz_diags *d, struct tz_error *err)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].sev == TZ_SEV_ERROR)
			return tz_error_set(err, TZ_ERR_CONTENT, path, d->items[i].line,
					    "%s (%zu errors in the list; 'techzine subscribers "
					    "validate %s' shows them all; nothing was sent)",
					    d->items[i].msg, d->errors, path);
	return tz_error_set(err, TZ_ERR_CONTENT, path, 0, "the list has %zu errors", d->errors);
}

/* Hand the pages before off back to the kernel (they are the file's). */
static void give_back(struct owner *o, size_t off)
{
	size_t upto = off / o->page * o->page;
	if (!o->map || upto < o->given_back + GIVE_BACK)
		return;
	madvise((void *)(o->map + o->given_back), upto - o->given_back, MADV_DONTNEED);
	o->given_back = upto;
}

/* Map the list file read-only; check it is UTF-8, a piece at a time. */
static int map_list(struct owner *o, struct tz_error *err)
{
	o->fd = tz_open_regular(o->path, TZ_LIST_MAX_BYTES, &o->size, err);
	if (o->fd < 0)
		return -1;
	o->page = (size_t)sysconf(_SC_PAGESIZE);
	if (!o->size) {
		o->map = "";
		return 0;
	}
	o->map = mmap(NULL, o->size, PROT_READ, MAP_PRIVATE, o->fd, 0);
	if (o->map == MAP_FAILED) {
		o->map = NULL;
		return tz_error_set(err, TZ_ERR_IO, o->path, 0, "cannot read '%s': %s", o->path,
				    strerror(errno));
	}
	madvise((void *)o->map, o->size, MADV_SEQUENTIAL);
	for (size_t p = 0; p < o->size;) {
		size_t e = p + GIVE_BACK < o->size ? p + GIVE_BACK : o->size;
		while (e < o->size && e > p && ((unsigned char)o->map[e] & 0xC0) == 0x80)
			e--; /* not inside a character */
		if (tz_utf8_invalid_at(o->map + p, e - p) != (size_t)-1)
			return tz_error_set(err, TZ_ERR_CONTENT, o->path, 0,
					    "the list is not UTF-8 (import a spreadsheet export with "
					    "'techzine subscribers import', which converts it)");
		p = e;
		give_back(o, p);
	}
	madvise((void *)o->map, o->size, MADV_DONTNEED);
	o->given_back = 0;
	return 0;
}

static void unmap_list(struct owner *o)
{
	if (o->map && o->size)
		munmap((void *)o->map, o->size);
	o->map = NULL;
}

static int row_cb(void *ctx, const struct tz_list *l, const struct tz_sub *s, size_t off,
		  size_t len, struct tz_error *err)
{
	struct tz_recipients *r = ctx;
	struct owner *o = r->owner;
	const char *email = tz_sub_get(l, s, TZ_F_EMAIL);
	const char *name = tz_sub_get(l, s, TZ_F_NAME);
	const char *lang = tz_sub_get(l, s, TZ_F_LANGUAGE);

	give_back(o, off);
	if (!o->bound) {
		if (tz_segment_bind(&o->seg, l, err))
			return -1;
		o->bound = 1;
	}
	switch (tz_sub_status(l, s)) {
	case TZ_ST_ACTIVE:
		break;
	case TZ_ST_UNSUBSCRIBED:
		r->unsubscribed++;
		return 0;
	case TZ_ST_BOUNCED:
		r->bounced++;
		return 0;
	default:
		r->other_inactive++;
		return 0;
	}
	if (tz_suppression_find(&o->supp, email)) {
		r->suppressed++;
		return 0;
	}
	if (!tz_segment_match(&o->seg, l, s)) {
		r->not_in_segment++;
		return 0;
	}
	/* the list's checks flag these too; this is the last word before a header */
	if (!o->d->errors && (!tz_mail_address_ok(email) || (*name && !tz_mail_header_value_ok(name))))
		return tz_error_set(err, TZ_ERR_CONTENT, o->path, s->line,
				    "refusing recipient '%s': control character (CR/LF) or invalid "
				    "address or name; nothing was sent", email);
	if (tz_array_grow((void **)&o->rec, &o->cap, r->n + 1, sizeof *o->rec))
		return tz_error_nomem(err);
	o->rec[r->n].off = (uint32_t)off;
	o->rec[r->n].len = (uint32_t)len;
	o->rec[r->n].check = check_of(email);
	r->set_hash = tz_journal_hash_add(r->set_hash, email);
	r->n++;
	if (*lang && o->default_lang && strcmp(lang, o->default_lang) != 0)
		r->other_lang = 1;
	return 0;
}

int tz_recipients_load_where(const char *path, char *const *where, size_t nwhere,
			     const char *default_lang, struct tz_recipients *r,
			     struct tz_error *err)
{
	struct tz_diags d;
	struct owner *o;
	int rc = -1;

	memset(r, 0, sizeof *r);
	tz_diags_init(&d);
	d.max = 100; /* the first error is shown; the rest are counted */
	o = tz_calloc(1, sizeof *o);
	if (!o)
		return tz_error_nomem(err);
	r->owner = o;
	o->fd = -1;
	o->path = path;
	o->default_lang = default_lang;
	o->d = &d;
	r->set_hash = TZ_JOURNAL_HASH_START;
	tz_segment_init(&o->seg);
	tz_buf_init(&o->raw, TZ_LIST_MAX_BYTES);
	if (!(o->secret = tz_token_secret(err)))
		goto out;
	if (map_list(o, err))
		goto out;
	o->spath = tz_store_suppression_path(path);
	if (!o->spath) {
		tz_error_nomem(err);
		goto out;
	}
	if (stat(o->spath, &o->supp_st) != 0)
		memset(&o->supp_st, 0, sizeof o->supp_st);
	if (tz_suppression_load(&o->supp, o->spath, err))
		goto out;
	o->supp_checked = tz_clock_seconds();
	for (size_t i = 0; i < nwhere; i++)
		if (tz_segment_add(&o->seg, where[i], err))
			goto out;
	o->seg.default_lang = default_lang;
	if (tz_list_scan(&o->head, path, o->map, o->size, row_cb, r, &d, err))
		goto out;
	if (!o->bound && tz_segment_bind(&o->seg, &o->head, err))
		goto out;
	if (d.errors) {
		refuse_list(path, &d, err);
		goto out;
	}
	rc = 0;
out:
	unmap_list(o);
	tz_segment_release(&o->seg);
	o->d = NULL;
	tz_diags_release(&d);
	return rc;
}

int tz_recipients_load(const char *path, struct tz_recipients *r, struct tz_error *err)
{
	return tz_recipients_load_where(path, NULL, 0, NULL, r, err);
}

static const char *cell(const struct owner *o, enum tz_field f)
{
	int c = o->head.col[f];
	return c >= 0 && (size_t)c < o->row.nf ? o->row.f[c] : "";
}

static int read_row(struct owner *o, const struct rec *rc, struct tz_error *err)
{
	size_t got = 0;
	tz_buf_reset(&o->raw);
	if (tz_buf_grow(&o->raw, rc->len))
		return tz_error_nomem(err);
	while (got < rc->len) {
		ssize_t n = pread(o->fd, o->raw.data + got, rc->len - got, (off_t)rc->off + (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return tz_error_set(err, TZ_ERR_IO, o->path, 0,
					    "cannot read the list '%s' again: %s; it changed while "
					    "the send ran; run the same command again to resume",
					    o->path, n < 0 ? strerror(errno) : "it is shorter now");
		got += (size_t)n;
	}
	o->raw.len = got;
	o->raw.data[got] = 0;
	return 0;
}

/* Read recipient i into o->row (cached: the same i twice reads once). */
static int load_row(struct tz_recipients *r, size_t i, struct tz_error *err)
{
	struct owner *o = r->owner;
	const struct rec *rc;
	int got;

	if (!o || i >= r->n)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "no recipient %zu", i);
	if (o->have_cur && o->cur == i)
		return 0;
	o->have_cur = o->have_token = 0;
	tz_csv_record_release(&o->row);
	rc = &o->rec[i];
	if (read_row(o, rc, err))
		return -1;
	got = tz_csv_parse_one(o->raw.data, o->raw.len, ',', &o->row, err);
	if (got < 0)
		return -1;
	if (got == 0 || check_of(cell(o, TZ_F_EMAIL)) != rc->check)
		return tz_error_set(err, TZ_ERR_IO, o->path, 0,
				    "the list '%s' was edited in place while the send ran (a row is "
				    "not what it was); nothing more is sent; run the same command "
				    "again to resume with the list as it is now", o->path);
	o->out.email = cell(o, TZ_F_EMAIL);
	o->out.name = *cell(o, TZ_F_NAME) ? cell(o, TZ_F_NAME) : NULL;
	o->out.lang = *cell(o, TZ_F_LANGUAGE) ? cell(o, TZ_F_LANGUAGE) : NULL;
	o->out.token = o->token;
	o->cur = i;
	o->have_cur = 1;
	return 0;
}

const struct tz_recipient *tz_recipients_get(struct tz_recipients *r, size_t i,
					     struct tz_error *err)
{
	struct owner *o = r->owner;
	if (load_row(r, i, err))
		return NULL;
	if (!o->have_token) {
		tz_token_make(o->secret, o->out.email, o->token);
		o->have_token = 1;
	}
	return &o->out;
}

const char *tz_recipients_email(struct tz_recipients *r, size_t i, struct tz_error *err)
{
	struct owner *o = r->owner;
	return load_row(r, i, err) ? NULL : o->out.email;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int tz_recipients_suppressed_now(struct tz_recipients *r, const char *email,
				 struct tz_error *err)
{
	struct owner *o = r->owner;
	double now;
	struct stat st;
	if (!o)
		return 0;
	now = tz_clock_seconds();
	if (now - o->supp_checked >= SUPP_RECHECK) {
		o->supp_checked = now;
		if (stat(o->spath, &st) != 0)
			memset(&st, 0, sizeof st);
		if (!same_file(&st, &o->supp_st) && st.st_ino) {
			/* every techzine write renames a whole new file into place */
			struct tz_suppression fresh;
			memset(&fresh, 0, sizeof fresh);
			if (tz_suppression_load(&fresh, o->spath, err)) {
				tz_suppression_release(&fresh);
				return -1;
			}
			tz_suppression_release(&o->supp);
			o->supp = fresh;
			o->supp_st = st;
			o->reloads++;
		}
	}
	return tz_suppression_find(&o->supp, email) != NULL;
}

void tz_recipients_release(struct tz_recipients *r)
{
	struct owner *o = r->owner;
	if (o) {
		tz_suppression_release(&o->supp);
		free(o->spath);
		unmap_list(o);
		if (o->fd >= 0)
			close(o->fd);
		tz_list_release(&o->head);
		tz_csv_record_release(&o->row);
		tz_buf_release(&o->raw);
		free(o->rec);
		free(o);
	}
	memset(r, 0, sizeof *r);
}
