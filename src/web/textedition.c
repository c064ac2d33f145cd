/*
 * textedition.c - the plain-text e-mail edition (multipart/alternative's
 * text/plain part).
 *
 * Same content and order as the HTML: masthead, greeting, teasers per
 * section, agenda, footer. Text is wrapped at 72 code points (UTF-8 aware,
 * tz_text_wrap), headings are underlined with "=" (issue, sections) and
 * "-" (stories), and every link becomes a numbered reference "[n]" listed
 * at the end of its story, numbered through the whole message.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

#define WRAP 72

struct tx {
	const struct tz_render_ctx *c;
	struct tz_out o;
	struct tz_buf line;    /* scratch */
	const char **refs;     /* URLs of the current story (borrowed or owned below) */
	char **owned;          /* URLs built here, freed at the end of the story */
	size_t nrefs, cap, nowned, owncap;
	int next_ref;          /* message-wide number of the next reference */
};

/* Wrap text and emit it. */
static void para(struct tx *x, const char *text, const char *indent)
{
	tz_buf_reset(&x->line);
	if (tz_text_wrap(&x->line, text, WRAP, indent))
		x->o.failed = 1;
	tz_out_buf(&x->o, &x->line);
}

/* Underlined heading: the underline is as wide as the widest line. */
static void heading(struct tx *x, const char *text, char under)
{
	size_t widest = 0, start = 0;

	tz_buf_reset(&x->line);
	if (tz_text_wrap(&x->line, text, WRAP, "")) {
		x->o.failed = 1;
		return;
	}
	for (size_t i = 0; i < x->line.len; i++)
		if (x->line.data[i] == '\n') {
			size_t w = tz_utf8_width(x->line.data + start, i - start);
			if (w > widest)
				widest = w;
			start = i + 1;
		}
	for (size_t i = 0; i < widest && !x->o.failed; i++)
		if (tz_buf_addc(&x->line, under))
			x->o.failed = 1;
	if (tz_buf_addc(&x->line, '\n'))
		x->o.failed = 1;
	tz_out_buf(&x->o, &x->line);
}

/* Register a link of the current story; returns its number. */
static int add_ref(struct tx *x, const char *url, int owned)
{
	if (tz_array_grow((void **)&x->refs, &x->cap, x->nrefs + 1, sizeof(*x->refs))) {
		x->o.failed = 1;
		if (owned)
			free((char *)url);
		return 0;
	}
	if (owned) {
		if (tz_array_grow((void **)&x->owned, &x->owncap, x->nowned + 1, sizeof(*x->owned))) {
			x->o.failed = 1;
			free((char *)url);
			return 0;
		}
		x->owned[x->nowned++] = (char *)url;
	}
	x->refs[x->nrefs++] = url;
	return x->next_ref++;
}

/* "[n] url" lines for the current story, then forget them. */
static void flush_refs(struct tx *x)
{
	if (x->nrefs)
		tz_out_s(&x->o, "\n");
	for (size_t i = 0; i < x->nrefs; i++) {
		int num = x->next_ref - (int)x->nrefs + (int)i;
		char tag[16];
		int tl = snprintf(tag, sizeof(tag), "[%d] ", num);
		const char *url;
		tz_buf_reset(&x->line); /* the counting link when clicks count */
		if (tz_click_link(x->c, x->refs[i], &x->line) || tz_buf_addc(&x->line, 0))
			x->o.failed = 1;
		url = x->line.data ? x->line.data : "";
		/* a URL cannot be folded without breaking it: when "[n] URL" is
		 * too long, the URL gets a line of its own, which is as short as
		 * that line can be */
		if ((size_t)tl + tz_utf8_width(url, strlen(url)) <= 78)
			tz_out_f(&x->o, "%s%s\n", tag, url);
		else
			tz_out_f(&x->o, "[%d]\n%s\n", num, url);
	}
	for (size_t i = 0; i < x->nowned; i++)
		free(x->owned[i]);
	x->nrefs = x->nowned = 0;
}

/* Runs as plain text with " [n]" after each link. */
static void runs_text(struct tx *x, const struct tz_runs *runs, struct tz_buf *b)
{
	for (size_t i = 0; i < runs->n; i++) {
		const struct tz_run *r = &runs->items[i];
		if (tz_buf_adds(b, r->text))
			x->o.failed = 1;
		if (r->href && (i + 1 == runs->n || !runs->items[i + 1].href ||
				strcmp(runs->items[i + 1].href, r->href) != 0))
			if (tz_buf_addf(b, " [%d]", add_ref(x, r->href, 0)))
				x->o.failed = 1;
	}
}

static int story_ref(struct tx *x, const struct tz_story *s)
{
	struct tz_buf u;

	tz_buf_init(&u, 0);
	if (tz_story_url(&u, x->c->base, x->c->issue, x->c->lang, s->id)) {
		x->o.failed = 1;
		tz_buf_release(&u);
		return 0;
	}
	return add_ref(x, tz_buf_detach(&u, NULL), 1);
}

static void keyfigures(struct tx *x, const struct tz_block *b)
{
	double max = 0;

	if (b->title) {
		para(x, b->title, "");
	}
	for (size_t i = 0; i < b->nfigures; i++) {
		double v = b->figures[i].value < 0 ? -b->figures[i].value : b->figures[i].value;
		if (v > max)
			max = v;
	}
	for (size_t i = 0; i < b->nfigures; i++) {
		const struct tz_keyfigure *k = &b->figures[i];
		double v = k->value < 0 ? -k->value : k->value;
		int bar = max > 0 ? (int)(v / max * 20.0 + 0.5) : 0;
		struct tz_buf t;

		tz_buf_init(&t, 0);
		if (tz_buf_adds(&t, k->label) || tz_buf_adds(&t, ": ") ||
		    tz_format_number(&t, k->value_text, x->c->lang) ||
		    (k->unit && (tz_buf_addc(&t, ' ') || tz_buf_adds(&t, k->unit))) ||
		    (k->note && (tz_buf_adds(&t, " (") || tz_buf_adds(&t, k->note) || tz_buf_addc(&t, ')'))))
			x->o.failed = 1;
		para(x, t.data, "  ");
		tz_buf_reset(&t);
		if (!tz_keyfigures_comparable(b)) {
			tz_buf_release(&t);
			continue;
		}
		if (tz_buf_adds(&t, "  "))
			x->o.failed = 1;
		for (int j = 0; j < (bar < 1 ? 1 : bar); j++)
			if (tz_buf_addc(&t, '#'))
				x->o.failed = 1;
		if (tz_buf_addc(&t, '\n'))
			x->o.failed = 1;
		tz_out_buf(&x->o, &t);
		tz_buf_release(&t);
	}
	if (b->source)
		para(x, b->source, "  ");
}

static void teaser(struct tx *x, const struct tz_story *s)
{
	const struct tz_story_text *t = tz_story_text_for(s, x->c->lang);
	const struct tz_runs *lead = tz_story_teaser(t);
	const struct tz_labels *l = x->c->l;
	struct tz_buf b;

	tz_buf_init(&b, 0);
	tz_out_s(&x->o, "\n");
	if (s->kind == TZ_KIND_PAREL) {
		tz_out_s(&x->o, "* ");
		tz_out_s(&x->o, l->parel);
		tz_out_s(&x->o, " *\n");
	}
	if (t->kicker)
		para(x, t->kicker, "");
	heading(x, t->headline, '-');
	if (s->company) {
		const struct tz_company *co = s->company;
		if (tz_buf_adds(&b, co->name) ||
		    (co->sector && (tz_buf_adds(&b, " \xc2\xb7 ") || tz_buf_adds(&b, co->sector))) ||
		    (co->place && (tz_buf_adds(&b, " \xc2\xb7 ") || tz_buf_adds(&b, co->place))) ||
		    (co->employees >= 0 && tz_buf_addf(&b, " \xc2\xb7 %ld %s", co->employees, l->employees)) ||
		    (co->founded > 0 && tz_buf_addf(&b, " \xc2\xb7 %s %d", l->founded, co->founded)))
			x->o.failed = 1;
		para(x, b.data, "");
		tz_buf_reset(&b);
	}
	if (lead) {
		runs_text(x, lead, &b);
		para(x, b.data, "");
		tz_buf_reset(&b);
	}
	if (s->kind == TZ_KIND_FIGURES) {
		const struct tz_block *kf = tz_story_keyfigures(t);
		if (!kf)
			kf = tz_story_keyfigures(&s->text);
		if (kf) {
			tz_out_s(&x->o, "\n");
			keyfigures(x, kf);
		}
	}
	if (tz_buf_addf(&b, "%s [%d]", l->read_more, story_ref(x, s)))
		x->o.failed = 1;
	tz_out_s(&x->o, "\n");
	para(x, b.data, "");
	flush_refs(x);
	tz_buf_release(&b);
}


static void agenda(struct tx *x, const struct tz_story **ev, size_t nev)
{
	struct tz_buf b;

	tz_buf_init(&b, 0);
	tz_out_s(&x->o, "\n\n");
	heading(x, x->c->l->agenda, '=');
	for (size_t i = 0; i < nev; i++) {
		const struct tz_story *s = ev[i];
		const struct tz_story_text *t = tz_story_text_for(s, x->c->lang);

		tz_out_s(&x->o, "\n");
		if (tz_format_date(&b, s->event->date, x->c->lang) ||
		    (s->event->time && (tz_buf_adds(&b, ", ") || tz_buf_adds(&b, s->event->time))))
			x->o.failed = 1;
		para(x, b.data, "");
		tz_buf_reset(&b);
		if (tz_buf_addf(&b, "%s [%d]", t->headline, story_ref(x, s)))
			x->o.failed = 1;
		para(x, b.data, "  ");
		tz_buf_reset(&b);
		para(x, s->event->place, "  ");
		if (tz_story_teaser(t)) {
			runs_text(x, tz_story_teaser(t), &b);
			para(x, b.data, "  ");
			tz_buf_reset(&b);
		}
		if (s->event->registration) {
			if (tz_buf_addf(&b, "%s [%d]", x->c->l->register_,
					add_ref(x, s->event->registration, 0)))
				x->o.failed = 1;
			para(x, b.data, "  ");
			tz_buf_reset(&b);
		}
	}
	flush_refs(x);
	tz_buf_release(&b);
}

static void masthead(struct tx *x)
{
	const struct tz_issue *is = x->c->issue;
	struct tz_buf b;

	tz_buf_init(&b, 0);
	para(x, x->c->theme.logo_text, "");
	heading(x, is->title, '=');
	if (is->edition && !strcmp(x->c->lang, is->lang ? is->lang : "nl")) {
		if (tz_buf_adds(&b, is->edition))
			x->o.failed = 1;
	} else if (tz_buf_addf(&b, "%s %d", x->c->l->issue_number, is->number) ||
		   (is->date && (tz_buf_adds(&b, " \xc2\xb7 ") ||
				 tz_format_date(&b, is->date, x->c->lang)))) {
		x->o.failed = 1;
	}
	para(x, b.data, "");
	tz_buf_release(&b);
	tz_out_f(&x->o, "\n%s:\n", x->c->l->view_in_browser);
	tz_out_slot(&x->o, TZ_SLOT_VIEW_URL);
	tz_out_f(&x->o, "\n\n%s ", x->c->l->greeting);
	tz_out_slot(&x->o, TZ_SLOT_GREETING_NAME);
	tz_out_s(&x->o, ",\n");
}

static void footer(struct tx *x)
{
	const struct tz_theme *th = &x->c->theme;
	const char *reason = !strcmp(x->c->lang, "en") && th->reason_en ? th->reason_en : th->reason;

	/* reason and unsubscribe above the "-- " signature separator: clients
	 * drop what follows it when replying or quoting (RFC 3676 4.3) */
	tz_out_s(&x->o, "\n\n");
	para(x, reason, "");
	tz_out_f(&x->o, "\n%s:\n", x->c->l->unsubscribe);
	tz_out_slot(&x->o, TZ_SLOT_UNSUBSCRIBE_URL);
	tz_out_f(&x->o, "\n%s:\n", x->c->l->preferences);
	tz_out_slot(&x->o, TZ_SLOT_PREFERENCES_URL);
	tz_out_s(&x->o, "\n\n-- \n");
	para(x, th->sender, "");
}

int tz_newsletter_text(const struct tz_render_ctx *c, struct tz_template *t)
{
	const struct tz_issue *is = c->issue;
	const struct tz_story **ev = NULL;
	size_t nev = 0, total = 0;
	struct tx x;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.o.t = t;
	x.next_ref = 1;
	tz_buf_init(&x.line, 0);
	for (size_t i = 0; i < is->nsections; i++)
		total += is->sections[i].nstories;
	ev = tz_calloc(total ? total : 1, sizeof(struct tz_story *));
	if (!ev) {
		tz_buf_release(&x.line);
		return -1;
	}
	masthead(&x);
	for (size_t i = 0; i < is->nsections && !x.o.failed; i++) {
		const struct tz_section *sec = &is->sections[i];
		int head = 0;
		for (size_t j = 0; j < sec->nstories; j++) {
			const struct tz_story *s = sec->stories[j];
			if (tz_story_is_agenda(s)) {
				ev[nev++] = s;
				continue;
			}
			if (!head++) {
				tz_out_s(&x.o, "\n\n");
				heading(&x, tz_section_title(sec->title, c->lang), '=');
				if (sec->intro && !strcmp(c->lang, is->lang ? is->lang : "nl")) {
					tz_out_s(&x.o, "\n");
					para(&x, sec->intro, "");
				}
			}
			teaser(&x, s);
		}
	}
	if (nev && !x.o.failed) {
		/* same order as the HTML agenda: by date, then issue order */
		for (size_t i = 1; i < nev; i++)
			for (size_t k = i; k > 0 && strcmp(ev[k - 1]->event->date, ev[k]->event->date) > 0; k--) {
				const struct tz_story *tmp = ev[k];
				ev[k] = ev[k - 1];
				ev[k - 1] = tmp;
			}
		agenda(&x, ev, nev);
	}
	footer(&x);
	flush_refs(&x);
	free(ev);
	free(x.refs);
	free(x.owned);
	tz_buf_release(&x.line);
	return x.o.failed ? -1 : 0;
}
