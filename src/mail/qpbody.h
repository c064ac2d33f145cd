/*
 * qpbody.h - an edition template encoded as quoted-printable once per send.
 *
 * Quoted-printable state (the column, soft breaks) starts afresh at every
 * hard line break, so a line is encoded the same whatever comes before it.
 * The lines of the template without a slot (nearly all of the newsletter)
 * are therefore encoded once; only the few lines with a slot (greeting,
 * unsubscribe and web-version links) are filled and encoded per message.
 * The result is byte for byte tz_qp_encode(tz_template_fill(...)).
 */
#ifndef TZ_QPBODY_H
#define TZ_QPBODY_H

#include <stddef.h>

#include "../util/buf.h"
#include "../web/template.h"

struct tz_qp_seg {
	size_t line;     /* SIZE_MAX: bytes off..off+len of enc; else lines[line] */
	size_t off, len;
};

struct tz_qp_body {
	struct tz_buf enc;         /* the slot-free lines, encoded */
	struct tz_template *lines; /* the lines with slots */
	size_t nlines, cap_lines;
	struct tz_qp_seg *segs;
	size_t nsegs, cap_segs;
};

/* Prepare t (borrowed only during the call). */
int tz_qp_body_init(struct tz_qp_body *b, const struct tz_template *t);
void tz_qp_body_release(struct tz_qp_body *b);
/* Append the encoded body for vals to out; scratch is working space. */
int tz_qp_body_fill(const struct tz_qp_body *b, const struct tz_slot_values *vals,
		    struct tz_buf *scratch, struct tz_buf *out);

#endif
