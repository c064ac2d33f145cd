/*
 * bounces_explain.c - `techzine bounces --explain FILE.eml...`: the
 * officer's tool for a bounce they do not understand. Prints what was
 * recognised (server type, each recipient with its status, reply, reason
 * and the verdict techzine would act on) without a token and without
 * opening the subscribers folder.
 */
#include <stdio.h>
#include <string.h>

#include "bounces_cli.h"
#include "cli.h"
#include "../list/report.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static const char *const kind_words[] = {"not recognised", "bounce", "complaint",
					 "unsubscribe reply", "auto-reply (never acted on)"};

static const char *verdict_words(enum tz_verdict v)
{
	switch (v) {
	case TZ_V_HARD: return "hard: the address is bad; bounced and suppressed";
	case TZ_V_SOFT: return "soft: counted; --soft-limit in a row makes it bounced";
	case TZ_V_SENDER: return "sender: the sending side's problem; counted per receiving domain, "
				 "the subscriber is not touched";
	case TZ_V_COMPLAINT: return "complaint: complained and suppressed";
	default: return "none: nothing changes";
	}
}

static void explain_one(const char *path, const struct tz_report *r)
{
	printf("%s: %s", path, kind_words[r->kind]);
	if (r->server)
		printf(" (%s)", r->server);
	putchar('\n');
	if (r->kind == TZ_REPORT_UNKNOWN || r->kind == TZ_REPORT_AUTOREPLY)
		printf("  why: %s\n", r->why);
	if (r->kind == TZ_REPORT_ARF)
		printf("  feedback-type: %s\n  verdict: %s\n", r->feedback_type,
		       verdict_words(TZ_V_COMPLAINT));
	if (r->address[0])
		printf("  subscriber named: %s\n", r->address);
	for (size_t i = 0; i < r->nrcpt; i++) {
		const struct tz_report_rcpt *rc = &r->rcpt[i];
		printf("  recipient: %s\n", rc->address[0] ? rc->address : "(not named; the token decides)");
		printf("    action: %s  status: %s  reply: %s\n", rc->action[0] ? rc->action : "-",
		       rc->status[0] ? rc->status : "-", rc->reply[0] ? rc->reply : "-");
		printf("    reason: %s", tz_reason_name(rc->reason));
		if (rc->phrase)
			printf(" (phrase \"%s\")", rc->phrase);
		printf("\n    verdict: %s\n", verdict_words(rc->verdict));
		if (rc->verdict == TZ_V_SENDER)
			printf("    fix: %s\n", tz_reason_advice(rc->reason));
		if (rc->diagnostic[0])
			printf("    diagnostic: %.300s\n", rc->diagnostic);
	}
	printf("  token: %s%s%s\n", r->token[0] ? "found in the " : "none",
	       r->token[0] ? r->token_from : "", r->token[0] ? " (checked only by a real run)" : "");
}

int tz_bounces_explain(int nfiles, char **files)
{
	int rc = TZ_EXIT_OK;
	for (int i = 0; i < nfiles; i++) {
		struct tz_buf b;
		struct tz_error err;
		struct tz_report r;
		tz_buf_init(&b, TZ_REPORT_MAX_BYTES + 1);
		tz_error_clear(&err);
		if (tz_read_file(files[i], TZ_REPORT_MAX_BYTES, &b, &err)) {
			rc = tz_report(&err);
			tz_buf_release(&b);
			continue;
		}
		if (tz_report_parse(b.data, b.len, &r)) {
			tz_buf_release(&b);
			tz_error_nomem(&err);
			return tz_report(&err);
		}
		explain_one(files[i], &r);
		tz_buf_release(&b);
	}
	if (rc == TZ_EXIT_OK) {
		struct tz_error cerr;
		if (tz_close_stream(stdout, "stdout", &cerr))
			rc = tz_report(&cerr);
	}
	return rc;
}
