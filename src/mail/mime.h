/*
 * mime.h - one newsletter message for one recipient: RFC 5322 headers
 * written here (so our RFC 2047 encoder controls folding) around a
 * multipart/alternative body built with libetpan (text/plain first, then
 * text/html, both UTF-8 quoted-printable; the HTML inside multipart/related
 * with its images when they are embedded).
 *
 * Every header value is checked for CR/LF and other control characters
 * before a byte is written: a hostile subscriber name or issue field cannot
 * add a header.
 */
#ifndef TZ_MIME_H
#define TZ_MIME_H

#include <stddef.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/error.h"

/* An image carried inside the message (multipart/related, RFC 2387),
 * referenced from the HTML as "cid:<cid>" (RFC 2392). */
struct tz_mime_image {
	char *key;        /* the owner's lookup key (embed.c: the web path) */
	char *cid;        /* Content-ID without <> */
	const char *type; /* "image/jpeg" or "image/png" */
	char *filename;   /* for Content-Disposition: inline */
	char *data;       /* raw bytes, base64'd by libetpan */
	size_t len;
};

/*
 * The MIME structure built by libetpan once per send, split where the two
 * encoded bodies go:
 *   multipart/alternative
 *     text/plain                      (quoted-printable)
 *     text/html                       (quoted-printable), or with images:
 *     multipart/related; type="text/html"
 *       text/html                     (quoted-printable)
 *       image/... Content-ID, inline  (base64), one per image
 * The boundaries start with "=_", which quoted-printable text can never
 * contain, so one skeleton serves every message of a send.
 */
struct tz_mime_skel {
	char *pre, *mid, *post;
	size_t pre_len, mid_len, post_len;
};
/* images may be NULL when nimages is 0; they are copied (encoded). */
int tz_mime_skel_init(struct tz_mime_skel *sk, const struct tz_mime_image *images,
		      size_t nimages, struct tz_error *err);
void tz_mime_skel_release(struct tz_mime_skel *sk);

struct tz_mail_msg {
	const struct tz_mime_skel *skel;    /* NULL: built for this message */
	const char *from_name, *from_addr; /* name may be NULL */
	const char *reply_to;               /* address or NULL */
	const char *to_name, *to_addr;      /* name may be NULL */
	const char *subject;                /* UTF-8 */
	const char *list_id;                /* "techzine.example.nl" or NULL */
	const char *unsub_url;              /* https URL with token, or NULL */
	const char *unsub_mailto;           /* "mailto:a@b?subject=unsubscribe-T" or NULL */
	const char *msgid_domain;           /* right-hand side of Message-ID */
	time_t date;
	const char *text;
	size_t text_len;
	const char *html;
	size_t html_len;
	int encoded; /* text and html are quoted-printable already (qpbody.h) */
};

/* Append the message (CRLF line ends) to out; its Message-ID (with <>) is
 * written to msgid (at least 256 bytes). */
int tz_mime_build(const struct tz_mail_msg *m, struct tz_buf *out, char *msgid,
		  size_t msgid_size, struct tz_error *err);

/* Split "Name <addr@domain>" or "addr@domain" into name (may be empty) and
 * address, each into a buffer of size n. -1 when malformed. */
int tz_mail_split_address(const char *s, char *name, char *addr, size_t n);
/* Is s a plain addr-spec we are willing to put on the wire (local@domain,
 * printable ASCII, no spaces, <>, quotes, or control characters)? */
int tz_mail_address_ok(const char *s);
/* A header value: valid UTF-8 with no control characters (CR, LF, ...). */
int tz_mail_header_value_ok(const char *s);
/* A fresh Message-ID "<time.pid.counter.random@domain>" into out (size n). */
int tz_mail_message_id(const char *domain, char *out, size_t n);
/* RFC 5322 date of t (UTC) into out (size >= 32). */
void tz_mail_date(time_t t, char *out, size_t n);

#endif
