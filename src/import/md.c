/*
 * md.c - the Markdown reader (CommonMark through libcmark).
 *
 * A level-1 heading that opens the file is the title; "---" front matter
 * (title:, author:, date:, as pandoc reads it) fills the metadata. An image
 * alone in its paragraph becomes a figure: alt from the image description,
 * caption from its title or from a following paragraph that is all
 * emphasis. Images are read only from the Markdown file's own folder
 * (symlinks resolved); remote images are reported, never fetched. Raw HTML
 * is dropped (and reported) rather than trusted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark.h>

#include "import.h"
#include "../model/limits.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_DEPTH 48

struct md {
	const struct tz_import_input *in;
	struct tz_idoc *d;
	int blocks_seen;
	int after_image;
	size_t html, breaks, deep;
	/* lists: the outer list being read (1.. in order) and the first
	 * number of the list open at each level */
	long list_seq, list_id, list_start[8];
};

static void list_item(struct md *m, enum tz_role role, int list_level)
{
	if (role == TZ_ROLE_LIST)
		tz_idoc_list(m->d, m->list_id, m->list_start[list_level < 0 ? 0 : list_level > 7 ? 7 : list_level]);
}

static void inlines(struct md *m, cmark_node *n, unsigned style, int depth);

static char *plain_text(cmark_node *n)
{
	struct tz_buf b;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;

	tz_buf_init(&b, (size_t)64 * 1024);
	while (it && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		const char *lit;
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
		    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
			(void)tz_buf_addc(&b, ' ');
		else if ((cmark_node_get_type(c) == CMARK_NODE_TEXT ||
			  cmark_node_get_type(c) == CMARK_NODE_CODE) &&
			 (lit = cmark_node_get_literal(c)))
			(void)tz_buf_adds(&b, lit);
	}
	cmark_iter_free(it);
	return tz_buf_detach(&b, NULL);
}

static void image(struct md *m, cmark_node *img)
{
	const char *url = cmark_node_get_url(img);
	char *alt = plain_text(img);
	struct tz_error err;
	struct tz_buf data;
	char *path = NULL;

	tz_error_clear(&err);
	tz_buf_init(&data, TZ_MAX_IMAGE_BYTES + 1);
	if (!url || !url[0]) {
		tz_idoc_report(m->d, "image without a source dropped%s", "");
	} else if (strstr(url, "://") || !strncasecmp(url, "data:", 5)) {
		tz_idoc_report(m->d, "remote image '%.200s' not downloaded: save it next to the file",
			       url);
	} else if (!m->in->dir ||
		   !(path = tz_path_confined(m->in->dir, m->in->dir, url, &err))) {
		tz_idoc_report(m->d, "image '%.200s' dropped: %s", url,
			       err.code ? err.msg : "no folder to read it from");
	} else if (tz_read_file(path, TZ_MAX_IMAGE_BYTES, &data, &err)) {
		tz_idoc_report(m->d, "image '%.200s' dropped: %s", url, err.msg);
	} else {
		tz_idoc_image(m->d, (const unsigned char *)data.data, data.len, url, alt);
		m->after_image = 1;
		/* the title ("caption") of ![alt](src "caption") */
		{
			const char *title = cmark_node_get_title(img);
			if (title && title[0]) {
				tz_idoc_para_begin(m->d, TZ_ROLE_CAPTION, 0, 0, NULL);
				tz_idoc_style(m->d, 0);
				tz_idoc_text(m->d, title, strlen(title));
				tz_idoc_para_end(m->d);
				m->after_image = 0;
			}
		}
	}
	tz_buf_release(&data);
	free(path);
	free(alt);
}

static void inlines(struct md *m, cmark_node *n, unsigned style, int depth)
{
	if (depth > MAX_DEPTH) {
		m->deep++;
		return;
	}
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		tz_idoc_style(m->d, style);
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if (lit)
				tz_idoc_text(m->d, lit, strlen(lit));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			tz_idoc_text(m->d, "\n", 1);
			break;
		case CMARK_NODE_EMPH:
			inlines(m, c, style | TZ_INLINE_EM, depth + 1);
			break;
		case CMARK_NODE_STRONG:
			inlines(m, c, style | TZ_INLINE_STRONG, depth + 1);
			break;
		case CMARK_NODE_LINK:
			tz_idoc_link(m->d, cmark_node_get_url(c));
			inlines(m, c, style, depth + 1);
			tz_idoc_link(m->d, NULL);
			break;
		case CMARK_NODE_IMAGE:
			image(m, c);
			break;
		case CMARK_NODE_HTML_INLINE:
			m->html++;
			break;
		default:
			inlines(m, c, style, depth + 1);
		}
	}
}

/* A paragraph that holds one image and nothing but white space. */
static cmark_node *lone_image(cmark_node *p)
{
	cmark_node *img = NULL;

	for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (cmark_node_get_type(c) == CMARK_NODE_IMAGE && !img)
			img = c;
		else if (!(cmark_node_get_type(c) == CMARK_NODE_TEXT && lit && !lit[strspn(lit, " \t")]) &&
			 cmark_node_get_type(c) != CMARK_NODE_SOFTBREAK)
			return NULL;
	}
	return img;
}

static int all_emphasis(cmark_node *p)
{
	cmark_node *c = cmark_node_first_child(p);

	return c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_EMPH;
}

static void blocks(struct md *m, cmark_node *n, enum tz_role role, int list_level, int ordered,
		   int depth)
{
	if (depth > MAX_DEPTH) {
		m->deep++;
		return;
	}
	for (cmark_node *c = cmark_node_first_child(n); c && !m->d->failed; c = cmark_node_next(c)) {
		cmark_node *img;
		const char *lit = cmark_node_get_literal(c);
		int first = !m->blocks_seen++;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_HEADING: {
			int lv = cmark_node_get_heading_level(c);
			m->after_image = 0;
			tz_idoc_para_begin(m->d, first && lv == 1 ? TZ_ROLE_TITLE : TZ_ROLE_HEADING, lv, 0,
					   NULL);
			inlines(m, c, 0, depth + 1);
			tz_idoc_para_end(m->d);
			break;
		}
		case CMARK_NODE_PARAGRAPH:
			if (role == TZ_ROLE_BODY && (img = lone_image(c))) {
				image(m, img);
				break;
			}
			tz_idoc_para_begin(m->d,
					   m->after_image && role == TZ_ROLE_BODY && all_emphasis(c)
						   ? TZ_ROLE_CAPTION
						   : role,
					   list_level, ordered, NULL);
			list_item(m, role, list_level);
			m->after_image = 0;
			inlines(m, c, 0, depth + 1);
			tz_idoc_para_end(m->d);
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			blocks(m, c, TZ_ROLE_QUOTE, list_level, 0, depth + 1);
			break;
		case CMARK_NODE_LIST: {
			int lv = role == TZ_ROLE_LIST ? list_level + 1 : 0;
			int num = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
			if (lv == 0)
				m->list_id = ++m->list_seq;
			m->list_start[lv > 7 ? 7 : lv] = num ? cmark_node_get_list_start(c) : 1;
			blocks(m, c, TZ_ROLE_LIST, lv, num, depth + 1);
			break;
		}
		case CMARK_NODE_ITEM:
			blocks(m, c, TZ_ROLE_LIST, list_level, ordered, depth + 1);
			break;
		case CMARK_NODE_CODE_BLOCK:
			tz_idoc_para_begin(m->d, role, list_level, ordered, NULL);
			list_item(m, role, list_level);
			tz_idoc_style(m->d, 0);
			if (lit)
				tz_idoc_text(m->d, lit, strlen(lit));
			tz_idoc_para_end(m->d);
			break;
		case CMARK_NODE_HTML_BLOCK:
			m->html++;
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			m->breaks++;
			break;
		default:
			blocks(m, c, role, list_level, ordered, depth + 1);
		}
	}
}

/* "---\nkey: value\n...\n---\n" at the very start, as pandoc reads it. */
static size_t front_matter(struct tz_idoc *d, const char *s, size_t n)
{
	const char *p, *end, *line;

	if (n < 8 || strncmp(s, "---\n", 4))
		return 0;
	end = NULL;
	for (p = s + 4; p < s + n;) {
		const char *nl = memchr(p, '\n', (size_t)(s + n - p));
		size_t k = nl ? (size_t)(nl - p) : (size_t)(s + n - p);
		if ((k == 3 && (!strncmp(p, "---", 3) || !strncmp(p, "...", 3)))) {
			end = nl ? nl + 1 : s + n;
			break;
		}
		p = nl ? nl + 1 : s + n;
	}
	if (!end)
		return 0;
	for (line = s + 4; line < end;) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t k = nl ? (size_t)(nl - line) : (size_t)(end - line);
		char buf[1024];
		char *colon, *v;
		if (k < sizeof(buf)) {
			memcpy(buf, line, k);
			buf[k] = '\0';
			colon = strchr(buf, ':');
			if (colon) {
				*colon = '\0';
				v = colon + 1;
				while (*v == ' ')
					v++;
				if (*v == '"' || *v == '\'') {
					size_t vl = strlen(v);
					if (vl > 1 && v[vl - 1] == v[0])
						v[vl - 1] = '\0';
					v++;
				}
				if (!strcasecmp(buf, "title"))
					tz_idoc_meta(d, &d->meta_title, v);
				else if (!strcasecmp(buf, "author"))
					tz_idoc_meta(d, &d->meta_author, v);
				else if (!strcasecmp(buf, "date"))
					tz_idoc_meta(d, &d->meta_date, v);
			}
		}
		line = nl ? nl + 1 : end;
	}
	return (size_t)(end - s);
}

static int md_read(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err)
{
	struct md m;
	cmark_node *doc;
	size_t skip = front_matter(d, (const char *)in->data, in->len);

	memset(&m, 0, sizeof(m));
	m.in = in;
	m.d = d;
	doc = cmark_parse_document((const char *)in->data + skip, in->len - skip,
				   CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		return tz_error_nomem(err);
	blocks(&m, doc, TZ_ROLE_BODY, 0, 0, 0);
	cmark_node_free(doc);
	if (m.html)
		tz_idoc_report(d, "%zu piece(s) of raw HTML dropped", m.html);
	if (m.breaks)
		tz_idoc_report(d, "%zu thematic break(s) (---) dropped", m.breaks);
	if (m.deep)
		tz_idoc_report(d, "text nested more than %d levels deep dropped", MAX_DEPTH);
	if (d->failed) {
		*err = d->err;
		return -1;
	}
	return 0;
}

const struct tz_reader tz_reader_md = {"md", TZ_IMPORT_MD, md_read};
