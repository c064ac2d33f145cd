/*
 * dkim_rsa.h - the RSA private-key operation of rsa-sha256 signatures
 * through OpenSSL's libcrypto (dkim_rsa.c says why). Not for use outside
 * src/mail/dkim*.c.
 */
#ifndef TZ_DKIM_RSA_H
#define TZ_DKIM_RSA_H

#include <stddef.h>

/* An RSA private key from PEM bytes (PKCS#8 or PKCS#1); NULL when
 * libcrypto cannot read it (the caller signs with GnuTLS then). */
void *tz_dkim_rsa_load(const char *pem, size_t len);
/* A key object of its own for another thread; NULL on failure. */
void *tz_dkim_rsa_dup(void *key);
void tz_dkim_rsa_free(void *key);
/* RSASSA-PKCS1-v1_5 with SHA-256 over data: the signature into sig (room
 * for *siglen bytes; *siglen is set to its length). 0, or -1. */
int tz_dkim_rsa_sign(void *key, const void *data, size_t len, unsigned char *sig,
		     size_t *siglen);

#endif
