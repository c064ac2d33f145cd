/*
 * gather.h - fetch every feed of the list and turn new items into drafts.
 *
 * The run has three parallel phases so one slow partner does not hold up
 * the rest: all feeds are fetched at once (conditional GET from the cache),
 * then parsed and converted, then the first image of every new item is
 * fetched at once; finally drafts (and images) are written to the inbox.
 * A feed that fails is recorded with its reason and the others go on; only
 * a failure to write the inbox stops the run.
 */
#ifndef TZ_FEED_GATHER_H
#define TZ_FEED_GATHER_H

#include <stddef.h>

#include "cache.h"
#include "fetch.h"
#include "sources.h"
#include "../util/buf.h"
#include "../util/error.h"

#define TZ_GATHER_MAX_FEED_BYTES ((size_t)4 * 1024 * 1024)
#define TZ_GATHER_MAX_IMAGE_BYTES ((size_t)10 * 1024 * 1024)

enum tz_feed_state { TZ_FEED_OK, TZ_FEED_NOT_MODIFIED, TZ_FEED_FAILED };

struct tz_gather_feed {
	const struct tz_source *source; /* borrowed */
	enum tz_feed_state state;
	size_t new_items, seen_items, skipped_items;
	char why[300];      /* when failed */
	struct tz_buf notes; /* lines "draft 'x': ..." about single items */
};

struct tz_gather_opts {
	const char *inbox;
	char today[11];
	struct tz_fetch_options fetch;
	size_t max_feed_bytes, max_image_bytes;
};

void tz_gather_opts_default(struct tz_gather_opts *o, const char *inbox);
/* results has sources->n entries; release each with tz_gather_feed_release.
 * Returns 0, or -1 with err when the inbox cannot be written (TZ_ERR_IO) or
 * memory runs out. */
int tz_gather(const struct tz_sources *sources, struct tz_cache *cache,
	      const struct tz_gather_opts *o, struct tz_gather_feed *results,
	      struct tz_error *err);
void tz_gather_feed_release(struct tz_gather_feed *r);

#endif
