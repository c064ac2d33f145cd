/*
 * skeleton.h - the story an officer fills in: `techzine story new` and the
 * placeholder story of an issue started without drafts (`techzine new`).
 */
#ifndef TZ_FEED_SKELETON_H
#define TZ_FEED_SKELETON_H

#include "../util/buf.h"

/* Append a story skeleton (status="concept", NOG INVULLEN placeholders) to
 * b. date is YYYY-MM-DD. Returns 0, or -1 when b is full. */
int tz_story_skeleton(struct tz_buf *b, const char *id, const char *kind, const char *lang,
		      const char *date);
/* Is kind one of news, parel, interview, column, event, figures? */
int tz_skeleton_kind_ok(const char *kind);
/* Is id usable as a story id and file name (a-z, 0-9, -, from a letter)? */
int tz_skeleton_id_ok(const char *id);

#endif
