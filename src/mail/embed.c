/*
 * embed.c - turn the web-version image URLs of a rendered HTML edition into
 * cid: references and load the images once (see embed.h).
 *
 * The renderer writes each <img src="..."> as one literal run of the
 * template (slots sit only where edition.h lists them), so the rewrite is a
 * search in the literal chunks for `src="<escaped base>/`; the path after it
 * is matched against the web path of every figure of the issue, which is
 * also how `techzine html` names its copies in web/images/. The bytes come
 * from the issue's own image files (already checked by the model: inside
 * the issue folder, real JPEG/PNG), the same bytes the web version copies;
 * an e-mail-sized copy (images/mail/...-W.jpg) is made again from them.
 */
#include "embed.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../web/mailimage.h"
#include "../web/webcommon.h"
#include "../util/banned.h"

void tz_embedded_init(struct tz_embedded *e)
{
	memset(e, 0, sizeof *e);
}

void tz_embedded_release(struct tz_embedded *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].key);
		free(e->v[i].cid);
		free(e->v[i].filename);
		free(e->v[i].data);
	}
	free(e->v);
	memset(e, 0, sizeof *e);
}

/* The pixel width in an e-mail copy's path ("images/mail/x-336.jpg"), or 0. */
static int mail_copy_width(const char *path, size_t len)
{
	size_t i = len;
	int w = 0, mul = 1;
	if (len < 17 || strncmp(path, "images/mail/", 12) || memcmp(path + len - 4, ".jpg", 4))
		return 0;
	for (i = len - 4; i > 12 && path[i - 1] >= '0' && path[i - 1] <= '9' && mul < 100000; i--) {
		w += (path[i - 1] - '0') * mul;
		mul *= 10;
	}
	return i > 12 && path[i - 1] == '-' ? w : 0;
}

/* The figure of the issue whose web path (or e-mail copy path, then
 * *copy_w is its width) is path (len bytes), or NULL. */
static const struct tz_image *find_image(const struct tz_issue *issue, const char *path,
					 size_t len, struct tz_buf *scratch, int *copy_w)
{
	*copy_w = mail_copy_width(path, len);
	for (size_t i = 0; i < issue->nsections; i++)
		for (size_t j = 0; j < issue->sections[i].nstories; j++) {
			const struct tz_story *s = issue->sections[i].stories[j];
			for (size_t v = 0; v <= s->nvariants; v++) {
				const struct tz_story_text *t = v ? &s->variants[v - 1] : &s->text;
				for (size_t b = 0; b < t->nblocks; b++) {
					const struct tz_figure *f = t->blocks[b].figure;
					if (t->blocks[b].kind != TZ_BLOCK_FIGURE || !f || !f->image.path)
						continue;
					tz_buf_reset(scratch);
					if (*copy_w ? tz_image_mail_path_w(scratch, issue, &f->image, *copy_w)
						    : tz_image_web_path(scratch, issue, &f->image))
						return NULL;
					if (scratch->len == len && memcmp(scratch->data, path, len) == 0)
						return &f->image;
				}
			}
		}
	return NULL;
}

/* The embedded image for path, loaded on first use. */
static const struct tz_mime_image *image_for(struct tz_embedded *e, const struct tz_image *im,
					     int copy_w, const char *path, size_t len,
					     const char *domain, uint64_t nonce, struct tz_error *err)
{
	struct tz_mime_image *m;
	struct tz_buf data, cid;
	const char *base;

	for (size_t i = 0; i < e->n; i++)
		if (strlen(e->v[i].key) == len && memcmp(e->v[i].key, path, len) == 0)
			return &e->v[i];
	if (tz_array_grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v)) {
		tz_error_nomem(err);
		return NULL;
	}
	m = &e->v[e->n];
	memset(m, 0, sizeof *m);
	tz_buf_init(&data, TZ_EMBED_MAX_BYTES);
	tz_buf_init(&cid, 512);
	if (copy_w ? tz_image_mail_make(im, copy_w, &data, err)
		   : tz_read_file(im->path, TZ_EMBED_MAX_BYTES, &data, err)) {
		tz_buf_release(&data);
		return NULL;
	}
	if (e->bytes + data.len > TZ_EMBED_MAX_BYTES) {
		tz_error_set(err, TZ_ERR_LIMIT, im->path, 0,
			     "the embedded images come to more than %zu MiB; send with "
			     "--images link", TZ_EMBED_MAX_BYTES >> 20);
		tz_buf_release(&data);
		return NULL;
	}
	base = memrchr(path, '/', len);
	base = base ? base + 1 : path;
	if (tz_buf_addf(&cid, "img%zu.%016llx@%s", e->n + 1, (unsigned long long)nonce, domain)) {
		tz_buf_release(&data);
		tz_error_nomem(err);
		return NULL;
	}
	m->type = im->type == TZ_IMAGE_PNG && !copy_w ? "image/png" : "image/jpeg";
	m->len = data.len;
	m->data = tz_buf_detach(&data, NULL);
	m->cid = tz_buf_detach(&cid, NULL);
	m->key = tz_strndup(path, len);
	m->filename = tz_strndup(base, (size_t)(path + len - base));
	e->n++; /* released with the others from here on */
	if (!m->data || !m->cid || !m->key || !m->filename) {
		tz_error_nomem(err);
		return NULL;
	}
	e->bytes += m->len;
	return m;
}

/* Copy one literal chunk into out with the image URLs rewritten. */
static int rewrite_chunk(const struct tz_issue *issue, const char *s, size_t len,
			 const struct tz_buf *needle, const char *domain, uint64_t nonce,
			 struct tz_template *out, struct tz_embedded *e, struct tz_buf *scratch,
			 struct tz_error *err)
{
	const char *p = s, *end = s + len;
	while (p < end) {
		const char *q = memmem(p, (size_t)(end - p), needle->data, needle->len);
		const char *path, *close;
		const struct tz_image *im;
		const struct tz_mime_image *m;
		int copy_w = 0;
		if (!q)
			break;
		path = q + needle->len;
		close = memchr(path, '"', (size_t)(end - path));
		im = close ? find_image(issue, path, (size_t)(close - path), scratch, &copy_w) : NULL;
		if (!im) {
			if (tz_template_add(out, p, (size_t)(path - p)))
				return tz_error_nomem(err);
			p = path;
			continue;
		}
		m = image_for(e, im, copy_w, path, (size_t)(close - path), domain, nonce, err);
		if (!m)
			return -1;
		if (tz_template_add(out, p, (size_t)(q - p)) ||
		    tz_template_addf(out, "src=\"cid:%s", m->cid))
			return tz_error_nomem(err);
		p = close; /* the closing quote is copied with the rest */
	}
	return tz_template_add(out, p, (size_t)(end - p)) ? tz_error_nomem(err) : 0;
}

int tz_embed_images(const struct tz_issue *issue, const char *base_url, const char *domain,
		    struct tz_template *html, struct tz_embedded *e, struct tz_error *err)
{
	struct tz_template out;
	struct tz_buf needle, scratch;
	size_t bl = base_url ? strlen(base_url) : 0;
	uint64_t nonce = 0;
	int rc = -1;

	if (!bl)
		return 0;
	while (bl > 8 && base_url[bl - 1] == '/') /* as the renderer trims it */
		bl--;
	if (getrandom(&nonce, sizeof nonce, 0) != (ssize_t)sizeof nonce)
		nonce = (uint64_t)(uintptr_t)e ^ (uint64_t)bl;
	tz_template_init(&out, html->format, html->text.max);
	tz_buf_init(&needle, 8192);
	tz_buf_init(&scratch, 8192);
	if (tz_buf_adds(&needle, "src=\"") || tz_html_escape(&needle, base_url, bl) ||
	    tz_buf_addc(&needle, '/')) {
		tz_error_nomem(err);
		goto out;
	}
	for (size_t i = 0; i < html->nparts; i++) {
		const struct tz_template_part *pt = &html->parts[i];
		if (pt->slot >= 0) {
			if (tz_template_add_slot(&out, (enum tz_slot)pt->slot)) {
				tz_error_nomem(err);
				goto out;
			}
		} else if (rewrite_chunk(issue, html->text.data + pt->off, pt->len, &needle, domain,
					 nonce, &out, e, &scratch, err))
			goto out;
	}
	tz_template_release(html);
	*html = out;
	tz_template_init(&out, TZ_FORMAT_HTML, 0);
	rc = 0;
out:
	tz_template_release(&out);
	tz_buf_release(&needle);
	tz_buf_release(&scratch);
	return rc;
}
