/*
 * dnsrecords.c - DKIM/SPF/DMARC records and alignment (see dnsrecords.h).
 *
 * DMARC passes when SPF or DKIM passes *aligned* with the From domain:
 * SPF checks the envelope sender, which techzine sets to
 * bounce+TOKEN@<bounce-domain>, and DKIM the d= of the signature. Relaxed
 * alignment (the DMARC default) compares organisational domains.
 */
#include "dnsrecords.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mime.h"
#include "../util/banned.h"

/* Common second-level registries under country codes (co.uk, com.au). */
static int second_level(const char *label, const char *end)
{
	static const char *const sl[] = {"co", "com", "org", "net", "ac", "gov", "edu",
					 "ne", "or", "ltd", "plc", NULL};
	size_t len = (size_t)(end - label);
	for (int i = 0; sl[i]; i++)
		if (strlen(sl[i]) == len && strncasecmp(label, sl[i], len) == 0)
			return 1;
	return 0;
}

const char *tz_org_domain(const char *d)
{
	const char *dots[3] = {NULL, NULL, NULL};
	size_t n = 0, len = strlen(d);
	for (size_t i = len; i-- > 0;)
		if (d[i] == '.' && n < 3)
			dots[n++] = d + i;
	if (n < 1)
		return d;
	/* dots[0] before the TLD, dots[1] before the second label */
	if (n >= 2 && strlen(dots[0] + 1) == 2 && second_level(dots[1] + 1, dots[0]))
		return n >= 3 ? dots[2] + 1 : d;
	return n >= 2 ? dots[1] + 1 : d;
}

static int aligned(const char *a, const char *b)
{
	return strcasecmp(tz_org_domain(a), tz_org_domain(b)) == 0;
}

static int spf_mechanism(const char *relay, struct tz_buf *out)
{
	unsigned char addr[16];
	if (inet_pton(AF_INET, relay, addr) == 1)
		return tz_buf_addf(out, " ip4:%s", relay);
	if (inet_pton(AF_INET6, relay, addr) == 1)
		return tz_buf_addf(out, " ip6:%s", relay);
	return tz_buf_addf(out, " a:%s", relay);
}

int tz_mail_dns_records(const struct tz_issue *issue, const struct tz_dkim *dkim,
			const char *relay, struct tz_buf *out, struct tz_diags *diags,
			struct tz_error *err)
{
	char name[256], from[256];
	const char *from_domain, *bounce;
	struct tz_buf v, zone;
	int rc = -1, have_rsa = 0;

	if (!issue->mail.from || tz_mail_split_address(issue->mail.from, name, from, sizeof from))
		return tz_error_set(err, TZ_ERR_CONTENT, issue->path, 0,
				    "the issue has no usable <mail from>; add <mail from=\"Name "
				    "&lt;address&gt;\">");
	from_domain = strchr(from, '@') + 1;
	bounce = issue->mail.bounce_domain && *issue->mail.bounce_domain
			 ? issue->mail.bounce_domain
			 : from_domain;
	if (relay && (!tz_dkim_name_ok(relay) && !strchr(relay, ':')))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad relay host '%s'", relay);
	tz_buf_init(&v, (size_t)64 * 1024);
	tz_buf_init(&zone, (size_t)64 * 1024);
	if (tz_buf_addf(out, "; DNS records for the newsletter of %s\n", issue->path) ||
	    tz_buf_addf(out, "; From domain %s, DKIM domain(s) below, bounce domain %s\n",
			from_domain, bounce))
		goto nomem;
	if (dkim->n && tz_buf_adds(out, "; DKIM: one TXT record per key (RFC 6376 3.6.2)\n"))
		goto nomem;
	for (size_t i = 0; i < dkim->n; i++) {
		const struct tz_dkim_key *k = &dkim->keys[i];
		tz_buf_reset(&v);
		tz_buf_reset(&zone);
		if (tz_dkim_key_record(k, &v, err))
			goto out;
		snprintf(name, sizeof name, "%s._domainkey.%s", k->selector, k->domain);
		if (tz_dkim_zone_line(name, v.data, &zone) || tz_buf_adds(out, zone.data) ||
		    tz_buf_adds(out, "\n"))
			goto nomem;
		have_rsa |= k->alg == TZ_DKIM_RSA_SHA256;
		if (!aligned(k->domain, from_domain))
			tz_diags_add(diags, TZ_SEV_WARNING, issue->path, 0,
				     "DKIM domain '%s' is not aligned with the From domain '%s': "
				     "DMARC will not count this signature; sign with d=%s",
				     k->domain, from_domain, tz_org_domain(from_domain));
	}
	if (!dkim->n)
		tz_diags_add(diags, TZ_SEV_WARNING, issue->path, 0,
			     "no DKIM key: the messages go out unsigned unless the relay signs "
			     "them; add <dkim domain selector key/> to <mail> (docs/dkim.md)");
	else if (!have_rsa)
		tz_diags_add(diags, TZ_SEV_WARNING, issue->path, 0,
			     "only Ed25519 keys: receivers that do not verify ed25519-sha256 see "
			     "an unsigned message; add an RSA key as well");
	if (tz_buf_addf(out, "; SPF for the envelope sender bounce+TOKEN@%s\n%s. IN TXT "
			     "\"v=spf1",
			bounce, bounce) ||
	    (relay ? spf_mechanism(relay, out) : tz_buf_adds(out, " mx")) ||
	    tz_buf_adds(out, " ~all\"\n"))
		goto nomem;
	if (!relay)
		tz_diags_add(diags, TZ_SEV_WARNING, issue->path, 0,
			     "no relay named: the SPF line allows only the MX hosts of '%s'; "
			     "name the relay that sends with --relay HOST",
			     bounce);
	if (!aligned(bounce, from_domain))
		tz_diags_add(diags, TZ_SEV_WARNING, issue->path, 0,
			     "bounce domain '%s' is not aligned with the From domain '%s': SPF "
			     "cannot make DMARC pass; use a bounce domain under %s",
			     bounce, from_domain, tz_org_domain(from_domain));
	if (tz_buf_addf(out, "; DMARC for the From domain: start with p=none, read the "
			     "reports, then tighten\n_dmarc.%s. IN TXT \"v=DMARC1; p=none; "
			     "rua=mailto:dmarc-reports@%s\"\n",
			from_domain, from_domain))
		goto nomem;
	rc = 0;
	goto out;
nomem:
	rc = tz_error_nomem(err);
out:
	tz_buf_release(&v);
	tz_buf_release(&zone);
	return rc;
}
