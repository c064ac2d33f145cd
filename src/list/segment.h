/*
 * segment.h - `send --where KEY=VALUE`: which subscribers get this send.
 *
 * Semantics (README, "Segments"): conditions on different keys must all
 * hold (AND); several values for one key, as KEY=A,B or as repeated
 * --where KEY=..., are alternatives (OR). Values compare without regard
 * to ASCII case. KEY is a column of the list; "interest" (or "interests")
 * matches when any one of the subscriber's ';'-separated interests equals
 * the value; "language" matches the subscriber's edition language, where
 * an empty language counts as the issue's own.
 */
#ifndef TZ_SEGMENT_H
#define TZ_SEGMENT_H

#include <stddef.h>

#include "list.h"
#include "../util/error.h"

#define TZ_SEGMENT_MAX 16

struct tz_segment_cond {
	char key[64];
	int column;       /* resolved against a list; -1 unknown */
	int multi;        /* ';'-separated values in the cell */
	char *values[32]; /* alternatives, owned */
	size_t nvalues;
};

struct tz_segment {
	struct tz_segment_cond c[TZ_SEGMENT_MAX];
	size_t n;
	const char *default_lang; /* what an empty language means */
};

void tz_segment_init(struct tz_segment *s);
void tz_segment_release(struct tz_segment *s);
/* Add one "KEY=VALUE[,VALUE...]" (usage error in err when malformed). */
int tz_segment_add(struct tz_segment *s, const char *expr, struct tz_error *err);
/* Resolve keys against the list's columns (usage error for an unknown key). */
int tz_segment_bind(struct tz_segment *s, const struct tz_list *l, struct tz_error *err);
int tz_segment_match(const struct tz_segment *s, const struct tz_list *l,
		     const struct tz_sub *sub);

#endif
