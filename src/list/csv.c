/*
 * csv.c - the CSV reader and field writer (see csv.h). Hand-written: no
 * Debian C library reads spreadsheet CSV with line numbers, comments and
 * encoding detection, and the format is small enough to get exactly right.
 */
#include "csv.h"

#include <string.h>

#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static int is_eol(char c)
{
	return c == '\n' || c == '\r';
}

/* Skip one line end at p (CRLF, LF or CR); returns the new position. */
static size_t skip_eol(const char *d, size_t len, size_t p)
{
	if (p < len && d[p] == '\r') {
		p++;
		if (p < len && d[p] == '\n')
			p++;
	} else if (p < len && d[p] == '\n')
		p++;
	return p;
}

static char detect_delim(const char *d, size_t len, int comments)
{
	size_t p = 0, counts[3] = {0, 0, 0};
	int inq = 0;
	/* first line that is neither empty nor a comment */
	while (p < len) {
		if (is_eol(d[p]))
			p = skip_eol(d, len, p);
		else if (comments && d[p] == '#')
			while (p < len && !is_eol(d[p]))
				p++;
		else
			break;
	}
	for (; p < len; p++) {
		char c = d[p];
		if (c == '"')
			inq = !inq;
		else if (!inq && is_eol(c))
			break;
		else if (!inq && c == ',')
			counts[0]++;
		else if (!inq && c == ';')
			counts[1]++;
		else if (!inq && c == '\t')
			counts[2]++;
	}
	if (counts[1] > counts[0] && counts[1] >= counts[2])
		return ';';
	if (counts[2] > counts[0] && counts[2] > counts[1])
		return '\t';
	return ',';
}

static int push_field(struct tz_csv_record *r, size_t *cap, const char *s, size_t len)
{
	char *f;
	if (r->nf >= TZ_CSV_MAX_FIELDS)
		return -2;
	if (tz_array_grow((void **)&r->f, cap, r->nf + 1, sizeof *r->f))
		return -1;
	f = tz_strndup(s, len);
	if (!f)
		return -1;
	r->f[r->nf++] = f;
	return 0;
}

static int fail(struct tz_error *err, int why, long line)
{
	if (why == -2)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, line,
				    "record over the limits (%d fields, %zu bytes a field, %zu records)",
				    TZ_CSV_MAX_FIELDS, TZ_CSV_MAX_FIELD, TZ_CSV_MAX_RECORDS);
	return tz_error_nomem(err);
}

int tz_csv_reader_init(struct tz_csv_reader *rd, const char *d, size_t len,
		       const struct tz_csv_options *o, struct tz_error *err)
{
	memset(rd, 0, sizeof *rd);
	rd->d = d;
	rd->len = len;
	rd->line = 1;
	rd->comments = o->comments;
	tz_buf_init(&rd->fb, TZ_CSV_MAX_FIELD);
	if (memchr(d, 0, len)) {
		const char *z = memchr(d, 0, len);
		long zl = 1;
		for (const char *q = d; q < z; q++)
			zl += *q == '\n';
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, zl, "NUL byte in the file");
	}
	rd->delim = o->delim ? o->delim : detect_delim(d, len, o->comments);
	return 0;
}

void tz_csv_reader_release(struct tz_csv_reader *rd)
{
	tz_buf_release(&rd->fb);
}

void tz_csv_record_release(struct tz_csv_record *r)
{
	for (size_t k = 0; k < r->nf; k++)
		free(r->f[k]);
	free(r->f);
	r->f = NULL;
	r->nf = 0;
}

/* One data record's fields from d[p]; p ends on its line end (or len). */
static int read_fields(struct tz_csv_reader *rd, struct tz_csv_record *r, struct tz_error *err)
{
	const char *d = rd->d;
	size_t len = rd->len, p = rd->p, fcap = 0;
	struct tz_buf *fb = &rd->fb;
	int why = 0;
	for (;;) { /* one field per turn */
		tz_buf_reset(fb);
		if (p < len && d[p] == '"') {
			long qline = rd->line;
			p++;
			for (;;) {
				if (p >= len)
					return tz_error_set(err, TZ_ERR_CONTENT, NULL, qline,
							    "quoted field is not closed (a \" is missing)");
				if (d[p] == '"' && p + 1 < len && d[p + 1] == '"') {
					why = tz_buf_addc(fb, '"');
					p += 2;
				} else if (d[p] == '"') {
					p++;
					break;
				} else {
					if (d[p] == '\n' || (d[p] == '\r' && (p + 1 >= len || d[p + 1] != '\n')))
						rd->line++;
					why = tz_buf_addc(fb, d[p++]);
				}
				if (why)
					return fail(err, -2, rd->line);
			}
		}
		/* unquoted text (or text after a closing quote) up to the delimiter */
		while (p < len && d[p] != rd->delim && !is_eol(d[p]))
			if (tz_buf_addc(fb, d[p++]))
				return fail(err, -2, rd->line);
		if ((why = push_field(r, &fcap, fb->data, fb->len)))
			return fail(err, why, rd->line);
		if (p < len && d[p] == rd->delim) {
			p++;
			continue;
		}
		break;
	}
	rd->p = p;
	return 0;
}

int tz_csv_next(struct tz_csv_reader *rd, struct tz_csv_record *r, struct tz_error *err)
{
	const char *d = rd->d;
	size_t len = rd->len;
	memset(r, 0, sizeof *r);
	if (rd->p >= len)
		return 0;
	if (rd->nrec >= TZ_CSV_MAX_RECORDS)
		return fail(err, -2, rd->line);
	rd->nrec++;
	r->line = rd->line;
	r->off = rd->p;
	if (is_eol(d[rd->p])) {
		r->kind = TZ_CSV_EMPTY;
	} else if (rd->comments && d[rd->p] == '#') {
		size_t s = rd->p, fcap = 0;
		int why;
		while (rd->p < len && !is_eol(d[rd->p]))
			rd->p++;
		r->kind = TZ_CSV_COMMENT;
		if ((why = push_field(r, &fcap, d + s, rd->p - s))) {
			tz_csv_record_release(r);
			return fail(err, why, rd->line);
		}
	} else {
		r->kind = TZ_CSV_DATA;
		if (read_fields(rd, r, err)) {
			tz_csv_record_release(r);
			return -1;
		}
	}
	r->len = rd->p - r->off;
	if (rd->p < len) {
		rd->p = skip_eol(d, len, rd->p);
		rd->line++;
	}
	return 1;
}

int tz_csv_parse_one(const char *d, size_t len, char delim, struct tz_csv_record *r,
		     struct tz_error *err)
{
	struct tz_csv_options o = {delim, 0};
	struct tz_csv_reader rd;
	int got = tz_csv_reader_init(&rd, d, len, &o, err);
	memset(r, 0, sizeof *r);
	if (got == 0)
		got = tz_csv_next(&rd, r, err);
	tz_csv_reader_release(&rd);
	return got;
}

int tz_csv_parse(const char *d, size_t len, const struct tz_csv_options *o,
		 struct tz_csv *c, struct tz_error *err)
{
	struct tz_csv_reader rd;
	struct tz_csv_record r;
	int rc;

	memset(c, 0, sizeof *c);
	if (tz_csv_reader_init(&rd, d, len, o, err)) {
		tz_csv_reader_release(&rd);
		return -1;
	}
	c->delim = rd.delim;
	while ((rc = tz_csv_next(&rd, &r, err)) > 0) {
		if (tz_array_grow((void **)&c->r, &c->cap, c->n + 1, sizeof *c->r)) {
			tz_csv_record_release(&r);
			rc = tz_error_nomem(err);
			break;
		}
		c->r[c->n++] = r;
	}
	tz_csv_reader_release(&rd);
	return rc;
}

void tz_csv_release(struct tz_csv *c)
{
	for (size_t i = 0; i < c->n; i++) {
		for (size_t k = 0; k < c->r[i].nf; k++)
			free(c->r[i].f[k]);
		free(c->r[i].f);
	}
	free(c->r);
	memset(c, 0, sizeof *c);
}

/* Windows-1252 0x80..0x9F; the rest of the upper half is Latin-1. */
static const unsigned short cp1252_high[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static int add_utf8(struct tz_buf *b, unsigned cp)
{
	char u[3];
	if (cp < 0x80)
		return tz_buf_addc(b, (char)cp);
	if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		return tz_buf_add(b, u, 2);
	}
	u[0] = (char)(0xE0 | cp >> 12);
	u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	u[2] = (char)(0x80 | (cp & 0x3F));
	return tz_buf_add(b, u, 3);
}

int tz_csv_to_utf8(const char *data, size_t len, struct tz_buf *out, const char **how,
		   struct tz_error *err)
{
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 1,
				    "the file is UTF-16 (\"Unicode text\"); save it as "
				    "\"CSV UTF-8\" or \"CSV (comma or semicolon separated)\"");
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
		*how = "utf-8 with BOM";
	} else
		*how = "utf-8";
	if (tz_utf8_invalid_at(data, len) == (size_t)-1)
		return tz_buf_add(out, data, len) ? tz_error_nomem(err) : 0;
	*how = "windows-1252";
	u = (const unsigned char *)data;
	for (size_t i = 0; i < len; i++) {
		unsigned cp = u[i] < 0x80 ? u[i] : u[i] < 0xA0 ? cp1252_high[u[i] - 0x80] : u[i];
		if (add_utf8(out, cp))
			return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
					    "the file is too large after conversion to UTF-8");
	}
	return 0;
}

int tz_csv_add_field(struct tz_buf *out, const char *s, char delim, int guard_formula)
{
	int quote = !*s ? 0 : (s[0] == ' ' || s[strlen(s) - 1] == ' ');
	int guard = guard_formula && strchr("=+-@\t\r", s[0]) && s[0];
	for (const char *p = s; *p && !quote; p++)
		quote = *p == delim || *p == '"' || *p == '\n' || *p == '\r';
	if (!quote && !guard)
		return tz_buf_adds(out, s);
	if (quote && tz_buf_addc(out, '"'))
		return -1;
	if (guard && tz_buf_addc(out, '\''))
		return -1;
	for (const char *p = s; *p; p++)
		if ((*p == '"' && quote && tz_buf_addc(out, '"')) || tz_buf_addc(out, *p))
			return -1;
	return quote ? tz_buf_addc(out, '"') : 0;
}

size_t tz_csv_fold_breaks(char *s)
{
	char *out = s;
	size_t folded = 0;
	for (const char *p = s; *p;) {
		if (*p != '\r' && *p != '\n') {
			*out++ = *p++;
			continue;
		}
		/* the blanks before the break, the breaks, the blanks after */
		while (out > s && (out[-1] == ' ' || out[-1] == '\t'))
			out--;
		while (*p == '\r' || *p == '\n' || *p == ' ' || *p == '\t') {
			if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
				folded++;
			p++;
		}
		if (out > s && *p)
			*out++ = ' ';
	}
	*out = 0;
	return folded;
}
