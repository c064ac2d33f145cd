/*
 * placeholder.c - see placeholder.h.
 */
#include "placeholder.h"

#include <string.h>

#include "../util/banned.h"

int tz_is_placeholder(const char *s)
{
	return s && (strstr(s, "[[invullen:") || strstr(s, "[[fill in:"));
}

struct ph {
	struct tz_diags *d;
	enum tz_severity sev;
	size_t n;
};

static void one(struct ph *d, struct tz_src src, const char *what, const char *s)
{
	const char *p, *end;

	if (!tz_is_placeholder(s))
		return;
	p = strstr(s, "[[");
	end = p ? strstr(p, "]]") : NULL;
	d->n++;
	tz_diags_add(d->d, d->sev, src.file, src.line,
		     "placeholder '%.*s' in the %s: fill it in (left by techzine import)",
		     end ? (int)(end + 2 - p) : 40, p ? p : s, what);
}

static void runs(struct ph *d, struct tz_src src, const char *what, const struct tz_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		one(d, src, what, r->items[i].text);
}

static void blocks(struct ph *d, const struct tz_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++, b++) {
		runs(d, b->src, "text", &b->runs);
		one(d, b->src, "attribution", b->by);
		one(d, b->src, "title", b->title);
		if (b->figure) {
			one(d, b->src, "alt text", b->figure->alt);
			one(d, b->src, "caption", b->figure->caption);
			one(d, b->src, "credit", b->figure->credit);
		}
		for (size_t k = 0; k < b->nitems; k++) {
			runs(d, b->src, "list item", &b->items[k]);
			if (b->sublists && b->sublists[k])
				blocks(d, b->sublists[k], 1);
		}
		blocks(d, b->children, b->nchildren);
	}
}

static void text(struct ph *d, const struct tz_story_text *t)
{
	one(d, t->src, "headline", t->headline);
	one(d, t->src, "kicker", t->kicker);
	one(d, t->src, "byline", t->byline);
	one(d, t->src, "date", t->date);
	one(d, t->src, "municipality", t->municipality);
	runs(d, t->src, "lead", &t->lead);
	blocks(d, t->blocks, t->nblocks);
}

size_t tz_check_placeholders(struct tz_diags *diags, enum tz_severity sev,
			     const struct tz_story *s)
{
	struct ph ph = {diags, sev, 0}, *d = &ph;
	text(d, &s->text);
	for (size_t v = 0; v < s->nvariants; v++)
		text(d, &s->variants[v]);
	if (s->event) {
		one(d, s->src, "event date", s->event->date);
		one(d, s->src, "event place", s->event->place);
	}
	return ph.n;
}
