/*
 * suppress.c - the suppression list (see suppress.h).
 */
#include "suppress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "csv.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_SUPPRESSION ((size_t)256 * 1024 * 1024)

static size_t hash_index(const char *h)
{
	size_t v = 0;
	for (int i = 7; i < 7 + 15; i++)
		v = v << 4 | (size_t)(h[i] <= '9' ? h[i] - '0' : h[i] - 'a' + 10);
	return v;
}

static size_t *slot_of(const struct tz_suppression *s, const char *hash)
{
	size_t mask = s->nslots - 1;
	for (size_t i = hash_index(hash) & mask;; i = (i + 1) & mask)
		if (!s->slots[i] || strcmp(s->v[s->slots[i] - 1].hash, hash) == 0)
			return &s->slots[i];
}

static int reindex(struct tz_suppression *s)
{
	size_t n = 1024;
	while (n < s->n * 2 + 2)
		n *= 2;
	free(s->slots);
	s->slots = tz_calloc(n, sizeof *s->slots);
	if (!s->slots)
		return -1;
	s->nslots = n;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].address) {
			size_t *sl = slot_of(s, s->v[i].hash);
			if (!*sl)
				*sl = i + 1;
		}
	return 0;
}

static int push(struct tz_suppression *s, const char *hash, const char *addr,
		const char *reason, const char *date, const char *source)
{
	struct tz_supp_entry *e;
	if (tz_array_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v))
		return -1;
	e = &s->v[s->n];
	memcpy(e->hash, hash, TZ_HASH_SIZE);
	e->address = tz_strdup(addr);
	e->reason = tz_strdup(reason);
	e->date = tz_strdup(date);
	e->source = tz_strdup(source);
	s->n++;
	if (!e->address || !e->reason || !e->date || !e->source)
		return -1;
	if (s->n * 2 + 2 > s->nslots)
		return reindex(s);
	{
		size_t *sl = slot_of(s, hash);
		if (!*sl)
			*sl = s->n;
	}
	return 0;
}

int tz_suppression_parse(struct tz_suppression *s, const char *path, const char *data,
			 size_t len, struct tz_error *err)
{
	struct tz_csv csv;
	struct tz_csv_options o = {',', 1};
	int header = 1, rc = -1;
	memset(s, 0, sizeof *s);
	s->path = tz_strdup(path);
	if (!s->path || reindex(s))
		return tz_error_nomem(err);
	if (tz_csv_parse(data, len, &o, &csv, err)) {
		snprintf(err->file, sizeof err->file, "%s", path);
		tz_csv_release(&csv);
		return -1;
	}
	for (size_t i = 0; i < csv.n; i++) {
		struct tz_csv_record *r = &csv.r[i];
		char hash[TZ_HASH_SIZE], norm[TZ_ADDRESS_MAX];
		const char *why;
		if (r->kind != TZ_CSV_DATA)
			continue;
		if (header) {
			header = 0;
			if (r->nf && strcmp(r->f[0], "address") == 0)
				continue;
		}
		if (!r->nf || !r->f[0][0])
			continue;
		if (tz_is_address_hash(r->f[0]))
			memcpy(hash, r->f[0], TZ_HASH_SIZE);
		else if (tz_address_normalise(r->f[0], norm, &why) == 0)
			tz_address_hash(norm, hash);
		else {
			tz_error_set(err, TZ_ERR_CONTENT, path, r->line,
				     "neither an address nor a sha256: hash '%s': %s", r->f[0], why);
			goto out;
		}
		if (push(s, hash, r->f[0], r->nf > 1 ? r->f[1] : "", r->nf > 2 ? r->f[2] : "",
			 r->nf > 3 ? r->f[3] : "")) {
			tz_error_nomem(err);
			goto out;
		}
	}
	rc = 0;
out:
	tz_csv_release(&csv);
	return rc;
}

int tz_suppression_load(struct tz_suppression *s, const char *path, struct tz_error *err)
{
	struct tz_buf b;
	int rc;
	tz_buf_init(&b, MAX_SUPPRESSION);
	if (access(path, F_OK) != 0) {
		memset(s, 0, sizeof *s);
		s->path = tz_strdup(path);
		if (!s->path || reindex(s))
			return tz_error_nomem(err);
		return 0;
	}
	if (tz_read_file(path, MAX_SUPPRESSION, &b, err)) {
		tz_buf_release(&b);
		memset(s, 0, sizeof *s);
		return -1;
	}
	rc = tz_suppression_parse(s, path, b.data, b.len, err);
	tz_buf_release(&b);
	return rc;
}

int tz_suppression_serialise(const struct tz_suppression *s, struct tz_buf *out)
{
	if (tz_buf_adds(out, "address,reason,date,source\n"))
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct tz_supp_entry *e = &s->v[i];
		if (!e->address)
			continue;
		if (tz_csv_add_field(out, e->address, ',', 0) || tz_buf_addc(out, ',') ||
		    tz_csv_add_field(out, e->reason, ',', 0) || tz_buf_addc(out, ',') ||
		    tz_csv_add_field(out, e->date, ',', 0) || tz_buf_addc(out, ',') ||
		    tz_csv_add_field(out, e->source, ',', 0) || tz_buf_addc(out, '\n'))
			return -1;
	}
	return 0;
}

void tz_suppression_release(struct tz_suppression *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].address);
		free(s->v[i].reason);
		free(s->v[i].date);
		free(s->v[i].source);
	}
	free(s->v);
	free(s->slots);
	free(s->path);
	memset(s, 0, sizeof *s);
}

const struct tz_supp_entry *tz_suppression_find(const struct tz_suppression *s,
						const char *address)
{
	char hash[TZ_HASH_SIZE];
	size_t *sl;
	if (!s->nslots)
		return NULL;
	tz_address_hash(address, hash);
	sl = slot_of(s, hash);
	return *sl ? &s->v[*sl - 1] : NULL;
}

int tz_suppression_add(struct tz_suppression *s, const char *address, const char *reason,
		       const char *source)
{
	char hash[TZ_HASH_SIZE], today[11];
	if (tz_suppression_find(s, address))
		return 0;
	tz_address_hash(address, hash);
	tz_today(today);
	s->changed = 1;
	return push(s, hash, hash, reason, today, source);
}

int tz_suppression_hash_only(struct tz_suppression *s, const char *address)
{
	char hash[TZ_HASH_SIZE];
	int n = 0;
	tz_address_hash(address, hash);
	for (size_t i = 0; i < s->n; i++) {
		struct tz_supp_entry *e = &s->v[i];
		if (e->address && strcmp(e->hash, hash) == 0 && strcmp(e->address, hash) != 0) {
			char *h = tz_strdup(hash);
			if (!h)
				return -1;
			free(e->address);
			e->address = h;
			n = 1;
			s->changed = 1;
		}
	}
	return n;
}

int tz_suppression_remove(struct tz_suppression *s, const char *address)
{
	char hash[TZ_HASH_SIZE];
	int n = 0;
	tz_address_hash(address, hash);
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].address && strcmp(s->v[i].hash, hash) == 0) {
			free(s->v[i].address);
			s->v[i].address = NULL;
			n = 1;
		}
	if (n) {
		s->changed = 1;
		return reindex(s) ? -1 : 1;
	}
	return 0;
}
