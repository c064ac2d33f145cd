/*
 * ready.c - is the issue ready to publish? (see ready.h)
 *
 * Three things mark work that is not finished, and all three are written by
 * techzine itself, so they can be found without guessing:
 *   - a story with status="concept" (drafts from `gather`, `story new`);
 *   - the text NOG INVULLEN ("still to fill in") anywhere in the issue or a
 *     story: every placeholder `new` and `story new` write carries it, and
 *     an officer can use it for their own reminders;
 * The cover picture `new` copies from the previous issue is marked by its
 * alt text and cover line. (Comparing it with the previous issue's picture
 * would read outside the issue folder, which every command is confined to.)
 */
#include "ready.h"
#include "placeholder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MARK "nog invullen"

struct ready {
	const struct tz_issue *is;
	enum tz_severity sev;
	struct tz_diags *d;
	size_t found;
};

int tz_ready_has_mark(const char *s)
{
	size_t n = strlen(MARK);

	for (; s && *s; s++)
		if (!strncasecmp(s, MARK, n))
			return 1;
	return 0;
}

static void mark(struct ready *r, struct tz_src src, const char *story, const char *what,
		 const char *s)
{
	if (!tz_ready_has_mark(s))
		return;
	r->found++;
	if (story)
		tz_diags_add(r->d, r->sev, src.file, src.line,
			     "story '%s': the %s still says NOG INVULLEN; write the real %s",
			     story, what, what);
	else
		tz_diags_add(r->d, r->sev, src.file, src.line,
			     "the %s still says NOG INVULLEN; write the real %s", what, what);
}

static void mark_runs(struct ready *r, struct tz_src src, const char *story, const char *what,
		      const struct tz_runs *runs)
{
	for (size_t i = 0; i < runs->n; i++)
		if (tz_ready_has_mark(runs->items[i].text)) {
			mark(r, src, story, what, runs->items[i].text);
			return;
		}
}

static void mark_blocks(struct ready *r, const char *story, const struct tz_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++, b++) {
		mark_runs(r, b->src, story, "text", &b->runs);
		mark(r, b->src, story, "attribution", b->by);
		mark(r, b->src, story, "title", b->title);
		if (b->figure) {
			mark(r, b->src, story, "alt text", b->figure->alt);
			mark(r, b->src, story, "caption", b->figure->caption);
			mark(r, b->src, story, "credit", b->figure->credit);
		}
		for (size_t k = 0; k < b->nitems; k++) {
			mark_runs(r, b->src, story, "list item", &b->items[k]);
			if (b->sublists && b->sublists[k])
				mark_blocks(r, story, b->sublists[k], 1);
		}
		for (size_t k = 0; k < b->nfigures; k++)
			mark(r, b->src, story, "key figure label", b->figures[k].label);
		mark_blocks(r, story, b->children, b->nchildren);
	}
}

#define line_of tz_file_line_of

/* The element's own line: the model keeps only the story's. */
static struct tz_src at_tag(struct tz_src src, const char *tag)
{
	long line = src.file ? line_of(src.file, tag) : 0;

	if (line > src.line)
		src.line = line;
	return src;
}

static void mark_text(struct ready *r, const char *story, const struct tz_story_text *t)
{
	if (tz_ready_has_mark(t->kicker))
		mark(r, at_tag(t->src, "<kicker"), story, "kicker", t->kicker);
	if (tz_ready_has_mark(t->headline))
		mark(r, at_tag(t->src, "<headline"), story, "headline", t->headline);
	if (tz_ready_has_mark(t->byline))
		mark(r, at_tag(t->src, "<byline"), story, "byline", t->byline);
	mark_runs(r, at_tag(t->src, "<lead"), story, "lead", &t->lead);
	mark_blocks(r, story, t->blocks, t->nblocks);
}

long tz_file_line_of(const char *path, const char *needle)
{
	struct tz_buf b;
	struct tz_error err;
	long line = 1;
	const char *hit;

	tz_buf_init(&b, 4u << 20);
	tz_error_clear(&err);
	if (tz_read_file(path, 4u << 20, &b, &err) == 0 && (hit = strstr(b.data, needle)))
		for (const char *p = b.data; p < hit; p++)
			line += *p == '\n';
	tz_buf_release(&b);
	return line;
}

size_t tz_check_ready(const struct tz_issue *is, enum tz_severity sev, struct tz_diags *d)
{
	struct ready r = {is, sev, d, 0};
	struct tz_src top = {is->path, 0};

	top.line = line_of(is->path, "<title");
	mark(&r, top, NULL, "title", is->title);
	top.line = line_of(is->path, "<subject");
	mark(&r, top, NULL, "subject", is->subject);
	top.line = line_of(is->path, "<preheader");
	mark(&r, top, NULL, "preheader", is->preheader);
	if (tz_ready_has_mark(is->cover_alt)) {
		r.found++;
		tz_diags_add(d, sev, is->path, line_of(is->path, "<cover"),
			     "the cover is still a placeholder (its alt text says NOG INVULLEN); put the new cover picture in images/, name it in <cover image=\"images/…\"> and describe it in alt=\"…\"");
	}
	for (size_t i = 0; i < is->ncover_lines; i++)
		if (tz_ready_has_mark(is->cover_lines[i])) {
			top.line = line_of(is->path, is->cover_lines[i]);
			mark(&r, top, NULL, "cover line", is->cover_lines[i]);
		}
	for (size_t si = 0; si < is->nsections; si++)
		for (size_t k = 0; k < is->sections[si].nstories; k++) {
			const struct tz_story *s = is->sections[si].stories[k];
			if (s->concept) {
				r.found++;
				tz_diags_add(d, sev, s->src.file, s->src.line,
					     "story '%s' is a draft (status=\"concept\"); when it is ready to publish, change it to status=\"klaar\", or take its xi:include out of the issue",
					     s->id);
			}
			r.found += tz_check_placeholders(d, sev, s);
			mark_text(&r, s->id, &s->text);
			for (size_t v = 0; v < s->nvariants; v++)
				mark_text(&r, s->id, &s->variants[v]);
			if (s->event) {
				mark(&r, s->event->src, s->id, "event place", s->event->place);
				mark(&r, s->event->src, s->id, "event time", s->event->time);
			}
			if (s->company)
				mark(&r, s->company->src, s->id, "company name", s->company->name);
		}
	return r.found;
}
