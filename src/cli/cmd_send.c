/*
 * cmd_send.c - `techzine send ISSUE.xml --list LIST.csv [...]`: deliver the
 * newsletter over SMTP (libcurl) or, by default, into a Maildir outbox.
 *
 * The one idea: the journal decides who gets a message. Before anything is
 * sent the recipient set is written to the journal; every 250 (and every
 * permanent 5xx) is recorded as it arrives; a resumed send skips everyone
 * with a record. Recipients who joined the list after the send started are
 * reported and left out.
 */
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../model/ready.h"
#include "commands.h"
#include "send_options.h"
#include "send_progress.h"
#include "../mail/dkim_issue.h"
#include "../mail/journal.h"
#include "../mail/mime.h"
#include "../mail/outbox.h"
#include "../mail/ratelimit.h"
#include "../mail/recipients.h"
#include "../mail/send.h"
#include "../mail/signahead.h"
#include "../mail/smtp.h"
#include "../model/load.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

struct send_ctx {
	struct tz_composer comp;
	struct tz_dkim dkim; /* signers; none: unsigned (docs/dkim.md) */
	struct tz_recipients list;
	struct tz_journal journal;
	int use_journal;
	struct tz_recipient *tests;  /* --test copies */
	char (*test_tokens)[128];
	size_t ntests;
	int test_mode;
	const char *envelope_from; /* --envelope-from: no VERP */
	struct tz_send_progress progress;
	struct tz_error jerr; /* a journal write failure inside a callback */
};

/* The recipient of an item: a --test copy, or read from the list again. */
static const struct tz_recipient *item_recipient(struct send_ctx *s, size_t item,
						 struct tz_error *err)
{
	return s->test_mode ? &s->tests[item] : tz_recipients_get(&s->list, item, err);
}

/* The message of an item, unsigned (the signing pool signs it, or
 * build_cb right after). */
static int compose_cb(void *ctx, size_t item, struct tz_smtp_message *m, struct tz_error *err)
{
	struct send_ctx *s = ctx;
	const struct tz_recipient *r = item_recipient(s, item, err);
	int supp;
	if (!r)
		return -1;
	/* unsubscribed or complained since the send started: not sent */
	if (!s->test_mode && (supp = tz_recipients_suppressed_now(&s->list, r->email, err)))
		return supp;
	if (snprintf(m->rcpt, sizeof m->rcpt, "<%s>", r->email) >= (int)sizeof m->rcpt)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "address too long '%s'", r->email);
	if (tz_compose(&s->comp, r, s->test_mode, &m->data, m->from, sizeof m->from, m->msgid,
		       sizeof m->msgid, err))
		return -1;
	/* --envelope-from: one fixed sender instead of VERP, for a relay that
	 * lets a login send only as its own addresses */
	if (s->envelope_from && snprintf(m->from, sizeof m->from, "<%s>", s->envelope_from) >=
					(int)sizeof m->from)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "address too long '%s'", s->envelope_from);
	return 0;
}

/* Composed and signed on this thread (no signing pool, the dry run). */
static int build_cb(void *ctx, size_t item, struct tz_smtp_message *m, struct tz_error *err)
{
	struct send_ctx *s = ctx;
	size_t start = m->data.len;
	int rc = compose_cb(ctx, item, m, err);
	if (rc)
		return rc;
	return tz_dkim_sign(&s->dkim, &m->data, start, err);
}

static int result_cb(void *ctx, size_t item, const struct tz_smtp_message *m,
		     const struct tz_smtp_result *r, struct tz_error *err)
{
	struct send_ctx *s = ctx;
	char email[sizeof m->rcpt];
	size_t len = strlen(m->rcpt);
	(void)item;
	/* the envelope recipient "<address>" that build_cb wrote: the list
	 * need not be read again */
	if (len < 3 || m->rcpt[0] != '<' || m->rcpt[len - 1] != '>')
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad envelope recipient");
	memcpy(email, m->rcpt + 1, len - 2);
	email[len - 2] = 0;
	if (r->outcome != TZ_SMTP_OK) {
		tz_send_progress_clear(&s->progress);
		if (r->code)
			fprintf(stderr, "techzine: %s '%s': %d%s%s %s\n",
				r->outcome == TZ_SMTP_PERMANENT ? "failed permanently" : "deferred, gave up",
				email, r->code, r->enhanced[0] ? " " : "", r->enhanced, r->text);
		else
			fprintf(stderr, "techzine: deferred, gave up '%s': %s\n", email, r->text);
	}
	if (!s->use_journal)
		return 0;
	if (r->outcome == TZ_SMTP_OK)
		return tz_journal_sent(&s->journal, email, m->msgid, err);
	if (r->outcome == TZ_SMTP_PERMANENT)
		return tz_journal_failed(&s->journal, email, r->code, r->enhanced, r->text, err);
	return 0; /* deferred: no record, a later run tries again */
}

static void tick_cb(void *ctx, const struct tz_smtp_stats *st, int final)
{
	struct send_ctx *s = ctx;
	if (s->use_journal && tz_journal_sync(&s->journal, 0, final, &s->jerr))
		stop_requested = 1;
	tz_send_progress_update(&s->progress, st, final);
}

/* The outbox transport: the same callbacks, one message at a time. */
static int run_outbox(struct send_ctx *s, const struct tz_smtp_source *src, const char *dir,
		      const size_t *items, size_t n, struct tz_smtp_stats *st, struct tz_error *err)
{
	struct tz_outbox ob;
	struct tz_smtp_message m;
	struct tz_smtp_result ok;
	struct timespec t0, t;
	double last_tick = 0;
	int rc = 0;
	memset(st, 0, sizeof *st);
	memset(&ok, 0, sizeof ok);
	ok.code = 250;
	if (tz_outbox_open(&ob, dir, err))
		return -1;
	tz_buf_init(&m.data, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (size_t i = 0; i < n && !rc; i++) {
		if (stop_requested) {
			rc = tz_error_set(err, TZ_ERR_INTERRUPTED, NULL, 0, "send interrupted");
			break;
		}
		tz_buf_reset(&m.data);
		rc = src->build(src->ctx, items[i], &m, err);
		if (rc > 0) { /* unsubscribed during the send */
			st->skipped++;
			rc = 0;
			continue;
		}
		if (!rc)
			rc = tz_outbox_put(&ob, m.data.data, m.data.len, err);
		if (!rc) {
			st->sent++;
			rc = result_cb(s, items[i], &m, &ok, err);
		}
		st->remaining = n - i - 1;
		clock_gettime(CLOCK_MONOTONIC, &t);
		st->elapsed = (double)(t.tv_sec - t0.tv_sec) + (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		if (st->elapsed - last_tick >= 0.2) {
			tick_cb(s, st, 0);
			last_tick = st->elapsed;
		}
	}
	tick_cb(s, st, 1);
	tz_buf_release(&m.data);
	if (tz_outbox_close(&ob, rc ? &s->jerr : err) && !rc)
		rc = -1;
	return rc;
}

/* "subscribers/demo.csv" -> "demo" into out. */
static void list_name(const char *path, char *out, size_t n)
{
	/* path is --list, which tz_send_parse_options requires unless --test is given */
	const char *b = strrchr(path, '/'); // NOLINT(clang-analyzer-core.NonNullParamChecker)
	size_t len;
	b = b ? b + 1 : path;
	len = strcspn(b, ".");
	if (len >= n)
		len = n - 1;
	memcpy(out, b, len);
	out[len] = 0;
	for (char *p = out; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			*p = '_';
}

static void print_summary(const struct send_ctx *s, const struct tz_smtp_stats *st,
			  size_t nitems, size_t already, size_t added)
{
	size_t done = st->sent + st->failed + st->deferred + st->skipped;
	fprintf(stderr,
		"techzine: send summary: sent %zu, failed permanently %zu, deferred %zu, "
		"not sent (stopped) %zu; skipped: %zu already sent, %zu unsubscribed, "
		"%zu bounced, %zu suppressed, %zu inactive, %zu joined after the send started, "
		"%zu unsubscribed during the send\n",
		st->sent, st->failed, st->deferred, nitems > done ? nitems - done : 0, already,
		s->list.unsubscribed, s->list.bounced, s->list.suppressed,
		s->list.other_inactive, added, st->skipped);
}

static int make_tests(struct send_ctx *s, const struct options *o, struct tz_error *err)
{
	s->tests = tz_calloc(o->ntests, sizeof *s->tests);
	s->test_tokens = tz_calloc(o->ntests, sizeof *s->test_tokens);
	if (!s->tests || !s->test_tokens)
		return tz_error_nomem(err);
	for (size_t i = 0; i < o->ntests; i++) {
		if (tz_recipients_token(o->tests[i], s->test_tokens[i], sizeof s->test_tokens[i], err))
			return -1;
		s->tests[i].email = o->tests[i];
		s->tests[i].token = s->test_tokens[i];
	}
	s->ntests = o->ntests;
	s->test_mode = 1;
	return 0;
}

static int dry_run(struct send_ctx *s, struct tz_error *err)
{
	struct tz_smtp_message m;
	int rc = 0;
	fprintf(stderr, "techzine: dry run: %zu recipients; skipped %zu unsubscribed, %zu bounced, "
		"%zu suppressed, %zu inactive; nothing is sent\n",
		s->list.n, s->list.unsubscribed, s->list.bounced, s->list.suppressed,
		s->list.other_inactive);
	if (s->comp.embedded[0])
		fprintf(stderr, "techzine: dry run: the HTML carries %zu embedded image(s), %zu KB before base64\n",
			s->comp.embedded[0], (s->comp.embedded_bytes[0] + 1023) / 1024);
	if (!s->list.n)
		return 0;
	tz_buf_init(&m.data, 0);
	rc = build_cb(s, 0, &m, err);
	if (!rc) {
		printf("X-Envelope-From: %s\nX-Envelope-To: %s\n", m.from, m.rcpt);
		for (size_t i = 0; i < m.data.len; i++)
			if (m.data.data[i] != '\r')
				putchar(m.data.data[i]);
	}
	tz_buf_release(&m.data);
	return rc;
}

static const char *list_email(void *ctx, size_t i, struct tz_error *err)
{
	return tz_recipients_email(ctx, i, err);
}

/* Open the journal and decide who is still to get the issue. */
static int plan(struct send_ctx *s, const struct options *o, const char *jpath, const char *slug,
		size_t **items, size_t *nitems, size_t *already, size_t *added, struct tz_error *err)
{
	char *dir = tz_dirname(jpath);
	int rc;
	if (!dir)
		return tz_error_nomem(err);
	rc = tz_mkdirs(dir, err);
	free(dir);
	if (rc || tz_journal_open(&s->journal, jpath, err))
		return -1;
	s->use_journal = 1;
	if (s->journal.complete && !o->force) {
		if (!o->smtp) {
			fprintf(stderr, "techzine: this issue is already in the outbox for this list "
				"(%s); --force-resend writes it again\n", jpath);
			return 1;
		}
		return tz_error_set(err, TZ_ERR_USAGE, jpath, 0,
				    "this issue was already sent to this list (%zu sent, %zu failed); "
				    "use --force-resend to send it again",
				    s->journal.sent, s->journal.failed);
	}
	if (s->journal.complete && tz_journal_reset(&s->journal, err))
		return -1;
	if (o->resume && !s->journal.has_header)
		return tz_error_set(err, TZ_ERR_USAGE, jpath, 0, "there is no interrupted send to resume");
	*items = tz_calloc(s->list.n ? s->list.n : 1, sizeof **items);
	if (!*items)
		return tz_error_nomem(err);
	if (!s->journal.has_header) {
		/* a fresh send: the set just written is everyone, all pending */
		if (tz_journal_begin_each(&s->journal, slug, s->list.n, s->list.set_hash, list_email,
					  &s->list, err))
			return -1;
		for (size_t i = 0; i < s->list.n; i++)
			(*items)[(*nitems)++] = i;
		return 0;
	}
	fprintf(stderr, "techzine: resuming the send started at %lld: %zu sent, %zu failed before\n",
		s->journal.started, s->journal.sent, s->journal.failed);
	for (size_t i = 0; i < s->list.n; i++) {
		const char *email = tz_recipients_email(&s->list, i, err);
		if (!email)
			return -1;
		switch (tz_journal_state(&s->journal, email)) {
		case TZ_J_PENDING:
			(*items)[(*nitems)++] = i;
			break;
		case TZ_J_SENT:
		case TZ_J_FAILED:
			(*already)++;
			break;
		default:
			if (*added < 5)
				fprintf(stderr, "techzine: '%s' joined the list after this send started: "
					"not included\n", email);
			(*added)++;
		}
	}
	if (*added)
		fprintf(stderr, "techzine: %zu recipient(s) joined the list after this send started "
			"and are not included; to send them this issue, use a list that holds only "
			"them (--force-resend would send everyone the issue again)\n", *added);
	return 0;
}

int cmd_send(int argc, char **argv)
{
	struct options o;
	struct send_ctx s;
	struct tz_diags diags;
	struct tz_issue *issue = NULL;
	struct tz_error err;
	struct tz_smtp_stats st;
	struct tz_buf outbox, jpath;
	size_t *items = NULL, nitems = 0, already = 0, added = 0;
	struct sigaction sa;
	int rc, other = 0, run_rc;
	char lname[128];
	struct tz_smtp_source build_src = {&s, build_cb, result_cb, tick_cb};
	struct tz_smtp_source compose_src = {&s, compose_cb, result_cb, tick_cb};
	const struct tz_smtp_source *src = &build_src;
	struct tz_signahead ahead;

	if ((rc = tz_send_parse_options(argc, argv, &o)))
		return rc;
	memset(&s, 0, sizeof s);
	memset(&ahead, 0, sizeof ahead);
	tz_dkim_init(&s.dkim);
	memset(&st, 0, sizeof st);
	tz_error_clear(&err);
	tz_error_clear(&s.jerr);
	tz_buf_init(&outbox, 4096);
	tz_buf_init(&jpath, 4096);
	tz_send_progress_init(&s.progress, stderr);
	tz_diags_init(&diags);
	issue = tz_issue_load(o.issue, &diags);
	if (issue && o.list && tz_check_ready(issue, TZ_SEV_ERROR, &diags)) {
		/* a real send (or its dry run) publishes: nothing unfinished */
		tz_diags_sort(&diags);
		tz_print_diags(&diags, 0);
		fprintf(stderr, "techzine: nothing sent: the issue is not ready; finish the parts above "
			"('techzine check %s' lists them), or send a preview with --test ADDRESS only\n",
			o.issue);
		rc = TZ_EXIT_CONTENT;
		goto out;
	}
	if (issue && !o.list)
		tz_warn_not_ready(issue, "test send");
	if (!issue) {
		tz_print_diags(&diags, 0);
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
		goto out;
	}
	if (o.list && tz_recipients_load_where(o.list, o.where, o.nwhere, issue->lang, &s.list, &err))
		goto report;
	if (o.nwhere)
		fprintf(stderr, "techzine: --where: %zu active subscribers match, %zu do not and are "
			"left out\n", s.list.n, s.list.not_in_segment);
	other = s.list.other_lang;
	if (tz_composer_init(&s.comp, issue, o.from, other, o.embed_images, &err))
		goto report;
	if (!o.no_dkim && tz_dkim_setup(&s.dkim, issue, o.dkim_domain, o.dkim_selector,
					o.dkim_key, &err))
		goto report;
	/* every recipient's address and name were checked for headers by the
	 * loader before the first message goes out */
	if (o.envelope_from && !tz_mail_address_ok(o.envelope_from)) {
		rc = tz_usage_error("send", "bad --envelope-from address '%s'", o.envelope_from);
		goto out;
	}
	s.envelope_from = o.envelope_from;
	for (size_t i = 0; i < o.ntests; i++)
		if (!tz_mail_address_ok(o.tests[i])) {
			rc = tz_usage_error("send", "bad --test address '%s'", o.tests[i]);
			goto out;
		}
	if (o.smtp) {
		o.cfg.url = o.smtp;
		o.cfg.user = getenv("TECHZINE_SMTP_USER");
		o.cfg.password = getenv("TECHZINE_SMTP_PASSWORD");
		o.cfg.cacert = o.cacert;
		o.cfg.insecure_no_tls = o.insecure;
		o.cfg.verbose = o.verbose;
		o.cfg.stop = &stop_requested;
		if (tz_smtp_check_config(&o.cfg, &err))
			goto report;
		if (o.insecure && o.cfg.user)
			fprintf(stderr, "techzine: warning: --insecure-no-tls sends the SMTP password "
				"in clear text\n");
	}
	if (tz_buf_adds(&outbox, o.outbox ? o.outbox : "out/") ||
	    (!o.outbox && tz_buf_addf(&outbox, "%s/outbox", issue->slug))) {
		tz_error_nomem(&err);
		goto report;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (o.ntests) {
		if (make_tests(&s, &o, &err))
			goto report;
		items = tz_calloc(o.ntests, sizeof *items);
		if (!items) {
			tz_error_nomem(&err);
			goto report;
		}
		for (size_t i = 0; i < o.ntests; i++)
			items[i] = i;
		nitems = o.ntests;
	} else if (o.dry_run) {
		rc = dry_run(&s, &err) ? tz_report(&err) : TZ_EXIT_OK;
		goto out;
	} else {
		char *odir = tz_dirname(outbox.data);
		list_name(o.list, lname, sizeof lname);
		if (o.nwhere) { /* one journal per segment: send-LIST-wHASH.journal */
			uint64_t h = tz_journal_set_hash(o.where, o.nwhere);
			size_t l = strlen(lname);
			snprintf(lname + l, sizeof lname - l, "-w%08llx", (unsigned long long)(h & 0xffffffffu));
		}
		if (!odir || (o.journal ? tz_buf_adds(&jpath, o.journal)
					: tz_buf_addf(&jpath, "%s/send-%s%s.journal", odir, lname,
						      o.smtp ? "" : "-outbox"))) {
			free(odir);
			tz_error_nomem(&err);
			goto report;
		}
		free(odir);
		rc = plan(&s, &o, jpath.data, issue->slug, &items, &nitems, &already, &added, &err);
		if (rc < 0)
			goto report;
		if (rc > 0) {
			rc = TZ_EXIT_OK;
			goto out;
		}
	}

	if (s.dkim.n && nitems > 1 && o.sign_threads) {
		/* DKIM: sign ahead on threads while earlier messages go out */
		int threads = o.sign_threads > 0 ? o.sign_threads : tz_signahead_default_threads();
		/* the slots' cap is the transport's: the engine's, or the
		 * outbox's (tz_buf's default) */
		if (tz_signahead_start(&ahead, &compose_src, &s.dkim, items, nitems, threads, 0,
				       o.smtp ? TZ_SMTP_MAX_MESSAGE : 0, &err))
			goto report;
		src = &ahead.source;
	}
	if (o.smtp)
		run_rc = tz_smtp_run(&o.cfg, items, nitems, src, &st, &err);
	else
		run_rc = run_outbox(&s, src, outbox.data, items, nitems, &st, &err);
	tz_signahead_release(&ahead);
	if (s.jerr.code && !run_rc) {
		err = s.jerr;
		run_rc = -1;
	}
	if (!run_rc && s.use_journal && !st.deferred && tz_journal_done(&s.journal, &err))
		run_rc = -1;
	if (s.use_journal && tz_journal_close(&s.journal, run_rc ? &s.jerr : &err) && !run_rc)
		run_rc = -1;
	s.use_journal = 0;
	print_summary(&s, &st, nitems, already, added);
	if (!o.smtp && !run_rc)
		fprintf(stderr, "techzine: %zu messages in %s/new\n", st.sent, outbox.data);
	if (run_rc) {
		rc = tz_report(&err);
		if (st.stop == TZ_STOP_MESSAGE && o.embed_images)
			fprintf(stderr, "techzine: the images are embedded (%zu KB before base64); "
				"--images link makes the message smaller\n",
				(s.comp.embedded_bytes[0] + 1023) / 1024);
		if (err.code == TZ_ERR_INTERRUPTED)
			fprintf(stderr, "techzine: the journal is intact (%s); run the same command "
				"again to resume\n", jpath.len ? jpath.data : "no journal for --test");
		else if (err.code == TZ_ERR_NETWORK)
			tz_send_next_step(&err, jpath.len ? jpath.data : NULL, !o.list);
		goto out;
	}
	rc = st.failed || st.deferred ? TZ_EXIT_DELIVERY : TZ_EXIT_OK;
	goto out;
report:
	rc = tz_report(&err);
out:
	if (s.use_journal)
		tz_journal_close(&s.journal, &s.jerr);
	tz_signahead_release(&ahead);
	free(items);
	free(s.tests);
	free(s.test_tokens);
	tz_dkim_release(&s.dkim);
	if (issue) {
		tz_composer_release(&s.comp);
		tz_recipients_release(&s.list);
		tz_issue_free(issue);
	}
	tz_diags_release(&diags);
	tz_buf_release(&outbox);
	tz_buf_release(&jpath);
	if (rc == TZ_EXIT_OK || rc == TZ_EXIT_DELIVERY) {
		struct tz_error cerr;
		if (tz_flush_stream(stdout, "stdout", &cerr))
			rc = tz_report(&cerr);
	}
	return rc;
}
