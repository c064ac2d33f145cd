/*
 * bounce_text.c - reading a bounce from its words: the server (from the
 * recogniser table), the failed recipients, and for each its own
 * diagnostic, status code, reply code and reason.
 *
 * The one idea: every server puts a failed address at the head of the
 * words about it ("<jan@example.nl>: host ... said: 550 5.1.1 ...",
 * "  jan@example.nl\n    SMTP error ... 550 ...", "jan@example.nl: 550
 * ..."). So the report's text up to the returned original is cut at each
 * failed address, and the piece that follows an address is that
 * recipient's diagnostic. Which addresses failed: X-Failed-Recipients when
 * the server wrote it, the DSN's recipients when there is one, otherwise
 * every address in the text that is not the report's own sender or
 * receiver, a mailer daemon, a message id or an envelope sender of the
 * SMTP transcript.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bounce_servers.h"
#include "partdecode.h"
#include "report_int.h"
#include "../util/banned.h"

#define DIAG_MAX 1500
/* The report's own words are short; a hostile one is read this far only
 * (every scan below is linear in it, some once per recipient). */
#define SECTION_MAX ((size_t)64 * 1024)
/* how far before a phrase its SMTP command is looked for */
#define COMMAND_BEFORE 4096

struct section {
	const char *s;
	size_t len;
};

static int ci_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && strncasecmp(s, p, n) == 0;
}

/* The end of the report's own words: the first line that starts the
 * returned original. */
static size_t section_end(const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *eol = memchr(t + i, '\n', len - i);
		size_t e = eol ? (size_t)(eol - t) : len, k = i;
		while (k < e && (t[k] == ' ' || t[k] == '\t' || t[k] == '-' || t[k] == '=' ||
				 t[k] == '*' || t[k] == '_' || t[k] == '>'))
			k++;
		for (size_t m = 0; tz_bounce_original_markers[m]; m++)
			if (ci_prefix(t + k, e - k, tz_bounce_original_markers[m]))
				return i;
		/* a header block without a marker: Return-Path or Received at
		 * the start of a line, a header field on the next */
		if (i > 0 && (ci_prefix(t + i, e - i, "return-path:") ||
			      ci_prefix(t + i, e - i, "received: from"))) {
			return i;
		}
		i = e + 1;
	}
	return len;
}

static int local_char(char c)
{
	return isalnum((unsigned char)c) || (c && strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

static int domain_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-';
}

/* The address around the '@' at t[at]; its start in *start, 0 when none. */
static size_t address_at(const char *t, size_t len, size_t at, size_t *start, char *out,
			 size_t n)
{
	size_t a = at, b = at + 1;
	while (a > 0 && local_char(t[a - 1]) && at - a < 64)
		a--;
	while (a < at && (t[a] == '.' || t[a] == '\''))
		a++;
	while (b < len && domain_char(t[b]) && b - at < 255)
		b++;
	while (b > at + 1 && (t[b - 1] == '.' || t[b - 1] == '-'))
		b--;
	if (a == at || b == at + 1 || !memchr(t + at + 1, '.', b - at - 1) || b - a >= n)
		return 0;
	memcpy(out, t + a, b - a);
	out[b - a] = 0;
	*start = a;
	return b - a;
}

/* Is the address at t[start] only a sender, a message id or the like? */
static int excluded(const struct tz_evidence *ev, const char *t, size_t start, const char *addr)
{
	static const char *const before[] = {"from:", "from: <", "from <", "from=<", "envelope-from",
					     "sender", "message-id", "message id", "id <", "return-path", "contact",
					     "reply-to", "mail from", "in-reply-to", "references"};
	size_t ls = start;
	char ctx[48];
	size_t k = 0;
	if (strncasecmp(addr, "mailer-daemon@", 14) == 0 || strncasecmp(addr, "bounce+", 7) == 0 ||
	    strcasecmp(addr, ev->from) == 0 || strcasecmp(addr, ev->to) == 0)
		return 1;
	while (ls > 0 && t[ls - 1] != '\n' && start - ls < 40)
		ls--;
	for (size_t i = ls; i < start && k + 1 < sizeof ctx; i++)
		ctx[k++] = (char)tolower((unsigned char)t[i]);
	ctx[k] = 0;
	for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
		const char *hit = strstr(ctx, before[i]);
		if (hit && (size_t)(ctx + k - hit) <= strlen(before[i]) + 3)
			return 1;
	}
	return 0;
}

struct found {
	char address[TZ_ADDRESS_MAX];
	size_t pos; /* where it first stands in the section */
};

/* Where an address first stands in the section (the start of its line), or
 * len when it is not there. */
static size_t first_line_of(const struct section *sec, const char *addr)
{
	size_t n = strlen(addr);
	int first = tolower((unsigned char)addr[0]);
	for (size_t i = 0; n && i + n <= sec->len; i++)
		if (tolower((unsigned char)sec->s[i]) == first && strncasecmp(sec->s + i, addr, n) == 0) {
			while (i > 0 && sec->s[i - 1] != '\n')
				i--;
			return i;
		}
	return sec->len;
}

static size_t add_found(struct found *f, size_t nf, const char *addr, size_t pos)
{
	char norm[TZ_ADDRESS_MAX];
	const char *why;
	/* the same address again (a transcript names it many times): no
	 * second normalisation (libidn2 for an IDN domain) */
	for (size_t i = 0; i < nf; i++)
		if (strcasecmp(f[i].address, addr) == 0)
			return nf;
	if (nf >= TZ_REPORT_MAX_RCPTS || tz_address_normalise(addr, norm, &why))
		return nf;
	for (size_t i = 0; i < nf; i++)
		if (strcasecmp(f[i].address, norm) == 0)
			return nf;
	if (nf >= TZ_REPORT_MAX_RCPTS)
		return nf;
	tz_report_copy(f[nf].address, sizeof f[nf].address, norm, strlen(norm));
	f[nf].pos = pos;
	return nf + 1;
}

static size_t scan_addresses(const struct tz_evidence *ev, const struct section *sec,
			     struct found *f)
{
	size_t nf = 0;
	for (size_t i = 0; i < sec->len; i++) {
		char addr[TZ_ADDRESS_MAX];
		size_t start, alen;
		if (sec->s[i] != '@')
			continue;
		alen = address_at(sec->s, sec->len, i, &start, addr, sizeof addr);
		if (!alen)
			continue;
		i = start + alen - 1;
		if (excluded(ev, sec->s, start, addr))
			continue;
		{
			size_t ls = start;
			while (ls > 0 && sec->s[ls - 1] != '\n')
				ls--;
			nf = add_found(f, nf, addr, ls);
		}
	}
	return nf;
}

static size_t from_list(const struct section *sec, const char *list, struct found *f)
{
	size_t nf = 0;
	char one[TZ_ADDRESS_MAX];
	while (*list) {
		size_t n = strcspn(list, ",");
		size_t a = 0;
		while (a < n && (list[a] == ' ' || list[a] == '\t'))
			a++;
		if (n - a < sizeof one) {
			memcpy(one, list + a, n - a);
			one[n - a] = 0;
			while (strlen(one) && (one[strlen(one) - 1] == ' ' || one[strlen(one) - 1] == '\t'))
				one[strlen(one) - 1] = 0;
			nf = add_found(f, nf, one, 0);
			if (nf)
				f[nf - 1].pos = first_line_of(sec, f[nf - 1].address);
		}
		list += n;
		if (*list == ',')
			list++;
	}
	return nf;
}

/* The words about recipient i: from its line to the next recipient's. */
static void piece(const struct section *sec, const struct found *f, size_t nf, size_t i,
		  const char **p, size_t *n)
{
	size_t from = f[i].pos, to = sec->len;
	if (from >= sec->len) {
		*p = sec->s;
		*n = sec->len;
		return;
	}
	for (size_t k = 0; k < nf; k++)
		if (f[k].pos > from && f[k].pos < to)
			to = f[k].pos;
	*p = sec->s + from;
	*n = to - from;
}

static void squeeze(char *dst, size_t dn, const char *s, size_t len)
{
	size_t k = 0;
	int space = 1;
	for (size_t i = 0; i < len && k + 1 < dn; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n' || c == '\t' || c == ' ') {
			if (!space)
				dst[k++] = ' ';
			space = 1;
			continue;
		}
		if (c < 0x20 || c == 0x7f)
			continue;
		dst[k++] = (char)c;
		space = 0;
	}
	while (k && dst[k - 1] == ' ')
		k--;
	dst[k] = 0;
}

static int is_delay(const struct tz_evidence *ev, const struct section *sec)
{
	static const char *const words[] = {"delayed", "delay)", "will retry", "will be retried",
					    "still being retried", "will continue", "not yet been delivered",
					    "warning: message", "has not been delivered yet"};
	const char *subj = ev->subject.data;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t wl = strlen(words[i]);
		for (size_t k = 0; subj[k]; k++)
			if (strncasecmp(subj + k, words[i], wl) == 0)
				return 1;
		for (size_t k = 0; k + wl <= sec->len && k < 4096; k++)
			if (strncasecmp(sec->s + k, words[i], wl) == 0)
				return 1;
	}
	return 0;
}

/* Which SMTP command was the refusal with the phrase at t+at the answer
 * to? 'D' DATA, 'R' RCPT TO, 'M' MAIL FROM, 0 not said. Postfix says so after the reply
 * ("(in reply to end of DATA command)"), Sendmail and Exim before it
 * (">>> DATA", "after end of data"). */
static int command_of(const char *t, size_t len, size_t at)
{
	static const struct { const char *w; int cmd; int after; } words[] = {
		{"in reply to end of data", 'D', 1}, {"in reply to data", 'D', 1},
		{"in reply to rcpt", 'R', 1},        {">>> data", 'D', 0},
		{"after end of data", 'D', 0},       {"after data", 'D', 0},
		{">>> rcpt", 'R', 0},                {"after rcpt", 'R', 0},
		{"does not like recipient", 'R', 0}, {"did not like our rcpt", 'R', 0},
		{"in reply to mail from", 'M', 1},   {"after mail from", 'M', 0},
		{">>> mail from", 'M', 0}};
	size_t best = 0, from = at > COMMAND_BEFORE ? at - COMMAND_BEFORE : 0;
	int cmd = 0;
	if (len > at + 300)
		len = at + 300;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t wl = strlen(words[i].w);
		for (size_t k = from; k + wl <= len; k++) {
			if (strncasecmp(t + k, words[i].w, wl) != 0)
				continue;
			if (words[i].after && k >= at && k < at + 300)
				return words[i].cmd;
			if (!words[i].after && k < at && k + 1 > best) {
				best = k + 1;
				cmd = words[i].cmd;
			}
		}
	}
	return cmd;
}

static size_t find_ci(const char *t, size_t len, const char *w)
{
	size_t wl = strlen(w);
	for (size_t k = 0; k + wl <= len; k++)
		if (strncasecmp(t + k, w, wl) == 0)
			return k;
	return len;
}

/* Status, reply and reason of a recipient from its diagnostic (and, when
 * that says nothing, from the words about it in the text). */
static void classify(struct tz_report_rcpt *rc, const char *more, size_t morelen,
		     int unconfirmed)
{
	char diag[DIAG_MAX];
	const struct tz_reason_phrase *p;
	/* Japanese servers write ISO-2022-JP in a Diagnostic-Code undeclared */
	if (tz_has_iso2022jp(rc->diagnostic, strlen(rc->diagnostic))) {
		struct tz_buf u;
		tz_buf_init(&u, 4 * sizeof rc->diagnostic);
		if (tz_decode_charset(&u, rc->diagnostic, strlen(rc->diagnostic), NULL) == 0)
			tz_report_copy(rc->diagnostic, sizeof rc->diagnostic, u.data, u.len);
		tz_buf_release(&u);
	}
	/* no control characters in what is printed later (a terminal) */
	squeeze(rc->diagnostic, sizeof rc->diagnostic, rc->diagnostic, strlen(rc->diagnostic));
	squeeze(diag, sizeof diag, rc->diagnostic, strlen(rc->diagnostic));
	if (!rc->reply[0])
		tz_find_reply(diag, strlen(diag), rc->reply);
	if ((!rc->status[0] || strcmp(rc->status + 1, ".0.0") == 0) && diag[0]) {
		char st[16];
		tz_find_status(diag, strlen(diag), st);
		if (st[0] && (!rc->status[0] || st[0] == rc->status[0]))
			memcpy(rc->status, st, sizeof st);
	}
	p = tz_reason_phrase_find(diag, strlen(diag));
	/* the recipient's own words say nothing, but its status code does:
	 * that beats a phrase from elsewhere in the report */
	if (!p && rc->status[0] && rc->status[2] != '0')
		more = NULL;
	if (!p && more && morelen) {
		char extra[DIAG_MAX];
		squeeze(extra, sizeof extra, more, morelen);
		p = tz_reason_phrase_find(extra, strlen(extra));
		if (!rc->reply[0])
			tz_find_reply(extra, strlen(extra), rc->reply);
		if (!rc->status[0])
			tz_find_status(extra, strlen(extra), rc->status);
	}
	rc->phrase = p ? p->phrase : NULL;
	rc->reason = p && rc->status[0] != '2' && strcasecmp(rc->action, "delivered") != 0
			     ? p->reason
			     : tz_reason_classify(rc->status, rc->reply, rc->action, diag);
	/* "unknown user" in answer to the message itself (after DATA), not
	 * to RCPT TO, is a filter on the receiving side speaking (sisimai's
	 * "filtered"): the address was accepted */
	if (p && tz_reason_verdict(rc->reason, rc->status, rc->reply) == TZ_V_HARD) {
		/* the phrase's first word is enough to place it */
		char first[32];
		size_t at, dl = strlen(diag);
		int cmd;
		tz_report_copy(first, sizeof first, p->phrase, strcspn(p->phrase, " *"));
		at = find_ci(diag, dl, first);
		cmd = at < dl ? command_of(diag, dl, at) : 0;
		if (!cmd && more && (at = find_ci(more, morelen, first)) < morelen)
			cmd = command_of(more, morelen, at);
		if (cmd == 'M') {
			/* refused at MAIL FROM: the sender, not the address */
			rc->reason = TZ_R_REJECTED;
		} else if (rc->reason != TZ_R_USERUNKNOWN) {
			/* hostunknown, hasmoved, notaccept: the words suffice */
		} else if (cmd == 'D') {
			rc->reason = TZ_R_FILTERED;
		} else if (cmd != 'R') {
			/* "User Unknown" beside a code that says something else
			 * (5.2.1 filtered, 5.7.1 security) and not in answer
			 * to RCPT TO: the code is the more careful witness */
			enum tz_reason by_status = tz_reason_from_status(rc->status);
			/* x.4.x (routing) and x.5.x (protocol) codes are what
			 * servers put beside any RCPT refusal: no witness */
			if (by_status != TZ_R_UNDEFINED && by_status != TZ_R_USERUNKNOWN &&
			    rc->status[2] != '4' && rc->status[2] != '5')
				rc->reason = by_status;
			/* a bare RFC 3464 report from no known server, or a
			 * server that says "unknown" for its filters too, no
			 * command, no telling code: the receiving side may have
			 * refused the message and said "unknown" (sisimai's
			 * "filtered") */
			else if (unconfirmed && by_status == TZ_R_UNDEFINED)
				rc->reason = TZ_R_FILTERED;
		}
	}
	rc->verdict = tz_reason_verdict(rc->reason, rc->status, rc->reply);
}

static void read_plain(struct tz_report *r, struct tz_evidence *ev, const struct section *sec,
		       int unconfirmed)
{
	struct found f[TZ_REPORT_MAX_RCPTS];
	size_t nf;
	int delayed = is_delay(ev, sec);
	if (ev->failed[0])
		nf = from_list(sec, ev->failed, f);
	else
		nf = scan_addresses(ev, sec, f);
	for (size_t i = 0; i < nf; i++) {
		struct tz_report_rcpt *rc = tz_report_add_rcpt(r, f[i].address);
		const char *p;
		size_t n;
		if (!rc)
			break;
		piece(sec, f, nf, i, &p, &n);
		squeeze(rc->diagnostic, sizeof rc->diagnostic, p, n);
		snprintf(rc->action, sizeof rc->action, "%s", delayed ? "delayed" : "failed");
		classify(rc, sec->s, sec->len, unconfirmed);
	}
	if (!nf) {
		/* no address in the words (it was cut, or the server names
		 * none): one failure for whom the token names */
		char st[16], reply[4];
		tz_find_status(sec->s, sec->len, st);
		tz_find_reply(sec->s, sec->len, reply);
		if (st[0] || reply[0] || tz_reason_phrase_find(sec->s, sec->len)) {
			struct tz_report_rcpt *rc = tz_report_add_rcpt(r, r->address);
			if (rc) {
				squeeze(rc->diagnostic, sizeof rc->diagnostic, sec->s, sec->len);
				snprintf(rc->action, sizeof rc->action, "%s", delayed ? "delayed" : "failed");
				classify(rc, sec->s, sec->len, unconfirmed);
			}
		}
	}
}

void tz_bounce_text_read(struct tz_report *r, struct tz_evidence *ev)
{
	const struct tz_bounce_server *srv;
	struct section sec;
	srv = tz_bounce_server_find(ev->header, ev->header_len, ev->text.data, ev->text.len);
	if (ev->arf) {
		r->server = "RFC 5965";
		return;
	}
	if (srv && srv->kind == TZ_SK_COMPLAINT && !ev->dsn) {
		r->kind = TZ_REPORT_ARF;
		r->server = srv->name;
		snprintf(r->feedback_type, sizeof r->feedback_type, "%s", srv->feedback);
		return;
	}
	if (srv && srv->kind == TZ_SK_JSON && tz_bounce_json_read(r, ev->text.data, ev->text.len)) {
		r->server = srv->name;
		return;
	}
	sec.s = ev->text.data;
	sec.len = section_end(ev->text.data, ev->text.len);
	if (sec.len > SECTION_MAX)
		sec.len = SECTION_MAX;
	if (ev->dsn && r->nrcpt) {
		r->server = srv && srv->kind == TZ_SK_BOUNCE && strcmp(srv->name, "mailer daemon") != 0
				    ? srv->name
				    : "RFC 3464";
		struct found all[TZ_REPORT_MAX_RCPTS];
		for (size_t k = 0; k < r->nrcpt; k++) {
			tz_report_copy(all[k].address, sizeof all[k].address, r->rcpt[k].address,
				       strlen(r->rcpt[k].address));
			all[k].pos = first_line_of(&sec, r->rcpt[k].address);
		}
		for (size_t i = 0; i < r->nrcpt; i++) {
			struct tz_report_rcpt *rc = &r->rcpt[i];
			const char *p = NULL;
			size_t n = 0;
			if (all[i].pos < sec.len)
				piece(&sec, all, r->nrcpt, i, &p, &n);
			/* a report about one recipient that gives no diagnostic:
			 * all its words are about them ("The user(s) account
			 * is disabled." above the address line) */
			if (!rc->diagnostic[0] && r->nrcpt == 1)
				squeeze(rc->diagnostic, sizeof rc->diagnostic, sec.s, sec.len);
			else if (!rc->diagnostic[0] && p)
				squeeze(rc->diagnostic, sizeof rc->diagnostic, p, n);
			classify(rc, p ? p : sec.s, p ? n : sec.len,
				 strcmp(r->server, "RFC 3464") == 0 || (srv && srv->unconfirmed));
		}
		return;
	}
	if (!srv || srv->kind == TZ_SK_AUTOREPLY) {
		if (srv) {
			r->kind = TZ_REPORT_AUTOREPLY;
			r->server = srv->name;
			snprintf(r->why, sizeof r->why, "an auto-reply (RFC 3834), not a bounce");
		}
		return;
	}
	if (srv->kind != TZ_SK_BOUNCE)
		return;
	r->server = srv->name;
	read_plain(r, ev, &sec, srv->unconfirmed);
	if (!r->nrcpt)
		snprintf(r->why, sizeof r->why, "a %s report that names no failed recipient",
			 srv->name);
}
