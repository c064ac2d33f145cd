/*
 * list.c - the subscriber list model (see list.h): parse, check, index,
 * change, write back.
 */
#include "list.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "address.h"
#include "csv.h"
#include "../mail/mime.h"
#include "../util/alloc.h"
#include "../util/banned.h"

const char *const tz_field_names[TZ_F_COUNT] = {
	"email", "name", "language", "municipality", "interests", "status",
	"consent_date", "consent_source", "last_change", "soft_bounces", "last_bounce"};
const char *const tz_status_names[4] = {"active", "unsubscribed", "bounced", "complained"};

enum tz_status tz_status_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, tz_status_names[i]) == 0)
			return (enum tz_status)i;
	return TZ_ST_BAD;
}

static size_t key_hash(const char *addr)
{
	size_t h = 1469598103934665603ULL;
	for (; *addr; addr++) {
		unsigned char c = (unsigned char)*addr;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

static int same_key(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static const char *email_of(const struct tz_list *l, size_t i)
{
	return l->rows[i].cell[l->col[TZ_F_EMAIL]];
}

static size_t *find_slot(const struct tz_list *l, const char *addr)
{
	size_t mask = l->nslots - 1;
	for (size_t i = key_hash(addr) & mask;; i = (i + 1) & mask) {
		size_t v = l->slots[i];
		if (!v || same_key(email_of(l, v - 1), addr))
			return &l->slots[i];
	}
}

static int index_grow(struct tz_list *l)
{
	size_t n = l->nslots ? l->nslots * 2 : 1024, *old = l->slots, oldn = l->nslots;
	l->slots = tz_calloc(n, sizeof *l->slots);
	if (!l->slots) {
		l->slots = old;
		return -1;
	}
	l->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			*find_slot(l, email_of(l, old[i] - 1)) = old[i];
	free(old);
	return 0;
}

/* Index row i; returns the row it duplicates + 1, 0 when new, -1 on nomem. */
static long index_add(struct tz_list *l, size_t i)
{
	size_t *s;
	if ((l->used + 1) * 4 > l->nslots * 3 && index_grow(l))
		return -1;
	s = find_slot(l, email_of(l, i));
	if (*s)
		return (long)*s;
	*s = i + 1;
	l->used++;
	return 0;
}

static void map_columns(struct tz_list *l)
{
	for (int f = 0; f < TZ_F_COUNT; f++)
		l->col[f] = tz_list_column(l, tz_field_names[f]);
}

int tz_list_column(const struct tz_list *l, const char *name)
{
	for (size_t c = 0; c < l->ncols; c++)
		if (strcmp(l->cols[c], name) == 0)
			return (int)c;
	return -1;
}

int tz_list_init(struct tz_list *l, const char *path)
{
	memset(l, 0, sizeof *l);
	l->path = tz_strdup(path ? path : "");
	l->eol = "\r\n";
	l->cols = tz_calloc(TZ_F_REQUIRED + 1, sizeof *l->cols);
	if (!l->path || !l->cols)
		return -1;
	for (int f = 0; f <= TZ_F_REQUIRED; f++)
		if (!(l->cols[l->ncols++] = tz_strdup(tz_field_names[f])))
			return -1;
	map_columns(l);
	return 0;
}

void tz_list_release(struct tz_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		for (size_t c = 0; c < l->ncols; c++)
			free(l->rows[i].cell[c]);
		free(l->rows[i].cell);
		free(l->rows[i].raw);
	}
	free(l->raw_header);
	for (size_t c = 0; c < l->ncols; c++)
		free(l->cols[c]);
	for (size_t i = 0; i < l->nextra; i++)
		free(l->extra[i].text);
	free(l->cols);
	free(l->rows);
	free(l->extra);
	free(l->slots);
	free(l->path);
	memset(l, 0, sizeof *l);
}

int tz_date_split(const char *s, int *y, int *m, int *d)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	*y = (int)strtol(s, NULL, 10);
	*m = (int)strtol(s + 5, NULL, 10);
	*d = (int)strtol(s + 8, NULL, 10);
	return 0;
}

int tz_date_ok(const char *s)
{
	int y, m, d;
	if (tz_date_split(s, &y, &m, &d))
		return 0;
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

void tz_today(char out[11])
{
	/* asked once per changed row: localtime_r is cached for a minute */
	static time_t cached_at;
	static char cached[11];
	const char *t = getenv("TECHZINE_TODAY");
	time_t now = time(NULL);
	struct tm tm;
	if (t && tz_date_ok(t)) {
		memcpy(out, t, 11);
		return;
	}
	if (!cached[0] || now / 60 != cached_at / 60) {
		localtime_r(&now, &tm);
		strftime(cached, sizeof cached, "%Y-%m-%d", &tm);
		cached_at = now;
	}
	memcpy(out, cached, 11);
}

static int add_extra(struct tz_list *l, size_t pos, const char *text)
{
	struct tz_list_extra *e;
	if (tz_array_grow((void **)&l->extra, &l->extra_cap, l->nextra + 1, sizeof *l->extra))
		return -1;
	e = &l->extra[l->nextra];
	e->pos = pos;
	e->text = NULL;
	if (text && !(e->text = tz_strdup(text)))
		return -1;
	l->nextra++;
	return 0;
}

/* Problems of one row, reported at its line. */
static void check_row(const struct tz_list *l, const struct tz_sub *s, struct tz_diags *d)
{
	const char *email = tz_sub_get(l, s, TZ_F_EMAIL), *why;
	const char *lang = tz_sub_get(l, s, TZ_F_LANGUAGE);
	const char *st = tz_sub_get(l, s, TZ_F_STATUS);
	char norm[TZ_ADDRESS_MAX];
	if (tz_address_normalise(email, norm, &why))
		tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line, "invalid address '%s': %s", email, why);
	else if (strcmp(norm, email) != 0)
		tz_diags_add(d, TZ_SEV_WARNING, l->path, s->line,
			     "address '%s' is not in its normal form '%s'", email, norm);
	if (!tz_mail_address_ok(email))
		tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line,
			     "address '%s' cannot be used in a mail header", email);
	if (tz_status_parse(st) == TZ_ST_BAD)
		tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line,
			     "unknown status '%s' (active, unsubscribed, bounced, complained)", st);
	if (*lang && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line, "unknown language '%s' (nl, en)", lang);
	for (int f = TZ_F_NAME; f < TZ_F_COUNT; f++) {
		const char *v = tz_sub_get(l, s, (enum tz_field)f);
		if (*v && !tz_mail_header_value_ok(v))
			tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line,
				     "%s has a control character or invalid UTF-8", tz_field_names[f]);
	}
	/* a list without the consent columns (an older, minimal list) gets one
	 * warning for the header; a list with them must fill them in */
	if (tz_status_parse(st) == TZ_ST_ACTIVE) {
		const char *cd = tz_sub_get(l, s, TZ_F_CONSENT_DATE);
		if (l->col[TZ_F_CONSENT_DATE] >= 0 && !tz_date_ok(cd))
			tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line,
				     "active subscriber '%s' has no consent date (YYYY-MM-DD)", email);
		if (l->col[TZ_F_CONSENT_SOURCE] >= 0 && !*tz_sub_get(l, s, TZ_F_CONSENT_SOURCE))
			tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line,
				     "active subscriber '%s' has no consent source", email);
	}
	if (*tz_sub_get(l, s, TZ_F_LAST_CHANGE) && !tz_date_ok(tz_sub_get(l, s, TZ_F_LAST_CHANGE)))
		tz_diags_add(d, TZ_SEV_ERROR, l->path, s->line, "last_change is not a date (YYYY-MM-DD)");
}

/* Fewer fields than the header: the missing ones read as "". -1 nomem
 * (the record keeps what it has, to be released as usual). */
static int pad_record(const struct tz_list *l, struct tz_csv_record *r)
{
	char **f;
	if (r->nf >= l->ncols)
		return 0;
	if (!(f = tz_realloc(r->f, l->ncols * sizeof *f)))
		return -1;
	r->f = f;
	for (; r->nf < l->ncols; r->nf++)
		if (!(f[r->nf] = tz_strdup("")))
			return -1;
	return 0;
}

static int take_record(struct tz_list *l, struct tz_csv_record *r, const char *data)
{
	struct tz_sub *s;
	if (tz_array_grow((void **)&l->rows, &l->cap, l->n + 1, sizeof *l->rows))
		return -1;
	s = &l->rows[l->n];
	memset(s, 0, sizeof *s);
	s->line = r->line;
	if (r->nf <= l->ncols && !(s->raw = tz_strndup(data + r->off, r->len)))
		return -1;
	if (pad_record(l, r))
		return -1;
	s->cell = r->f;
	r->f = NULL;
	r->nf = 0;
	l->n++;
	return 0;
}

/* The header record: the columns, the column map, warnings for missing ones. */
static int take_header(struct tz_list *l, struct tz_csv_record *r, const char *data,
		       struct tz_diags *d, struct tz_error *err)
{
	l->cols = r->f;
	l->ncols = r->nf;
	r->f = NULL;
	r->nf = 0;
	if (!(l->raw_header = tz_strndup(data + r->off, r->len)))
		return tz_error_nomem(err);
	map_columns(l);
	for (int f = 0; f <= TZ_F_REQUIRED; f++)
		if (l->col[f] < 0 && f == TZ_F_EMAIL)
			return tz_error_set(err, TZ_ERR_CONTENT, l->path, r->line,
					    "the list has no 'email' column");
		else if (l->col[f] < 0)
			tz_diags_add(d, TZ_SEV_WARNING, l->path, r->line, "column '%s' is missing%s",
				     tz_field_names[f],
				     f == TZ_F_CONSENT_DATE || f == TZ_F_CONSENT_SOURCE
					     ? ": consent is not recorded (AVG); import or add the column"
					     : "");
	return 0;
}

/* More fields than the header: an error, the extra ones dropped. */
static void trim_record(const struct tz_list *l, struct tz_csv_record *r, struct tz_diags *d)
{
	if (r->nf <= l->ncols)
		return;
	tz_diags_add(d, TZ_SEV_ERROR, l->path, r->line,
		     "%zu fields, the header has %zu (a comma in an unquoted name?)", r->nf, l->ncols);
	for (size_t k = l->ncols; k < r->nf; k++)
		free(r->f[k]);
	r->nf = l->ncols;
}

static int start_parse(struct tz_list *l, const char *path, const char *data, size_t len,
		       struct tz_error *err)
{
	const char *nl = memchr(data, '\n', len);
	memset(l, 0, sizeof *l);
	l->path = tz_strdup(path);
	if (!l->path)
		return tz_error_nomem(err);
	l->eol = nl && nl > data && nl[-1] != '\r' ? "\n" : "\r\n";
	return 0;
}

int tz_list_parse(struct tz_list *l, const char *path, const char *data, size_t len,
		  struct tz_diags *d, struct tz_error *err)
{
	struct tz_csv csv;
	struct tz_csv_options o = {',', 1};
	size_t pos = 0;
	int rc = -1;

	if (start_parse(l, path, data, len, err))
		return -1;
	if (tz_csv_parse(data, len, &o, &csv, err)) {
		tz_csv_release(&csv);
		if (err->line)
			snprintf(err->file, sizeof err->file, "%s", path);
		return -1;
	}
	for (size_t i = 0; i < csv.n; i++) {
		struct tz_csv_record *r = &csv.r[i];
		if (r->kind != TZ_CSV_DATA) {
			if (add_extra(l, pos, r->kind == TZ_CSV_COMMENT ? r->f[0] : NULL))
				goto nomem;
			continue;
		}
		if (pos == 0) { /* the header */
			if (take_header(l, r, data, d, err))
				goto out;
			pos++;
			continue;
		}
		trim_record(l, r, d);
		if (take_record(l, r, data))
			goto nomem;
		pos++;
		{
			struct tz_sub *s = &l->rows[l->n - 1];
			long dup;
			check_row(l, s, d);
			if (!*tz_sub_get(l, s, TZ_F_EMAIL))
				continue;
			dup = index_add(l, l->n - 1);
			if (dup < 0)
				goto nomem;
			if (dup)
				tz_diags_add(d, TZ_SEV_ERROR, path, s->line,
					     "'%s' is already on line %ld", tz_sub_get(l, s, TZ_F_EMAIL),
					     l->rows[dup - 1].line);
		}
	}
	if (pos == 0) {
		tz_error_set(err, TZ_ERR_CONTENT, path, 1, "the list has no header row");
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	tz_csv_release(&csv);
	return rc;
}

/*
 * The scan's duplicate check: 8 bytes a row, 32 bits of the key's hash and
 * where the row starts in the file. Equal hashes are settled by reading the
 * earlier row again, so the check is exact.
 */
struct seen {
	uint32_t *h, *off; /* off + 1; 0: empty */
	size_t n, used;
};

static int seen_grow(struct seen *t)
{
	size_t n = t->n ? t->n * 2 : 1024;
	uint32_t *h = tz_calloc(n, sizeof *h), *off = tz_calloc(n, sizeof *off);
	if (!h || !off) {
		free(h);
		free(off);
		return -1;
	}
	for (size_t i = 0; i < t->n; i++)
		if (t->off[i]) {
			size_t k = t->h[i] & (n - 1);
			while (off[k])
				k = (k + 1) & (n - 1);
			h[k] = t->h[i];
			off[k] = t->off[i];
		}
	free(t->h);
	free(t->off);
	t->h = h;
	t->off = off;
	t->n = n;
	return 0;
}

/* The address of the data record at off, read again into out. */
static int email_at(const struct tz_list *l, const char *data, size_t len, size_t off,
		    char *out, size_t n)
{
	struct tz_csv_record r;
	struct tz_error e;
	int c = l->col[TZ_F_EMAIL], ok = -1;
	tz_error_clear(&e);
	if (tz_csv_parse_one(data + off, len - off, ',', &r, &e) > 0) {
		if ((size_t)c < r.nf && strlen(r.f[c]) < n) {
			memcpy(out, r.f[c], strlen(r.f[c]) + 1);
			ok = 0;
		}
		tz_csv_record_release(&r);
	}
	return ok;
}

/* The physical line the byte at off is on (only for a message). */
static long line_at(const char *data, size_t len, size_t off)
{
	long line = 1;
	for (size_t i = 0; i < off; i++)
		line += data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'));
	return line;
}

/* 1 and *line of the first when the address was seen, 0 when new, -1 nomem. */
static int seen_add(struct seen *t, const struct tz_list *l, const char *data, size_t len,
		    const char *addr, size_t off, long *line)
{
	uint32_t h = (uint32_t)key_hash(addr);
	size_t k;
	char prev[TZ_ADDRESS_MAX * 2];
	if ((t->used + 1) * 8 > t->n * 7 && seen_grow(t))
		return -1;
	for (k = h & (t->n - 1); t->off[k]; k = (k + 1) & (t->n - 1))
		if (t->h[k] == h &&
		    email_at(l, data, len, t->off[k] - 1, prev, sizeof prev) == 0 &&
		    same_key(prev, addr)) {
			*line = line_at(data, len, t->off[k] - 1);
			return 1;
		}
	t->h[k] = h;
	t->off[k] = (uint32_t)off + 1;
	t->used++;
	return 0;
}

int tz_list_scan(struct tz_list *l, const char *path, const char *data, size_t len,
		 tz_list_row_fn fn, void *ctx, struct tz_diags *d, struct tz_error *err)
{
	struct tz_csv_options o = {',', 1};
	struct tz_csv_reader rd;
	struct tz_csv_record r;
	struct seen seen = {NULL, NULL, 0, 0};
	int rc = -1, got, header = 0;

	if (start_parse(l, path, data, len, err))
		return -1;
	if (len > UINT32_MAX)
		return tz_error_set(err, TZ_ERR_LIMIT, path, 0, "the list is over 4 GB");
	if (tz_csv_reader_init(&rd, data, len, &o, err)) {
		if (err->line)
			snprintf(err->file, sizeof err->file, "%s", path);
		tz_csv_reader_release(&rd);
		return -1;
	}
	while ((got = tz_csv_next(&rd, &r, err)) > 0) {
		struct tz_sub s;
		long first;
		int dup = 0;
		if (r.kind != TZ_CSV_DATA) {
			tz_csv_record_release(&r);
			continue;
		}
		if (!header) {
			header = 1;
			if (take_header(l, &r, data, d, err)) {
				tz_csv_record_release(&r);
				goto out;
			}
			continue;
		}
		trim_record(l, &r, d);
		if (pad_record(l, &r))
			goto nomem_r;
		memset(&s, 0, sizeof s);
		s.cell = r.f;
		s.line = r.line;
		check_row(l, &s, d);
		if (*tz_sub_get(l, &s, TZ_F_EMAIL)) {
			dup = seen_add(&seen, l, data, len, tz_sub_get(l, &s, TZ_F_EMAIL), r.off, &first);
			if (dup < 0)
				goto nomem_r;
			if (dup)
				tz_diags_add(d, TZ_SEV_ERROR, path, s.line, "'%s' is already on line %ld",
					     tz_sub_get(l, &s, TZ_F_EMAIL), first);
		}
		if (!dup && fn(ctx, l, &s, r.off, r.len, err)) {
			tz_csv_record_release(&r);
			goto out;
		}
		tz_csv_record_release(&r);
		continue;
	nomem_r:
		tz_csv_record_release(&r);
		tz_error_nomem(err);
		goto out;
	}
	if (got < 0) {
		if (err->line)
			snprintf(err->file, sizeof err->file, "%s", path);
		goto out;
	}
	if (!header) {
		tz_error_set(err, TZ_ERR_CONTENT, path, 1, "the list has no header row");
		goto out;
	}
	rc = 0;
out:
	free(seen.h);
	free(seen.off);
	tz_csv_reader_release(&rd);
	return rc;
}

static int write_record(const struct tz_list *l, struct tz_buf *out, char **cells, size_t n)
{
	for (size_t c = 0; c < n; c++)
		if ((c && tz_buf_addc(out, ',')) || tz_csv_add_field(out, cells[c], ',', 0))
			return -1;
	return tz_buf_adds(out, l->eol);
}

static int write_extras(const struct tz_list *l, size_t *e, size_t pos, struct tz_buf *out)
{
	for (; *e < l->nextra && l->extra[*e].pos <= pos; (*e)++) {
		const char *t = l->extra[*e].text;
		if ((t && tz_buf_adds(out, t)) || tz_buf_adds(out, l->eol))
			return -1;
	}
	return 0;
}

int tz_list_serialise(const struct tz_list *l, struct tz_buf *out)
{
	size_t e = 0;
	if (write_extras(l, &e, 0, out))
		return -1;
	if (l->raw_header ? (tz_buf_adds(out, l->raw_header) || tz_buf_adds(out, l->eol))
			  : write_record(l, out, l->cols, l->ncols))
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		const struct tz_sub *s = &l->rows[i];
		if (write_extras(l, &e, i + 1, out))
			return -1;
		if (s->gone)
			continue;
		if (s->raw ? (tz_buf_adds(out, s->raw) || tz_buf_adds(out, l->eol))
			   : write_record(l, out, s->cell, l->ncols))
			return -1;
	}
	return write_extras(l, &e, (size_t)-1, out);
}

const char *tz_sub_get(const struct tz_list *l, const struct tz_sub *s, enum tz_field f)
{
	int c = l->col[f];
	return c < 0 ? "" : s->cell[c];
}

enum tz_status tz_sub_status(const struct tz_list *l, const struct tz_sub *s)
{
	return tz_status_parse(tz_sub_get(l, s, TZ_F_STATUS));
}

static int add_column(struct tz_list *l, const char *name)
{
	char **cols = tz_realloc(l->cols, (l->ncols + 1) * sizeof *cols);
	if (!cols)
		return -1;
	l->cols = cols;
	if (!(cols[l->ncols] = tz_strdup(name)))
		return -1;
	free(l->raw_header);
	l->raw_header = NULL;
	/* the rows keep their bytes: a record shorter than the header reads
	 * its missing fields as "" (pad_record), so an untouched row is
	 * written back as it was, without a trailing ",," */
	for (size_t i = 0; i < l->n; i++) {
		char **c = tz_realloc(l->rows[i].cell, (l->ncols + 1) * sizeof *c);
		if (!c)
			return -1;
		l->rows[i].cell = c;
		if (!(c[l->ncols] = tz_strdup("")))
			return -1;
	}
	l->ncols++;
	map_columns(l);
	return 0;
}

int tz_sub_set(struct tz_list *l, struct tz_sub *s, enum tz_field f, const char *v)
{
	char *dup;
	if (l->col[f] < 0 && add_column(l, tz_field_names[f]))
		return -1;
	if (strcmp(s->cell[l->col[f]], v) == 0)
		return 0;
	if (f == TZ_F_EMAIL)
		return -1; /* the key of a row never changes */
	dup = tz_strdup(v);
	if (!dup)
		return -1;
	free(s->cell[l->col[f]]);
	s->cell[l->col[f]] = dup;
	free(s->raw);
	s->raw = NULL;
	return 0;
}

struct tz_sub *tz_list_find(const struct tz_list *l, const char *address)
{
	size_t *slot;
	if (!l->nslots)
		return NULL;
	slot = find_slot(l, address);
	if (!*slot || l->rows[*slot - 1].gone)
		return NULL;
	return &l->rows[*slot - 1];
}

struct tz_sub *tz_list_append(struct tz_list *l, const char *address)
{
	struct tz_sub *s;
	if (tz_array_grow((void **)&l->rows, &l->cap, l->n + 1, sizeof *l->rows))
		return NULL;
	s = &l->rows[l->n];
	memset(s, 0, sizeof *s);
	s->cell = tz_calloc(l->ncols, sizeof *s->cell);
	if (!s->cell)
		return NULL;
	for (size_t c = 0; c < l->ncols; c++)
		if (!(s->cell[c] = tz_strdup(c == (size_t)l->col[TZ_F_EMAIL] ? address : ""))) {
			for (size_t k = 0; k < c; k++)
				free(s->cell[k]);
			free(s->cell);
			return NULL;
		}
	{
		size_t *slot;
		if ((l->used + 1) * 4 > l->nslots * 3 && index_grow(l)) {
			for (size_t c = 0; c < l->ncols; c++)
				free(s->cell[c]);
			free(s->cell);
			return NULL;
		}
		slot = find_slot(l, address); /* empty, or a removed row with this key */
		if (!*slot)
			l->used++;
		*slot = l->n + 1;
	}
	l->n++;
	return &l->rows[l->n - 1];
}

void tz_list_remove(struct tz_list *l, struct tz_sub *s)
{
	s->gone = 1;
	(void)l;
}
