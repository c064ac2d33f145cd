/*
 * gather.c - the gather run (see gather.h).
 *
 * An item becomes "seen" only once its draft is on disk, and a feed's new
 * ETag/Last-Modified are stored only when every new item of it was handled,
 * so a run that fails half-way is simply repeated by the next one.
 */
#include "gather.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "draft.h"
#include "feedtext.h"
#include "html.h"
#include "parse.h"
#include "../model/image.h"
#include "../text/nfc.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

struct pending {
	size_t feed;
	const struct tz_feed_item *item; /* borrowed from feeds[feed] */
	char *id;
	struct tz_html_story body;
	char *lead;
	struct tz_fetch image;
	int has_image;
};

struct run {
	const struct tz_sources *sources;
	struct tz_cache *cache;
	const struct tz_gather_opts *o;
	struct tz_gather_feed *results;
	struct tz_feed *feeds;
	int *complete; /* per feed: every new item handled */
	struct pending *p;
	size_t np, pcap;
};

void tz_gather_opts_default(struct tz_gather_opts *o, const char *inbox)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(o, 0, sizeof(*o));
	o->inbox = inbox;
	tz_fetch_options_default(&o->fetch);
	o->max_feed_bytes = TZ_GATHER_MAX_FEED_BYTES;
	o->max_image_bytes = TZ_GATHER_MAX_IMAGE_BYTES;
	if (gmtime_r(&now, &tm))
		strftime(o->today, sizeof(o->today), "%Y-%m-%d", &tm);
}

void tz_gather_feed_release(struct tz_gather_feed *r)
{
	tz_buf_release(&r->notes);
}

static void note(struct tz_gather_feed *r, const char *id, const char *msg)
{
	tz_buf_addf(&r->notes, "draft '%s': %s\n", id, msg);
}

static int file_exists(const char *dir, const char *name, const char *ext)
{
	char path[4096];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext) >= (int)sizeof(path))
		return 1;
	return stat(path, &st) == 0;
}

/* A draft id not used in the inbox nor earlier in this run. */
static char *unique_id(struct run *r, const char *prefix, const char *title)
{
	char *base = tz_draft_slug(prefix, title), *id;
	char tmp[96];

	if (!base)
		return NULL;
	for (int n = 1; n < 1000; n++) {
		int taken = 0;
		if (n == 1)
			snprintf(tmp, sizeof(tmp), "%s", base);
		else
			snprintf(tmp, sizeof(tmp), "%s-%d", base, n);
		taken = file_exists(r->o->inbox, tmp, ".xml");
		for (size_t i = 0; !taken && i < r->np; i++)
			taken = !strcmp(r->p[i].id, tmp);
		if (!taken) {
			id = tz_strdup(tmp);
			free(base);
			return id;
		}
	}
	free(base);
	return NULL;
}

/* Convert one new item; 0, or -1 when out of memory. */
static int prepare(struct run *r, size_t f, const struct tz_feed_item *it)
{
	const struct tz_source *s = &r->sources->items[f];
	struct pending *p;
	struct tz_error err;
	const char *html = it->content_html ? it->content_html : it->summary_html;
	const char *image_url;

	if (tz_array_grow((void **)&r->p, &r->pcap, r->np + 1, sizeof(*r->p)))
		return -1;
	p = &r->p[r->np];
	memset(p, 0, sizeof(*p));
	p->feed = f;
	p->item = it;
	tz_html_story_init(&p->body);
	tz_error_clear(&err);
	p->id = unique_id(r, s->id, it->title);
	if (!p->id) {
		tz_html_story_release(&p->body);
		return -1;
	}
	r->np++;
	if (html && tz_html_to_story(html, strlen(html), it->link, &p->body, &err)) {
		if (err.code == TZ_ERR_NOMEM)
			return -1;
		note(&r->results[f], p->id, err.msg); /* too large: title and link only */
		tz_html_story_release(&p->body);
		tz_html_story_init(&p->body);
	}
	if (it->content_html && it->summary_html)
		p->lead = tz_html_to_text(it->summary_html, strlen(it->summary_html), 400);
	else if (p->body.nblocks > 1 && p->body.first_paragraph)
		p->lead = tz_feed_clean(p->body.first_paragraph, 400);
	image_url = p->body.image_url ? p->body.image_url : it->image_url;
	if (image_url && strncmp(image_url, "mailto:", 7)) {
		tz_fetch_init(&p->image, image_url, r->o->max_image_bytes);
		p->has_image = 1;
	}
	return 0;
}

static void parse_feed(struct run *r, size_t f, struct tz_fetch *fetch, struct tz_error *err)
{
	struct tz_gather_feed *res = &r->results[f];

	if (tz_feed_parse(fetch->body.data, fetch->body.len, fetch->effective_url, &r->feeds[f],
			  err)) {
		res->state = TZ_FEED_FAILED;
		snprintf(res->why, sizeof(res->why), "%.280s", err->msg);
		return;
	}
	for (size_t i = 0; i < r->feeds[f].n; i++) {
		const struct tz_feed_item *it = &r->feeds[f].items[i];
		int dup = tz_cache_seen(r->cache, it->key);
		for (size_t k = 0; !dup && k < r->np; k++) /* twice in one feed */
			dup = !strcmp(r->p[k].item->key, it->key);
		if (dup) {
			res->seen_items++;
			continue;
		}
		if (prepare(r, f, it)) {
			res->state = TZ_FEED_FAILED;
			snprintf(res->why, sizeof(res->why), "out of memory");
			r->complete[f] = 0;
			return;
		}
	}
}

/* Write the image of p, when it is a real JPEG or PNG; sets src. */
static int save_image(struct run *r, struct pending *p, char *src, size_t srcsize,
		      struct tz_error *err)
{
	struct tz_image img;
	struct tz_error perr;
	char path[4096], dir[4096];
	const char *ext;

	src[0] = '\0';
	if (!p->has_image)
		return 0;
	if (!p->image.ok || p->image.not_modified) {
		char msg[400];
		snprintf(msg, sizeof(msg), "image '%s' not used: %s", p->image.url, p->image.why);
		note(&r->results[p->feed], p->id, msg);
		return 0;
	}
	memset(&img, 0, sizeof(img));
	img.src = (char *)p->image.url; /* borrowed, for the message */
	tz_error_clear(&perr);
	if (tz_image_probe_mem((const unsigned char *)p->image.body.data, p->image.body.len,
			       &img, &perr)) {
		char msg[1200];
		snprintf(msg, sizeof(msg), "image not used: %s", perr.msg);
		note(&r->results[p->feed], p->id, msg);
		return 0;
	}
	ext = img.type == TZ_IMAGE_PNG ? "png" : "jpg";
	snprintf(dir, sizeof(dir), "%s/images", r->o->inbox);
	if (snprintf(path, sizeof(path), "%s/%s-1.%s", dir, p->id, ext) >= (int)sizeof(path))
		return tz_error_set(err, TZ_ERR_IO, r->o->inbox, 0, "inbox path too long");
	if (tz_mkdirs(dir, err) ||
	    tz_write_file_atomic(path, p->image.body.data, p->image.body.len, err))
		return -1;
	snprintf(src, srcsize, "images/%s-1.%s", p->id, ext);
	return 0;
}

/* Feed text enters in NFC (text/nfc.h); the draft is validated afterwards,
 * so a composition that touched markup could never reach the inbox. */
static int nfc_buf(struct tz_buf *xml, struct tz_error *err)
{
	size_t n;
	char *norm = tz_nfc(xml->data, xml->len, &n);

	if (!norm)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "draft text cannot be normalised to Unicode NFC");
	tz_buf_reset(xml);
	if (tz_buf_add(xml, norm, n)) {
		free(norm);
		return tz_error_nomem(err);
	}
	free(norm);
	return 0;
}

static int write_draft(struct run *r, struct pending *p, struct tz_error *err)
{
	struct tz_gather_feed *res = &r->results[p->feed];
	struct tz_draft d;
	struct tz_buf xml;
	struct tz_error verr;
	char src[200], path[4096];
	int rc = 0;

	if (save_image(r, p, src, sizeof(src), err))
		return -1;
	memset(&d, 0, sizeof(d));
	d.source = &r->sources->items[p->feed];
	d.item = p->item;
	d.id = p->id;
	d.body = &p->body;
	d.lead = p->lead;
	d.image_src = src[0] ? src : NULL;
	d.image_alt = p->body.image_alt;
	d.today = r->o->today;
	tz_buf_init(&xml, (size_t)8 * 1024 * 1024);
	tz_error_clear(&verr);
	if (tz_draft_build(&d, &xml, &verr) || nfc_buf(&xml, &verr) ||
	    tz_draft_validate(xml.data, xml.len, &verr)) {
		note(res, p->id, verr.msg);
		res->skipped_items++;
		r->complete[p->feed] = 0;
		goto out;
	}
	if (snprintf(path, sizeof(path), "%s/%s.xml", r->o->inbox, p->id) >= (int)sizeof(path)) {
		rc = tz_error_set(err, TZ_ERR_IO, r->o->inbox, 0, "inbox path too long");
		goto out;
	}
	if (tz_write_file_atomic(path, xml.data, xml.len, err)) {
		rc = -1;
		goto out;
	}
	if (tz_cache_mark_seen(r->cache, p->item->key)) {
		rc = tz_error_nomem(err);
		goto out;
	}
	res->new_items++;
out:
	tz_buf_release(&xml);
	return rc;
}

int tz_gather(const struct tz_sources *sources, struct tz_cache *cache,
	      const struct tz_gather_opts *o, struct tz_gather_feed *results,
	      struct tz_error *err)
{
	struct run r;
	struct tz_fetch *fetch = NULL, **images = NULL;
	size_t n = sources->n, nimg = 0;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.sources = sources;
	r.cache = cache;
	r.o = o;
	r.results = results;
	for (size_t i = 0; i < n; i++) {
		memset(&results[i], 0, sizeof(results[i]));
		results[i].source = &sources->items[i];
		tz_buf_init(&results[i].notes, (size_t)64 * 1024);
	}
	if (tz_mkdirs(o->inbox, err))
		return -1;
	fetch = tz_calloc(n ? n : 1, sizeof(*fetch));
	r.feeds = tz_calloc(n ? n : 1, sizeof(*r.feeds));
	r.complete = tz_calloc(n ? n : 1, sizeof(*r.complete));
	if (!fetch || !r.feeds || !r.complete) {
		tz_error_nomem(err);
		goto out;
	}
	/* phase 1: every feed at once */
	for (size_t i = 0; i < n; i++) {
		const struct tz_cache_feed *c = tz_cache_feed_get(cache, sources->items[i].url);
		tz_fetch_init(&fetch[i], sources->items[i].url, o->max_feed_bytes);
		if (c) {
			fetch[i].etag = c->etag;
			fetch[i].last_modified = c->last_modified;
		}
		r.complete[i] = 1;
	}
	tz_fetch_all(fetch, n, &o->fetch);
	/* phase 2: parse and convert */
	for (size_t i = 0; i < n; i++) {
		struct tz_error perr;
		tz_error_clear(&perr);
		if (!fetch[i].ok) {
			results[i].state = TZ_FEED_FAILED;
			snprintf(results[i].why, sizeof(results[i].why), "%s", fetch[i].why);
		} else if (fetch[i].not_modified) {
			results[i].state = TZ_FEED_NOT_MODIFIED;
		} else {
			parse_feed(&r, i, &fetch[i], &perr);
		}
	}
	/* phase 3: first images, all at once */
	/* an array of pointers, one per feed */
	images = tz_calloc(r.np ? r.np : 1, sizeof(*images)); // NOLINT(bugprone-sizeof-expression)
	if (!images) {
		tz_error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < r.np; i++)
		if (r.p[i].has_image)
			images[nimg++] = &r.p[i].image;
	{
		/* tz_fetch_all wants an array: fetch through a compact copy */
		struct tz_fetch *batch = tz_calloc(nimg ? nimg : 1, sizeof(*batch));
		if (!batch) {
			tz_error_nomem(err);
			goto out;
		}
		for (size_t i = 0; i < nimg; i++)
			batch[i] = *images[i];
		tz_fetch_all(batch, nimg, &o->fetch);
		for (size_t i = 0; i < nimg; i++)
			*images[i] = batch[i];
		free(batch);
	}
	/* phase 4: write */
	for (size_t i = 0; i < r.np; i++)
		if (results[r.p[i].feed].state != TZ_FEED_FAILED && write_draft(&r, &r.p[i], err)) {
			for (size_t k = 0; k < n; k++)
				if (results[k].state == TZ_FEED_OK && k >= r.p[i].feed) {
					results[k].state = TZ_FEED_FAILED;
					snprintf(results[k].why, sizeof(results[k].why),
						 "drafts not written: %.250s", err->msg);
				}
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		if (results[i].state == TZ_FEED_OK && r.complete[i] &&
		    tz_cache_feed_set(cache, sources->items[i].url, fetch[i].new_etag,
				      fetch[i].new_last_modified)) {
			tz_error_nomem(err);
			goto out;
		}
	rc = 0;
out:
	for (size_t i = 0; i < r.np; i++) {
		free(r.p[i].id);
		free(r.p[i].lead);
		tz_html_story_release(&r.p[i].body);
		if (r.p[i].has_image)
			tz_fetch_release(&r.p[i].image);
	}
	free(r.p);
	free(images);
	for (size_t i = 0; fetch && i < n; i++)
		tz_fetch_release(&fetch[i]);
	for (size_t i = 0; r.feeds && i < n; i++)
		tz_feed_release(&r.feeds[i]);
	free(fetch);
	free(r.feeds);
	free(r.complete);
	return rc;
}
