/*
 * dnsrecords.h - the DNS records a newsletter sender needs (DKIM, SPF,
 * DMARC) and the DMARC alignment of its From, DKIM and bounce domains, for
 * `techzine check --mail`.
 */
#ifndef TZ_DNSRECORDS_H
#define TZ_DNSRECORDS_H

#include "dkim.h"
#include "../model/model.h"
#include "../util/buf.h"
#include "../util/error.h"

/* The organisational domain of d as DMARC relaxed alignment compares it,
 * approximated without the Public Suffix List: the last two labels, three
 * under a country code with a common second-level registry (co.uk,
 * com.au). Returns a pointer into d. */
const char *tz_org_domain(const char *d);

/* Zone-file lines for the issue's sender, appended to out; findings
 * (misalignment, no key, no relay) go to diags as warnings. relay is the
 * host or address of the relay that sends (NULL: not known). */
int tz_mail_dns_records(const struct tz_issue *issue, const struct tz_dkim *dkim,
			const char *relay, struct tz_buf *out, struct tz_diags *diags,
			struct tz_error *err);

#endif
