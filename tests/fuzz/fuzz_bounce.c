/*
 * fuzz_bounce.c - libFuzzer harness for the bounce mailbox parser: any
 * bytes as a mail message through libetpan, the DSN/ARF field readers, the
 * server recognisers, the plain-text and Amazon SES JSON readers and the
 * phrase table (src/list/report*.c, bounce_*.c), and the suppression file
 * reader.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "list/report.h"
#include "list/suppress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_report r;
	struct tz_suppression sp;
	struct tz_error err;
	memset(&sp, 0, sizeof sp);
	if (tz_report_parse((const char *)data, size, &r) != 0)
		return 0;
	/* what the parser reports is always well-formed */
	if (r.nrcpt > TZ_REPORT_MAX_RCPTS || memchr(r.token, 0, sizeof r.token) == NULL ||
	    (r.token[0] && !tz_token_syntax_ok(r.token, strlen(r.token))))
		abort();
	for (size_t i = 0; i < r.nrcpt; i++) {
		/* a recipient is a normalised address, or "" when the report
		 * names none; its reason is in the vocabulary */
		if (!memchr(r.rcpt[i].address, 0, sizeof r.rcpt[i].address) ||
		    (r.rcpt[i].address[0] && !strchr(r.rcpt[i].address, '@')) ||
		    r.rcpt[i].reason >= TZ_R_COUNT ||
		    !memchr(r.rcpt[i].diagnostic, 0, sizeof r.rcpt[i].diagnostic))
			abort();
	}
	if (memchr(data, 0, size) == NULL &&
	    tz_suppression_parse(&sp, "s.csv", (const char *)data, size, &err) == 0) {
		if (sp.n)
			(void)tz_suppression_find(&sp, "jan@example.nl");
	}
	tz_suppression_release(&sp);
	return 0;
}
