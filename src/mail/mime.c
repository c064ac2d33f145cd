/*
 * mime.c - build one personalised message.
 *
 * libetpan builds the body once per send: a multipart/alternative with a
 * text/plain and a text/html part (the HTML inside multipart/related with
 * its images when they are embedded), quoted-printable bodies encoded by
 * qp.c (libetpan's encoder was the bottleneck of the whole send), images
 * base64'd by libetpan. We avoid
 * mailmime_smart_add_part (it wraps in multipart/mixed) and libetpan's
 * boundary and Message-ID generators (they use an unseeded random()): the
 * boundary and the Message-ID come from getrandom(). The top-level headers
 * are written here because their folding must follow our RFC 2047 encoder.
 */
#include "mime.h"

#include <libetpan/libetpan.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "qp.h"
#include "rfc2047.h"
#include "../text/utf8.h"
#include "../util/alloc.h"
#include "../util/banned.h"

int tz_mail_header_value_ok(const char *s)
{
	size_t len = strlen(s);
	if (tz_utf8_invalid_at(s, len) != (size_t)-1)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return 0;
	return 1;
}

int tz_mail_address_ok(const char *s)
{
	const char *at = strrchr(s, '@');
	size_t len = strlen(s);
	if (!at || at == s || !at[1] || len > 254)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F || strchr("<>()[]\\,;:\"", *p))
			return 0;
	return strchr(s, '@') == at && !strstr(at, "..") && at[1] != '.';
}

static void trim_copy(char *dst, size_t n, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
		s++, len -= 2;
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
}

int tz_mail_split_address(const char *s, char *name, char *addr, size_t n)
{
	const char *lt = strchr(s, '<'), *gt;
	if (!tz_mail_header_value_ok(s) || strlen(s) >= n)
		return -1;
	if (!lt) {
		name[0] = 0;
		trim_copy(addr, n, s, strlen(s));
		return tz_mail_address_ok(addr) ? 0 : -1;
	}
	gt = strchr(lt, '>');
	if (!gt || gt[1] != 0)
		return -1;
	trim_copy(name, n, s, (size_t)(lt - s));
	trim_copy(addr, n, lt + 1, (size_t)(gt - lt - 1));
	return tz_mail_address_ok(addr) ? 0 : -1;
}

static uint64_t random64(void)
{
	uint64_t v = 0;
	if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v) {
		/* getrandom cannot fail for 8 bytes after boot; stay unique anyway */
		v ^= (uint64_t)clock() << 32 ^ (uint64_t)(uintptr_t)&v;
	}
	return v;
}

/* Unique without a system call per message: time, pid and a random nonce
 * fixed for the process, and a counter. The random part keeps two processes
 * that reuse a pid within a second apart. */
int tz_mail_message_id(const char *domain, char *out, size_t n)
{
	static unsigned long counter;
	static uint64_t nonce;
	static long pid;
	int w;
	if (!tz_mail_header_value_ok(domain) || strpbrk(domain, " <>@\"") || !*domain)
		return -1;
	if (!pid) {
		pid = (long)getpid();
		nonce = random64();
	}
	w = snprintf(out, n, "<%lld.%ld.%lu.%016llx@%s>", (long long)time(NULL), pid, ++counter,
		     (unsigned long long)nonce, domain);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

void tz_mail_date(time_t t, char *out, size_t n)
{
	static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, n, "%s, %d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
		 tm.tm_mday, months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour,
		 tm.tm_min, tm.tm_sec);
}

/* "Name <addr>" with the name as an RFC 2047 phrase. */
static int add_mailbox(struct tz_buf *out, const char *field, const char *name,
		       const char *addr)
{
	if (tz_buf_addf(out, "%s: ", field))
		return -1;
	if (name && *name) {
		if (tz_rfc2047_encode_phrase(out, name, strlen(field) + 2) ||
		    tz_buf_adds(out, " "))
			return -1;
	}
	return tz_buf_addf(out, "<%s>\r\n", addr);
}

static struct mailmime *text_part(const char *subtype, char *body, size_t len)
{
	struct mailmime_content *ct;
	struct mailmime_fields *mf;
	struct mailmime_parameter *cs;
	struct mailmime *part;
	char *type = NULL, *pname, *pvalue;
	size_t tl = strlen(subtype) + 6;

	type = malloc(tl);
	if (!type)
		return NULL;
	snprintf(type, tl, "text/%s", subtype);
	ct = mailmime_content_new_with_str(type);
	free(type);
	if (!ct)
		return NULL;
	pname = strdup("charset");
	pvalue = strdup("utf-8");
	cs = pname && pvalue ? mailmime_parameter_new(pname, pvalue) : NULL;
	if (!cs) { /* the strings are ours until a parameter owns them */
		free(pname);
		free(pvalue);
		mailmime_content_free(ct);
		return NULL;
	}
	/* from here cs owns pname and pvalue (the analyzer cannot see into
	 * libetpan and reports them as leaked) */
	if (clist_append(ct->ct_parameters, cs)) { // NOLINT(clang-analyzer-unix.Malloc)
		mailmime_parameter_free(cs);
		mailmime_content_free(ct);
		return NULL;
	}
	mf = mailmime_fields_new_encoding(MAILMIME_MECHANISM_QUOTED_PRINTABLE);
	if (!mf) {
		mailmime_content_free(ct);
		return NULL;
	}
	part = mailmime_new_empty(ct, mf);
	if (!part) {
		mailmime_fields_free(mf);
		mailmime_content_free(ct);
		return NULL;
	}
	/* body already quoted-printable (qp.c); libetpan borrows it and writes
	 * it as it is (dt_encoded), the buffer lives until the message is out */
	part->mm_data.mm_single = mailmime_data_new(MAILMIME_DATA_TEXT,
						    MAILMIME_MECHANISM_QUOTED_PRINTABLE, 1,
						    body, len, NULL);
	if (!part->mm_data.mm_single) {
		mailmime_free(part);
		return NULL;
	}
	return part;
}

/* Replace libetpan's random()-based boundary with one from getrandom(). */
static int set_boundary(struct mailmime_content *ct)
{
	char b[64];
	snprintf(b, sizeof b, "=_tz_%016llx%016llx", (unsigned long long)random64(),
		 (unsigned long long)random64());
	for (clistiter *it = clist_begin(ct->ct_parameters); it; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);
		if (strcasecmp(p->pa_name, "boundary") == 0) {
			char *v = strdup(b);
			if (!v)
				return -1;
			free(p->pa_value);
			p->pa_value = v;
			return 0;
		}
	}
	return -1;
}

/* An empty multipart of type (with a boundary from getrandom()). */
static struct mailmime *multipart(const char *type)
{
	struct mailmime_content *ct = mailmime_content_new_with_str(type);
	struct mailmime_fields *mf;
	struct mailmime *mp;
	if (!ct)
		return NULL;
	mf = mailmime_fields_new_empty();
	if (!mf) {
		mailmime_content_free(ct);
		return NULL;
	}
	mp = mailmime_new_empty(ct, mf);
	if (!mp) {
		mailmime_fields_free(mf);
		mailmime_content_free(ct);
		return NULL;
	}
	if (set_boundary(ct)) {
		mailmime_free(mp);
		return NULL;
	}
	return mp;
}

/* Add part to parent; on failure part is freed. */
static int add_part(struct mailmime *parent, struct mailmime *part)
{
	if (!part)
		return -1;
	if (mailmime_add_part(parent, part) != MAILIMF_NO_ERROR) {
		mailmime_free(part);
		return -1;
	}
	return 0;
}

/* An inline image part: base64 (libetpan encodes it), Content-ID. */
static struct mailmime *image_part(const struct tz_mime_image *im)
{
	struct mailmime_content *ct = mailmime_content_new_with_str(im->type);
	struct mailmime_mechanism *enc = NULL;
	struct mailmime_disposition *disp = NULL;
	struct mailmime_fields *mf = NULL;
	struct mailmime *part;
	char *cid = tz_strdup(im->cid), *fname = tz_strdup(im->filename);

	if (!ct || !cid || !fname)
		goto fail;
	enc = mailmime_mechanism_new(MAILMIME_MECHANISM_BASE64, NULL);
	if (!enc)
		goto fail;
	disp = mailmime_disposition_new_with_data(MAILMIME_DISPOSITION_TYPE_INLINE, fname, NULL,
						  NULL, NULL, (size_t)-1);
	/* libetpan owns fname only once the disposition exists; on failure
	 * it is still ours and freed below (the analyzer cannot see that) */
	if (!disp)
		goto fail; // NOLINT(clang-analyzer-unix.Malloc)
	fname = NULL;
	mf = mailmime_fields_new_with_data(enc, cid, NULL, disp, NULL);
	/* the same for cid: libetpan takes it with the fields */
	if (!mf)
		goto fail; // NOLINT(clang-analyzer-unix.Malloc)
	enc = NULL;
	cid = NULL;
	disp = NULL;
	part = mailmime_new_empty(ct, mf);
	if (!part)
		goto fail;
	part->mm_data.mm_single = mailmime_data_new(MAILMIME_DATA_TEXT, MAILMIME_MECHANISM_BASE64,
						    0, im->data, im->len, NULL);
	if (!part->mm_data.mm_single) {
		mailmime_free(part);
		return NULL;
	}
	return part;
fail:
	if (mf)
		mailmime_fields_free(mf);
	if (disp)
		mailmime_disposition_free(disp);
	if (enc)
		mailmime_mechanism_free(enc);
	if (ct)
		mailmime_content_free(ct);
	free(cid);
	free(fname);
	return NULL;
}

#define MARK_TEXT "\x01tz-text\x01"
#define MARK_HTML "\x01tz-html\x01"

/*
 * libetpan writes the structure with two marker bodies. The tree is built
 * by hand with mailmime_add_part: mailmime_smart_add_part would wrap the
 * alternative in a multipart/mixed.
 */
static int write_skeleton(MMAPString *s, const struct tz_mime_image *images, size_t nimages)
{
	struct mailmime *alt, *related = NULL, *msg;
	int col = 0, rc = -1;

	alt = multipart("multipart/alternative");
	if (!alt)
		return -1;
	if (add_part(alt, text_part("plain", (char *)MARK_TEXT, strlen(MARK_TEXT))))
		goto out;
	if (nimages) {
		struct mailmime_parameter *type;
		related = multipart("multipart/related");
		if (!related)
			goto out;
		/* RFC 2387: the type of the root part, which comes first */
		type = mailmime_parameter_new(strdup("type"), strdup("text/html"));
		if (!type || !type->pa_name || !type->pa_value ||
		    clist_append(related->mm_content_type->ct_parameters, type)) {
			if (type)
				mailmime_parameter_free(type);
			goto out;
		}
		if (add_part(related, text_part("html", (char *)MARK_HTML, strlen(MARK_HTML))))
			goto out;
		for (size_t i = 0; i < nimages; i++)
			if (add_part(related, image_part(&images[i])))
				goto out;
		if (add_part(alt, related)) {
			related = NULL; /* freed by add_part */
			goto out;
		}
		related = NULL;
	} else if (add_part(alt, text_part("html", (char *)MARK_HTML, strlen(MARK_HTML))))
		goto out;
	/* the message wrapper writes MIME-Version and the multipart's
	 * Content-Type; it has no IMF fields (ours are written by hand) */
	msg = mailmime_new_message_data(alt);
	if (!msg)
		goto out;
	alt = NULL;
	if (mailmime_write_mem(s, &col, msg) == MAILIMF_NO_ERROR)
		rc = 0;
	mailmime_free(msg);
out:
	if (related)
		mailmime_free(related);
	if (alt)
		mailmime_free(alt);
	return rc;
}

int tz_mime_skel_init(struct tz_mime_skel *sk, const struct tz_mime_image *images,
		      size_t nimages, struct tz_error *err)
{
	MMAPString *s = mmap_string_new("");
	char *t, *h;
	memset(sk, 0, sizeof *sk);
	if (!s || write_skeleton(s, images, nimages)) {
		if (s)
			mmap_string_free(s);
		return tz_error_set(err, TZ_ERR_NOMEM, NULL, 0, "cannot build the MIME structure");
	}
	t = strstr(s->str, MARK_TEXT);
	h = t ? strstr(t, MARK_HTML) : NULL;
	if (!t || !h) {
		mmap_string_free(s);
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
				    "libetpan wrote an unexpected MIME structure");
	}
	sk->pre_len = (size_t)(t - s->str);
	sk->mid_len = (size_t)(h - t) - strlen(MARK_TEXT);
	sk->post_len = s->len - (size_t)(h - s->str) - strlen(MARK_HTML);
	sk->pre = tz_strndup(s->str, sk->pre_len);
	sk->mid = tz_strndup(t + strlen(MARK_TEXT), sk->mid_len);
	sk->post = tz_strndup(h + strlen(MARK_HTML), sk->post_len);
	mmap_string_free(s);
	if (!sk->pre || !sk->mid || !sk->post) {
		tz_mime_skel_release(sk);
		return tz_error_nomem(err);
	}
	return 0;
}

void tz_mime_skel_release(struct tz_mime_skel *sk)
{
	free(sk->pre);
	free(sk->mid);
	free(sk->post);
	memset(sk, 0, sizeof *sk);
}

/* A body part's content, ending with a line break (quoted-printable ends
 * with CRLF exactly when its text ends with LF). */
static int add_body(struct tz_buf *out, const char *s, size_t len, int encoded)
{
	if (encoded ? tz_buf_add(out, s, len) : tz_qp_encode(out, s, len))
		return -1;
	if (len && s[len - 1] != '\n')
		return tz_buf_add(out, "\r\n", 2);
	return 0;
}

static int build_body(const struct tz_mail_msg *m, struct tz_buf *out)
{
	struct tz_mime_skel own;
	const struct tz_mime_skel *sk = m->skel;
	struct tz_error err;
	int rc;
	if (!sk) {
		if (tz_mime_skel_init(&own, NULL, 0, &err))
			return -1;
		sk = &own;
	}
	/* the text ends with a line break so the boundary starts a line */
	rc = tz_buf_add(out, sk->pre, sk->pre_len) || add_body(out, m->text, m->text_len, m->encoded) ||
	     tz_buf_add(out, sk->mid, sk->mid_len) || add_body(out, m->html, m->html_len, m->encoded) ||
	     tz_buf_add(out, sk->post, sk->post_len)
		? -1 : 0;
	if (sk == &own)
		tz_mime_skel_release(&own);
	return rc;
}

#define NEED(cond, what)                                                              \
	do {                                                                          \
		if (!(cond))                                                          \
			return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,             \
					    "refusing header %s: control character or " \
					    "invalid text",                          \
					    what);                                    \
	} while (0)

int tz_mime_build(const struct tz_mail_msg *m, struct tz_buf *out, char *msgid,
		  size_t msgid_size, struct tz_error *err)
{
	char date[64];
	size_t start = out->len;

	/* everything is checked before the first byte is written */
	NEED(tz_mail_address_ok(m->from_addr), "From");
	NEED(!m->from_name || tz_mail_header_value_ok(m->from_name), "From");
	NEED(tz_mail_address_ok(m->to_addr), "To");
	NEED(!m->to_name || tz_mail_header_value_ok(m->to_name), "To");
	NEED(!m->reply_to || tz_mail_address_ok(m->reply_to), "Reply-To");
	NEED(tz_mail_header_value_ok(m->subject), "Subject");
	NEED(!m->list_id || (tz_mail_header_value_ok(m->list_id) && !strpbrk(m->list_id, " <>")),
	     "List-Id");
	NEED(!m->unsub_url || (tz_mail_header_value_ok(m->unsub_url) &&
			       !strpbrk(m->unsub_url, " <>\"") &&
			       strncmp(m->unsub_url, "https://", 8) == 0),
	     "List-Unsubscribe");
	NEED(!m->unsub_mailto || (tz_mail_header_value_ok(m->unsub_mailto) &&
				  !strpbrk(m->unsub_mailto, " <>\"") &&
				  strncmp(m->unsub_mailto, "mailto:", 7) == 0),
	     "List-Unsubscribe");
	if (tz_mail_message_id(m->msgid_domain, msgid, msgid_size))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot make a Message-ID on domain '%s'", m->msgid_domain);
	tz_mail_date(m->date, date, sizeof date);

	if (add_mailbox(out, "From", m->from_name, m->from_addr) ||
	    add_mailbox(out, "To", m->to_name, m->to_addr) ||
	    (m->reply_to && tz_buf_addf(out, "Reply-To: <%s>\r\n", m->reply_to)) ||
	    tz_buf_adds(out, "Subject: ") || tz_rfc2047_encode(out, m->subject, 9) ||
	    tz_buf_addf(out, "\r\nDate: %s\r\nMessage-ID: %s\r\n", date, msgid) ||
	    (m->list_id && tz_buf_addf(out, "List-Id: <%s>\r\n", m->list_id)))
		goto fail;
	if (m->unsub_url || m->unsub_mailto) {
		if (tz_buf_adds(out, "List-Unsubscribe: ") ||
		    (m->unsub_url && tz_buf_addf(out, "<%s>", m->unsub_url)) ||
		    (m->unsub_url && m->unsub_mailto && tz_buf_adds(out, ",\r\n ")) ||
		    (m->unsub_mailto && tz_buf_addf(out, "<%s>", m->unsub_mailto)) ||
		    tz_buf_adds(out, "\r\n"))
			goto fail;
		/* RFC 8058 one-click needs the https URI */
		if (m->unsub_url &&
		    tz_buf_adds(out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
			goto fail;
	}
	if (tz_buf_adds(out, "Precedence: bulk\r\nAuto-Submitted: auto-generated\r\n") ||
	    build_body(m, out))
		goto fail;
	return 0;
fail:
	tz_buf_truncate(out, start);
	return tz_error_set(err, TZ_ERR_NOMEM, NULL, 0,
			    "cannot build the message for '%s': out of memory or over the size limit",
			    m->to_addr);
}
