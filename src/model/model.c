/*
 * model.c - helpers and the one free function of the issue model.
 */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/banned.h"

static void runs_release(struct tz_runs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].text);
		free(r->items[i].href);
	}
	free(r->items);
}

static void image_release(struct tz_image *img)
{
	free(img->src);
	free(img->path);
}

static void blocks_free(struct tz_block *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		runs_release(&b[i].runs);
		free(b[i].by);
		free(b[i].title);
		free(b[i].source);
		if (b[i].figure) {
			image_release(&b[i].figure->image);
			free(b[i].figure->alt);
			free(b[i].figure->caption);
			free(b[i].figure->credit);
			free(b[i].figure);
		}
		blocks_free(b[i].children, b[i].nchildren);
		for (size_t k = 0; k < b[i].nfigures; k++) {
			free(b[i].figures[k].label);
			free(b[i].figures[k].value_text);
			free(b[i].figures[k].unit);
			free(b[i].figures[k].note);
		}
		free(b[i].figures);
		for (size_t k = 0; k < b[i].nitems; k++) {
			runs_release(&b[i].items[k]);
			if (b[i].sublists)
				blocks_free(b[i].sublists[k], b[i].sublists[k] ? 1 : 0);
		}
		free(b[i].items);
		free(b[i].sublists);
	}
	free(b);
}

static void text_release(struct tz_story_text *t)
{
	free(t->lang);
	free(t->kicker);
	free(t->headline);
	free(t->byline);
	free(t->date);
	free(t->municipality);
	runs_release(&t->lead);
	for (size_t i = 0; i < t->ntags; i++)
		free(t->tags[i]);
	free(t->tags);
	blocks_free(t->blocks, t->nblocks);
}

static void story_free(struct tz_story *s)
{
	if (!s)
		return;
	free(s->id);
	text_release(&s->text);
	for (size_t i = 0; i < s->nvariants; i++)
		text_release(&s->variants[i]);
	free(s->variants);
	if (s->company) {
		free(s->company->name);
		free(s->company->website);
		free(s->company->sector);
		free(s->company->place);
		free(s->company);
	}
	if (s->event) {
		free(s->event->date);
		free(s->event->time);
		free(s->event->place);
		free(s->event->registration);
		free(s->event);
	}
	free(s);
}

void tz_issue_free(struct tz_issue *is)
{
	if (!is)
		return;
	for (size_t i = 0; i < is->nsections; i++) {
		struct tz_section *sec = &is->sections[i];
		for (size_t k = 0; k < sec->nstories; k++)
			story_free(sec->stories[k]);
		free(sec->stories);
		free(sec->id);
		free(sec->title);
		free(sec->intro);
	}
	free(is->sections);
	for (size_t i = 0; i < is->ncover_lines; i++)
		free(is->cover_lines[i]);
	free(is->cover_lines);
	image_release(&is->cover);
	free(is->cover_alt);
	free(is->colophon.publisher);
	free(is->colophon.design);
	free(is->colophon.printer);
	free(is->colophon.circulation);
	free(is->colophon.contact);
	free(is->colophon.address);
	free(is->colophon.note);
	for (size_t i = 0; i < is->colophon.neditors; i++)
		free(is->colophon.editors[i]);
	free(is->colophon.editors);
	free(is->mail.from);
	free(is->mail.reply_to);
	free(is->mail.list_id);
	free(is->mail.base_url);
	free(is->mail.unsubscribe_url);
	free(is->mail.click_base);
	free(is->mail.unsubscribe_mailto);
	free(is->mail.bounce_domain);
	for (size_t i = 0; i < is->mail.ndkim; i++) {
		free(is->mail.dkim[i].domain);
		free(is->mail.dkim[i].selector);
		free(is->mail.dkim[i].key);
	}
	for (size_t i = 0; i < is->nfiles; i++)
		free(is->files[i]);
	free(is->files);
	free(is->path);
	free(is->dir);
	free(is->root);
	free(is->slug);
	free(is->date);
	free(is->lang);
	free(is->title);
	free(is->edition);
	free(is->subject);
	free(is->preheader);
	free(is->print_layout);
	free(is->newsletter_theme);
	free(is);
}

const struct tz_story_text *tz_story_text_for(const struct tz_story *s, const char *lang)
{
	if (lang && s->text.lang && strcmp(s->text.lang, lang) != 0)
		for (size_t i = 0; i < s->nvariants; i++)
			if (s->variants[i].lang && !strcmp(s->variants[i].lang, lang))
				return &s->variants[i];
	return &s->text;
}

int tz_issue_has_lang(const struct tz_issue *is, const char *lang)
{
	for (size_t i = 0; i < is->nsections; i++)
		for (size_t k = 0; k < is->sections[i].nstories; k++) {
			const struct tz_story *s = is->sections[i].stories[k];
			if (s->text.lang && !strcmp(s->text.lang, lang))
				return 1;
			for (size_t v = 0; v < s->nvariants; v++)
				if (s->variants[v].lang && !strcmp(s->variants[v].lang, lang))
					return 1;
		}
	return 0;
}

char *tz_runs_plain(const struct tz_runs *runs)
{
	struct tz_buf b;

	tz_buf_init(&b, 0);
	for (size_t i = 0; i < runs->n; i++)
		if (tz_buf_adds(&b, runs->items[i].text)) {
			tz_buf_release(&b);
			return NULL;
		}
	return tz_buf_detach(&b, NULL);
}
