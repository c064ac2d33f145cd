/*
 * report.c - the MIME walk of a bounce-mailbox message (see report.h):
 * header fields, DSN and ARF parts, the decoded text of the report, the
 * returned original; then the plain-text reader (bounce_text.c) fills in
 * what the parts did not say, and every recipient gets its reason.
 */
#include "report_int.h"

#include <libetpan/libetpan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../mail/rfc2047.h"
#include "../util/buf.h"
#include "partdecode.h"
#include "../util/banned.h"

void tz_report_copy(char *dst, size_t n, const char *s, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = 0;
}

int tz_status_class(const char *status)
{
	if ((status[0] == '5' || status[0] == '4') && status[1] == '.')
		return status[0] - '0';
	return 0;
}

/* A token after prefix inside s (e.g. "bounce+" or "unsubscribe-"). */
int tz_report_find_token(const char *s, size_t len, const char *prefix, char out[TZ_TOKEN_SIZE])
{
	size_t pl = strlen(prefix);
	for (size_t i = 0; i + pl + TZ_TOKEN_LEN <= len; i++) {
		if (strncasecmp(s + i, prefix, pl) != 0)
			continue;
		if (!tz_token_syntax_ok(s + i + pl, TZ_TOKEN_LEN))
			continue;
		if (i + pl + TZ_TOKEN_LEN < len) {
			char next = s[i + pl + TZ_TOKEN_LEN];
			if ((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
			    (next >= '0' && next <= '9') || next == '-' || next == '_')
				continue;
		}
		tz_report_copy(out, TZ_TOKEN_SIZE, s + i + pl, TZ_TOKEN_LEN);
		return 1;
	}
	return 0;
}

void tz_report_set_token(struct tz_report *r, const char *tok, const char *from)
{
	if (r->token[0])
		return;
	tz_report_copy(r->token, sizeof r->token, tok, strlen(tok));
	tz_report_copy(r->token_from, sizeof r->token_from, from, strlen(from));
}

void tz_report_set_address(struct tz_report *r, const char *a, size_t len)
{
	char tmp[TZ_ADDRESS_MAX * 2];
	const char *why;
	if (r->address[0] || !len || len >= sizeof tmp)
		return;
	memcpy(tmp, a, len);
	tmp[len] = 0;
	if (tz_address_normalise(tmp, r->address, &why))
		r->address[0] = 0;
}

/* "https://x/u/?e=jan%40example.nl&t=TOKEN" -> address and token. */
static void from_unsubscribe_url(struct tz_report *r, const char *v)
{
	const char *e = strstr(v, "?e=");
	char tok[TZ_TOKEN_SIZE], addr[TZ_ADDRESS_MAX];
	size_t k = 0;
	if (!e)
		e = strstr(v, "&e=");
	if (tz_report_find_token(v, strlen(v), "t=", tok))
		tz_report_set_token(r, tok, "list-unsubscribe");
	if (!e)
		return;
	for (e += 3; *e && *e != '&' && *e != '>' && k + 1 < sizeof addr; e++) {
		if (*e == '%' && e[1] && e[2]) {
			char hex[3] = {e[1], e[2], 0};
			addr[k++] = (char)strtol(hex, NULL, 16);
			e += 2;
		} else
			addr[k++] = *e;
	}
	tz_report_set_address(r, addr, k);
}

/* Look through header fields for what identifies the subscriber. */
static void first_mailbox(struct mailimf_address_list *l, char out[TZ_ADDRESS_MAX])
{
	if (!l || out[0])
		return;
	for (clistiter *a = clist_begin(l->ad_list); a; a = clist_next(a)) {
		struct mailimf_address *ad = clist_content(a);
		if (ad->ad_type == MAILIMF_ADDRESS_MAILBOX && ad->ad_data.ad_mailbox->mb_addr_spec) {
			tz_report_copy(out, TZ_ADDRESS_MAX, ad->ad_data.ad_mailbox->mb_addr_spec,
				       strlen(ad->ad_data.ad_mailbox->mb_addr_spec));
			return;
		}
	}
}

/* ev: the report's own header (NULL: the returned original's) */
static void scan_fields(struct tz_report *r, struct mailimf_fields *f, struct tz_evidence *ev)
{
	int original = ev == NULL;

	if (!f)
		return;
	for (clistiter *it = clist_begin(f->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *fl = clist_content(it);
		char tok[TZ_TOKEN_SIZE];
		switch (fl->fld_type) {
		case MAILIMF_FIELD_FROM:
			if (ev && fl->fld_data.fld_from->frm_mb_list)
				for (clistiter *a = clist_begin(fl->fld_data.fld_from->frm_mb_list->mb_list);
				     a && !ev->from[0]; a = clist_next(a)) {
					struct mailimf_mailbox *mb = clist_content(a);
					if (mb->mb_addr_spec)
						tz_report_copy(ev->from, sizeof ev->from, mb->mb_addr_spec,
							       strlen(mb->mb_addr_spec));
				}
			break;
		case MAILIMF_FIELD_TO:
			if (!fl->fld_data.fld_to->to_addr_list)
				break;
			if (ev)
				first_mailbox(fl->fld_data.fld_to->to_addr_list, ev->to);
			for (clistiter *a = clist_begin(fl->fld_data.fld_to->to_addr_list->ad_list); a;
			     a = clist_next(a)) {
				struct mailimf_address *ad = clist_content(a);
				const char *spec;
				if (ad->ad_type != MAILIMF_ADDRESS_MAILBOX)
					continue;
				spec = ad->ad_data.ad_mailbox->mb_addr_spec;
				if (tz_report_find_token(spec, strlen(spec), "bounce+", tok))
					tz_report_set_token(r, tok, "verp");
				else if (original)
					tz_report_set_address(r, spec, strlen(spec));
			}
			break;
		case MAILIMF_FIELD_RETURN_PATH: {
			const char *spec = fl->fld_data.fld_return_path->ret_path->pt_addr_spec;
			if (spec && tz_report_find_token(spec, strlen(spec), "bounce+", tok))
				tz_report_set_token(r, tok, "verp");
			break;
		}
		case MAILIMF_FIELD_ORIG_DATE:
			if (!original && !r->date) {
				struct mailimf_date_time *d = fl->fld_data.fld_orig_date->dt_date_time;
				struct tm tm;
				long long zone = d->dt_zone;
				/* out-of-range fields (hostile or broken mail): no date */
				if (d->dt_year < 1970 || d->dt_year > 9999 || d->dt_month < 1 ||
				    d->dt_month > 12 || d->dt_day < 1 || d->dt_day > 31 ||
				    d->dt_hour < 0 || d->dt_hour > 23 || d->dt_min < 0 || d->dt_min > 59 ||
				    d->dt_sec < 0 || d->dt_sec > 60 || zone < -1400 || zone > 1400)
					break;
				memset(&tm, 0, sizeof tm);
				tm.tm_year = d->dt_year - 1900;
				tm.tm_mon = d->dt_month - 1;
				tm.tm_mday = d->dt_day;
				tm.tm_hour = d->dt_hour;
				tm.tm_min = d->dt_min;
				tm.tm_sec = d->dt_sec;
				/* dt_zone is +hhmm as an integer */
				r->date = (long long)timegm(&tm) - (zone / 100 * 3600 + zone % 100 * 60);
			}
			break;
		case MAILIMF_FIELD_SUBJECT:
			if (!original && fl->fld_data.fld_subject->sbj_value) {
				struct tz_buf dec;
				const char *v = fl->fld_data.fld_subject->sbj_value;
				tz_buf_init(&dec, 4096);
				if (tz_rfc2047_decode(&dec, v) == 0)
					v = dec.data;
				tz_buf_reset(&ev->subject);
				(void)tz_buf_adds(&ev->subject, v);
				if (tz_report_find_token(v, strlen(v), "unsubscribe-", tok))
					tz_report_set_token(r, tok, "subject");
				tz_buf_release(&dec);
			}
			break;
		case MAILIMF_FIELD_OPTIONAL_FIELD: {
			const char *n = fl->fld_data.fld_optional_field->fld_name;
			const char *v = fl->fld_data.fld_optional_field->fld_value;
			if (!n || !v)
				break;
			if (strcasecmp(n, "List-Unsubscribe") == 0 && original)
				from_unsubscribe_url(r, v);
			else if (ev && strcasecmp(n, "X-Failed-Recipients") == 0 && !ev->failed[0])
				tz_report_copy(ev->failed, sizeof ev->failed, v, strlen(v));
			else if (strcasecmp(n, "Delivered-To") == 0 || strcasecmp(n, "X-Original-To") == 0 ||
				 strcasecmp(n, "Envelope-To") == 0 || strcasecmp(n, "Return-Path") == 0) {
				if (tz_report_find_token(v, strlen(v), "bounce+", tok))
					tz_report_set_token(r, tok, "verp");
			}
			break;
		}
		default:
			break;
		}
	}
}

/* The decoded body of a single part, always a NUL-terminated copy (see
 * partdecode.h: libetpan's decoder reads past the end of its input). 1 when
 * the part has no body, -1 when memory runs out. */
static int part_body(struct mailmime *m, struct tz_buf *out)
{
	struct mailmime_data *b = m->mm_body;
	const char *s;
	size_t len;
	tz_buf_reset(out);
	if (!b || b->dt_type != MAILMIME_DATA_TEXT || !b->dt_data.dt_text.dt_data)
		return 1;
	s = b->dt_data.dt_text.dt_data;
	len = b->dt_data.dt_text.dt_length;
	if (b->dt_encoded && b->dt_encoding == MAILMIME_MECHANISM_BASE64)
		return tz_decode_base64(out, s, len);
	if (b->dt_encoded && b->dt_encoding == MAILMIME_MECHANISM_QUOTED_PRINTABLE)
		return tz_decode_qp(out, s, len);
	return tz_buf_add(out, s, len);
}

static const char *subtype(struct mailmime *m)
{
	struct mailmime_content *ct = m->mm_content_type;
	return ct && ct->ct_subtype ? ct->ct_subtype : "";
}

static int is_type(struct mailmime *m, const char *type, const char *sub)
{
	struct mailmime_content *ct = m->mm_content_type;
	const char *t;
	if (!ct || !ct->ct_type)
		return type[0] == 't' && strcasecmp(sub, "plain") == 0 && !ct; /* default */
	switch (ct->ct_type->tp_type) {
	case MAILMIME_TYPE_DISCRETE_TYPE:
		switch (ct->ct_type->tp_data.tp_discrete_type->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT: t = "text"; break;
		case MAILMIME_DISCRETE_TYPE_APPLICATION: t = "application"; break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION:
			t = ct->ct_type->tp_data.tp_discrete_type->dt_extension;
			break;
		default: t = "other"; break;
		}
		break;
	case MAILMIME_TYPE_COMPOSITE_TYPE:
		t = ct->ct_type->tp_data.tp_composite_type->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE
			    ? "message"
			    : ct->ct_type->tp_data.tp_composite_type->ct_type ==
					      MAILMIME_COMPOSITE_TYPE_MULTIPART
				      ? "multipart"
				      : "other";
		break;
	default:
		return 0;
	}
	return t && strcasecmp(t, type) == 0 && (!sub[0] || strcasecmp(subtype(m), sub) == 0);
}

/* HTML to text for the scanners: tags become spaces, a few entities. */
static int add_html(struct tz_buf *out, const char *s, size_t len)
{
	int in_tag = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_tag) {
			if (c == '>') {
				in_tag = 0;
				if (tz_buf_addc(out, ' '))
					return -1;
			}
			continue;
		}
		if (c == '<' && i + 1 < len && (s[i + 1] == '/' || s[i + 1] == '!' ||
						 (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
						 (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
			in_tag = 1;
			continue;
		}
		if (c == '&') {
			static const struct { const char *e; char c; } ents[] = {
				{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&nbsp;", ' '},
				{"&quot;", '"'}, {"&#64;", '@'}};
			size_t k;
			for (k = 0; k < sizeof ents / sizeof ents[0]; k++)
				if (len - i >= strlen(ents[k].e) &&
				    strncasecmp(s + i, ents[k].e, strlen(ents[k].e)) == 0)
					break;
			if (k < sizeof ents / sizeof ents[0]) {
				if (tz_buf_addc(out, ents[k].c))
					return -1;
				i += strlen(ents[k].e) - 1;
				continue;
			}
		}
		if (tz_buf_addc(out, c))
			return -1;
	}
	return 0;
}

struct walk {
	struct tz_evidence *ev;
	struct tz_buf body, conv;
	int depth, nomem;
};

/* The charset parameter of a part, NULL when it declares none. */
static const char *declared_charset(struct mailmime *m)
{
	struct mailmime_content *ct = m->mm_content_type;
	if (!ct || !ct->ct_parameters)
		return NULL;
	for (clistiter *it = clist_begin(ct->ct_parameters); it; it = clist_next(it)) {
		struct mailmime_parameter *p = clist_content(it);
		if (p->pa_name && p->pa_value && strcasecmp(p->pa_name, "charset") == 0)
			return p->pa_value;
	}
	return NULL;
}

static void add_text(struct walk *w, struct mailmime *m, int html)
{
	struct tz_buf *t = &w->ev->text;
	size_t room;
	int rc = part_body(m, &w->body);
	if (rc) {
		w->nomem |= rc < 0;
		return;
	}
	room = t->max - t->len > 2 ? t->max - t->len - 2 : 0;
	if (w->body.len > room)
		tz_buf_truncate(&w->body, room);
	tz_buf_reset(&w->conv);
	if (tz_decode_charset(&w->conv, w->body.data, w->body.len, declared_charset(m)))
		return;
	if ((html ? add_html(t, w->conv.data, w->conv.len) : tz_buf_add(t, w->conv.data, w->conv.len)) ||
	    tz_buf_adds(t, "\n\n"))
		return; /* the text is full: what came first is what matters */
}

static void walk(struct tz_report *r, struct mailmime *m, struct walk *w)
{
	if (!m || ++w->depth > 8)
		return;
	if (m->mm_type == MAILMIME_MULTIPLE) {
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it;
		     it = clist_next(it))
			walk(r, clist_content(it), w);
	} else if (is_type(m, "message", "delivery-status") ||
		   is_type(m, "message", "global-delivery-status")) {
		if (part_body(m, &w->body) == 0) {
			tz_report_dsn_fields(r, w->body.data, w->body.len);
			w->ev->dsn = 1;
		}
	} else if (is_type(m, "message", "feedback-report")) {
		if (part_body(m, &w->body) == 0) {
			tz_report_arf_fields(r, w->body.data, w->body.len);
			w->ev->arf = 1;
		}
	} else if (m->mm_type == MAILMIME_MESSAGE) {
		/* the returned original (message/rfc822) */
		scan_fields(r, m->mm_data.mm_message.mm_fields, NULL);
		w->ev->original = 1;
	} else if (is_type(m, "text", "rfc822-headers") ||
		   is_type(m, "message", "rfc822-headers")) {
		if (part_body(m, &w->body) == 0) {
			struct mailimf_fields *f = NULL;
			size_t idx = 0;
			if (mailimf_envelope_and_optional_fields_parse(w->body.data, w->body.len, &idx,
								       &f) == MAILIMF_NO_ERROR) {
				scan_fields(r, f, NULL);
				mailimf_fields_free(f);
			}
			w->ev->original = 1;
		}
	} else if (!w->ev->original && (is_type(m, "text", "plain") || is_type(m, "text", "html") ||
					is_type(m, "application", "json"))) {
		add_text(w, m, is_type(m, "text", "html"));
	}
	w->depth--;
}

/* Copy the message, leaving out mbox "From " separator lines in its header
 * block (a message saved from an mbox starts with one; it is no header
 * field and would end libetpan's header at once). The new length. */
static size_t copy_header_lines(char *dst, const char *msg, size_t len)
{
	size_t i = 0, k = 0;
	while (i < len) {
		const char *eol = memchr(msg + i, '\n', len - i);
		size_t e = eol ? (size_t)(eol - msg) + 1 : len;
		if (msg[i] == '\n' || (msg[i] == '\r' && i + 1 < len && msg[i + 1] == '\n'))
			break; /* the end of the header */
		if (!(e - i >= 5 && memcmp(msg + i, "From ", 5) == 0)) {
			memcpy(dst + k, msg + i, e - i);
			k += e - i;
		}
		i = e;
	}
	memcpy(dst + k, msg + i, len - i);
	return k + len - i;
}

/* The raw top header block: for the server recognisers. */
static size_t header_length(const char *msg, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (msg[i] == '\n' && (msg[i + 1] == '\n' || (msg[i + 1] == '\r' && i + 2 < len &&
							       msg[i + 2] == '\n')))
			return i + 1;
	return len;
}

/* MIME that libetpan cannot split (a boundary that is not the declared
 * one, a folded header line without its leading space) still has the
 * words: read the raw body as the report's text, and a DSN block standing
 * in it ("Final-Recipient:" at the start of a line) as a DSN. */
static void broken_mime_fallback(struct tz_report *r, struct tz_evidence *ev, const char *msg,
				 size_t len)
{
	const char *t, *end, *stop;
	if (ev->dsn || ev->arf)
		return;
	if (!ev->text.len && ev->header_len < len) {
		size_t n = len - ev->header_len;
		if (n > ev->text.max - 1)
			n = ev->text.max - 1;
		(void)tz_buf_add(&ev->text, msg + ev->header_len, n);
	}
	t = msg + ev->header_len;
	end = msg + len;
	for (const char *p = t; p < end; p++) {
		if ((p != t && p[-1] != '\n') || (size_t)(end - p) < 16 ||
		    strncasecmp(p, "Final-Recipient:", 16) != 0)
			continue;
		/* the block ends at the next MIME boundary line */
		for (stop = p; stop < end; stop++)
			if (stop[0] == '\n' && stop + 2 < end && stop[1] == '-' && stop[2] == '-')
				break;
		tz_report_dsn_fields(r, p, (size_t)(stop - p));
		ev->dsn = r->nrcpt > 0;
		return;
	}
}

static void decide(struct tz_report *r, struct tz_evidence *ev)
{
	if (ev->arf || (r->kind == TZ_REPORT_ARF)) {
		r->kind = TZ_REPORT_ARF;
		if (!r->feedback_type[0])
			snprintf(r->feedback_type, sizeof r->feedback_type, "abuse");
		if (!r->server)
			r->server = "RFC 5965";
		return;
	}
	if (r->kind == TZ_REPORT_AUTOREPLY)
		return;
	if (r->nrcpt) {
		r->kind = TZ_REPORT_DSN;
		if (!r->address[0])
			for (size_t i = 0; i < r->nrcpt && !r->address[0]; i++)
				memcpy(r->address, r->rcpt[i].address, sizeof r->address);
		return;
	}
	r->kind = TZ_REPORT_UNKNOWN;
	if (r->token[0] && strcmp(r->token_from, "subject") == 0)
		r->kind = TZ_REPORT_UNSUBSCRIBE;
	else if (ev->dsn)
		snprintf(r->why, sizeof r->why, "delivery report without a recipient");
	else if (!r->why[0])
		snprintf(r->why, sizeof r->why,
			 "not a delivery report, complaint or unsubscribe reply");
}

int tz_report_parse(const char *msg, size_t len, struct tz_report *r)
{
	struct mailmime *mime = NULL;
	struct tz_evidence ev;
	struct walk w;
	size_t idx = 0;
	struct mailmime *top;
	char *padded;
	int rc = 0;

	memset(r, 0, sizeof *r);
	if (len > TZ_REPORT_MAX_BYTES) {
		snprintf(r->why, sizeof r->why, "larger than %zu bytes", TZ_REPORT_MAX_BYTES);
		return 0;
	}
	/* libetpan is given a NUL-padded copy: none of its readers can run
	 * past the end of the message */
	padded = malloc(len + 8);
	if (!padded)
		return -1;
	len = copy_header_lines(padded, msg, len);
	memset(padded + len, 0, 8);
	memset(&ev, 0, sizeof ev);
	tz_buf_init(&ev.text, TZ_EVIDENCE_TEXT_MAX);
	tz_buf_init(&ev.subject, 1024);
	memset(&w, 0, sizeof w);
	w.ev = &ev;
	tz_buf_init(&w.body, TZ_REPORT_MAX_BYTES + 16);
	tz_buf_init(&w.conv, TZ_EVIDENCE_TEXT_MAX * 4);
	ev.header = padded;
	ev.header_len = header_length(padded, len);
	if (mailmime_parse(padded, len, &idx, &mime) != MAILIMF_NO_ERROR || !mime) {
		snprintf(r->why, sizeof r->why, "not a MIME message libetpan can parse");
		goto out;
	}
	scan_fields(r, mime->mm_data.mm_message.mm_fields, &ev);
	top = mime->mm_type == MAILMIME_MESSAGE ? mime->mm_data.mm_message.mm_msg_mime : mime;
	walk(r, top, &w);
	if (w.nomem) {
		rc = -1;
		goto out;
	}
	broken_mime_fallback(r, &ev, padded, len);
	tz_bounce_text_read(r, &ev);
	decide(r, &ev);
out:
	if (mime)
		mailmime_free(mime);
	tz_buf_release(&w.body);
	tz_buf_release(&w.conv);
	tz_buf_release(&ev.text);
	tz_buf_release(&ev.subject);
	free(padded);
	return rc;
}

struct tz_report_rcpt *tz_report_add_rcpt(struct tz_report *r, const char *address)
{
	struct tz_report_rcpt *rc;
	for (size_t i = 0; i < r->nrcpt; i++)
		if (address[0] && strcasecmp(r->rcpt[i].address, address) == 0)
			return &r->rcpt[i];
	if (r->nrcpt >= TZ_REPORT_MAX_RCPTS)
		return NULL;
	rc = &r->rcpt[r->nrcpt++];
	memset(rc, 0, sizeof *rc);
	tz_report_copy(rc->address, sizeof rc->address, address, strlen(address));
	return rc;
}
