/*
 * dkim.c - sign a built message (see dkim.h).
 *
 * The one idea: the body hash is the same for every signer (both
 * algorithms use SHA-256 over the relaxed body), so it is computed once per
 * message, streamed through the canonicalizer into GnuTLS's hash; each
 * signer then hashes only the few canonical header fields it signs.
 * Ed25519 (RFC 8463) signs the SHA-256 digest of that data with PureEdDSA;
 * RSA signs the data with PKCS#1 v1.5 over SHA-256.
 */
#include "dkim.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dkim_canon.h"
#include "dkim_rsa.h"
#include "../util/banned.h"

/* The fields we sign, in h= order; From is signed one more time than it
 * occurs ("oversigned") so that a second From cannot be added in transit. */
static const char *const signed_fields[] = {
	"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
	"Reply-To", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", NULL};

#define MAX_FIELDS 64

struct field {
	const char *p;
	size_t len; /* with its CRLF and continuation lines */
	size_t name_len;
};

void tz_dkim_init(struct tz_dkim *d)
{
	memset(d, 0, sizeof *d);
	tz_buf_init(&d->canon, (size_t)1024 * 1024);
	tz_buf_init(&d->sig, (size_t)64 * 1024);
}

void tz_dkim_release(struct tz_dkim *d)
{
	for (size_t i = 0; i < d->n; i++)
		tz_dkim_key_release(&d->keys[i]);
	tz_buf_release(&d->canon);
	tz_buf_release(&d->sig);
	d->n = 0;
}

/* Split the header (up to the empty line) into fields; *body_at is the
 * offset of the body. -1 when there is no empty line or too many fields. */
static int split_header(const char *m, size_t len, struct field *f, size_t *nf,
			size_t *body_at)
{
	size_t i = 0, n = 0;
	while (i < len) {
		size_t start = i, colon = 0;
		if (m[i] == '\r' && i + 1 < len && m[i + 1] == '\n') {
			*body_at = i + 2;
			*nf = n;
			return 0;
		}
		if (n == MAX_FIELDS)
			return -1;
		for (;;) { /* one field: lines until one that does not start with WSP */
			const char *lf = memchr(m + i, '\n', len - i);
			if (!lf)
				return -1;
			i = (size_t)(lf - m) + 1;
			if (i >= len || (m[i] != ' ' && m[i] != '\t'))
				break;
		}
		for (size_t k = start; k < i && !colon; k++)
			if (m[k] == ':')
				colon = k;
		if (!colon)
			return -1;
		f[n].p = m + start;
		f[n].len = i - start;
		f[n].name_len = colon - start;
		while (f[n].name_len && (f[n].p[f[n].name_len - 1] == ' ' ||
					 f[n].p[f[n].name_len - 1] == '\t'))
			f[n].name_len--;
		n++;
	}
	return -1;
}

/* The last field called name (bottom-up, as RFC 6376 5.4.2 selects). */
static const struct field *find_field(const struct field *f, size_t nf, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = nf; i-- > 0;)
		if (f[i].name_len == len && strncasecmp(f[i].p, name, len) == 0)
			return &f[i];
	return NULL;
}

static void hash_sink(void *ctx, const char *data, size_t len)
{
	gnutls_hash(*(gnutls_hash_hd_t *)ctx, data, len);
}

static int body_hash(const char *body, size_t len, char *out, size_t n)
{
	gnutls_hash_hd_t h;
	struct tz_dkim_body b;
	unsigned char digest[32];
	gnutls_datum_t in = {digest, sizeof digest}, b64 = {NULL, 0};
	int rc = -1;
	if (gnutls_hash_init(&h, GNUTLS_DIG_SHA256) < 0)
		return -1;
	tz_dkim_body_init(&b, hash_sink, &h);
	tz_dkim_body_feed(&b, body, len);
	tz_dkim_body_end(&b);
	gnutls_hash_deinit(h, digest);
	if (gnutls_base64_encode2(&in, &b64) >= 0 && b64.size < n) {
		memcpy(out, b64.data, b64.size);
		out[b64.size] = 0;
		rc = 0;
	}
	gnutls_free(b64.data);
	return rc;
}

/* Fold s into out after ';' or ':' so no line grows past about 76. */
static int add_folded(struct tz_buf *out, size_t *col, const char *s)
{
	size_t len = strlen(s);
	if (*col + len > 76) {
		if (tz_buf_adds(out, "\r\n\t"))
			return -1;
		*col = 8;
		if (*s == ' ') /* the fold is the space */
			s++, len--;
	}
	*col += len;
	return tz_buf_adds(out, s);
}

/* The signature of data (the canonical fields) with key k, base64. */
static int sign_data(const struct tz_dkim_key *k, const struct tz_buf *data, gnutls_datum_t *b64)
{
	unsigned char digest[32];
	gnutls_datum_t in = {(unsigned char *)data->data, (unsigned)data->len}, sig = {NULL, 0};
	gnutls_sign_algorithm_t a = GNUTLS_SIGN_RSA_SHA256;
	int rc;
	if (k->rsa) { /* libcrypto: RSA-8192 signatures are 1,024 bytes */
		unsigned char s[1024];
		size_t len = sizeof s;
		gnutls_datum_t raw = {s, 0};
		if (tz_dkim_rsa_sign(k->rsa, data->data, data->len, s, &len))
			return -1;
		raw.size = (unsigned)len;
		return gnutls_base64_encode2(&raw, b64) < 0 ? -1 : 0;
	}
	if (k->alg == TZ_DKIM_ED25519_SHA256) {
		if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data->data, data->len, digest) < 0)
			return -1;
		in.data = digest;
		in.size = sizeof digest;
		a = GNUTLS_SIGN_EDDSA_ED25519;
	}
	rc = gnutls_privkey_sign_data2((gnutls_privkey_t)k->priv, a, 0, &in, &sig);
	if (rc < 0)
		return -1;
	rc = gnutls_base64_encode2(&sig, b64) < 0 ? -1 : 0;
	gnutls_free(sig.data);
	return rc;
}

/* One DKIM-Signature field for key k, appended to d->sig. */
static int sign_one(struct tz_dkim *d, const struct tz_dkim_key *k, const struct field *f,
		    size_t nf, const char *bh, time_t t)
{
	struct tz_buf *s = &d->sig;
	size_t field_start = s->len, col;
	gnutls_datum_t b64 = {NULL, 0};
	char tag[320];
	int rc = -1;

	tz_buf_reset(&d->canon);
	if (tz_buf_addf(s, "DKIM-Signature: v=1; a=%s; c=relaxed/relaxed;",
			k->alg == TZ_DKIM_RSA_SHA256 ? "rsa-sha256" : "ed25519-sha256"))
		return -1;
	col = s->len - field_start;
	snprintf(tag, sizeof tag, " d=%s;", k->domain);
	if (add_folded(s, &col, tag))
		return -1;
	snprintf(tag, sizeof tag, " s=%s;", k->selector);
	if (add_folded(s, &col, tag))
		return -1;
	snprintf(tag, sizeof tag, " t=%lld;", (long long)t);
	if (add_folded(s, &col, tag) || add_folded(s, &col, " h=from:"))
		return -1;
	/* the fields in h= order; their canonical forms go into d->canon */
	for (int i = 0; signed_fields[i]; i++) {
		const struct field *hf = find_field(f, nf, signed_fields[i]);
		size_t l;
		if (!hf)
			continue;
		l = (size_t)snprintf(tag, sizeof tag, "%s:", signed_fields[i]);
		for (size_t j = 0; j < l; j++)
			if (tag[j] >= 'A' && tag[j] <= 'Z')
				tag[j] = (char)(tag[j] - 'A' + 'a');
		if (add_folded(s, &col, tag) ||
		    tz_dkim_canon_header(&d->canon, hf->p, hf->len, 1))
			return -1;
	}
	s->data[s->len - 1] = ';'; /* the last ':' of the list ends the tag */
	snprintf(tag, sizeof tag, " bh=%s;", bh);
	if (add_folded(s, &col, tag) || add_folded(s, &col, " b="))
		return -1;
	/* the signature field itself, b= empty, no CRLF (RFC 6376 3.7) */
	if (tz_dkim_canon_header(&d->canon, s->data + field_start, s->len - field_start, 0) ||
	    sign_data(k, &d->canon, &b64))
		goto out;
	for (size_t i = 0; i < b64.size; i += 72) {
		size_t l = b64.size - i < 72 ? b64.size - i : 72;
		if ((i || col + l > 76) && tz_buf_adds(s, "\r\n\t"))
			goto out;
		if (tz_buf_add(s, b64.data + i, l))
			goto out;
	}
	rc = tz_buf_adds(s, "\r\n");
out:
	gnutls_free(b64.data);
	return rc;
}

int tz_dkim_sign(struct tz_dkim *d, struct tz_buf *msg, size_t start, struct tz_error *err)
{
	struct field f[MAX_FIELDS];
	size_t nf = 0, body_at = 0, old_len = msg->len;
	char bh[64];
	time_t t = d->now ? d->now : time(NULL);

	if (!d->n)
		return 0;
	if (start > msg->len ||
	    split_header(msg->data + start, msg->len - start, f, &nf, &body_at))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "cannot DKIM-sign: the message has no well-formed header");
	if (!find_field(f, nf, "From"))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "cannot DKIM-sign: no From field");
	if (body_hash(msg->data + start + body_at, msg->len - start - body_at, bh, sizeof bh))
		return tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
				    "cannot DKIM-sign: GnuTLS could not hash the body");
	tz_buf_reset(&d->sig);
	for (size_t i = 0; i < d->n; i++)
		if (sign_one(d, &d->keys[i], f, nf, bh, t))
			return tz_error_set(err, TZ_ERR_DEPENDENCY, d->keys[i].path, 0,
					    "cannot DKIM-sign with the key of '%s' selector '%s'",
					    d->keys[i].domain, d->keys[i].selector);
	/* insert in front of the message: append, then shift into place */
	if (tz_buf_add(msg, d->sig.data, d->sig.len))
		return tz_error_set(err, TZ_ERR_NOMEM, NULL, 0,
				    "cannot DKIM-sign: out of memory or over the size limit");
	memmove(msg->data + start + d->sig.len, msg->data + start, old_len - start);
	memcpy(msg->data + start, d->sig.data, d->sig.len);
	return 0;
}
