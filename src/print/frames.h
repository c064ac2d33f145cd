/*
 * frames.h - the frames pictures fill in the print layout, and the pixel
 * sizes they need, shared by `techzine pdf`, `check --print` and the quick
 * cover check of plain `techzine check` (docs/guide.md lists them).
 */
#ifndef TZ_PRINT_FRAMES_H
#define TZ_PRINT_FRAMES_H

#include <stddef.h>

#include "../model/layout.h"
#include "../model/model.h"
#include "../util/error.h"

/* The cover picture fills the whole page and its bleed, cropped to it. */
void tz_print_cover_frame(const struct tz_print_layout *l, double *w, double *h);

/* "the frame is 216 x 303 mm …: supply at least 2551 x 3579 px" into out,
 * for a picture of img_w x img_h px that fills (and is cropped to) a frame
 * of frame_w x frame_h points. */
void tz_print_frame_hint(char *out, size_t size, double frame_w, double frame_h, int img_w,
			 int img_h);

/* The cover picture's resolution without laying out the issue (for plain
 * `check`): an error under 200 ppi, a warning under 300, with the hint.
 * Returns -1 with err when the layout cannot be loaded. */
int tz_print_check_cover(const struct tz_issue *is, struct tz_diags *d, struct tz_error *err);

#endif
