/*
 * mime.c - build one personalised message.
 *
 * libetpan builds the body: a multipart/alternative with a text/plain and
 * a text/html part, quoted-printable (encoded by qp.c: libetpan's encoder
 * was the bottleneck of the whole send). We avoid
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

int tz_mail_message_id(const char *domain, char *out, size_t n)
{
	static unsigned long counter;
	int w;
	if (!tz_mail_header_value_ok(domain) || strpbrk(domain, " <>@\"") || !*domain)
		return -1;
	w = snprintf(out, n, "<%lld.%ld.%lu.%016llx@%s>", (long long)time(NULL),
		     (long)getpid(), ++counter, (unsigned long long)random64(), domain);
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

#define MARK_TEXT "\x01tz-text\x01"
#define MARK_HTML "\x01tz-html\x01"

/* libetpan writes multipart/alternative with two marker bodies. */
static int write_skeleton(MMAPString *s)
{
	struct mailmime_content *ct;
	struct mailmime_fields *mf;
	struct mailmime *alt, *plain, *html, *msg;
	int col = 0, rc = -1;

	ct = mailmime_content_new_with_str("multipart/alternative");
	if (!ct)
		return -1;
	mf = mailmime_fields_new_empty();
	if (!mf) {
		mailmime_content_free(ct);
		return -1;
	}
	alt = mailmime_new_empty(ct, mf);
	if (!alt) {
		mailmime_fields_free(mf);
		mailmime_content_free(ct);
		return -1;
	}
	if (set_boundary(ct))
		goto out;
	plain = text_part("plain", (char *)MARK_TEXT, strlen(MARK_TEXT));
	if (!plain)
		goto out;
	if (mailmime_add_part(alt, plain) != MAILIMF_NO_ERROR) {
		mailmime_free(plain);
		goto out;
	}
	html = text_part("html", (char *)MARK_HTML, strlen(MARK_HTML));
	if (!html)
		goto out;
	if (mailmime_add_part(alt, html) != MAILIMF_NO_ERROR) {
		mailmime_free(html);
		goto out;
	}
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
	if (alt)
		mailmime_free(alt);
	return rc;
}

int tz_mime_skel_init(struct tz_mime_skel *sk, struct tz_error *err)
{
	MMAPString *s = mmap_string_new("");
	char *t, *h;
	memset(sk, 0, sizeof *sk);
	if (!s || write_skeleton(s)) {
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

static int build_body(const struct tz_mail_msg *m, struct tz_buf *out)
{
	struct tz_mime_skel own;
	const struct tz_mime_skel *sk = m->skel;
	struct tz_error err;
	int rc;
	if (!sk) {
		if (tz_mime_skel_init(&own, &err))
			return -1;
		sk = &own;
	}
	/* the text ends with a line break so the boundary starts a line */
	rc = tz_buf_add(out, sk->pre, sk->pre_len) || tz_qp_encode(out, m->text, m->text_len) ||
	     ((m->text_len && m->text[m->text_len - 1] != '\n') && tz_buf_add(out, "\r\n", 2)) ||
	     tz_buf_add(out, sk->mid, sk->mid_len) || tz_qp_encode(out, m->html, m->html_len) ||
	     ((m->html_len && m->html[m->html_len - 1] != '\n') && tz_buf_add(out, "\r\n", 2)) ||
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
