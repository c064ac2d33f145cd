/*
 * template.c - literal chunks plus slots (see template.h).
 */
#include "template.h"

#include <stdarg.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

void tz_template_init(struct tz_template *t, enum tz_format format, size_t max)
{
	t->format = format;
	tz_buf_init(&t->text, max);
	t->parts = NULL;
	t->nparts = t->cap = 0;
}

void tz_template_release(struct tz_template *t)
{
	tz_buf_release(&t->text);
	free(t->parts);
	t->parts = NULL;
	t->nparts = t->cap = 0;
}

static struct tz_template_part *new_part(struct tz_template *t)
{
	if (tz_array_grow((void **)&t->parts, &t->cap, t->nparts + 1, sizeof(*t->parts)))
		return NULL;
	return &t->parts[t->nparts++];
}

int tz_template_add(struct tz_template *t, const char *s, size_t len)
{
	struct tz_template_part *p;
	size_t off = t->text.len;

	if (!len)
		return 0;
	if (tz_buf_add(&t->text, s, len))
		return -1;
	/* extend the previous literal when it ends where this one starts */
	if (t->nparts && t->parts[t->nparts - 1].slot < 0) {
		p = &t->parts[t->nparts - 1];
		if (p->off + p->len == off) {
			p->len += len;
			return 0;
		}
	}
	p = new_part(t);
	if (!p)
		return -1;
	p->slot = -1;
	p->off = off;
	p->len = len;
	return 0;
}

int tz_template_adds(struct tz_template *t, const char *s)
{
	return tz_template_add(t, s, strlen(s));
}

int tz_template_addf(struct tz_template *t, const char *fmt, ...)
{
	struct tz_buf tmp;
	va_list ap;
	int r;

	tz_buf_init(&tmp, t->text.max);
	va_start(ap, fmt);
	r = tz_buf_vaddf(&tmp, fmt, ap);
	va_end(ap);
	if (!r)
		r = tz_template_add(t, tmp.data, tmp.len);
	tz_buf_release(&tmp);
	return r;
}

int tz_template_add_slot(struct tz_template *t, enum tz_slot slot)
{
	struct tz_template_part *p = new_part(t);

	if (!p)
		return -1;
	p->slot = (int)slot;
	p->off = p->len = 0;
	return 0;
}

int tz_html_escape(struct tz_buf *out, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		if (tz_buf_add(out, s + start, i - start) || tz_buf_adds(out, rep))
			return -1;
		start = i + 1;
	}
	return tz_buf_add(out, s + start, len - start);
}

int tz_template_fill(const struct tz_template *t, const struct tz_slot_values *vals,
		     struct tz_buf *out)
{
	for (size_t i = 0; i < t->nparts; i++) {
		const struct tz_template_part *p = &t->parts[i];
		const char *v;

		if (p->slot < 0) {
			if (tz_buf_add(out, t->text.data + p->off, p->len))
				return -1;
			continue;
		}
		v = vals && p->slot < TZ_SLOT_COUNT ? vals->v[p->slot] : NULL;
		if (!v)
			continue;
		if (t->format == TZ_FORMAT_HTML ? tz_html_escape(out, v, strlen(v))
						: tz_buf_adds(out, v))
			return -1;
	}
	return 0;
}

size_t tz_template_literal_size(const struct tz_template *t)
{
	return t->text.len;
}
