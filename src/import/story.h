/*
 * story.h - the import's one writer: struct tz_idoc -> story XML.
 */
#ifndef TZ_IMPORT_STORY_H
#define TZ_IMPORT_STORY_H

#include "import.h"

/* Write d as a story into res (xml, id, images, report); 0 or -1 (memory). */
int tz_story_write(struct tz_idoc *d, const struct tz_import_options *o,
		   struct tz_import_result *res, struct tz_error *err);

#endif
