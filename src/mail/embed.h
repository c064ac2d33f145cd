/*
 * embed.h - `send --images embed`: the images of the HTML edition travel
 * inside the message instead of being fetched from the web version.
 *
 * The edition is rendered with every <img src> pointing at the web version
 * (<base-url>/images/<path>, see tz_image_web_path). Embedding rewrites
 * those literal URLs once per send into cid: references and loads each
 * image file once; the MIME skeleton (mime.h) then carries them as parts of
 * a multipart/related after the HTML. Per message nothing is searched or
 * encoded again.
 */
#ifndef TZ_EMBED_H
#define TZ_EMBED_H

#include <stddef.h>

#include "mime.h"
#include "../model/model.h"
#include "../util/error.h"
#include "../web/template.h"

/* All embedded images of one send together (raw bytes, before base64). */
#define TZ_EMBED_MAX_BYTES ((size_t)16 * 1024 * 1024)

struct tz_embedded {
	struct tz_mime_image *v; /* in order of first use in the HTML */
	size_t n, cap;
	size_t bytes; /* raw, all images */
};

void tz_embedded_init(struct tz_embedded *e);
void tz_embedded_release(struct tz_embedded *e);

/*
 * Rewrite html (an HTML template rendered with base_url, the issue's mail
 * base-url) so every image of the issue it shows is "cid:<id>", and add
 * each image once to e (Content-ID on domain). Images the HTML links that
 * are not figures of the issue stay linked. Fails over TZ_EMBED_MAX_BYTES.
 */
int tz_embed_images(const struct tz_issue *issue, const char *base_url, const char *domain,
		    struct tz_template *html, struct tz_embedded *e, struct tz_error *err);

#endif
