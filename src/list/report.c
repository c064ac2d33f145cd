/*
 * report.c - DSN, ARF and unsubscribe-reply recognition (see report.h).
 */
#include "report.h"

#include <libetpan/libetpan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../mail/rfc2047.h"
#include "../util/buf.h"
#include "../util/banned.h"

static void copy(char *dst, size_t n, const char *s, size_t len)
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
static int find_token(const char *s, size_t len, const char *prefix, char out[TZ_TOKEN_SIZE])
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
		copy(out, TZ_TOKEN_SIZE, s + i + pl, TZ_TOKEN_LEN);
		return 1;
	}
	return 0;
}

static void set_token(struct tz_report *r, const char *tok, const char *from)
{
	if (r->token[0])
		return;
	copy(r->token, sizeof r->token, tok, strlen(tok));
	copy(r->token_from, sizeof r->token_from, from, strlen(from));
}

static void set_address(struct tz_report *r, const char *a, size_t len)
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
	if (find_token(v, strlen(v), "t=", tok))
		set_token(r, tok, "list-unsubscribe");
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
	set_address(r, addr, k);
}

/* Look through header fields for what identifies the subscriber. */
static void scan_fields(struct tz_report *r, struct mailimf_fields *f, int original)
{
	if (!f)
		return;
	for (clistiter *it = clist_begin(f->fld_list); it; it = clist_next(it)) {
		struct mailimf_field *fl = clist_content(it);
		char tok[TZ_TOKEN_SIZE];
		switch (fl->fld_type) {
		case MAILIMF_FIELD_TO:
			if (!fl->fld_data.fld_to->to_addr_list)
				break;
			for (clistiter *a = clist_begin(fl->fld_data.fld_to->to_addr_list->ad_list); a;
			     a = clist_next(a)) {
				struct mailimf_address *ad = clist_content(a);
				const char *spec;
				if (ad->ad_type != MAILIMF_ADDRESS_MAILBOX)
					continue;
				spec = ad->ad_data.ad_mailbox->mb_addr_spec;
				if (find_token(spec, strlen(spec), "bounce+", tok))
					set_token(r, tok, "verp");
				else if (original)
					set_address(r, spec, strlen(spec));
			}
			break;
		case MAILIMF_FIELD_RETURN_PATH: {
			const char *spec = fl->fld_data.fld_return_path->ret_path->pt_addr_spec;
			if (spec && find_token(spec, strlen(spec), "bounce+", tok))
				set_token(r, tok, "verp");
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
				if (find_token(v, strlen(v), "unsubscribe-", tok))
					set_token(r, tok, "subject");
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
			else if (strcasecmp(n, "Delivered-To") == 0 || strcasecmp(n, "X-Original-To") == 0 ||
				 strcasecmp(n, "Envelope-To") == 0 || strcasecmp(n, "Return-Path") == 0) {
				if (find_token(v, strlen(v), "bounce+", tok))
					set_token(r, tok, "verp");
			}
			break;
		}
		default:
			break;
		}
	}
}

/* The decoded body of a single part (caller frees *out with mmap_string_unref
 * when *mm is set). */
static int part_body(struct mailmime *m, const char **out, size_t *len, char **mm)
{
	struct mailmime_data *b = m->mm_body;
	size_t idx = 0;
	*mm = NULL;
	if (!b || b->dt_type != MAILMIME_DATA_TEXT)
		return -1;
	if (b->dt_encoded && (b->dt_encoding == MAILMIME_MECHANISM_BASE64 ||
			      b->dt_encoding == MAILMIME_MECHANISM_QUOTED_PRINTABLE)) {
		if (mailmime_part_parse(b->dt_data.dt_text.dt_data, b->dt_data.dt_text.dt_length, &idx,
					b->dt_encoding, mm, len) != MAILIMF_NO_ERROR)
			return -1;
		*out = *mm;
		return 0;
	}
	*out = b->dt_data.dt_text.dt_data;
	*len = b->dt_data.dt_text.dt_length;
	return 0;
}

/* One "Name: value" field of a block starting at p (unfolded into v). */
static const char *next_field(const char *p, const char *end, char *name, size_t nn, char *v,
			      size_t vn, int *block_end)
{
	const char *colon, *eol;
	size_t k = 0;
	*block_end = 0;
	name[0] = v[0] = 0;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	if (eol == p || (eol == p + 1 && *p == '\r')) {
		*block_end = 1;
		return eol < end ? eol + 1 : end;
	}
	colon = memchr(p, ':', (size_t)(eol - p));
	if (colon) {
		const char *s = colon + 1;
		copy(name, nn, p, (size_t)(colon - p));
		for (;;) {
			for (; s < eol; s++)
				if (*s != '\r' && k + 1 < vn)
					v[k++] = *s;
			if (eol >= end || eol + 1 >= end || (eol[1] != ' ' && eol[1] != '\t'))
				break;
			s = eol + 1;
			eol = memchr(s, '\n', (size_t)(end - s));
			if (!eol)
				eol = end;
		}
		v[k] = 0;
	}
	return eol < end ? eol + 1 : end;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = 0;
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	memmove(s, s + i, n - i + 1);
}

/* "rfc822; jan@example.nl" -> the address part */
static const char *typed_address(char *v)
{
	char *semi = strchr(v, ';');
	char *a = semi ? semi + 1 : v;
	trim(a);
	return a;
}

static void flush_rcpt(struct tz_report *r, struct tz_report_rcpt *cur, int *have)
{
	if (*have && cur->address[0] && r->nrcpt < TZ_REPORT_MAX_RCPTS)
		r->rcpt[r->nrcpt++] = *cur;
	memset(cur, 0, sizeof *cur);
	*have = 0;
}

/* Per-message fields, then one block per recipient, blank lines between. */
static void parse_dsn_fields(struct tz_report *r, const char *p, size_t len)
{
	const char *end = p + len;
	char name[64], v[1024];
	struct tz_report_rcpt cur;
	int have = 0, block_end;
	memset(&cur, 0, sizeof cur);
	while (p < end) {
		p = next_field(p, end, name, sizeof name, v, sizeof v, &block_end);
		if (block_end) {
			flush_rcpt(r, &cur, &have);
			continue;
		}
		trim(v);
		if (strcasecmp(name, "Final-Recipient") == 0 ||
		    (strcasecmp(name, "Original-Recipient") == 0 && !cur.address[0])) {
			const char *a = typed_address(v), *why;
			char norm[TZ_ADDRESS_MAX];
			if (tz_address_normalise(a, norm, &why) == 0)
				copy(cur.address, sizeof cur.address, norm, strlen(norm));
			have = 1;
		} else if (strcasecmp(name, "Action") == 0) {
			copy(cur.action, sizeof cur.action, v, strcspn(v, " \t;("));
			have = 1;
		} else if (strcasecmp(name, "Status") == 0) {
			copy(cur.status, sizeof cur.status, v, strcspn(v, " \t;("));
			have = 1;
		} else if (strcasecmp(name, "Diagnostic-Code") == 0)
			copy(cur.diagnostic, sizeof cur.diagnostic, v, strlen(v));
	}
	flush_rcpt(r, &cur, &have);
}

static void parse_arf_fields(struct tz_report *r, const char *p, size_t len)
{
	const char *end = p + len;
	char name[64], v[1024], tok[TZ_TOKEN_SIZE];
	int block_end;
	while (p < end) {
		p = next_field(p, end, name, sizeof name, v, sizeof v, &block_end);
		if (block_end)
			continue;
		trim(v);
		if (strcasecmp(name, "Feedback-Type") == 0)
			copy(r->feedback_type, sizeof r->feedback_type, v, strcspn(v, " \t;"));
		else if (strcasecmp(name, "Original-Rcpt-To") == 0)
			set_address(r, v, strlen(v));
		else if (strcasecmp(name, "Original-Mail-From") == 0 &&
			 find_token(v, strlen(v), "bounce+", tok))
			set_token(r, tok, "verp");
	}
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
		return 0;
	switch (ct->ct_type->tp_type) {
	case MAILMIME_TYPE_DISCRETE_TYPE:
		t = ct->ct_type->tp_data.tp_discrete_type->dt_type == MAILMIME_DISCRETE_TYPE_TEXT
			    ? "text"
			    : ct->ct_type->tp_data.tp_discrete_type->dt_type ==
					      MAILMIME_DISCRETE_TYPE_EXTENSION
				      ? ct->ct_type->tp_data.tp_discrete_type->dt_extension
				      : "other";
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
	return t && strcasecmp(t, type) == 0 && strcasecmp(subtype(m), sub) == 0;
}

struct walk {
	int dsn, arf, depth;
};

static void walk(struct tz_report *r, struct mailmime *m, struct walk *w)
{
	const char *body;
	size_t len;
	char *mm;
	if (!m || ++w->depth > 8)
		return;
	if (m->mm_type == MAILMIME_MULTIPLE) {
		for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it;
		     it = clist_next(it))
			walk(r, clist_content(it), w);
	} else if (is_type(m, "message", "delivery-status") ||
		   is_type(m, "message", "global-delivery-status")) {
		if (part_body(m, &body, &len, &mm) == 0) {
			parse_dsn_fields(r, body, len);
			w->dsn = 1;
			if (mm)
				mmap_string_unref(mm);
		}
	} else if (is_type(m, "message", "feedback-report")) {
		if (part_body(m, &body, &len, &mm) == 0) {
			parse_arf_fields(r, body, len);
			w->arf = 1;
			if (mm)
				mmap_string_unref(mm);
		}
	} else if (m->mm_type == MAILMIME_MESSAGE) {
		/* the returned original (message/rfc822) */
		scan_fields(r, m->mm_data.mm_message.mm_fields, 1);
	} else if (is_type(m, "text", "rfc822-headers") ||
		   is_type(m, "message", "rfc822-headers")) {
		if (part_body(m, &body, &len, &mm) == 0) {
			struct mailimf_fields *f = NULL;
			size_t idx = 0;
			if (mailimf_envelope_and_optional_fields_parse(body, len, &idx, &f) ==
			    MAILIMF_NO_ERROR) {
				scan_fields(r, f, 1);
				mailimf_fields_free(f);
			}
			if (mm)
				mmap_string_unref(mm);
		}
	}
	w->depth--;
}

int tz_report_parse(const char *msg, size_t len, struct tz_report *r)
{
	struct mailmime *mime = NULL;
	struct walk w = {0, 0, 0};
	size_t idx = 0;
	struct mailmime *top;
	int is_report;

	memset(r, 0, sizeof *r);
	if (len > TZ_REPORT_MAX_BYTES) {
		snprintf(r->why, sizeof r->why, "larger than %zu bytes", TZ_REPORT_MAX_BYTES);
		return 0;
	}
	if (mailmime_parse(msg, len, &idx, &mime) != MAILIMF_NO_ERROR || !mime) {
		snprintf(r->why, sizeof r->why, "not a MIME message libetpan can parse");
		return 0;
	}
	scan_fields(r, mime->mm_data.mm_message.mm_fields, 0);
	top = mime->mm_type == MAILMIME_MESSAGE ? mime->mm_data.mm_message.mm_msg_mime : mime;
	/* report-type says the same as the parts; the parts decide */
	is_report = top && is_type(top, "multipart", "report");
	if (is_report)
		walk(r, top, &w);
	mailmime_free(mime);
	if (w.arf) {
		r->kind = TZ_REPORT_ARF;
		if (!r->feedback_type[0])
			snprintf(r->feedback_type, sizeof r->feedback_type, "abuse");
	} else if (w.dsn) {
		r->kind = r->nrcpt ? TZ_REPORT_DSN : TZ_REPORT_UNKNOWN;
		if (!r->nrcpt)
			snprintf(r->why, sizeof r->why, "delivery report without a recipient");
	} else if (r->token[0] && strcmp(r->token_from, "subject") == 0) {
		r->kind = TZ_REPORT_UNSUBSCRIBE;
	} else {
		snprintf(r->why, sizeof r->why, "%s",
			 is_report ? "a multipart/report without a delivery-status or feedback-report part"
				 : "not a delivery report, complaint or unsubscribe reply");
	}
	if (r->kind == TZ_REPORT_DSN && !r->address[0] && r->nrcpt)
		memcpy(r->address, r->rcpt[0].address, sizeof r->address);
	return 0;
}
