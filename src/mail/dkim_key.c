/*
 * dkim_key.c - DKIM keys: load a PEM private key (refusing one that others
 * may read), generate a new one, and print the DNS TXT record of its public
 * half. Everything cryptographic is GnuTLS: key parsing and generation,
 * SubjectPublicKeyInfo export (k=rsa) and the raw Ed25519 point (k=ed25519,
 * RFC 8463 3.3), base64.
 */
#include "dkim.h"
#include "dkim_rsa.h"

#include <errno.h>
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_KEY_FILE ((size_t)64 * 1024)

int tz_dkim_name_ok(const char *s)
{
	size_t len = strlen(s), label = 0;
	if (!len || len > 253 || *s == '.' || s[len - 1] == '.')
		return 0;
	for (; *s; s++) {
		if (*s == '.') {
			if (!label)
				return 0;
			label = 0;
			continue;
		}
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_') ||
		    ++label > 63)
			return 0;
	}
	return 1;
}

void tz_dkim_key_release(struct tz_dkim_key *k)
{
	if (k->priv)
		gnutls_privkey_deinit((gnutls_privkey_t)k->priv);
	if (k->rsa)
		tz_dkim_rsa_free(k->rsa);
	free(k->domain);
	free(k->selector);
	free(k->path);
	memset(k, 0, sizeof *k);
}

/* Which algorithm the key is for; -1 with err for anything else. */
static int key_alg(struct tz_dkim_key *k, const char *where, long line, struct tz_error *err)
{
	unsigned bits = 0;
	int pk = gnutls_privkey_get_pk_algorithm((gnutls_privkey_t)k->priv, &bits);
	k->bits = bits;
	if (pk == GNUTLS_PK_RSA) {
		k->alg = TZ_DKIM_RSA_SHA256;
		if (bits < 2048)
			return tz_error_set(err, TZ_ERR_CONTENT, where, line,
					    "DKIM key '%s' is RSA-%u; use at least 2048 bits "
					    "(techzine dkim keygen makes a new one)",
					    k->path, bits);
		return 0;
	}
	if (pk == GNUTLS_PK_EDDSA_ED25519) {
		k->alg = TZ_DKIM_ED25519_SHA256;
		return 0;
	}
	return tz_error_set(err, TZ_ERR_CONTENT, where, line,
			    "DKIM key '%s' is neither RSA nor Ed25519", k->path);
}

static int load_key(struct tz_dkim_key *k, const char *where, long line, struct tz_error *err)
{
	struct stat st;
	size_t size = 0;
	char *pem;
	ssize_t got;
	gnutls_datum_t d;
	int fd = tz_open_regular(k->path, MAX_KEY_FILE, &size, err), rc;
	if (fd < 0) {
		err->line = line;
		if (where)
			snprintf(err->file, sizeof err->file, "%s", where);
		return -1;
	}
	if (fstat(fd, &st) || (st.st_mode & 077)) {
		close(fd);
		return tz_error_set(err, TZ_ERR_CONTENT, where, line,
				    "DKIM key '%s' may be read by group or others (mode %04o); "
				    "run chmod 600 '%s'",
				    k->path, (unsigned)(st.st_mode & 07777), k->path);
	}
	pem = tz_malloc(size + 1);
	if (!pem) {
		close(fd);
		return tz_error_nomem(err);
	}
	got = read(fd, pem, size);
	close(fd);
	if (got != (ssize_t)size) {
		free(pem);
		return tz_error_set(err, TZ_ERR_IO, where, line, "cannot read DKIM key '%s'",
				    k->path);
	}
	d.data = (unsigned char *)pem;
	d.size = (unsigned)size;
	rc = gnutls_privkey_init((gnutls_privkey_t *)&k->priv);
	if (rc >= 0)
		rc = gnutls_privkey_import_x509_raw((gnutls_privkey_t)k->priv, &d,
						    GNUTLS_X509_FMT_PEM, NULL, 0);
	/* the same bytes for libcrypto, which signs RSA (dkim_rsa.c); NULL
	 * for Ed25519 (GnuTLS signs) and if libcrypto cannot read them */
	if (rc >= 0)
		k->rsa = tz_dkim_rsa_load(pem, size);
	explicit_bzero(pem, size);
	free(pem);
	if (rc < 0)
		return tz_error_set(err, TZ_ERR_CONTENT, where, line,
				    "cannot read DKIM key '%s': %s (a PEM private key is needed)",
				    k->path, gnutls_strerror(rc));
	return key_alg(k, where, line, err);
}

static int set_names(struct tz_dkim_key *k, const char *domain, const char *selector,
		     const char *path, const char *where, long line, struct tz_error *err)
{
	if (!tz_dkim_name_ok(domain))
		return tz_error_set(err, TZ_ERR_CONTENT, where, line, "bad DKIM domain '%s'", domain);
	if (!tz_dkim_name_ok(selector))
		return tz_error_set(err, TZ_ERR_CONTENT, where, line, "bad DKIM selector '%s'",
				    selector);
	k->domain = tz_strdup(domain);
	k->selector = tz_strdup(selector);
	k->path = tz_strdup(path);
	return k->domain && k->selector && k->path ? 0 : tz_error_nomem(err);
}

int tz_dkim_add_key(struct tz_dkim *d, const char *domain, const char *selector,
		    const char *path, const char *where, long line, struct tz_error *err)
{
	struct tz_dkim_key *k;
	if (d->n == TZ_DKIM_MAX_KEYS)
		return tz_error_set(err, TZ_ERR_USAGE, where, line, "at most %d DKIM keys",
				    TZ_DKIM_MAX_KEYS);
	k = &d->keys[d->n];
	memset(k, 0, sizeof *k);
	if (set_names(k, domain, selector, path, where, line, err) ||
	    load_key(k, where, line, err)) {
		tz_dkim_key_release(k);
		return -1;
	}
	d->n++;
	return 0;
}

static int add_b64(struct tz_buf *out, const gnutls_datum_t *in)
{
	gnutls_datum_t b64 = {NULL, 0};
	int rc;
	if (gnutls_base64_encode2(in, &b64) < 0)
		return -1;
	rc = tz_buf_add(out, b64.data, b64.size);
	gnutls_free(b64.data);
	return rc;
}

int tz_dkim_key_record(const struct tz_dkim_key *k, struct tz_buf *out, struct tz_error *err)
{
	gnutls_pubkey_t pub;
	gnutls_datum_t raw = {NULL, 0};
	gnutls_ecc_curve_t curve;
	int rc;
	if (gnutls_pubkey_init(&pub) < 0)
		return tz_error_nomem(err);
	rc = gnutls_pubkey_import_privkey(pub, (gnutls_privkey_t)k->priv, 0, 0);
	if (rc >= 0)
		rc = k->alg == TZ_DKIM_RSA_SHA256
			     ? gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &raw)
			     : gnutls_pubkey_export_ecc_raw2(pub, &curve, &raw, NULL, 0);
	if (rc >= 0)
		rc = tz_buf_addf(out, "v=DKIM1; k=%s; p=",
				 k->alg == TZ_DKIM_RSA_SHA256 ? "rsa" : "ed25519") ||
				     add_b64(out, &raw)
			     ? GNUTLS_E_MEMORY_ERROR
			     : 0;
	gnutls_free(raw.data);
	gnutls_pubkey_deinit(pub);
	if (rc < 0)
		return tz_error_set(err, TZ_ERR_DEPENDENCY, k->path, 0,
				    "cannot export the public key: %s", gnutls_strerror(rc));
	return 0;
}

int tz_dkim_zone_line(const char *name, const char *value, struct tz_buf *out)
{
	size_t len = strlen(value);
	if (tz_buf_addf(out, "%s. IN TXT (", name))
		return -1;
	for (size_t i = 0; i < len; i += 250) {
		size_t l = len - i < 250 ? len - i : 250;
		if (tz_buf_adds(out, " \"") || tz_buf_add(out, value + i, l) ||
		    tz_buf_adds(out, "\""))
			return -1;
	}
	return tz_buf_adds(out, " )");
}

/* Write pem to path, mode 0600, never replacing a file: a temporary file
 * in the same folder, fsync'd, then link(2), which fails if path exists. */
static int write_private(const char *path, const gnutls_datum_t *pem, struct tz_error *err)
{
	struct tz_buf tmp;
	int fd, rc = -1;
	tz_buf_init(&tmp, 8192);
	if (tz_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		return tz_error_nomem(err);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot create '%s': %s", tmp.data,
			     strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) || write(fd, pem->data, pem->size) != (ssize_t)pem->size ||
	    fsync(fd)) {
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot write '%s': %s", tmp.data,
			     strerror(errno));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	close(fd);
	if (link(tmp.data, path)) {
		tz_error_set(err, errno == EEXIST ? TZ_ERR_USAGE : TZ_ERR_IO, NULL, 0,
			     errno == EEXIST ? "'%s' exists already; remove it or choose another -o"
					     : "cannot write '%s': %s",
			     path, strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	unlink(tmp.data);
	tz_fsync_dir_of(path);
	rc = 0;
out:
	tz_buf_release(&tmp);
	return rc;
}

int tz_dkim_keygen(enum tz_dkim_alg alg, unsigned bits, const char *domain,
		   const char *selector, const char *path, struct tz_dkim_key *k,
		   struct tz_error *err)
{
	gnutls_x509_privkey_t xk;
	gnutls_datum_t pem = {NULL, 0};
	int rc;
	memset(k, 0, sizeof *k);
	if (alg == TZ_DKIM_RSA_SHA256 && (bits < 2048 || bits > 8192))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "RSA keys for DKIM need 2048 to 8192 bits, not %u", bits);
	if (set_names(k, domain, selector, path, NULL, 0, err))
		goto fail;
	if (gnutls_x509_privkey_init(&xk) < 0) {
		tz_error_nomem(err);
		goto fail;
	}
	rc = alg == TZ_DKIM_RSA_SHA256
		     ? gnutls_x509_privkey_generate(xk, GNUTLS_PK_RSA, bits, 0)
		     : gnutls_x509_privkey_generate(
			       xk, GNUTLS_PK_EDDSA_ED25519,
			       GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_ED25519), 0);
	if (rc >= 0)
		rc = gnutls_x509_privkey_export2_pkcs8(xk, GNUTLS_X509_FMT_PEM, NULL,
						       GNUTLS_PKCS_PLAIN, &pem);
	if (rc < 0) {
		gnutls_x509_privkey_deinit(xk);
		tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "cannot generate the key: %s",
			     gnutls_strerror(rc));
		goto fail;
	}
	gnutls_x509_privkey_deinit(xk);
	rc = write_private(path, &pem, err);
	gnutls_memset(pem.data, 0, pem.size);
	gnutls_free(pem.data);
	if (rc || load_key(k, NULL, 0, err))
		goto fail;
	return 0;
fail:
	tz_dkim_key_release(k);
	return -1;
}

int tz_dkim_copy(struct tz_dkim *dst, const struct tz_dkim *src, struct tz_error *err)
{
	dst->now = src->now;
	for (size_t i = 0; i < src->n; i++) {
		const struct tz_dkim_key *s = &src->keys[i];
		struct tz_dkim_key *k = &dst->keys[dst->n];
		gnutls_x509_privkey_t xk = NULL;
		int rc;
		memset(k, 0, sizeof *k);
		k->alg = s->alg;
		k->bits = s->bits;
		if (set_names(k, s->domain, s->selector, s->path, NULL, 0, err)) {
			tz_dkim_key_release(k);
			return -1;
		}
		if (s->rsa && !(k->rsa = tz_dkim_rsa_dup(s->rsa))) {
			tz_dkim_key_release(k);
			return tz_error_nomem(err);
		}
		/* a key object of its own: GnuTLS locks a shared one per use */
		rc = gnutls_privkey_export_x509((gnutls_privkey_t)s->priv, &xk);
		if (rc >= 0)
			rc = gnutls_privkey_init((gnutls_privkey_t *)&k->priv);
		if (rc >= 0)
			rc = gnutls_privkey_import_x509((gnutls_privkey_t)k->priv, xk,
							GNUTLS_PRIVKEY_IMPORT_AUTO_RELEASE);
		if (rc < 0) {
			if (xk)
				gnutls_x509_privkey_deinit(xk);
			tz_dkim_key_release(k);
			return tz_error_set(err, TZ_ERR_DEPENDENCY, s->path, 0,
					    "cannot copy the DKIM key: %s", gnutls_strerror(rc));
		}
		dst->n++;
	}
	return 0;
}
