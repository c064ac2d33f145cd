/*
 * web.h - the web version of an issue for the archive: index.html and one
 * <story-id>.html per story, with a responsive <style> block, and the
 * images the pages use copied into images/. Pages in the issue language go
 * to the folder itself, pages in another language the issue has (English
 * variants) to <lang>/, matching the links of the e-mail editions.
 */
#ifndef TZ_WEB_H
#define TZ_WEB_H

#include "../model/model.h"
#include "../util/error.h"

/* Write the web version into dir (created). Counts files in *nfiles. */
int tz_web_write(const struct tz_issue *issue, const char *dir, size_t *nfiles,
		 struct tz_error *err);
/* Copy every image of the issue's stories (all languages) into
 * dir/images/...; adds the number of files to *nfiles. */
int tz_web_copy_images(const struct tz_issue *issue, const char *dir, size_t *nfiles,
		       struct tz_error *err);
/* Only the originals (no e-mail copies). */
int tz_web_copy_originals(const struct tz_issue *issue, const char *dir, size_t *nfiles,
			  struct tz_error *err);

#endif
