/*
 * storyint.h - shared by the story writer's two files: story.c (the top
 * matter: headline, lead, byline, date) and body.c (the blocks).
 */
#ifndef TZ_IMPORT_STORYINT_H
#define TZ_IMPORT_STORYINT_H

#include "import.h"

struct writer {
	const struct tz_import_options *o;
	struct tz_idoc *d;
	struct tz_import_result *res;
	struct tz_buf *x;
	unsigned char *used; /* blocks already written as headline, lead ... */
	int en;
	int r; /* an append failed */
	/* the last outer list: a list that resumes it after other blocks
	 * (Word's numbering runs on) goes on counting */
	long last_list_id, last_list_next;
	int deep_items; /* list items nested past TZ_MAX_LIST_DEPTH */
};

void sw_add(struct writer *w, const char *s);
void sw_esc(struct writer *w, const char *s);
void sw_element(struct writer *w, const char *indent, const char *name, const char *text);
const char *sw_placeholder(struct writer *w, const char *nl, const char *en);
const char *sw_attribution(const char *t);
int sw_visible(const struct tz_iblock *b);
void tz_story_body(struct writer *w);

#endif
