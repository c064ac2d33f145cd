/*
 * qpbody.c - a template split at hard line breaks into pre-encoded runs and
 * per-message lines (see qpbody.h).
 */
#include "qpbody.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "qp.h"
#include "../util/alloc.h"
#include "../util/banned.h"

#define ENCODED SIZE_MAX

static int add_seg(struct tz_qp_body *b, size_t line, size_t off, size_t len)
{
	struct tz_qp_seg *last = b->nsegs ? &b->segs[b->nsegs - 1] : NULL;
	if (line == ENCODED && last && last->line == ENCODED && last->off + last->len == off) {
		last->len += len; /* consecutive encoded lines: one copy */
		return 0;
	}
	if (tz_array_grow((void **)&b->segs, &b->cap_segs, b->nsegs + 1, sizeof *b->segs))
		return -1;
	b->segs[b->nsegs++] = (struct tz_qp_seg){line, off, len};
	return 0;
}

/* The line in cur is complete: encode it now, or keep it for each message. */
static int end_line(struct tz_qp_body *b, struct tz_template *cur, int *has_slot,
		    const struct tz_template *t)
{
	int rc;
	if (!cur->nparts)
		return 0;
	if (*has_slot) {
		if (tz_array_grow((void **)&b->lines, &b->cap_lines, b->nlines + 1, sizeof *b->lines))
			return -1;
		b->lines[b->nlines] = *cur;
		rc = add_seg(b, b->nlines++, 0, 0);
		tz_template_init(cur, t->format, t->text.max);
		*has_slot = 0;
		return rc;
	} else {
		size_t off = b->enc.len;
		if (tz_qp_encode(&b->enc, cur->text.data, cur->text.len))
			return -1;
		rc = add_seg(b, ENCODED, off, b->enc.len - off);
		tz_template_release(cur);
		tz_template_init(cur, t->format, t->text.max);
		return rc;
	}
}

int tz_qp_body_init(struct tz_qp_body *b, const struct tz_template *t)
{
	struct tz_template cur;
	int has_slot = 0, rc = -1;

	memset(b, 0, sizeof *b);
	tz_buf_init(&b->enc, t->text.max ? t->text.max * 3 + 1024 : 0);
	tz_template_init(&cur, t->format, t->text.max);
	for (size_t i = 0; i < t->nparts; i++) {
		const struct tz_template_part *p = &t->parts[i];
		const char *s = t->text.data + p->off, *end = s + p->len;
		if (p->slot >= 0) {
			if (tz_template_add_slot(&cur, (enum tz_slot)p->slot))
				goto out;
			has_slot = 1;
			continue;
		}
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			const char *stop = nl ? nl + 1 : end;
			if (tz_template_add(&cur, s, (size_t)(stop - s)))
				goto out;
			if (nl && end_line(b, &cur, &has_slot, t))
				goto out;
			s = stop;
		}
	}
	if (end_line(b, &cur, &has_slot, t))
		goto out;
	rc = 0;
out:
	tz_template_release(&cur);
	if (rc)
		tz_qp_body_release(b);
	return rc;
}

void tz_qp_body_release(struct tz_qp_body *b)
{
	for (size_t i = 0; i < b->nlines; i++)
		tz_template_release(&b->lines[i]);
	free(b->lines);
	free(b->segs);
	tz_buf_release(&b->enc);
	memset(b, 0, sizeof *b);
}

int tz_qp_body_fill(const struct tz_qp_body *b, const struct tz_slot_values *vals,
		    struct tz_buf *scratch, struct tz_buf *out)
{
	for (size_t i = 0; i < b->nsegs; i++) {
		const struct tz_qp_seg *s = &b->segs[i];
		if (s->line == ENCODED) {
			if (tz_buf_add(out, b->enc.data + s->off, s->len))
				return -1;
			continue;
		}
		tz_buf_reset(scratch);
		if (tz_template_fill(&b->lines[s->line], vals, scratch) ||
		    tz_qp_encode(out, scratch->data, scratch->len))
			return -1;
	}
	return 0;
}
