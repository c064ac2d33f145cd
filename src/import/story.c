/*
 * story.c - struct tz_idoc -> story XML (see import.h): the one place
 * that decides what a document's parts become.
 *
 * Headline: the title paragraph, else a heading that opens the document,
 * else the metadata title. Lead: the subtitle, else a first paragraph set
 * apart in bold or italic. Byline: a "Tekst:/Door/By" line near the top,
 * else the metadata author. A quote followed by "— Naam, functie" gets
 * by="Naam, functie"; an image and the caption that follows become one
 * figure; a two-column table becomes key figures (when its values are
 * numbers) or a fact box. What the officer must still supply is written as
 * a "[[invullen: ...]]" placeholder that `check` refuses until replaced.
 */
#include "story.h"
#include "storyint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../feed/draft.h"
#include "../util/alloc.h"
#include "../util/banned.h"

void sw_add(struct writer *w, const char *s)
{
	w->r |= tz_buf_adds(w->x, s);
}

void sw_esc(struct writer *w, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			sw_add(w, "&amp;");
			break;
		case '<':
			sw_add(w, "&lt;");
			break;
		case '>':
			sw_add(w, "&gt;");
			break;
		case '"':
			sw_add(w, "&quot;");
			break;
		default:
			w->r |= tz_buf_addc(w->x, *s);
		}
	}
}

void sw_element(struct writer *w, const char *indent, const char *name, const char *text)
{
	w->r |= tz_buf_addf(w->x, "%s<%s>", indent, name);
	sw_esc(w, text);
	w->r |= tz_buf_addf(w->x, "</%s>\n", name);
}

const char *sw_placeholder(struct writer *w, const char *nl, const char *en)
{
	static char buf[200];

	w->res->placeholders++;
	snprintf(buf, sizeof(buf), "[[%s: %s]]", w->en ? "fill in" : "invullen", w->en ? en : nl);
	return buf;
}

/* An attribution line: a dash, a space, a short name. */
const char *sw_attribution(const char *t)
{
	static const char *const dashes[] = {"\xE2\x80\x94", "\xE2\x80\x93", "\xE2\x80\x95", "-", NULL};

	if (!t || strlen(t) > 160)
		return NULL;
	for (int i = 0; dashes[i]; i++) {
		size_t k = strlen(dashes[i]);
		if (!strncmp(t, dashes[i], k) && t[k] == ' ' && t[k + 1])
			return t + k + 1;
	}
	return NULL;
}

static int starts_with_word(const char *t, const char *const *words)
{
	for (; *words; words++) {
		size_t k = strlen(*words);
		if (!strncasecmp(t, *words, k))
			return 1;
	}
	return 0;
}

static int is_byline(const struct tz_iblock *b)
{
	static const char *const prefixes[] = {"Tekst:", "Tekst en foto", "Door ", "Door:", "By ",
					       "Text:", "Auteur:", "Author:", NULL};

	return b->role == TZ_ROLE_BYLINE ||
	       (b->role == TZ_ROLE_BODY && strlen(b->text) <= 120 && starts_with_word(b->text, prefixes));
}

int sw_visible(const struct tz_iblock *b)
{
	return b->role != TZ_ROLE_IGNORE;
}

static const char *headline(struct writer *w)
{
	struct tz_idoc *d = w->d;
	size_t first = 0;

	while (first < d->n && !sw_visible(&d->blocks[first]))
		first++;
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i].role == TZ_ROLE_TITLE) {
			w->used[i] = 1;
			sw_element(w, "  ", "headline", d->blocks[i].text);
			return d->blocks[i].text;
		}
	if (first < d->n && d->blocks[first].role == TZ_ROLE_HEADING) {
		w->used[first] = 1;
		sw_element(w, "  ", "headline", d->blocks[first].text);
		return d->blocks[first].text;
	}
	if (d->meta_title) {
		tz_idoc_report(w->d, "headline taken from the document's metadata title ('%s')", d->meta_title);
		sw_element(w, "  ", "headline", d->meta_title);
		return d->meta_title;
	}
	tz_idoc_report(w->d, "no title found: the headline is a placeholder%s", "");
	sw_element(w, "  ", "headline", sw_placeholder(w, "kop", "headline"));
	return "";
}

/* The first block after the headline that is not yet used. */
static size_t next_free(struct writer *w, size_t from)
{
	while (from < w->d->n && (w->used[from] || !sw_visible(&w->d->blocks[from])))
		from++;
	return from;
}

static void lead(struct writer *w)
{
	struct tz_idoc *d = w->d;
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->blocks[i].role == TZ_ROLE_SUBTITLE && !w->used[i])
			break;
	if (i == d->n) {
		i = next_free(w, 0);
		while (i < d->n && is_byline(&d->blocks[i]))
			i = next_free(w, i + 1);
		if (i >= d->n || d->blocks[i].role != TZ_ROLE_BODY ||
		    !(d->blocks[i].all_style & (TZ_INLINE_EM | TZ_INLINE_STRONG)))
			return;
		tz_idoc_report(w->d, "the first paragraph, set apart in %s, is the lead",
		       d->blocks[i].all_style & TZ_INLINE_STRONG ? "bold" : "italic");
	}
	w->used[i] = 1;
	/* the lead's own emphasis was what set it apart: write it plain */
	sw_element(w, "  ", "lead", d->blocks[i].text);
}

static void byline(struct writer *w)
{
	struct tz_idoc *d = w->d;

	for (size_t i = 0, seen = 0; i < d->n && seen < 6; i++) {
		if (w->used[i] || !sw_visible(&d->blocks[i]))
			continue;
		seen++;
		if (is_byline(&d->blocks[i])) {
			w->used[i] = 1;
			sw_element(w, "  ", "byline", d->blocks[i].text);
			return;
		}
	}
	if (d->meta_author) {
		char line[400];
		snprintf(line, sizeof(line), "%s %s", w->en ? "Text:" : "Tekst:", d->meta_author);
		tz_idoc_report(w->d, "byline taken from the document's author ('%s')", d->meta_author);
		sw_element(w, "  ", "byline", line);
		return;
	}
	tz_idoc_report(w->d, "byline: placeholder (the document names no author)%s", "");
	sw_element(w, "  ", "byline", sw_placeholder(w, "auteur", "byline"));
}

/* A date xsd:date accepts: YYYY-MM-DD, a real day of a real month,
 * optionally followed by a time ("2026-11-20T10:00:00"). */
static int iso_date(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    !(s[10] == '\0' || s[10] == 'T' || s[10] == ' '))
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return 0;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static void date_and_place(struct writer *w)
{
	static const char *const places[] = {"Borger-Odoorn", "Coevorden", "Emmen", "Hardenberg",
					     "Hoogeveen", "Regio", NULL};
	const char *m = NULL;

	if (iso_date(w->d->meta_date)) {
		char date[11];
		memcpy(date, w->d->meta_date, 10);
		date[10] = '\0';
		tz_idoc_report(w->d, "date taken from the document's metadata (%s); check it", date);
		sw_element(w, "  ", "date", date);
	} else {
		tz_idoc_report(w->d, "date: placeholder%s", "");
		sw_element(w, "  ", "date", sw_placeholder(w, "datum", "date"));
	}
	for (int i = 0; w->o->municipality && places[i]; i++)
		if (!strcasecmp(w->o->municipality, places[i]))
			m = places[i];
	if (!m)
		tz_idoc_report(w->d, "municipality: placeholder (give --municipality)%s", "");
	sw_element(w, "  ", "municipality", m ? m : sw_placeholder(w, "gemeente", "municipality"));
}


/* The headline's slug: accents stripped (utf8proc), then as gather does. */
static char *slug_of(const char *title)
{
	utf8proc_uint8_t *plain = NULL;
	char *slug, *id;

	if (utf8proc_map((const utf8proc_uint8_t *)title, (utf8proc_ssize_t)strlen(title), &plain,
			 UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK) < 0)
		plain = NULL;
	slug = tz_draft_slug("s", plain ? (const char *)plain : title);
	free(plain);
	if (!slug)
		return NULL;
	/* "s-word-word": drop the prefix unless the slug would start with a
	 * digit (an id is an NCName) or be empty */
	if (strlen(slug) > 2 && !isdigit((unsigned char)slug[2])) {
		id = tz_strdup(slug + 2);
		free(slug);
		return id;
	}
	if (strlen(slug) <= 2) {
		free(slug);
		return tz_strdup("verhaal");
	}
	return slug;
}

int tz_story_write(struct tz_idoc *d, const struct tz_import_options *o,
		   struct tz_import_result *res, struct tz_error *err)
{
	struct writer w;
	struct tz_buf rest;
	const char *title;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	w.o = o;
	w.d = d;
	w.res = res;
	w.en = o->lang && !strcmp(o->lang, "en");
	w.used = tz_calloc(d->n + 1, 1);
	tz_buf_init(&rest, (size_t)16 * (size_t)1024 * 1024);
	w.x = &rest;
	if (!w.used)
		goto out;
	title = headline(&w);
	res->id = o->id ? tz_strdup(o->id) : slug_of(title);
	if (!res->id)
		goto out;
	lead(&w);
	byline(&w);
	date_and_place(&w);
	tz_story_body(&w);
	if (o->kind && !strcmp(o->kind, "event")) {
		tz_idoc_report(d, "event details: placeholders for the date and place%s", "");
		sw_add(&w, "  <event date=\"");
		sw_esc(&w, sw_placeholder(&w, "datum", "date"));
		sw_add(&w, "\" place=\"");
		sw_esc(&w, sw_placeholder(&w, "plaats", "place"));
		sw_add(&w, "\"/>\n");
	}
	w.x = &res->xml;
	sw_add(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<story id=\"");
	sw_esc(&w, res->id);
	sw_add(&w, "\" kind=\"");
	sw_esc(&w, o->kind ? o->kind : "news");
	sw_add(&w, "\" lang=\"");
	sw_add(&w, w.en ? "en" : "nl");
	sw_add(&w, "\">\n");
	w.r |= tz_buf_add(&res->xml, rest.data, rest.len);
	sw_add(&w, "</story>\n");
	if (!w.r && !d->failed)
		rc = 0;
out:
	if (rc && !d->failed)
		tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "the story is too large or memory ran out");
	else if (rc)
		*err = d->err;
	tz_buf_release(&rest);
	free(w.used);
	return rc;
}
