/*
 * test_signahead.c - signing ahead on threads (mail/signahead.h) with real
 * keys (an RSA-2048 and an Ed25519 key made by tz_dkim_keygen):
 *   - the messages come back in item order, each byte for byte what
 *     signing it on this thread gives (t= fixed; RSA PKCS#1 v1.5 and
 *     Ed25519 are deterministic), so no message gets another's signature;
 *   - a skipped item (the compose step says 1) comes back as skipped;
 *   - a signing error in a worker (a message without From) comes back on
 *     that item with its message, and the send stops there;
 *   - an item asked for out of order (a retry) is composed and signed on
 *     the spot, the same bytes again;
 *   - never more than depth messages composed ahead (memory bound);
 *   - release with messages still queued: no leak, no hang (ASan build);
 *   - the RSA signature through libcrypto is byte for byte GnuTLS's.
 * Verification by real verifiers is e2e/dkim and e2e/dkim_pool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/dkim.h"
#include "mail/signahead.h"
#include "tap.h"

#define N 40
#define DEPTH 4

struct fake {
	size_t composed, taken, max_ahead;
	size_t skip, no_from;
};

static int compose(void *ctx, size_t item, struct tz_smtp_message *m, struct tz_error *err)
{
	struct fake *f = ctx;
	f->composed++;
	if (f->composed - f->taken > f->max_ahead)
		f->max_ahead = f->composed - f->taken;
	if (item == f->skip)
		return 1;
	snprintf(m->rcpt, sizeof m->rcpt, "<x%zu@example.nl>", item);
	snprintf(m->msgid, sizeof m->msgid, "<%zu@dutchtechzone.example>", item);
	if (tz_buf_addf(&m->data,
			"%sTo: x%zu@example.nl\r\nSubject: nummer %zu\r\n"
			"Date: Sun, 6 Dec 2026 06:00:00 +0000\r\nMessage-ID: %s\r\n"
			"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
			"Beste lezer %zu,  \r\n\r\nhet nieuws van de regio.\r\n\r\n",
			item == f->no_from ? "" : "From: TechZine <nieuws@dutchtechzone.example>\r\n",
			item, item, m->msgid, item))
		return tz_error_nomem(err);
	return 0;
}

static int result(void *ctx, size_t item, const struct tz_smtp_message *m,
		  const struct tz_smtp_result *r, struct tz_error *err)
{
	(void)ctx, (void)item, (void)m, (void)r, (void)err;
	return 0;
}

/* What signing item on this thread gives. */
static int reference(struct fake *f, struct tz_dkim *d, size_t item, struct tz_buf *out)
{
	struct tz_smtp_message m;
	struct tz_error err;
	struct fake keep = *f; /* not counted as composed ahead */
	int rc;
	memset(&m, 0, sizeof m);
	tz_buf_init(&m.data, 0);
	rc = compose(f, item, &m, &err);
	*f = keep;
	if (!rc)
		rc = tz_dkim_sign(d, &m.data, 0, &err);
	tz_buf_reset(out);
	if (!rc)
		tz_buf_add(out, m.data.data, m.data.len);
	tz_buf_release(&m.data);
	return rc;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

int main(void)
{
	char dir[] = "/tmp/tz-signahead.XXXXXX", rsa[64], ed[64];
	struct tz_dkim d;
	struct tz_dkim_key k;
	struct tz_error err;
	struct tz_signahead sa;
	struct tz_smtp_message m;
	struct tz_buf want;
	struct fake f = {0, 0, 0, 7, 25};
	struct tz_smtp_source src = {&f, compose, result, NULL};
	size_t items[N];
	int in_order = 1, identical = 1, two_sigs = 1, rc;

	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return tap_done();
	}
	snprintf(rsa, sizeof rsa, "%s/rsa.pem", dir);
	snprintf(ed, sizeof ed, "%s/ed.pem", dir);
	tz_error_clear(&err);
	CHECK(tz_dkim_keygen(TZ_DKIM_RSA_SHA256, 2048, "dutchtechzone.example", "rsa", rsa, &k,
			     &err) == 0);
	tz_dkim_key_release(&k);
	CHECK(tz_dkim_keygen(TZ_DKIM_ED25519_SHA256, 0, "dutchtechzone.example", "ed", ed, &k,
			     &err) == 0);
	tz_dkim_key_release(&k);
	tz_dkim_init(&d);
	CHECK(tz_dkim_add_key(&d, "dutchtechzone.example", "rsa", rsa, NULL, 0, &err) == 0);
	CHECK(tz_dkim_add_key(&d, "dutchtechzone.example", "ed", ed, NULL, 0, &err) == 0);
	d.now = 1796536800; /* fixed t=: the reference signs the same bytes */
	tz_buf_init(&want, 0);
	memset(&m, 0, sizeof m);
	tz_buf_init(&m.data, TZ_SMTP_MAX_MESSAGE);
	for (size_t i = 0; i < N; i++)
		items[i] = i;

	CHECK(tz_signahead_start(&sa, &src, &d, items, N, 3, DEPTH, TZ_SMTP_MAX_MESSAGE, &err) == 0);
	for (size_t i = 0; i < N; i++) {
		tz_buf_reset(&m.data);
		tz_error_clear(&err);
		rc = sa.source.build(sa.source.ctx, i, &m, &err);
		f.taken++;
		if (i == f.skip) {
			CHECK(rc == 1);
			continue;
		}
		if (i == f.no_from) {
			CHECK(rc == -1);
			CHECK_STR(err.msg, "cannot DKIM-sign: no From field");
			break; /* the engine stops the send here */
		}
		if (rc) {
			in_order = 0;
			continue;
		}
		if (!strstr(m.data.data, "Subject: nummer ") ||
		    (size_t)atoi(strstr(m.data.data, "Subject: nummer ") + 16) != i)
			in_order = 0;
		if (count(m.data.data, "DKIM-Signature:") != 2)
			two_sigs = 0;
		if (reference(&f, &d, i, &want) || want.len != m.data.len ||
		    memcmp(want.data, m.data.data, want.len))
			identical = 0;
		/* a retry of an earlier item, out of order: signed on the spot */
		if (i == 10) {
			tz_buf_reset(&m.data);
			f.taken++; /* composed on the spot, not ahead */
			CHECK(sa.source.build(sa.source.ctx, 3, &m, &err) == 0);
			CHECK(reference(&f, &d, 3, &want) == 0);
			CHECK(want.len == m.data.len && !memcmp(want.data, m.data.data, want.len));
		}
	}
	CHECK(in_order);
	CHECK(identical);
	CHECK(two_sigs);
	CHECK(f.max_ahead <= DEPTH + 1);
	CHECK(f.max_ahead >= 2); /* it did compose ahead */
	/* items after the failure are still queued or signed: release them */
	tz_signahead_release(&sa);
	tz_signahead_release(&sa); /* twice is harmless */

	/* a pool torn down right after it started, messages in flight */
	CHECK(tz_signahead_start(&sa, &src, &d, items, N, 2, 0, TZ_SMTP_MAX_MESSAGE, &err) == 0);
	tz_buf_reset(&m.data);
	CHECK(sa.source.build(sa.source.ctx, 0, &m, &err) == 0);
	tz_signahead_release(&sa);

	/* libcrypto signs RSA (dkim_rsa.c): byte for byte what GnuTLS signs
	 * (RSASSA-PKCS1-v1_5 is deterministic), Ed25519 stays GnuTLS's */
	{
		struct tz_buf viagnutls;
		void *keep = d.keys[0].rsa;
		CHECK(keep != NULL);
		CHECK(d.keys[1].rsa == NULL);
		tz_buf_init(&viagnutls, 0);
		CHECK(reference(&f, &d, 5, &want) == 0);
		d.keys[0].rsa = NULL;
		CHECK(reference(&f, &d, 5, &viagnutls) == 0);
		d.keys[0].rsa = keep;
		CHECK(want.len > 0 && want.len == viagnutls.len &&
		      !memcmp(want.data, viagnutls.data, want.len));
		tz_buf_release(&viagnutls);
	}

	/* bad thread counts are refused */
	CHECK(tz_signahead_start(&sa, &src, &d, items, N, 0, 0, TZ_SMTP_MAX_MESSAGE, &err) == -1);
	CHECK(tz_signahead_start(&sa, &src, &d, items, N, TZ_SIGNAHEAD_MAX_THREADS + 1, 0,
				 TZ_SMTP_MAX_MESSAGE, &err) == -1);

	tz_buf_release(&m.data);
	tz_buf_release(&want);
	tz_dkim_release(&d);
	unlink(rsa);
	unlink(ed);
	rmdir(dir);
	return tap_done();
}
