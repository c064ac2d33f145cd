/*
 * webimages.c - copy the images the web version uses into its images/
 * folder, byte for byte (the model already checked type, size and that
 * every file lies inside the issue folder). Each file is copied once, under
 * the same safe relative path the pages and the e-mail use
 * (tz_image_web_path), and written atomically. The pictures the e-mail
 * shows also get e-mail-sized copies (mailimage.h) in images/mail/.
 */
#include "web.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mailimage.h"
#include "theme.h"
#include "webcommon.h"
#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

/* the limit check applied: an image check accepts must copy */
#define MAX_IMAGE_BYTES TZ_MAX_IMAGE_BYTES

static int copy_image(const struct tz_issue *issue, const struct tz_image *im, const char *dir,
		      char ***done, size_t *ndone, size_t *cap, size_t *nfiles, struct tz_error *err)
{
	struct tz_buf rel, data;
	char *dst = NULL, *dst_dir = NULL;
	int rc = -1;

	tz_buf_init(&rel, 0);
	tz_buf_init(&data, 0);
	if (tz_image_web_path(&rel, issue, im)) {
		tz_error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < *ndone; i++)
		if (!strcmp((*done)[i], rel.data)) {
			rc = 0;
			goto out;
		}
	dst = tz_path_join(dir, rel.data);
	dst_dir = dst ? tz_dirname(dst) : NULL;
	if (!dst_dir || tz_array_grow((void **)done, cap, *ndone + 1, sizeof(**done))) {
		tz_error_nomem(err);
		goto out;
	}
	if (tz_mkdirs(dst_dir, err) || tz_read_file(im->path, MAX_IMAGE_BYTES, &data, err) ||
	    tz_write_file_if_changed(dst, data.data, data.len, err))
		goto out;
	(*done)[(*ndone)++] = tz_buf_detach(&rel, NULL);
	(*nfiles)++;
	rc = 0;
out:
	free(dst);
	free(dst_dir);
	tz_buf_release(&rel);
	tz_buf_release(&data);
	return rc;
}

/* Has this web path been written already? Else remember it. 1 done,
 * 0 new, -1 no memory. */
static int seen(char ***done, size_t *ndone, size_t *cap, const char *rel)
{
	for (size_t i = 0; i < *ndone; i++)
		if (!strcmp((*done)[i], rel))
			return 1;
	if (tz_array_grow((void **)done, cap, *ndone + 1, sizeof(**done)))
		return -1;
	(*done)[*ndone] = tz_strdup(rel);
	if (!(*done)[*ndone])
		return -1;
	(*ndone)++;
	return 0;
}

/* The e-mail copies of a teaser picture, at the widths the e-mail shows
 * pictures (full content width, and the two thumbnail sizes). */
/* An e-mail copy made earlier from the same picture (its name holds the
 * width, its time is after the picture's) need not be made again: decoding
 * and encoding the copies is most of `html`'s time, and the preview builds
 * the newsletter on every save. */
static int up_to_date(const char *dst, const char *src)
{
	struct stat d, s;
	return !stat(dst, &d) && !stat(src, &s) && S_ISREG(d.st_mode) && d.st_size > 0 &&
	       (d.st_mtim.tv_sec > s.st_mtim.tv_sec ||
		(d.st_mtim.tv_sec == s.st_mtim.tv_sec && d.st_mtim.tv_nsec >= s.st_mtim.tv_nsec));
}

static int mail_copies(const struct tz_issue *issue, const struct tz_image *im, const char *dir,
		       int content_width, char ***done, size_t *ndone, size_t *cap,
		       size_t *nfiles, struct tz_error *err)
{
	const int widths[] = {content_width, 168, 120};
	struct tz_buf rel, jpeg;
	int rc = 0;
	tz_buf_init(&rel, 0);
	tz_buf_init(&jpeg, 0);
	for (size_t i = 0; i < sizeof widths / sizeof widths[0] && !rc; i++) {
		char *dst = NULL, *dst_dir = NULL;
		int w, h, s;
		tz_image_fit(im, widths[i], &w, &h);
		tz_buf_reset(&rel);
		tz_buf_reset(&jpeg);
		if (tz_image_mail_path(&rel, issue, im, w) ||
		    (s = seen(done, ndone, cap, rel.data)) < 0) {
			rc = tz_error_nomem(err);
			break;
		}
		if (s)
			continue;
		dst = tz_path_join(dir, rel.data);
		dst_dir = dst ? tz_dirname(dst) : NULL;
		if (!dst_dir)
			rc = tz_error_nomem(err);
		else if (up_to_date(dst, im->path))
			(*nfiles)++; /* made by an earlier run from this picture */
		else if (tz_mkdirs(dst_dir, err) ||
			 tz_image_mail_make(im, tz_image_mail_width(im, w), &jpeg, err) ||
			 tz_write_file_atomic(dst, jpeg.data, jpeg.len, err))
			rc = -1;
		else
			(*nfiles)++;
		free(dst);
		free(dst_dir);
	}
	tz_buf_release(&rel);
	tz_buf_release(&jpeg);
	return rc;
}

int tz_web_copy_images(const struct tz_issue *issue, const char *dir, size_t *nfiles,
		       struct tz_error *err)
{
	struct tz_theme th;
	char **mdone = NULL;
	size_t nmdone = 0, mcap = 0;
	int rc;

	if (tz_web_copy_originals(issue, dir, nfiles, err) || tz_theme_load(issue, &th, err))
		return -1;
	rc = 0;
	for (size_t i = 0; i < issue->nsections && !rc; i++)
		for (size_t j = 0; j < issue->sections[i].nstories && !rc; j++) {
			const struct tz_story *s = issue->sections[i].stories[j];
			for (size_t v = 0; v <= s->nvariants && !rc && s->kind != TZ_KIND_FIGURES; v++) {
				const struct tz_figure *f =
					tz_story_figure(s, v ? &s->variants[v - 1] : &s->text);
				if (f && f->image.path)
					rc = mail_copies(issue, &f->image, dir, th.width - 48, &mdone,
							 &nmdone, &mcap, nfiles, err);
			}
		}
	for (size_t i = 0; i < nmdone; i++)
		free(mdone[i]);
	free(mdone);
	tz_theme_release(&th);
	return rc;
}

int tz_web_copy_originals(const struct tz_issue *issue, const char *dir, size_t *nfiles,
			  struct tz_error *err)
{
	char **done = NULL;
	size_t ndone = 0, cap = 0;
	int rc = 0;

	for (size_t i = 0; i < issue->nsections && !rc; i++)
		for (size_t j = 0; j < issue->sections[i].nstories && !rc; j++) {
			const struct tz_story *s = issue->sections[i].stories[j];
			for (size_t v = 0; v <= s->nvariants && !rc; v++) {
				const struct tz_story_text *t = v ? &s->variants[v - 1] : &s->text;
				for (size_t b = 0; b < t->nblocks && !rc; b++)
					if (t->blocks[b].kind == TZ_BLOCK_FIGURE && t->blocks[b].figure &&
					    t->blocks[b].figure->image.path)
						rc = copy_image(issue, &t->blocks[b].figure->image, dir,
								&done, &ndone, &cap, nfiles, err);
			}
		}
	for (size_t i = 0; i < ndone; i++)
		free(done[i]);
	free(done);
	return rc;
}
