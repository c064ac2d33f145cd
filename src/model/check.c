/*
 * check.c - the content checks a schema cannot express: images are real
 * JPEG/PNG files inside the issue folder, alt text is present, links are
 * absolute http(s) or mailto, text is clean UTF-8 (the builder has made it
 * NFC, see text/nfc.h) without controls or
 * bidi overrides, stories are not empty, and story ids are unique.
 */
#include "build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "image.h"
#include "limits.h"
#include "load.h"
#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

/* Valid UTF-8 without C1 controls, non-characters or bidi controls: a
 * link's bytes end up in XML, HTML and mail, and a decoded "%E2%80%AE" in a
 * host would turn the text around it (libxml2's xmlBuildURI decodes the
 * host of a base URL and writes it back raw). */
static int link_chars_ok(const char *url)
{
	size_t n = strlen(url);

	return tz_utf8_invalid_at(url, n) == (size_t)-1 &&
	       tz_utf8_forbidden_at(url, n, NULL) == (size_t)-1 &&
	       tz_utf8_bidi_control_at(url, n) == (size_t)-1;
}

int tz_link_ok(const char *url)
{
	const char *p;

	if (!url)
		return 0;
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' ||
		    *p == '\\' || *p == '`')
			return 0;
	if (!link_chars_ok(url))
		return 0;
	if (!strncasecmp(url, "mailto:", 7))
		return strchr(url + 7, '@') != NULL && url[7] != '@';
	if (!strncasecmp(url, "https://", 8))
		p = url + 8;
	else if (!strncasecmp(url, "http://", 7))
		p = url + 7;
	else
		return 0;
	/* a host must follow: letters, digits, dots, dashes, optional port */
	if (!isalnum((unsigned char)*p) && *p != '[')
		return 0;
	return 1;
}

static void check_text(struct tz_diags *d, struct tz_src src, const char *what,
		       const char *s)
{
	size_t n, at;
	uint32_t cp;

	if (!s)
		return;
	n = strlen(s);
	if ((at = tz_utf8_invalid_at(s, n)) != (size_t)-1) {
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "invalid UTF-8 in %s at byte %zu", what, at);
		return;
	}
	if (tz_utf8_forbidden_at(s, n, &cp) != (size_t)-1) {
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "control character U+%04X in %s; remove it", (unsigned)cp, what);
		return;
	}
	if (tz_utf8_bidi_control_at(s, n) != (size_t)-1)
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "bidirectional override character in %s; remove it (it can disguise text)",
			     what);
}

/* Text that goes into a mail header: a CR or LF would start a new header
 * ("Bcc: ..."), so it is refused here, before any message is built. */
static void check_header(struct tz_diags *d, struct tz_src src, const char *what,
			 const char *s)
{
	check_text(d, src, what, s);
	if (s && strpbrk(s, "\r\n"))
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "%s contains a line break; mail headers cannot carry one", what);
}

static void check_link(struct tz_diags *d, struct tz_src src, const char *what,
		       const char *url)
{
	if (!url || tz_link_ok(url))
		return;
	if (isalnum((unsigned char)url[0]) && !strstr(url, "://") &&
	    strncasecmp(url, "mailto:", 7) && strchr(url, '.') &&
	    !strpbrk(url, " \t<>\"\\`"))
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "%s '%s' is not an absolute http(s) or mailto link; add https:// in front: 'https://%s'",
			     what, url, url);
	else
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line,
			     "%s '%s' is not an absolute http(s) or mailto link; write the full address starting with https:// (or mailto: for e-mail)",
			     what, url);
}

static void check_runs(struct tz_diags *d, struct tz_src src, const char *what,
		       const struct tz_runs *runs)
{
	for (size_t i = 0; i < runs->n; i++) {
		check_text(d, src, what, runs->items[i].text);
		check_link(d, src, "link", runs->items[i].href);
	}
}

static void check_image(struct tz_issue *is, struct tz_diags *d, struct tz_src src,
			struct tz_image *img)
{
	struct tz_error err;

	tz_error_clear(&err);
	if (!img->src || !img->src[0]) {
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line, "image without a file name");
		return;
	}
	/* the story's folder and the issue folder are the same tree; paths are
	 * relative to the issue folder */
	img->path = tz_path_confined(is->dir, is->dir, img->src, &err);
	if (!img->path) {
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line, "image '%s': %s", img->src,
			     err.msg);
		return;
	}
	if (tz_image_probe(img, &err))
		tz_diags_add(d, TZ_SEV_ERROR, src.file, src.line, "%s", err.msg);
}

static int runs_empty(const struct tz_runs *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->items[i].text[0])
			return 0;
	return 1;
}

static void check_blocks(struct tz_issue *is, struct tz_diags *d, struct tz_block *b,
			 size_t n, int *words)
{
	for (size_t i = 0; i < n; i++, b++) {
		check_runs(d, b->src, "text", &b->runs);
		check_text(d, b->src, "attribution", b->by);
		check_text(d, b->src, "title", b->title);
		if (!runs_empty(&b->runs))
			*words += 1;
		switch (b->kind) {
		case TZ_BLOCK_FIGURE:
			check_image(is, d, b->src, &b->figure->image);
			if (!b->figure->alt || !b->figure->alt[0])
				tz_diags_add(d, TZ_SEV_ERROR, b->src.file, b->src.line,
					     "figure '%s' has no alt text; describe the image for readers who cannot see it",
					     b->figure->image.src ? b->figure->image.src : "");
			check_text(d, b->src, "alt text", b->figure->alt);
			check_text(d, b->src, "caption", b->figure->caption);
			check_text(d, b->src, "credit", b->figure->credit);
			break;
		case TZ_BLOCK_FACTBOX:
			check_blocks(is, d, b->children, b->nchildren, words);
			break;
		case TZ_BLOCK_LIST:
			for (size_t k = 0; k < b->nitems; k++) {
				check_runs(d, b->src, "list item", &b->items[k]);
				*words += !runs_empty(&b->items[k]);
				if (b->sublists && b->sublists[k])
					check_blocks(is, d, b->sublists[k], 1, words);
			}
			break;
		case TZ_BLOCK_KEYFIGURES:
			for (size_t k = 0; k < b->nfigures; k++) {
				check_text(d, b->src, "key figure label", b->figures[k].label);
				check_text(d, b->src, "key figure unit", b->figures[k].unit);
				*words += 1;
			}
			break;
		default:
			break;
		}
	}
}

static void check_story_text(struct tz_issue *is, struct tz_diags *d,
			     const struct tz_story *s, struct tz_story_text *t)
{
	int words = 0;

	check_text(d, t->src, "headline", t->headline);
	if (!t->headline || !t->headline[0])
		tz_diags_add(d, TZ_SEV_ERROR, t->src.file, t->src.line,
			     "story '%s' has an empty headline", s->id);
	check_text(d, t->src, "kicker", t->kicker);
	check_text(d, t->src, "byline", t->byline);
	check_runs(d, t->src, "lead", &t->lead);
	for (size_t i = 0; i < t->ntags; i++)
		check_text(d, t->src, "tag", t->tags[i]);
	check_blocks(is, d, t->blocks, t->nblocks, &words);
	if (!words)
		tz_diags_add(d, TZ_SEV_ERROR, t->src.file, t->src.line,
			     "story '%s' has no text in its body; write at least one paragraph",
			     s->id);
}

void tz_check_issue(struct tz_issue *is, struct tz_diags *d)
{
	struct tz_src top = {is->path, is->lines.root}, title = {is->path, is->lines.title},
		      pre = {is->path, is->lines.preheader}, subj = {is->path, is->lines.subject},
		      mail = {is->path, is->lines.mail}, cover = {is->path, is->lines.cover};
	size_t total = 0;

	check_text(d, title, "title", is->title);
	check_text(d, pre, "preheader", is->preheader);
	check_header(d, subj, "subject", is->subject);
	check_header(d, mail, "mail from", is->mail.from);
	check_header(d, mail, "mail reply-to", is->mail.reply_to);
	check_header(d, mail, "mail list-id", is->mail.list_id);
	check_header(d, mail, "mail unsubscribe-mailto", is->mail.unsubscribe_mailto);
	check_header(d, mail, "mail bounce-domain", is->mail.bounce_domain);
	for (size_t i = 0; i < is->mail.ndkim; i++) {
		struct tz_src at = {is->path, is->mail.dkim[i].line};
		check_header(d, at, "dkim domain", is->mail.dkim[i].domain);
		check_header(d, at, "dkim selector", is->mail.dkim[i].selector);
	}
	if (is->mail.dkim_over)
		tz_diags_add(d, TZ_SEV_ERROR, is->path, mail.line,
			     "more than %d <dkim> signers in <mail>; keep one RSA and one Ed25519 key",
			     TZ_MAX_DKIM);
	check_image(is, d, cover, &is->cover);
	for (size_t i = 0; i < is->ncover_lines; i++)
		check_text(d, cover, "cover line", is->cover_lines[i]);
	check_link(d, mail, "base-url", is->mail.base_url);
	check_link(d, mail, "unsubscribe-url", is->mail.unsubscribe_url);
	check_link(d, mail, "click-base", is->mail.click_base);
	if (is->mail.track_clicks && !is->mail.click_base && !is->mail.unsubscribe_url)
		tz_diags_add(d, TZ_SEV_ERROR, mail.file, mail.line,
			     "track-clicks=\"yes\" needs the list server's address: add "
			     "click-base=\"https://...\" (or unsubscribe-url) to <mail>");
	for (size_t si = 0; si < is->nsections; si++) {
		struct tz_section *sec = &is->sections[si];
		for (size_t k = 0; k < sec->nstories; k++) {
			struct tz_story *s = sec->stories[k];
			total++;
			check_story_text(is, d, s, &s->text);
			for (size_t v = 0; v < s->nvariants; v++)
				check_story_text(is, d, s, &s->variants[v]);
			if (s->company)
				check_link(d, s->company->src, "company website", s->company->website);
			if (s->event)
				check_link(d, s->event->src, "registration link", s->event->registration);
			if (s->kind == TZ_KIND_EVENT && !s->event)
				tz_diags_add(d, TZ_SEV_ERROR, s->src.file, s->src.line,
					     "event story '%s' has no <event> details", s->id);
			/* unique ids: compare with every earlier story */
			for (size_t sj = 0; sj <= si; sj++) {
				struct tz_section *o = &is->sections[sj];
				size_t lim = sj == si ? k : o->nstories;
				for (size_t m = 0; m < lim; m++)
					if (!strcmp(o->stories[m]->id, s->id))
						tz_diags_add(d, TZ_SEV_ERROR, s->src.file, s->src.line,
							     "story id '%s' is used twice (also at %s:%ld)",
							     s->id, o->stories[m]->src.file,
							     o->stories[m]->src.line);
			}
		}
	}
	if (total > TZ_MAX_STORIES)
		tz_diags_add(d, TZ_SEV_ERROR, top.file, top.line, "too many stories (%zu)", total);
}
