/*
 * send.h - compose the newsletter for one recipient: fill the edition's
 * slots (greeting, personal unsubscribe and preferences links, web version)
 * and wrap the result in a MIME message with the list headers and a VERP
 * envelope sender.
 *
 * The editions are rendered once per language before the send; composing a
 * message is then template filling plus MIME encoding, no rendering.
 */
#ifndef TZ_SEND_H
#define TZ_SEND_H

#include <stddef.h>
#include <time.h>

#include "mime.h"
#include "qpbody.h"
#include "../model/model.h"
#include "../util/buf.h"
#include "../util/error.h"
#include "../web/edition.h"

/* What the sender needs of a subscriber (borrowed strings). */
struct tz_recipient {
	const char *email;
	const char *name;  /* may be NULL */
	const char *lang;  /* "nl", "en" or NULL for the issue's language */
	const char *token; /* HMAC token: [A-Za-z0-9_-] only */
};

struct tz_composer {
	const struct tz_issue *issue;
	struct tz_edition editions[2]; /* [0] the issue's language, [1] the other */
	int have[2];
	char *langs[2];
	char *view_url[2];
	char from_name[256], from_addr[256];
	char *reply_to, *bounce_domain, *msgid_domain;
	struct tz_mime_skel skel[2];   /* MIME structure per edition, built once */
	size_t embedded[2];            /* images carried inside, per edition */
	size_t embedded_bytes[2];
	struct tz_qp_body text_qp[2], html_qp[2]; /* the editions, encoded once */
	struct tz_buf text, html, url, scratch;    /* reused per message */
	time_t date;
};

/* Render the editions (issue language, and en/nl when with_other) and
 * check the sender settings; from_override replaces the issue's From.
 * embed_images carries the HTML's images inside each message
 * (multipart/related, cid: URLs) instead of linking the web version. */
int tz_composer_init(struct tz_composer *c, const struct tz_issue *issue,
		     const char *from_override, int with_other, int embed_images,
		     struct tz_error *err);
void tz_composer_release(struct tz_composer *c);
/* Compose one message; test adds "[TEST] " to the subject. */
int tz_compose(struct tz_composer *c, const struct tz_recipient *r, int test,
	       struct tz_buf *msg, char *env_from, size_t from_size, char *msgid,
	       size_t msgid_size, struct tz_error *err);
/* The personal unsubscribe URL of a recipient (appended to out). */
int tz_unsubscribe_url(const struct tz_issue *issue, const struct tz_recipient *r,
		       int preferences, struct tz_buf *out);

#endif
