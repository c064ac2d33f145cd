/*
 * body.c - the story body from the document's blocks (see story.c for the
 * rules). Every block is written or named in a report line: nothing goes
 * missing silently.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "storyint.h"
#include "../model/image.h"
#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static int is_short_bold(const struct tz_iblock *b)
{
	size_t n = strlen(b->text);

	return b->all_style == TZ_INLINE_STRONG && n > 0 && n <= 80 &&
	       !strchr(".:;,!?", b->text[n - 1]);
}

static void quotes(struct writer *w, size_t *i)
{
	struct tz_idoc *d = w->d;
	size_t end = *i, k;
	const char *by = NULL;
	size_t by_block = (size_t)-1;

	while (end < d->n && d->blocks[end].role == TZ_ROLE_QUOTE && !w->used[end])
		end++;
	/* "— Naam, functie" as the last quote paragraph or right after it */
	if (end - *i > 1 && sw_attribution(d->blocks[end - 1].text)) {
		by_block = end - 1;
	} else if (end < d->n && !w->used[end] && d->blocks[end].role == TZ_ROLE_BODY &&
		   sw_attribution(d->blocks[end].text)) {
		by_block = end;
	}
	if (by_block != (size_t)-1) {
		by = sw_attribution(d->blocks[by_block].text);
		w->used[by_block] = 1;
	}
	for (k = *i; k < end; k++) {
		if (w->used[k])
			continue;
		w->used[k] = 1;
		sw_add(w, "    <quote");
		if (by && (k + 1 == end || (k + 2 == end && by_block == end - 1))) {
			sw_add(w, " by=\"");
			sw_esc(w, by);
			sw_add(w, "\"");
		}
		sw_add(w, ">");
		sw_add(w, d->blocks[k].xml);
		sw_add(w, "</quote>\n");
	}
	if (by)
		tz_idoc_report(w->d, "quote attributed to '%s'", by);
	*i = (by_block == end ? end + 1 : end);
}

/* Consecutive list items as one <ul>/<ol> with the lists nested in it.
 * An item's level may only go one deeper than the item before (a jump is
 * closed up), and never past TZ_MAX_LIST_DEPTH (kept at the deepest level,
 * reported); at the outer level a change of kind or of list id starts the
 * next list. Inside, the first item of a level decides its kind: an <li>
 * holds one nested list. */
static void list(struct writer *w, size_t *i)
{
	struct tz_idoc *d = w->d;
	int ordered[TZ_MAX_LIST_DEPTH];
	long count[TZ_MAX_LIST_DEPTH];
	int open = 0; /* lists open; each has an <li> open */
	const struct tz_iblock *first = &d->blocks[*i];

	for (; *i < d->n && d->blocks[*i].role == TZ_ROLE_LIST; (*i)++) {
		const struct tz_iblock *b = &d->blocks[*i];
		int lv = b->level < 0 ? 0 : b->level;
		if (w->used[*i])
			continue;
		if (lv > open)
			lv = open; /* one level deeper at most */
		if (lv >= TZ_MAX_LIST_DEPTH) {
			lv = TZ_MAX_LIST_DEPTH - 1;
			w->deep_items++;
		}
		if (lv == 0 && open &&
		    (b->ordered != first->ordered || b->list_id != first->list_id))
			break;
		w->used[*i] = 1;
		for (; open > lv + 1; open--)
			sw_add(w, ordered[open - 1] ? "</li></ol>" : "</li></ul>");
		if (open == lv + 1) {
			sw_add(w, "</li>");
		} else { /* open == lv: a new list */
			long start = b->start;
			if (lv == 0 && b->list_id && b->list_id == w->last_list_id && b->ordered)
				start = w->last_list_next;
			ordered[lv] = b->ordered;
			count[lv] = start;
			if (!b->ordered) {
				sw_add(w, lv ? "<ul>" : "    <ul>");
			} else if (start == 1) {
				sw_add(w, lv ? "<ol>" : "    <ol>");
			} else {
				char tag[40];
				snprintf(tag, sizeof(tag), "%s<ol start=\"%ld\">", lv ? "" : "    ", start);
				sw_add(w, tag);
			}
			open = lv + 1;
		}
		count[lv]++;
		sw_add(w, "<li>");
		sw_add(w, b->xml);
	}
	w->last_list_id = first->list_id;
	w->last_list_next = open ? count[0] : 1;
	for (; open > 0; open--)
		sw_add(w, ordered[open - 1] ? "</li></ol>" : "</li></ul>");
	sw_add(w, "\n");
}

/* "Foto: Naam" / "(Beeld Naam)" at the end of a caption is the credit. */
static void split_credit(const char *caption, char **cap, char **credit)
{
	static const char *const marks[] = {"Foto:", "Foto's:", "Beeld:", "Photo:", "Image:",
					    "Credit:", "Fotografie:", NULL};
	const char *best = NULL;

	*cap = NULL;
	*credit = NULL;
	for (int m = 0; marks[m]; m++) {
		const char *p = caption;
		while ((p = strcasestr(p, marks[m])) != NULL) {
			if (p == caption || p[-1] == ' ' || p[-1] == '(')
				best = !best || p > best ? p : best;
			p++;
		}
	}
	if (!best)
		return;
	{
		const char *c = best + strcspn(best, ":") + 1;
		size_t cut = (size_t)(best - caption), n;
		while (*c == ' ')
			c++;
		n = strlen(c);
		while (n && (c[n - 1] == ')' || c[n - 1] == ' '))
			n--;
		while (cut && (caption[cut - 1] == ' ' || caption[cut - 1] == '(' ||
			       caption[cut - 1] == '|' || caption[cut - 1] == '-'))
			cut--;
		if (!n)
			return;
		*credit = tz_strndup(c, n);
		*cap = tz_strndup(caption, cut);
	}
}

static void figure(struct writer *w, size_t i)
{
	struct tz_idoc *d = w->d;
	struct tz_iblock *b = &d->blocks[i];
	struct tz_import_result *res = w->res;
	struct tz_image img;
	struct tz_error err;
	char name[200];
	size_t c;
	char *cap = NULL, *credit = NULL;
	unsigned char **data;
	size_t *lens;

	w->used[i] = 1;
	memset(&img, 0, sizeof(img));
	img.src = b->text; /* the name inside the document, for the message */
	tz_error_clear(&err);
	if (tz_image_probe_mem(b->image_data, b->image_len, &img, &err)) {
		tz_idoc_report(d, "image '%s' dropped: %s", b->text, err.msg);
		return;
	}
	snprintf(name, sizeof(name), "images/%s-%zu.%s", res->id, res->nimages + 1, b->image_ext);
	data = tz_realloc(res->image_data, (res->nimages + 1) * sizeof(*data));
	if (data)
		res->image_data = data;
	lens = tz_realloc(res->image_len, (res->nimages + 1) * sizeof(*lens));
	if (lens)
		res->image_len = lens;
	if (!data || !lens || tz_strlist_add(&res->image_names, name)) {
		w->r = 1;
		return;
	}
	res->image_data[res->nimages] = b->image_data;
	res->image_len[res->nimages] = b->image_len;
	res->nimages++;
	b->image_data = NULL;
	sw_add(w, "    <figure src=\"");
	sw_esc(w, name);
	sw_add(w, "\"><alt>");
	if (b->alt && b->alt[0]) {
		sw_esc(w, b->alt);
	} else {
		tz_idoc_report(d, "image '%s' has no alt text: placeholder", b->text);
		sw_esc(w, sw_placeholder(w, "beschrijving van de foto", "description of the image"));
	}
	sw_add(w, "</alt>");
	c = i + 1;
	while (c < d->n && !sw_visible(&d->blocks[c]))
		c++;
	if (c < d->n && !w->used[c] && d->blocks[c].role == TZ_ROLE_CAPTION) {
		w->used[c] = 1;
		split_credit(d->blocks[c].text, &cap, &credit);
		sw_add(w, "<caption>");
		sw_esc(w, cap ? cap : d->blocks[c].text);
		sw_add(w, "</caption>");
		if (credit) {
			sw_add(w, "<credit>");
			sw_esc(w, credit);
			sw_add(w, "</credit>");
		}
	}
	sw_add(w, "</figure>\n");
	free(cap);
	free(credit);
}

/* "118.000", "12,5 %", "€ 3,2 mln" -> value "118000"/"12.5"/"3.2", unit rest. */
static int number_of(const char *s, char *value, size_t vsz, const char **unit)
{
	size_t n = 0;
	int digits = 0, dot = 0;
	const char *p = s;

	while (*p && !isdigit((unsigned char)*p) && *p != '-') {
		if ((unsigned char)*p < 0x80 && isalpha((unsigned char)*p))
			return 0; /* a word before the number: not a figure */
		p++;
	}
	if (*p == '-' && n + 1 < vsz)
		value[n++] = *p++;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n + 1 >= vsz)
				return 0;
			value[n++] = *p;
			digits++;
		} else if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) {
			/* 118.000 (three digits follow, nothing after): thousands */
			int three = isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
				    isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4]);
			if (*p == '.' && three)
				continue;
			if (*p == ',' && three && dot)
				continue;
			if (dot || n + 1 >= vsz)
				return 0;
			value[n++] = '.';
			dot = 1;
		} else {
			break;
		}
	}
	value[n] = '\0';
	while (*p == ' ')
		p++;
	*unit = p;
	return digits > 0;
}

static void table(struct writer *w, size_t i)
{
	struct tz_iblock *b = &w->d->blocks[i];
	size_t start = 0, numeric = 0;
	char value[64];
	const char *unit;

	w->used[i] = 1;
	{
		int any = 0;
		for (size_t k = 0; k < b->rows * b->cols; k++)
			any |= b->cells[k][0] != '\0';
		if (!any) {
			tz_idoc_report(w->d, "empty table dropped%s", "");
			return;
		}
	}
	if (b->cols == 2) {
		if (b->rows > 1 && !number_of(b->cells[1], value, sizeof(value), &unit))
			start = 1; /* a heading row */
		for (size_t r = start; r < b->rows; r++)
			numeric += number_of(b->cells[r * 2 + 1], value, sizeof(value), &unit);
		if (numeric && numeric == b->rows - start) {
			sw_add(w, "    <keyfigures");
			if (start) {
				sw_add(w, " title=\"");
				sw_esc(w, b->cells[0][0] ? b->cells[0] : b->cells[1]);
				sw_add(w, "\"");
			}
			sw_add(w, ">");
			for (size_t r = start; r < b->rows; r++) {
				number_of(b->cells[r * 2 + 1], value, sizeof(value), &unit);
				sw_add(w, "<kf label=\"");
				sw_esc(w, b->cells[r * 2]);
				sw_add(w, "\" value=\"");
				sw_esc(w, value);
				sw_add(w, "\" unit=\"");
				sw_esc(w, unit);
				sw_add(w, "\"/>");
			}
			sw_add(w, "</keyfigures>\n");
			tz_idoc_report(w->d, "two-column table of numbers written as key figures%s", "");
			return;
		}
		sw_add(w, "    <factbox>");
		for (size_t r = 0; r < b->rows; r++) {
			if (!b->cells[r * 2][0] && !b->cells[r * 2 + 1][0])
				continue;
			sw_add(w, "<p><strong>");
			sw_esc(w, b->cells[r * 2]);
			sw_add(w, "</strong> ");
			sw_esc(w, b->cells[r * 2 + 1]);
			sw_add(w, "</p>");
		}
		sw_add(w, "</factbox>\n");
		tz_idoc_report(w->d, "two-column table written as a fact box%s", "");
		return;
	}
	{
		char what[120];
		snprintf(what, sizeof(what), "%zu rows and %zu columns", b->rows, b->cols);
		tz_idoc_report(w->d, "table with %s written as paragraphs, one per row (a story has no tables)",
			       what);
	}
	for (size_t r = 0; r < b->rows; r++) {
		int any = 0;
		for (size_t c = 0; c < b->cols; c++)
			any |= b->cells[r * b->cols + c][0] != '\0';
		if (!any)
			continue;
		sw_add(w, "    <p>");
		for (size_t c = 0, first = 1; c < b->cols; c++) {
			if (!b->cells[r * b->cols + c][0])
				continue;
			if (!first)
				sw_add(w, " \xC2\xB7 ");
			first = 0;
			sw_esc(w, b->cells[r * b->cols + c]);
		}
		sw_add(w, "</p>\n");
	}
}

void tz_story_body(struct writer *w)
{
	struct tz_idoc *d = w->d;
	size_t written, bodies = 0;

	sw_add(w, "  <body>\n");
	written = w->x->len;
	for (size_t i = 0; i < d->n;) {
		struct tz_iblock *b = &d->blocks[i];
		if (w->used[i]) {
			i++;
			continue;
		}
		switch (b->role) {
		case TZ_ROLE_IGNORE:
			tz_idoc_report(d, "paragraph in style '%s' dropped", b->style_name ? b->style_name : "?");
			break;
		case TZ_ROLE_QUOTE:
			quotes(w, &i);
			continue;
		case TZ_ROLE_LIST:
			list(w, &i);
			continue;
		case TZ_ROLE_IMAGE:
			figure(w, i);
			break;
		case TZ_ROLE_TABLE:
			table(w, i);
			break;
		case TZ_ROLE_HEADING:
		case TZ_ROLE_TITLE:
			sw_element(w, "    ", "h2", b->text);
			break;
		default:
			if (b->role == TZ_ROLE_BODY && bodies && is_short_bold(b)) {
				tz_idoc_report(d, "short bold paragraph '%s' made a subheading", b->text);
				sw_element(w, "    ", "h2", b->text);
				break;
			}
			bodies++;
			sw_add(w, "    <p>");
			sw_add(w, b->xml);
			sw_add(w, "</p>\n");
		}
		w->used[i] = 1;
		i++;
	}
	if (w->deep_items) {
		char n[32];
		snprintf(n, sizeof(n), "%d", w->deep_items);
		tz_idoc_report(d, "%s list item(s) nested more than %d deep kept at level %d (a story list nests %d deep)",
			       n, TZ_MAX_LIST_DEPTH, TZ_MAX_LIST_DEPTH, TZ_MAX_LIST_DEPTH);
	}
	if (d->notes.n) {
		sw_element(w, "    ", "h2", w->en ? "Notes" : "Noten");
		for (size_t k = 0; k < d->notes.n; k++) {
			char num[32];
			snprintf(num, sizeof(num), "    <p>[%zu] ", k + 1);
			sw_add(w, num);
			sw_esc(w, d->notes.v[k]);
			sw_add(w, "</p>\n");
		}
		{
			char n[32];
			snprintf(n, sizeof(n), "%zu", d->notes.n);
			tz_idoc_report(d, "%s footnote(s) appended at the end of the story", n);
		}
	}
	if (w->x->len == written) {
		tz_idoc_report(d, "the document has no body text: placeholder paragraph%s", "");
		sw_element(w, "    ", "p", sw_placeholder(w, "tekst", "text"));
	}
	sw_add(w, "  </body>\n");
}
