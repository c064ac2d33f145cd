/*
 * edition.c - tz_edition_render and the rest of the edition API (see
 * edition.h), and the settings every renderer shares (render.h).
 *
 * An edition is rendered once per issue and language into two templates
 * (HTML and text); the per-recipient values are slots that the sender fills
 * with tz_template_fill, so sending to many subscribers costs copies, not
 * rendering.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/banned.h"

int tz_story_is_agenda(const struct tz_story *s)
{
	return s->kind == TZ_KIND_EVENT && s->event;
}

int tz_render_ctx_init(struct tz_render_ctx *c, const struct tz_issue *issue,
		       const struct tz_edition_options *opt, struct tz_error *err)
{
	const char *lang = opt && opt->lang ? opt->lang : issue->lang ? issue->lang : "nl";
	const char *base = opt && opt->base_url ? opt->base_url : issue->mail.base_url;
	size_t bl;

	memset(c, 0, sizeof(*c));
	c->issue = issue;
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "unknown language '%s' (use nl or en)", lang);
	memcpy(c->lang, lang, 3);
	c->l = tz_labels_for(lang);
	if (!base || !base[0])
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
				    "no public base URL: add <mail base-url=\"https://...\"/> or pass --base-url");
	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "base URL '%s' must start with http:// or https://", base);
	if (!tz_link_ok(base) || strpbrk(base, " \"'<>\\\r\n\t?#"))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad base URL '%s'", base);
	c->base = tz_strdup(base);
	if (!c->base)
		return tz_error_nomem(err);
	bl = strlen(c->base);
	while (bl > 8 && c->base[bl - 1] == '/')
		c->base[--bl] = '\0';
	if (tz_theme_load(issue, &c->theme, err)) {
		free(c->base);
		c->base = NULL;
		return -1;
	}
	return 0;
}

void tz_render_ctx_release(struct tz_render_ctx *c)
{
	free(c->base);
	free(c->click_prefix);
	c->click_prefix = NULL;
	tz_theme_release(&c->theme);
	c->base = NULL;
}

char *tz_edition_subject(const struct tz_issue *is, const char *lang)
{
	struct tz_buf b, date;

	tz_buf_init(&b, 998);
	tz_buf_init(&date, 256);
	if (is->subject && !strcmp(lang, is->lang ? is->lang : "nl")) {
		if (tz_buf_adds(&b, is->subject))
			goto fail;
	} else if (tz_buf_addf(&b, "%s \xe2\x80\x93 %s %d", is->title,
			       tz_labels_for(lang)->issue_number, is->number) ||
		   (is->date && (tz_format_date(&date, is->date, lang) ||
				 (date.len && tz_buf_addf(&b, ", %s", date.data))))) {
		goto fail;
	}
	tz_buf_release(&date);
	for (size_t i = 0; i < b.len; i++) /* never a header break */
		if (b.data[i] == '\r' || b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	return tz_buf_detach(&b, NULL);
fail:
	tz_buf_release(&b);
	tz_buf_release(&date);
	return NULL;
}

int tz_edition_render(const struct tz_issue *issue, const struct tz_edition_options *opt,
		      struct tz_edition *ed, struct tz_error *err)
{
	struct tz_render_ctx c;

	memset(ed, 0, sizeof(*ed));
	tz_template_init(&ed->html, TZ_FORMAT_HTML, TZ_BUF_DEFAULT_MAX);
	tz_template_init(&ed->text, TZ_FORMAT_TEXT, TZ_BUF_DEFAULT_MAX);
	if (tz_render_ctx_init(&c, issue, opt, err))
		return -1;
	if (tz_click_setup(&c, 1, err)) {
		tz_render_ctx_release(&c);
		return -1;
	}
	ed->lang = tz_strdup(c.lang);
	ed->subject = tz_edition_subject(issue, c.lang);
	if (issue->preheader && !strcmp(c.lang, issue->lang ? issue->lang : "nl"))
		ed->preheader = tz_strdup(issue->preheader);
	if (!ed->lang || !ed->subject || (issue->preheader && !ed->preheader && !strcmp(c.lang, issue->lang ? issue->lang : "nl")) ||
	    tz_newsletter_html(&c, &ed->html, NULL) || tz_click_rewrite_html(&c, &ed->html) ||
	    tz_newsletter_text(&c, &ed->text)) {
		tz_render_ctx_release(&c);
		tz_edition_release(ed);
		return tz_error_nomem(err);
	}
	tz_render_ctx_release(&c);
	return 0;
}

void tz_edition_release(struct tz_edition *ed)
{
	free(ed->lang);
	free(ed->subject);
	free(ed->preheader);
	tz_template_release(&ed->html);
	tz_template_release(&ed->text);
	ed->lang = ed->subject = ed->preheader = NULL;
}

const char *tz_edition_greeting_fallback(const struct tz_edition *ed)
{
	return tz_labels_for(ed->lang)->fallback_name;
}

const char *tz_edition_greeting_name(const struct tz_edition *ed, const char *name)
{
	if (name)
		while (*name == ' ')
			name++;
	return name && name[0] ? name : tz_edition_greeting_fallback(ed);
}

int tz_greeting_name_order(const char *name, char *out, size_t n)
{
	const char *comma = name ? strchr(name, ',') : NULL;
	const char *first;
	size_t last_len, first_len;
	int w;
	/* "Hoffmann, Lars" -> "Lars Hoffmann"; one comma, text on both sides */
	if (!comma || strchr(comma + 1, ','))
		return 0;
	while (*name == ' ')
		name++;
	for (first = comma + 1; *first == ' '; first++)
		;
	last_len = (size_t)(comma - name);
	while (last_len && name[last_len - 1] == ' ')
		last_len--;
	first_len = strlen(first);
	while (first_len && first[first_len - 1] == ' ')
		first_len--;
	if (!last_len || !first_len)
		return 0;
	w = snprintf(out, n, "%.*s %.*s", (int)first_len, first, (int)last_len, name);
	return w > 0 && (size_t)w < n;
}

int tz_edition_story_sizes(const struct tz_issue *issue, const struct tz_edition_options *opt,
			   size_t *sizes, size_t *total, struct tz_error *err)
{
	struct tz_render_ctx c;
	struct tz_template t;
	int rc;

	if (tz_render_ctx_init(&c, issue, opt, err))
		return -1;
	if (tz_click_setup(&c, 0, err)) {
		tz_render_ctx_release(&c);
		return -1;
	}
	tz_template_init(&t, TZ_FORMAT_HTML, TZ_BUF_DEFAULT_MAX);
	/* per-story sizes are without the counting links; the total has them */
	rc = tz_newsletter_html(&c, &t, sizes) || tz_click_rewrite_html(&c, &t);
	if (rc)
		tz_error_nomem(err);
	else
		*total = tz_template_literal_size(&t);
	tz_template_release(&t);
	tz_render_ctx_release(&c);
	return rc;
}

int tz_edition_view_url(const struct tz_issue *issue, const struct tz_edition_options *opt,
			struct tz_buf *out, struct tz_error *err)
{
	const char *lang = opt && opt->lang ? opt->lang : issue->lang ? issue->lang : "nl";
	const char *base = opt && opt->base_url ? opt->base_url : issue->mail.base_url;
	size_t bl;

	if (!base || !base[0])
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, issue->lines.mail,
				    "no public base URL");
	bl = strlen(base);
	while (bl > 8 && base[bl - 1] == '/')
		bl--;
	if (tz_buf_add(out, base, bl) || tz_story_url(out, "", issue, lang, "index"))
		return tz_error_nomem(err);
	return 0;
}
