/*
 * cache.c - the gather cache file (see cache.h).
 */
#include "cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

void tz_cache_init(struct tz_cache *c)
{
	memset(c, 0, sizeof(*c));
}

void tz_cache_release(struct tz_cache *c)
{
	for (size_t i = 0; i < c->nfeeds; i++) {
		free(c->feeds[i].url);
		free(c->feeds[i].etag);
		free(c->feeds[i].last_modified);
	}
	for (size_t i = 0; i < c->nseen; i++)
		free(c->seen[i]);
	free(c->feeds);
	free(c->seen);
	memset(c, 0, sizeof(*c));
}

static int storable(const char *v)
{
	if (!v)
		return 1;
	for (; *v; v++)
		if (*v == '\t' || *v == '\r' || *v == '\n')
			return 0;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

const struct tz_cache_feed *tz_cache_feed_get(const struct tz_cache *c, const char *url)
{
	for (size_t i = 0; i < c->nfeeds; i++)
		if (!strcmp(c->feeds[i].url, url))
			return &c->feeds[i];
	return NULL;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? tz_strdup(s) : NULL;
}

int tz_cache_feed_set(struct tz_cache *c, const char *url, const char *etag,
		      const char *last_modified)
{
	struct tz_cache_feed *f = (struct tz_cache_feed *)tz_cache_feed_get(c, url);
	char *e, *l;

	if (!storable(url) || !storable(etag) || !storable(last_modified))
		return 0;
	if (!f) {
		if (tz_array_grow((void **)&c->feeds, &c->feeds_cap, c->nfeeds + 1,
				  sizeof(*c->feeds)))
			return -1;
		f = &c->feeds[c->nfeeds];
		memset(f, 0, sizeof(*f));
		f->url = tz_strdup(url);
		if (!f->url)
			return -1;
		c->nfeeds++;
	}
	e = dup_or_null(etag);
	l = dup_or_null(last_modified);
	if ((etag && *etag && !e) || (last_modified && *last_modified && !l)) {
		free(e);
		free(l);
		return -1;
	}
	free(f->etag);
	free(f->last_modified);
	f->etag = e;
	f->last_modified = l;
	return 0;
}

int tz_cache_seen(const struct tz_cache *c, const char *key)
{
	if (c->nsorted && bsearch(&key, c->seen, c->nsorted, sizeof(*c->seen), cmp_str))
		return 1;
	for (size_t i = c->nsorted; i < c->nseen; i++)
		if (!strcmp(c->seen[i], key))
			return 1;
	return 0;
}

int tz_cache_mark_seen(struct tz_cache *c, const char *key)
{
	char *k;

	if (!storable(key) || !*key || tz_cache_seen(c, key))
		return 0;
	if (tz_array_grow((void **)&c->seen, &c->seen_cap, c->nseen + 1, sizeof(*c->seen)))
		return -1;
	k = tz_strdup(key);
	if (!k)
		return -1;
	c->seen[c->nseen++] = k;
	return 0;
}

/* Split line at tabs into at most max fields (in place). */
static size_t split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

int tz_cache_load(struct tz_cache *c, const char *path, struct tz_error *err)
{
	struct tz_buf data;
	char *line, *next;

	if (access(path, F_OK) && errno == ENOENT)
		return 0; /* first run */
	tz_buf_init(&data, TZ_CACHE_MAX_BYTES + 1);
	if (tz_read_file(path, TZ_CACHE_MAX_BYTES, &data, err)) {
		tz_buf_release(&data);
		return -1;
	}
	for (line = data.data; line && *line; line = next) {
		char *f[4];
		size_t n;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n = split(line, f, 4);
		if (n == 4 && !strcmp(f[0], "feed") && *f[1]) {
			if (tz_cache_feed_set(c, f[1], f[2], f[3]))
				goto nomem;
		} else if (n == 2 && !strcmp(f[0], "seen")) {
			if (tz_cache_mark_seen(c, f[1]))
				goto nomem;
		}
	}
	tz_buf_release(&data);
	if (c->nseen)
		qsort(c->seen, c->nseen, sizeof(*c->seen), cmp_str);
	c->nsorted = c->nseen;
	return 0;
nomem:
	tz_buf_release(&data);
	return tz_error_nomem(err);
}

int tz_cache_save(const struct tz_cache *c, const char *path, struct tz_error *err)
{
	struct tz_buf b;
	int rc;

	tz_buf_init(&b, TZ_CACHE_MAX_BYTES);
	rc = tz_buf_adds(&b, "# techzine gather cache: feed validators and items already seen\n");
	for (size_t i = 0; !rc && i < c->nfeeds; i++)
		rc = tz_buf_addf(&b, "feed\t%s\t%s\t%s\n", c->feeds[i].url,
				 c->feeds[i].etag ? c->feeds[i].etag : "",
				 c->feeds[i].last_modified ? c->feeds[i].last_modified : "");
	for (size_t i = 0; !rc && i < c->nseen; i++)
		rc = tz_buf_addf(&b, "seen\t%s\n", c->seen[i]);
	if (rc) {
		tz_buf_release(&b);
		return tz_error_set(err, TZ_ERR_LIMIT, path, 0,
				    "gather cache too large (over %zu bytes); remove old 'seen' lines",
				    TZ_CACHE_MAX_BYTES);
	}
	rc = tz_write_file_atomic(path, b.data, b.len, err);
	tz_buf_release(&b);
	return rc;
}
