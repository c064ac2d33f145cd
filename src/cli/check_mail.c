/*
 * check_mail.c - `techzine check --mail`: load the issue's DKIM keys (the
 * same checks `send` makes: mode 0600, RSA-2048+) and print the DNS records
 * the sender needs, with alignment warnings as check findings.
 */
#include <stdio.h>

#include "cli.h"
#include "../mail/dkim_issue.h"
#include "../mail/dnsrecords.h"
#include "../util/banned.h"

int tz_check_mail(struct tz_issue *issue, const char *relay, int quiet, struct tz_diags *diags,
		  struct tz_error *err)
{
	struct tz_dkim d;
	struct tz_buf out;
	struct tz_error kerr;
	int rc = 0;
	tz_dkim_init(&d);
	tz_buf_init(&out, (size_t)1024 * 1024);
	tz_error_clear(&kerr);
	/* a key that cannot be used is a finding, like a missing image */
	if (tz_dkim_setup(&d, issue, NULL, NULL, NULL, &kerr))
		tz_diags_add_error(diags, &kerr);
	if (tz_mail_dns_records(issue, &d, relay, &out, diags, err))
		rc = err->code == TZ_ERR_CONTENT ? 0 : -1;
	if (rc == 0 && err->code == TZ_ERR_CONTENT) {
		tz_diags_add_error(diags, err);
		tz_error_clear(err);
	} else if (rc == 0 && !quiet)
		fputs(out.data, stdout);
	tz_dkim_release(&d);
	tz_buf_release(&out);
	return rc;
}
