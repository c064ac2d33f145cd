/*
 * mailimage.h - e-mail-sized copies of the story pictures.
 *
 * The e-mail shows a picture at 168 or 552 px; the originals are print
 * files of 1600-2600 px (1.5 MB for one issue). The e-mail loads copies at
 * twice the display width (sharp on 2x screens, no more), sRGB, baseline
 * free progressive JPEG at a quality tuned for photos on screen, written
 * into the web version next to the originals (images/mail/...) and made
 * in memory for --images embed. The print originals are untouched.
 */
#ifndef TZ_MAILIMAGE_H
#define TZ_MAILIMAGE_H

#include "../model/model.h"
#include "../util/buf.h"
#include "../util/error.h"

#define TZ_MAIL_JPEG_QUALITY 72

/* Pixel width of the copy for a display width: 2x, never wider than the
 * original. */
int tz_image_mail_width(const struct tz_image *img, int display_w);
/* Web path of the copy of copy_w pixels: "images/mail/<path>-<w>.jpg". */
int tz_image_mail_path_w(struct tz_buf *b, const struct tz_issue *issue,
			 const struct tz_image *img, int copy_w);
/* The same for a display width. */
int tz_image_mail_path(struct tz_buf *b, const struct tz_issue *issue,
		       const struct tz_image *img, int display_w);
/* Make the copy: decode, convert to sRGB (embedded ICC profile through
 * LittleCMS; PNG alpha over white), shrink by area averaging, encode as
 * progressive JPEG; appended to out. */
int tz_image_mail_make(const struct tz_image *img, int copy_w, struct tz_buf *out,
		       struct tz_error *err);

#endif
