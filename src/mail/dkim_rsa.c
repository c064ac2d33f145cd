/*
 * dkim_rsa.c - rsa-sha256 signatures through OpenSSL's libcrypto.
 *
 * Why not GnuTLS, which does everything else of DKIM here: its RSA is
 * nettle's rsa_sec_compute_root (GMP's mpn_sec_powm), 1.40 ms of CPU per
 * RSA-2048 signature on the machine the bench ran on, against 0.25 ms for
 * libcrypto 3.0's EVP_DigestSign with the same key (measured on one thread,
 * docs/dkim.md "Cost"); a signature per message (the To, Message-ID and
 * unsubscribe URL are personal) made RSA cost 16 times the rest of a send.
 * Both are hardened alike: constant-time exponentiation with blinding
 * (OpenSSL keeps RSA blinding on unless told otherwise; we never do).
 * GnuTLS still reads and checks the key (dkim_key.c), hashes the body and
 * signs Ed25519; this file holds only the private-key operation.
 */
#include "dkim_rsa.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "../util/banned.h"

void *tz_dkim_rsa_load(const char *pem, size_t len)
{
	BIO *b;
	EVP_PKEY *k;
	if (len > (size_t)0x7fffffff)
		return NULL;
	b = BIO_new_mem_buf(pem, (int)len);
	if (!b)
		return NULL;
	k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	if (k && EVP_PKEY_get_base_id(k) != EVP_PKEY_RSA) {
		EVP_PKEY_free(k);
		return NULL;
	}
	return k;
}

void *tz_dkim_rsa_dup(void *key) { return EVP_PKEY_dup(key); }

void tz_dkim_rsa_free(void *key) { EVP_PKEY_free(key); }

int tz_dkim_rsa_sign(void *key, const void *data, size_t len, unsigned char *sig,
		     size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok;
	if (!ctx)
		return -1;
	/* PKCS#1 v1.5 is libcrypto's default RSA padding; set it anyway so a
	 * changed default cannot make it PSS (which DKIM does not know) */
	ok = EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, key) == 1 &&
	     EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1 &&
	     EVP_DigestSign(ctx, sig, siglen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}
