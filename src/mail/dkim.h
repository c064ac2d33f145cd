/*
 * dkim.h - DKIM signatures (RFC 6376) on outgoing messages, rsa-sha256 and
 * ed25519-sha256 (RFC 8463), relaxed/relaxed, one or more signers at once.
 *
 * Keys are PEM files (PKCS#1 or PKCS#8) read once per send through GnuTLS;
 * a key file that the group or others may read is refused, RSA keys under
 * 2048 bits too. Hashes, Ed25519 signatures and base64 come from GnuTLS,
 * the RSA private-key operation from OpenSSL's libcrypto (5.6 times faster:
 * dkim_rsa.c); only the canonicalization (dkim_canon.c) is ours.
 *
 * The signer inserts its DKIM-Signature header fields in front of a message
 * already built in a tz_buf, so the message builder does not change.
 */
#ifndef TZ_DKIM_H
#define TZ_DKIM_H

#include <stddef.h>
#include <time.h>

#include "../util/buf.h"
#include "../util/error.h"

enum tz_dkim_alg { TZ_DKIM_RSA_SHA256, TZ_DKIM_ED25519_SHA256 };

struct tz_dkim_key {
	char *domain, *selector, *path;
	enum tz_dkim_alg alg;
	unsigned bits;
	void *priv; /* gnutls_privkey_t */
	void *rsa;  /* RSA: the same key for libcrypto, which signs (dkim_rsa.c) */
};

#define TZ_DKIM_MAX_KEYS 4

struct tz_dkim {
	struct tz_dkim_key keys[TZ_DKIM_MAX_KEYS];
	size_t n;
	struct tz_buf canon; /* canonical headers, reused per message */
	struct tz_buf sig;   /* the DKIM-Signature fields, reused */
	time_t now;          /* t= (0: time(NULL) at signing) */
};

void tz_dkim_init(struct tz_dkim *d);
void tz_dkim_release(struct tz_dkim *d);

/* Is s a plausible domain name or selector (letters, digits, '-', '.',
 * '_', no empty label)? */
int tz_dkim_name_ok(const char *s);

/* Load one private key (PEM) from path and add it as a signer for domain
 * and selector; where is the place that named it, for messages. */
int tz_dkim_add_key(struct tz_dkim *d, const char *domain, const char *selector,
		    const char *path, const char *where, long line, struct tz_error *err);

/* Add copies of src's keys to dst (initialised, empty): key objects of
 * its own, for a signing thread (docs/dkim.md, "Signing ahead"). */
int tz_dkim_copy(struct tz_dkim *dst, const struct tz_dkim *src, struct tz_error *err);

/* Sign the message that starts at msg->data + start (CRLF line ends, the
 * header ends with an empty line): the DKIM-Signature fields are inserted
 * at start, one per key. */
int tz_dkim_sign(struct tz_dkim *d, struct tz_buf *msg, size_t start, struct tz_error *err);

/* The TXT record value of a key ("v=DKIM1; k=rsa; p=..."), appended. */
int tz_dkim_key_record(const struct tz_dkim_key *k, struct tz_buf *out, struct tz_error *err);
/* The record in zone-file form: NAME IN TXT ( "..." "..." ), strings of at
 * most 255 bytes each. */
int tz_dkim_zone_line(const char *name, const char *value, struct tz_buf *out);

/* Generate a key (alg; bits for RSA), write it as PKCS#8 PEM to path with
 * mode 0600 (never over an existing file), and return it loaded in k. */
int tz_dkim_keygen(enum tz_dkim_alg alg, unsigned bits, const char *domain,
		   const char *selector, const char *path, struct tz_dkim_key *k,
		   struct tz_error *err);
void tz_dkim_key_release(struct tz_dkim_key *k);

#endif
