/*
 * cache.h - what `gather` remembers between runs: per feed URL the ETag and
 * Last-Modified of the copy last read, and the set of item keys (guid, Atom
 * id or link) already turned into drafts.
 *
 * The file is plain text, one record per line, fields separated by tabs:
 *   feed <TAB> url <TAB> etag <TAB> last-modified
 *   seen <TAB> key
 * Values holding a tab, CR or LF are never stored; unknown or damaged lines
 * are ignored (the worst case is one unconditional fetch). It is replaced
 * atomically, so a crash leaves the old or the new cache.
 */
#ifndef TZ_FEED_CACHE_H
#define TZ_FEED_CACHE_H

#include <stddef.h>

#include "../util/error.h"

#define TZ_CACHE_MAX_BYTES ((size_t)32 * 1024 * 1024)

struct tz_cache_feed {
	char *url, *etag, *last_modified; /* etag/last_modified may be NULL */
};

struct tz_cache {
	struct tz_cache_feed *feeds;
	size_t nfeeds, feeds_cap;
	char **seen; /* sorted once loaded, for bsearch */
	size_t nseen, seen_cap;
	size_t nsorted; /* seen[0..nsorted) is sorted; later ones are new */
};

void tz_cache_init(struct tz_cache *c);
void tz_cache_release(struct tz_cache *c);
/* Read path; a missing file is an empty cache. */
int tz_cache_load(struct tz_cache *c, const char *path, struct tz_error *err);
int tz_cache_save(const struct tz_cache *c, const char *path, struct tz_error *err);

const struct tz_cache_feed *tz_cache_feed_get(const struct tz_cache *c, const char *url);
/* Set (replace) the validators of url; NULL values are allowed. */
int tz_cache_feed_set(struct tz_cache *c, const char *url, const char *etag,
		      const char *last_modified);
int tz_cache_seen(const struct tz_cache *c, const char *key);
int tz_cache_mark_seen(struct tz_cache *c, const char *key);

#endif
