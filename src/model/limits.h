/*
 * limits.h - the documented size limits for input (README "Limits").
 * Every limit has a test at the limit and one past it.
 */
#ifndef TZ_LIMITS_H
#define TZ_LIMITS_H

#define TZ_MAX_XML_BYTES ((size_t)4 * 1024 * 1024)    /* one issue/story/layout file */
#define TZ_MAX_XML_DEPTH 48                           /* element nesting */
#define TZ_MAX_STORIES 500                            /* per issue */
#define TZ_MAX_TEXT_BYTES ((size_t)1024 * 1024)       /* one block's text */
#define TZ_MAX_IMAGE_BYTES ((size_t)64 * 1024 * 1024) /* one image file */
#define TZ_MAX_IMAGE_SIDE 20000                       /* pixels, either side */
#define TZ_MAX_IMAGE_PIXELS (120L * 1000 * 1000)      /* width x height */
#define TZ_MAX_LIST_DEPTH 3                           /* nested lists (story.rng) */

#endif
