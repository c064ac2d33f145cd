/*
 * frames.c - picture frames of the print layout (see frames.h).
 *
 * A picture that fills a frame is scaled until it covers the frame and the
 * overflow is cut off; its resolution is then set by the side that fits
 * exactly. So a cover needs at least the frame's size in pixels on BOTH
 * sides, whatever its shape: the hint names the frame, not the part of
 * the picture that happens to show.
 */
#include "frames.h"

#include <math.h>
#include <stdio.h>

#include "../model/ready.h"
#include "../util/banned.h"

void tz_print_cover_frame(const struct tz_print_layout *l, double *w, double *h)
{
	*w = l->page_w + 2 * l->bleed;
	*h = l->page_h + 2 * l->bleed;
}

void tz_print_frame_hint(char *out, size_t size, double frame_w, double frame_h, int img_w,
			 int img_h)
{
	long need_w = lround(frame_w / 72 * 300), need_h = lround(frame_h / 72 * 300);

	snprintf(out, size,
		 "the frame it fills is %.0f x %.0f mm (cropped to fit); supply at least %ld x %ld px "
		 "(width x height)%s",
		 frame_w / 72 * 25.4, frame_h / 72 * 25.4, need_w, need_h,
		 (img_w >= need_w) == (img_h >= need_h) ? ""
		 : img_w < need_w			   ? ": the picture is too narrow"
							   : ": the picture is not tall enough");
}

int tz_print_check_cover(const struct tz_issue *is, struct tz_diags *d, struct tz_error *err)
{
	struct tz_print_layout l;
	double fw, fh, ppi;
	char hint[256];
	struct tz_src src = {is->path, 0};

	if (!is->cover.path || is->cover.width <= 0 || is->cover.height <= 0)
		return 0;
	if (tz_print_layout_load(&l, is->root, is->print_layout, NULL, err))
		return -1;
	src.line = tz_file_line_of(is->path, "<cover");
	tz_print_cover_frame(&l, &fw, &fh);
	tz_print_layout_release(&l);
	/* scaled to cover the frame: the tighter side sets the resolution */
	ppi = fmin(is->cover.width / (fw / 72), is->cover.height / (fh / 72));
	tz_print_frame_hint(hint, sizeof(hint), fw, fh, is->cover.width, is->cover.height);
	if (ppi < 200)
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "cover picture '%s' (%d x %d px) prints at %.0f ppi (at least 200 needed, 300 wanted): %s",
			     is->cover.src, is->cover.width, is->cover.height, ppi, hint);
	else if (ppi < 299.5)
		tz_diags_add(d, TZ_SEV_WARNING, src.file, src.line,
			     "cover picture '%s' (%d x %d px) prints at %.0f ppi (300 wanted): %s",
			     is->cover.src, is->cover.width, is->cover.height, ppi, hint);
	return 0;
}
