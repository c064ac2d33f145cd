/*
 * report_fields.c - the "Name: value" blocks inside message/delivery-status
 * (RFC 3464: per-message fields, then one block per recipient) and
 * message/feedback-report (RFC 5965) parts, read by hand: libetpan parses
 * the MIME structure but not these blocks.
 */
#include <string.h>
#include <strings.h>

#include "report_int.h"
#include "../util/banned.h"

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
		tz_report_copy(name, nn, p, (size_t)(colon - p));
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

struct block {
	struct tz_report_rcpt cur;
	int have, final_seen, original_seen;
};

static void flush_rcpt(struct tz_report *r, struct block *b)
{
	if (b->have && b->cur.address[0]) {
		struct tz_report_rcpt *dst = NULL;
		/* the same recipient twice (a text block and a DSN): merge */
		for (size_t i = 0; i < r->nrcpt && !dst; i++)
			if (strcasecmp(r->rcpt[i].address, b->cur.address) == 0)
				dst = &r->rcpt[i];
		if (!dst && r->nrcpt < TZ_REPORT_MAX_RCPTS)
			dst = &r->rcpt[r->nrcpt++];
		if (dst)
			*dst = b->cur;
	}
	memset(b, 0, sizeof *b);
}

void tz_report_dsn_fields(struct tz_report *r, const char *p, size_t len)
{
	const char *end = p + len;
	char name[64], v[1024];
	struct block b;
	int block_end;
	memset(&b, 0, sizeof b);
	while (p < end) {
		p = next_field(p, end, name, sizeof name, v, sizeof v, &block_end);
		if (block_end) {
			flush_rcpt(r, &b);
			continue;
		}
		trim(v);
		if (strcasecmp(name, "Final-Recipient") == 0 ||
		    strcasecmp(name, "Original-Recipient") == 0) {
			int final = strcasecmp(name, "Final-Recipient") == 0;
			const char *a = typed_address(v), *why;
			char norm[TZ_ADDRESS_MAX];
			/* a second recipient in one block (no blank line between,
			 * as AOL writes them) starts its own recipient */
			if ((final && b.final_seen) || (!final && b.original_seen))
				flush_rcpt(r, &b);
			if (tz_address_normalise(a, norm, &why) == 0 &&
			    (final || !b.cur.address[0]))
				tz_report_copy(b.cur.address, sizeof b.cur.address, norm, strlen(norm));
			if (final)
				b.final_seen = 1;
			else
				b.original_seen = 1;
			b.have = 1;
		} else if (strcasecmp(name, "Action") == 0) {
			tz_report_copy(b.cur.action, sizeof b.cur.action, v, strcspn(v, " \t;("));
			b.have = 1;
		} else if (strcasecmp(name, "Status") == 0) {
			tz_report_copy(b.cur.status, sizeof b.cur.status, v, strcspn(v, " \t;("));
			b.have = 1;
		} else if (strcasecmp(name, "Diagnostic-Code") == 0)
			tz_report_copy(b.cur.diagnostic, sizeof b.cur.diagnostic, v, strlen(v));
	}
	flush_rcpt(r, &b);
}

void tz_report_arf_fields(struct tz_report *r, const char *p, size_t len)
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
			tz_report_copy(r->feedback_type, sizeof r->feedback_type, v,
				       strcspn(v, " \t;"));
		else if (strcasecmp(name, "Original-Rcpt-To") == 0 ||
			 strcasecmp(name, "Removal-Recipient") == 0)
			tz_report_set_address(r, v, strlen(v));
		else if (strcasecmp(name, "Original-Mail-From") == 0 &&
			 tz_report_find_token(v, strlen(v), "bounce+", tok))
			tz_report_set_token(r, tok, "verp");
	}
}
