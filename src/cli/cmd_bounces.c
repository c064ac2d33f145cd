/*
 * cmd_bounces.c - `techzine bounces`: read the bounce mailbox (Maildir or
 * IMAP), turn delivery reports, complaints and unsubscribe replies into
 * status changes, report what was not recognised.
 *
 * The one idea: read and parse everything first, then change the folder
 * under its lock in one go, then mark the handled messages as seen. A crash
 * in between leaves messages unseen, and handling one twice changes nothing
 * (statuses are set, not toggled; a soft bounce counts once per day).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bounces_cli.h"
#include "cli.h"
#include "commands.h"
#include "../list/bounces.h"
#include "../list/folder.h"
#include "../list/forget.h"
#include "../list/mailbox.h"
#include "../list/report.h"
#include "../list/token.h"
#include "../list/list.h"
#include "../list/bounce_reason.h"
#include "../report/events.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define CMD "bounces"

static const char *const outcome_words[] = {
	"not recognised, left in place", "hard bounce: bounced", "soft bounce",
	"soft bounce limit: bounced", "delivery notice", "complaint: complained",
	"unsubscribe reply: unsubscribed", "the sender's own problem: subscriber not touched"};

/* Sender-side rejections, counted per receiving domain and reason. */
struct sender_count {
	char domain[TZ_ADDRESS_MAX];
	enum tz_reason reason;
	size_t n;
};

static void count_sender(struct sender_count *sc, size_t *n, size_t cap,
			 const struct tz_bounce_result *res)
{
	for (size_t i = 0; i < *n; i++)
		if (sc[i].reason == res->reason && strcmp(sc[i].domain, res->domain) == 0) {
			sc[i].n++;
			return;
		}
	if (*n < cap) {
		snprintf(sc[*n].domain, sizeof sc[*n].domain, "%s", res->domain);
		sc[*n].reason = res->reason;
		sc[*n].n = 1;
		(*n)++;
	}
}

static int by_count(const void *a, const void *b)
{
	const struct sender_count *x = a, *y = b;
	return x->n < y->n ? 1 : x->n > y->n ? -1 : strcmp(x->domain, y->domain);
}

/* Loud: on stderr as well as in the report, and the exit status says it. */
static void report_sender(struct sender_count *sc, size_t n)
{
	qsort(sc, n, sizeof *sc, by_count);
	for (size_t i = 0; i < n; i++) {
		printf("bounces: %zu rejection%s by %s for %s: %s\n", sc[i].n, sc[i].n == 1 ? "" : "s",
		       sc[i].domain[0] ? sc[i].domain : "(unknown domain)", tz_reason_name(sc[i].reason),
		       tz_reason_advice(sc[i].reason));
		fprintf(stderr, "techzine: bounces: %zu rejection%s by %s for %s: %s\n", sc[i].n,
			sc[i].n == 1 ? "" : "s", sc[i].domain[0] ? sc[i].domain : "(unknown domain)",
			tz_reason_name(sc[i].reason), tz_reason_advice(sc[i].reason));
	}
}

/* What `techzine report` needs of each bounce acted on (no address): the
 * class, the reason and the receiving domain, for subscribers/events.log. */
struct bounce_event {
	const char *cls; /* NULL: nothing to log */
	const char *reason;
	char domain[TZ_ADDRESS_MAX];
};

static void remember_event(struct bounce_event *e, const struct tz_bounce_result *res)
{
	const char *at = strrchr(res->address, '@');
	memset(e, 0, sizeof *e);
	switch (res->outcome) {
	case TZ_BO_HARD: e->cls = "bad"; break;
	case TZ_BO_SOFT:
	case TZ_BO_SOFT_LIMIT: e->cls = "soft"; break;
	case TZ_BO_SENDER: e->cls = "sender"; break;
	default: return;
	}
	e->reason = tz_reason_name(res->reason);
	snprintf(e->domain, sizeof e->domain, "%s",
		 res->outcome == TZ_BO_SENDER ? res->domain : at ? at + 1 : "");
}

static int log_events(const char *dir, const struct bounce_event *ev, size_t n,
		      struct tz_error *err)
{
	char path[1024], today[11];
	snprintf(path, sizeof path, "%s/events.log", dir);
	tz_today(today);
	for (size_t i = 0; i < n; i++)
		if (ev[i].cls && tz_rpt_events_append(path, today, ev[i].reason, ev[i].cls,
						       ev[i].domain, err))
			return -1;
	return 0;
}

int cmd_bounces(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"maildir", required_argument, NULL, 'm'},
		{"imap", required_argument, NULL, 'i'},
		{"dir", required_argument, NULL, 'd'},
		{"cacert", required_argument, NULL, 'C'},
		{"soft-limit", required_argument, NULL, 's'},
		{"soft-window", required_argument, NULL, 'w'},
		{"dry-run", no_argument, NULL, 'n'},
		{"explain", no_argument, NULL, 'x'},
		{NULL, 0, NULL, 0}};
	struct tz_bounce_config cfg = {NULL, 3, 45};
	const char *maildir = NULL, *imap = NULL, *dir = "subscribers", *cacert = NULL;
	struct tz_mailbox mb;
	struct tz_folder f;
	struct tz_error err;
	struct tz_report *reports = NULL;
	int *readable = NULL, dry = 0, explain = 0, opt, rc = TZ_EXIT_OK;
	size_t counts[8] = {0}, nsender = 0;
	struct sender_count *sender = NULL;
	enum tz_bounce_outcome *outcome = NULL;
	struct bounce_event *events = NULL;
	struct tz_buf detail;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;
		long v;
		switch (opt) {
		case 'm': maildir = optarg; break;
		case 'i': imap = optarg; break;
		case 'd': dir = optarg; break;
		case 'C': cacert = optarg; break;
		case 'n': dry = 1; break;
		case 'x': explain = 1; break;
		case 's':
		case 'w':
			v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000)
				return tz_usage_error(CMD, "--%s wants a number 1..1000",
						      opt == 's' ? "soft-limit" : "soft-window");
			if (opt == 's')
				cfg.soft_limit = (int)v;
			else
				cfg.soft_window = (int)v;
			break;
		default:
			return tz_usage_error(CMD, "unknown option");
		}
	}
	if (explain) {
		if (optind >= argc || maildir || imap)
			return tz_usage_error(CMD, "--explain wants one or more message files and "
						   "nothing else");
		return tz_bounces_explain(argc - optind, argv + optind);
	}
	if (optind != argc || (!maildir == !imap))
		return tz_usage_error(CMD, "give one of --maildir DIR or --imap URL");
	tz_error_clear(&err);
	tz_buf_init(&detail, 4096);
	memset(&f, 0, sizeof f);
	f.lock.fd = -1;
	if (!(cfg.secret = tz_token_secret(&err)))
		return tz_report(&err);
	if (tz_mailbox_open(&mb, maildir ? maildir : imap, cacert, &err)) {
		tz_mailbox_close(&mb);
		return tz_report(&err);
	}
	reports = tz_calloc(mb.n ? mb.n : 1, sizeof *reports);
	readable = tz_calloc(mb.n ? mb.n : 1, sizeof *readable);
	outcome = tz_calloc(mb.n ? mb.n : 1, sizeof *outcome);
	events = tz_calloc(mb.n ? mb.n : 1, sizeof *events);
	sender = tz_calloc(mb.n ? mb.n : 1, sizeof *sender);
	if (!reports || !readable || !outcome || !sender || !events) {
		tz_error_nomem(&err);
		goto fail;
	}
	for (size_t i = 0; i < mb.n; i++) {
		struct tz_buf b;
		struct tz_error rerr;
		tz_buf_init(&b, TZ_REPORT_MAX_BYTES + 1);
		tz_error_clear(&rerr);
		if (tz_mailbox_read(&mb, i, TZ_REPORT_MAX_BYTES, &b, &rerr)) {
			if (rerr.code == TZ_ERR_NETWORK) {
				err = rerr;
				tz_buf_release(&b);
				goto fail;
			}
			snprintf(reports[i].why, sizeof reports[i].why, "cannot read it: %.120s",
				 rerr.msg);
		} else if (tz_report_parse(b.data, b.len, &reports[i])) {
			tz_buf_release(&b);
			tz_error_nomem(&err);
			goto fail;
		} else
			readable[i] = 1;
		tz_buf_release(&b);
	}
	if (tz_folder_open(&f, dir, NULL, &err))
		goto fail;
	for (size_t i = 0; i < mb.n; i++) {
		struct tz_bounce_result res;
		char masked[TZ_ADDRESS_MAX];
		if (tz_bounce_apply(&f, &reports[i], &cfg, (long long)time(NULL), &res)) {
			tz_error_nomem(&err);
			goto fail;
		}
		outcome[i] = res.outcome;
		counts[res.outcome]++;
		remember_event(&events[i], &res);
		if (res.outcome == TZ_BO_SENDER)
			count_sender(sender, &nsender, mb.n, &res);
		tz_address_mask(res.address, masked, sizeof masked);
		tz_buf_reset(&detail);
		/* a diagnostic often quotes the address: masked there too */
		if (!res.address[0] ||
		    tz_forget_text(res.detail, strlen(res.detail), res.address, masked, &detail) < 0) {
			tz_buf_reset(&detail);
			tz_buf_adds(&detail, res.detail);
		}
		printf("%s: %s%s%s (%s)\n", tz_mailbox_name(&mb, i), outcome_words[res.outcome],
		       res.address[0] ? " " : "", res.address[0] ? masked : "", detail.data);
	}
	if (dry)
		tz_folder_release(&f);
	else if (tz_folder_commit(&f, &err) || log_events(dir, events, mb.n, &err))
		goto fail;
	for (size_t i = 0; i < mb.n; i++)
		if (!dry && outcome[i] != TZ_BO_UNKNOWN ? tz_mailbox_done(&mb, i, &err)
							 : tz_mailbox_keep(&mb, i, &err))
			goto fail;
	printf("bounces: %zu messages: %zu hard bounces, %zu soft bounces (%zu reached the limit "
	       "of %d), %zu complaints, %zu unsubscribe replies, %zu delivery notices; %zu not "
	       "recognised (left unread for a person); %zu rejections of the sender's own "
	       "making%s\n",
	       mb.n, counts[TZ_BO_HARD], counts[TZ_BO_SOFT] + counts[TZ_BO_SOFT_LIMIT],
	       counts[TZ_BO_SOFT_LIMIT], cfg.soft_limit, counts[TZ_BO_COMPLAINT],
	       counts[TZ_BO_UNSUBSCRIBE], counts[TZ_BO_RESET], counts[TZ_BO_UNKNOWN],
	       counts[TZ_BO_SENDER], dry ? "; dry run: nothing was changed" : "");
	if (nsender) {
		report_sender(sender, nsender);
		rc = TZ_EXIT_DELIVERY;
	}
	goto out;
fail:
	rc = tz_report(&err);
out:
	tz_folder_release(&f);
	tz_mailbox_close(&mb);
	free(reports);
	free(readable);
	free(events);
	free(outcome);
	free(sender);
	tz_buf_release(&detail);
	if (rc == TZ_EXIT_OK || rc == TZ_EXIT_DELIVERY) {
		struct tz_error cerr;
		if (tz_close_stream(stdout, "stdout", &cerr))
			rc = tz_report(&cerr);
	}
	return rc;
}
