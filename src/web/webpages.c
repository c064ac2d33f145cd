/*
 * webpages.c - the web version for the archive (see web.h).
 *
 * Unlike the e-mail, a browser reads a normal stylesheet, so the pages are
 * plain semantic HTML with one <style> block built from the newsletter
 * theme, fluid to any width (max 760 px text column). Pages are built with
 * the same writer and escaping as the e-mail, then written atomically.
 */
#include "web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

struct wp {
	const struct tz_render_ctx *c;
	struct tz_out o;
	const char *up; /* "" or "../": from the page to the web folder's root */
	const char *switch_to; /* the other language's folder ("en/", "../") or NULL */
};

static void css(struct wp *w)
{
	const struct tz_theme *th = &w->c->theme;

	tz_out_f(&w->o, "<style>\n*{box-sizing:border-box}\n"
		 "body{margin:0;background:%s;color:%s;font-family:%s;font-size:18px;line-height:1.6}\n"
		 ".wrap{max-width:760px;margin:0 auto;padding:0 20px}\n"
		 "header.mast{background:%s;color:#fff;padding:26px 0}\n"
		 ".logo{color:%s;text-transform:uppercase;letter-spacing:2px;font-weight:bold;font-size:14px;text-decoration:none}\n",
		 th->background, th->text, th->font_body, th->deep, th->accent_on_deep);
	tz_out_f(&w->o, "h1,h2,h3,.kicker,.logo,.pullquote{font-family:%s}\n"
		 "header.mast h1{margin:.2em 0 0;font-size:2.1rem;line-height:1.15}\n"
		 "header.mast h1 a{color:#fff;text-decoration:none}\n"
		 ".meta{color:#dbe6f3;margin:.3em 0 0;font-size:.95rem}\n"
		 "main{background:%s;padding:8px 0 40px}\n"
		 "a{color:%s}\n"
		 "h2.section{color:%s;border-bottom:3px solid %s;padding-bottom:.2em;margin:1.6em 0 .6em;font-size:1.4rem}\n",
		 th->font_heading, th->paper, th->deep, th->deep, th->accent);
	tz_out_f(&w->o, ".card{margin:0 0 2.2em}\n"
		 "img{display:block;max-width:100%%;height:auto;border:0}\n"
		 ".kicker{color:%s;text-transform:uppercase;letter-spacing:1px;font-weight:bold;font-size:.8rem;margin:.8em 0 .2em}\n"
		 ".card h3{font-size:1.4rem;line-height:1.25;margin:.2em 0 .4em}\n"
		 ".card h3 a{color:inherit;text-decoration:none}\n"
		 ".more{font-weight:bold;color:%s;text-decoration:none}\n"
		 ".parel{background:%s;border-left:4px solid %s;padding:16px 18px}\n"
		 ".parel-label{color:%s;font-weight:bold;text-transform:uppercase;letter-spacing:1px;font-size:.85rem;margin:0 0 .6em}\n"
		 ".facts,.intro{color:%s;font-size:.95rem}.intro{font-style:italic}\n",
		 th->accent_text, th->accent_text, th->tint, th->green, th->green_text, th->muted);
	tz_out_f(&w->o, ".kf{margin:.6em 0}.kf-label{font-size:.95rem}\n"
		 ".bar{background:%s;height:14px}.bar span{display:block;height:14px;background:%s}\n"
		 ".source,figcaption,.byline{color:%s;font-size:.9rem}\n"
		 "table.agenda{width:100%%;border-collapse:collapse}\n"
		 "table.agenda td{border-top:1px solid #dde3ea;padding:10px 10px 10px 0;vertical-align:top}\n"
		 "table.agenda td.when{font-weight:bold;color:%s;white-space:nowrap;width:9em}\n"
		 "article h1{font-size:2rem;line-height:1.2;margin:.3em 0}\n"
		 ".lead{font-size:1.15rem;font-weight:bold}\n"
		 "blockquote{border-left:4px solid %s;margin:1.2em 0;padding:.1em 0 .1em 1em;font-style:italic}\n"
		 ".pullquote{font-size:1.5rem;line-height:1.3;color:%s;margin:1.2em 0}\n"
		 "figure{margin:1.5em 0}\n"
		 ".box{background:%s;padding:12px 18px;margin:1.5em 0}.box h2{font-size:1.15rem;margin:.4em 0}\n"
		 "footer{background:%s;color:#dbe6f3;font-size:.9rem;padding:24px 0}\nfooter a{color:#fff}\n"
		 "@media (max-width:600px){body{font-size:17px}header.mast h1{font-size:1.6rem}article h1{font-size:1.6rem}table.agenda td.when{width:auto;white-space:normal}}\n"
		 "</style>\n",
		 th->tint, th->accent, th->muted, th->deep, th->accent, th->deep, th->tint, th->deep);
}

/* page: this page's file name, for the link to the same page in the other
 * language (every language has the same file names). */
static void page_open(struct wp *w, const char *title, const char *page)
{
	const struct tz_issue *is = w->c->issue;
	struct tz_buf date;

	tz_out_f(&w->o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		 w->c->lang);
	tz_out_esc(&w->o, title);
	tz_out_s(&w->o, "</title>\n");
	css(w);
	tz_out_s(&w->o, "</head>\n<body>\n<header class=\"mast\"><div class=\"wrap\"><a class=\"logo\" href=\"index.html\">");
	tz_out_esc(&w->o, w->c->theme.logo_text);
	tz_out_s(&w->o, "</a><h1><a href=\"index.html\">");
	tz_out_esc(&w->o, is->title);
	tz_out_s(&w->o, "</a></h1><p class=\"meta\">");
	if (is->edition && !strcmp(w->c->lang, is->lang ? is->lang : "nl")) {
		tz_out_esc(&w->o, is->edition);
	} else {
		tz_out_f(&w->o, "%s %d", w->c->l->issue_number, is->number);
		tz_buf_init(&date, 256);
		if (tz_format_date(&date, is->date, w->c->lang))
			w->o.failed = 1;
		if (date.len) {
			tz_out_s(&w->o, " &middot; ");
			tz_out_esc(&w->o, date.data);
		}
		tz_buf_release(&date);
	}
	if (w->switch_to) {
		tz_out_f(&w->o, " &middot; <a lang=\"%s\" href=\"%s%s\">%s</a>",
			 strcmp(w->c->lang, "en") ? "en" : "nl", w->switch_to, page,
			 strcmp(w->c->lang, "en") ? "English" : "Nederlands");
	}
	tz_out_s(&w->o, "</p></div></header>\n<main><div class=\"wrap\">\n");
}

static void page_close(struct wp *w)
{
	const struct tz_theme *th = &w->c->theme;

	tz_out_s(&w->o, "</div></main>\n<footer><div class=\"wrap\"><p>");
	tz_out_esc(&w->o, th->sender);
	tz_out_s(&w->o, "</p></div></footer>\n</body>\n</html>\n");
}

static void img(struct wp *w, const struct tz_figure *f, int max)
{
	struct tz_buf path;
	int iw, ih;

	tz_image_fit(&f->image, max, &iw, &ih);
	tz_buf_init(&path, 0);
	if (tz_image_web_path(&path, w->c->issue, &f->image))
		w->o.failed = 1;
	tz_out_f(&w->o, "<img src=\"%s", w->up);
	tz_out_esc(&w->o, path.data);
	tz_out_f(&w->o, "\" width=\"%d\" height=\"%d\" alt=\"", iw, ih);
	tz_out_esc(&w->o, f->alt ? f->alt : "");
	tz_out_s(&w->o, "\">");
	tz_buf_release(&path);
}

static void bars(struct wp *w, const struct tz_block *b)
{
	double max = 0;

	for (size_t i = 0; i < b->nfigures; i++) {
		double v = b->figures[i].value < 0 ? -b->figures[i].value : b->figures[i].value;
		if (v > max)
			max = v;
	}
	tz_out_s(&w->o, "<div class=\"box\">");
	if (b->title) { /* h2: the story page's h1 may be the only heading before it */
		tz_out_s(&w->o, "<h2>");
		tz_out_esc(&w->o, b->title);
		tz_out_s(&w->o, "</h2>");
	}
	for (size_t i = 0; i < b->nfigures; i++) {
		const struct tz_keyfigure *k = &b->figures[i];
		double v = k->value < 0 ? -k->value : k->value;
		int pct = max > 0 ? (int)(v / max * 100.0 + 0.5) : 0;
		struct tz_buf num;

		tz_buf_init(&num, 256);
		if (tz_format_number(&num, k->value_text, w->c->lang))
			w->o.failed = 1;
		tz_out_s(&w->o, "<div class=\"kf\"><div class=\"kf-label\">");
		tz_out_esc(&w->o, k->label);
		tz_out_s(&w->o, ": <strong>");
		tz_out_esc(&w->o, num.data);
		if (k->unit) {
			tz_out_s(&w->o, "&nbsp;");
			tz_out_esc(&w->o, k->unit);
		}
		tz_out_s(&w->o, "</strong>");
		if (k->note) {
			tz_out_s(&w->o, " <span class=\"source\">");
			tz_out_esc(&w->o, k->note);
			tz_out_s(&w->o, "</span>");
		}
		tz_out_s(&w->o, "</div>");
		if (tz_keyfigures_comparable(b))
			tz_out_f(&w->o, "<div class=\"bar\"><span style=\"width:%d%%\"></span></div>",
				 pct < 1 ? 1 : pct);
		tz_out_s(&w->o, "</div>");
		tz_buf_release(&num);
	}
	if (b->source) {
		tz_out_s(&w->o, "<p class=\"source\">");
		tz_out_esc(&w->o, b->source);
		tz_out_s(&w->o, "</p>");
	}
	tz_out_s(&w->o, "</div>\n");
}

/* <ol type> says how the numbers look, the same house style as in print
 * (1. / a. / i. by depth) in any browser or reader, without CSS. */
static void list(struct wp *w, const struct tz_block *b, int depth)
{
	static const char *const types[] = {"1", "a", "i"};

	if (b->ordered) {
		tz_out_f(&w->o, "<ol type=\"%s\"", types[depth < 1 ? 0 : depth > 3 ? 2 : depth - 1]);
		if (b->start != 1)
			tz_out_f(&w->o, " start=\"%ld\"", b->start);
		tz_out_s(&w->o, ">");
	} else {
		tz_out_s(&w->o, "<ul>");
	}
	for (size_t i = 0; i < b->nitems; i++) {
		tz_out_s(&w->o, "<li>");
		tz_out_runs_html(&w->o, &b->items[i], NULL);
		if (b->sublists && b->sublists[i] && depth < TZ_MAX_LIST_DEPTH)
			list(w, b->sublists[i], depth + 1);
		tz_out_s(&w->o, "</li>");
	}
	tz_out_s(&w->o, b->ordered ? "</ol>" : "</ul>");
	if (depth == 1)
		tz_out_s(&w->o, "\n");
}

static void block(struct wp *w, const struct tz_block *b)
{
	switch (b->kind) {
	case TZ_BLOCK_PARA:
		tz_out_s(&w->o, "<p>");
		tz_out_runs_html(&w->o, &b->runs, NULL);
		tz_out_s(&w->o, "</p>\n");
		break;
	case TZ_BLOCK_SUBHEAD:
		tz_out_s(&w->o, "<h2>");
		tz_out_runs_html(&w->o, &b->runs, NULL);
		tz_out_s(&w->o, "</h2>\n");
		break;
	case TZ_BLOCK_QUOTE:
	case TZ_BLOCK_PULLQUOTE:
		tz_out_s(&w->o, b->kind == TZ_BLOCK_QUOTE ? "<blockquote><p>" : "<blockquote class=\"pullquote\"><p>");
		tz_out_runs_html(&w->o, &b->runs, NULL);
		tz_out_s(&w->o, "</p>");
		if (b->by) {
			tz_out_s(&w->o, "<p class=\"byline\">&mdash; ");
			tz_out_esc(&w->o, b->by);
			tz_out_s(&w->o, "</p>");
		}
		tz_out_s(&w->o, "</blockquote>\n");
		break;
	case TZ_BLOCK_FIGURE:
		if (!b->figure)
			break;
		tz_out_s(&w->o, "<figure>");
		img(w, b->figure, 720);
		if (b->figure->caption || b->figure->credit) {
			tz_out_s(&w->o, "<figcaption>");
			tz_out_esc(&w->o, b->figure->caption);
			if (b->figure->caption && b->figure->credit)
				tz_out_s(&w->o, " &middot; ");
			tz_out_esc(&w->o, b->figure->credit);
			tz_out_s(&w->o, "</figcaption>");
		}
		tz_out_s(&w->o, "</figure>\n");
		break;
	case TZ_BLOCK_FACTBOX:
		/* a section, not an <aside>: a complementary landmark may not sit
		 * inside <main> */
		tz_out_s(&w->o, "<section class=\"box\">");
		if (b->title) {
			tz_out_s(&w->o, "<h2>");
			tz_out_esc(&w->o, b->title);
			tz_out_s(&w->o, "</h2>");
		}
		for (size_t i = 0; i < b->nchildren; i++)
			block(w, &b->children[i]);
		tz_out_s(&w->o, "</section>\n");
		break;
	case TZ_BLOCK_KEYFIGURES:
		bars(w, b);
		break;
	case TZ_BLOCK_LIST:
		list(w, b, 1);
		break;
	}
}

static void facts(struct wp *w, const struct tz_story *s)
{
	const struct tz_labels *l = w->c->l;
	struct tz_buf d;

	if (s->company) {
		const struct tz_company *co = s->company;
		tz_out_s(&w->o, "<p class=\"facts\"><strong>");
		tz_out_esc(&w->o, co->name);
		tz_out_s(&w->o, "</strong>");
		if (co->sector) {
			tz_out_s(&w->o, " &middot; ");
			tz_out_esc(&w->o, co->sector);
		}
		if (co->place) {
			tz_out_s(&w->o, " &middot; ");
			tz_out_esc(&w->o, co->place);
		}
		if (co->employees >= 0)
			tz_out_f(&w->o, " &middot; %ld %s", co->employees, l->employees);
		if (co->founded > 0)
			tz_out_f(&w->o, " &middot; %s %d", l->founded, co->founded);
		if (co->website) {
			tz_out_s(&w->o, " &middot; <a href=\"");
			tz_out_esc(&w->o, co->website);
			tz_out_s(&w->o, "\">");
			tz_out_esc(&w->o, co->website);
			tz_out_s(&w->o, "</a>");
		}
		tz_out_s(&w->o, "</p>\n");
	}
	if (s->event) {
		tz_buf_init(&d, 256);
		if (tz_format_date(&d, s->event->date, w->c->lang))
			w->o.failed = 1;
		tz_out_s(&w->o, "<p class=\"facts\"><strong>");
		tz_out_esc(&w->o, d.data);
		if (s->event->time) {
			tz_out_s(&w->o, ", ");
			tz_out_esc(&w->o, s->event->time);
		}
		tz_out_s(&w->o, "</strong> &middot; ");
		tz_out_esc(&w->o, s->event->place);
		if (s->event->registration) {
			tz_out_s(&w->o, " &middot; <a href=\"");
			tz_out_esc(&w->o, s->event->registration);
			tz_out_s(&w->o, "\">");
			tz_out_esc(&w->o, l->register_);
			tz_out_s(&w->o, "</a>");
		}
		tz_out_s(&w->o, "</p>\n");
		tz_buf_release(&d);
	}
}

static void story_page(struct wp *w, const struct tz_story *s)
{
	const struct tz_story_text *t = tz_story_text_for(s, w->c->lang);
	struct tz_buf d;

	char page[300];

	snprintf(page, sizeof(page), "%s.html", s->id); /* length checked by write_lang */
	page_open(w, t->headline, page);
	tz_out_s(&w->o, "<article>\n");
	if (t->kicker) {
		tz_out_s(&w->o, "<p class=\"kicker\">");
		tz_out_esc(&w->o, t->kicker);
		tz_out_s(&w->o, "</p>");
	}
	tz_out_s(&w->o, "<h1>");
	tz_out_esc(&w->o, t->headline);
	tz_out_s(&w->o, "</h1>\n");
	if (t->byline || t->date) {
		tz_buf_init(&d, 256);
		if (tz_format_date(&d, t->date, w->c->lang))
			w->o.failed = 1;
		tz_out_s(&w->o, "<p class=\"byline\">");
		tz_out_esc(&w->o, t->byline);
		if (t->byline && d.len)
			tz_out_s(&w->o, " &middot; ");
		tz_out_esc(&w->o, d.data);
		tz_out_s(&w->o, "</p>\n");
		tz_buf_release(&d);
	}
	facts(w, s);
	if (t->lead.n) {
		tz_out_s(&w->o, "<p class=\"lead\">");
		tz_out_runs_html(&w->o, &t->lead, NULL);
		tz_out_s(&w->o, "</p>\n");
	}
	for (size_t i = 0; i < t->nblocks; i++)
		block(w, &t->blocks[i]);
	tz_out_s(&w->o, "</article>\n<p><a class=\"more\" href=\"index.html\">&larr; ");
	tz_out_esc(&w->o, w->c->l->back);
	tz_out_s(&w->o, "</a></p>\n");
	page_close(w);
}

static void card(struct wp *w, const struct tz_story *s)
{
	const struct tz_story_text *t = tz_story_text_for(s, w->c->lang);
	const struct tz_figure *f = s->kind == TZ_KIND_FIGURES ? NULL : tz_story_figure(s, t);
	const struct tz_runs *lead = tz_story_teaser(t);

	tz_out_s(&w->o, s->kind == TZ_KIND_PAREL ? "<div class=\"card parel\"><p class=\"parel-label\">&#9733; " : "<div class=\"card\">");
	if (s->kind == TZ_KIND_PAREL) {
		tz_out_esc(&w->o, w->c->l->parel);
		tz_out_s(&w->o, "</p>");
	}
	if (f) {
		tz_out_f(&w->o, "<a href=\"%s.html\">", s->id);
		img(w, f, 720);
		tz_out_s(&w->o, "</a>");
	}
	if (t->kicker) {
		tz_out_s(&w->o, "<p class=\"kicker\">");
		tz_out_esc(&w->o, t->kicker);
		tz_out_s(&w->o, "</p>");
	}
	tz_out_f(&w->o, "<h3><a href=\"%s.html\">", s->id); /* ids are NCNames */
	tz_out_esc(&w->o, t->headline);
	tz_out_s(&w->o, "</a></h3>");
	if (s->company)
		facts(w, s);
	if (lead) {
		tz_out_s(&w->o, "<p>");
		tz_out_runs_html(&w->o, lead, NULL);
		tz_out_s(&w->o, "</p>");
	}
	if (s->kind == TZ_KIND_FIGURES) {
		const struct tz_block *kf = tz_story_keyfigures(t);
		if (kf)
			bars(w, kf);
	}
	tz_out_f(&w->o, "<a class=\"more\" href=\"%s.html\">", s->id);
	tz_out_esc(&w->o, w->c->l->read_more);
	tz_out_s(&w->o, " &rarr;</a></div>\n");
}

static void index_page(struct wp *w)
{
	const struct tz_issue *is = w->c->issue;
	int agenda = 0;

	page_open(w, is->title, "index.html");
	for (size_t i = 0; i < is->nsections; i++) {
		const struct tz_section *sec = &is->sections[i];
		int head = 0;
		for (size_t j = 0; j < sec->nstories; j++) {
			if (tz_story_is_agenda(sec->stories[j])) {
				agenda = 1;
				continue;
			}
			if (!head++) {
				tz_out_s(&w->o, "<h2 class=\"section\">");
				tz_out_esc(&w->o, tz_section_title(sec->title, w->c->lang));
				tz_out_s(&w->o, "</h2>\n");
				if (sec->intro && !strcmp(w->c->lang, is->lang ? is->lang : "nl")) {
					tz_out_s(&w->o, "<p class=\"intro\">");
					tz_out_esc(&w->o, sec->intro);
					tz_out_s(&w->o, "</p>\n");
				}
			}
			card(w, sec->stories[j]);
		}
	}
	if (agenda) {
		tz_out_s(&w->o, "<h2 class=\"section\">");
		tz_out_esc(&w->o, w->c->l->agenda);
		tz_out_s(&w->o, "</h2>\n<table class=\"agenda\">\n");
		for (size_t i = 0; i < is->nsections; i++)
			for (size_t j = 0; j < is->sections[i].nstories; j++) {
				const struct tz_story *s = is->sections[i].stories[j];
				struct tz_buf d;
				if (!tz_story_is_agenda(s))
					continue;
				tz_buf_init(&d, 256);
				if (tz_format_date(&d, s->event->date, w->c->lang))
					w->o.failed = 1;
				tz_out_s(&w->o, "<tr><td class=\"when\">");
				tz_out_esc(&w->o, d.data);
				if (s->event->time) {
					tz_out_s(&w->o, "<br>");
					tz_out_esc(&w->o, s->event->time);
				}
				tz_out_f(&w->o, "</td><td><a href=\"%s.html\">", s->id);
				tz_out_esc(&w->o, tz_story_text_for(s, w->c->lang)->headline);
				tz_out_s(&w->o, "</a><br>");
				tz_out_esc(&w->o, s->event->place);
				if (tz_story_teaser(tz_story_text_for(s, w->c->lang))) {
					tz_out_s(&w->o, "<br><span class=\"facts\">");
					tz_out_runs_html(&w->o, tz_story_teaser(tz_story_text_for(s, w->c->lang)), NULL);
					tz_out_s(&w->o, "</span>");
				}
				tz_out_s(&w->o, "</td></tr>\n");
				tz_buf_release(&d);
			}
		tz_out_s(&w->o, "</table>\n");
	}
	page_close(w);
}

/* Render one page with fn and write it to dir/name. */
static int write_page(struct wp *w, const char *dir, const char *name,
		      void (*fn)(struct wp *, const struct tz_story *), const struct tz_story *s,
		      struct tz_error *err)
{
	struct tz_template t;
	char *path = tz_path_join(dir, name);
	int rc = -1;

	tz_template_init(&t, TZ_FORMAT_HTML, TZ_BUF_DEFAULT_MAX);
	w->o.t = &t;
	w->o.failed = 0;
	if (fn)
		fn(w, s);
	else
		index_page(w);
	if (!path || w->o.failed)
		tz_error_nomem(err);
	else
		rc = tz_write_file_if_changed(path, t.text.data, t.text.len, err);
	tz_template_release(&t);
	free(path);
	return rc;
}

/* All pages of one language into dir. */
static int write_lang(const struct tz_issue *issue, const char *lang, const char *dir,
		      const char *up, const char *switch_to, size_t *nfiles, struct tz_error *err)
{
	struct tz_edition_options eo = {lang, NULL};
	struct tz_render_ctx c;
	struct wp w;
	int rc = -1;

	if (!issue->mail.base_url)
		eo.base_url = "https://localhost"; /* links in web pages are relative */
	if (tz_render_ctx_init(&c, issue, &eo, err))
		return -1;
	memset(&w, 0, sizeof(w));
	w.c = &c;
	w.up = up;
	w.switch_to = switch_to;
	if (tz_mkdirs(dir, err) || write_page(&w, dir, "index.html", NULL, NULL, err))
		goto out;
	(*nfiles)++;
	for (size_t i = 0; i < issue->nsections; i++)
		for (size_t j = 0; j < issue->sections[i].nstories; j++) {
			const struct tz_story *s = issue->sections[i].stories[j];
			char name[300];
			if ((size_t)snprintf(name, sizeof(name), "%s.html", s->id) >= sizeof(name)) {
				tz_error_set(err, TZ_ERR_LIMIT, s->src.file, s->src.line,
					     "story id too long '%s'", s->id);
				goto out;
			}
			if (write_page(&w, dir, name, story_page, s, err))
				goto out;
			(*nfiles)++;
		}
	rc = 0;
out:
	tz_render_ctx_release(&c);
	return rc;
}

int tz_web_write(const struct tz_issue *issue, const char *dir, size_t *nfiles,
		 struct tz_error *err)
{
	const char *own = issue->lang ? issue->lang : "nl";
	const char *other = strcmp(own, "en") ? "en" : "nl";
	const char *sw = tz_issue_has_lang(issue, other) ? (other[0] == 'e' ? "en/" : "nl/") : NULL;
	char *sub;
	int rc;

	*nfiles = 0;
	if (tz_mkdirs(dir, err) || write_lang(issue, own, dir, "", sw, nfiles, err) ||
	    tz_web_copy_images(issue, dir, nfiles, err))
		return -1;
	if (!tz_issue_has_lang(issue, other))
		return 0;
	sub = tz_path_join(dir, other);
	if (!sub)
		return tz_error_nomem(err);
	rc = write_lang(issue, other, sub, "../", "../", nfiles, err);
	free(sub);
	return rc;
}
