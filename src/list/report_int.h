/*
 * report_int.h - what the parts of the bounce reader share (report.c, the
 * field-block readers in report_fields.c, the plain-text reader in
 * bounce_text.c and the Amazon SES notification reader in bounce_json.c).
 * Not for use outside src/list/report*.c and bounce_*.c.
 */
#ifndef TZ_REPORT_INT_H
#define TZ_REPORT_INT_H

#include <stddef.h>

#include "report.h"
#include "../util/buf.h"

#define TZ_EVIDENCE_TEXT_MAX ((size_t)256 * 1024)

/* What the MIME walk found besides DSN and ARF blocks. */
struct tz_evidence {
	const char *header;     /* the top header block (raw bytes) */
	size_t header_len;
	struct tz_buf text;     /* decoded text parts of the report (not of the original) */
	struct tz_buf subject;  /* decoded Subject */
	char from[TZ_ADDRESS_MAX];
	char to[TZ_ADDRESS_MAX];
	char failed[1024];      /* X-Failed-Recipients, comma separated */
	int dsn, arf, original; /* which parts were seen */
};

void tz_report_copy(char *dst, size_t n, const char *s, size_t len);
int tz_report_find_token(const char *s, size_t len, const char *prefix,
			 char out[TZ_TOKEN_SIZE]);
void tz_report_set_token(struct tz_report *r, const char *tok, const char *from);
void tz_report_set_address(struct tz_report *r, const char *a, size_t len);
/* Add a recipient (normalised address, may be ""); NULL when full. */
struct tz_report_rcpt *tz_report_add_rcpt(struct tz_report *r, const char *address);

/* message/delivery-status and message/feedback-report field blocks */
void tz_report_dsn_fields(struct tz_report *r, const char *p, size_t len);
void tz_report_arf_fields(struct tz_report *r, const char *p, size_t len);

/* Plain-text bounces (bounce_text.c): recognise the server from the
 * header and text, find the failed recipients and their diagnostics, fill
 * in what a DSN left out. */
void tz_bounce_text_read(struct tz_report *r, struct tz_evidence *ev);
/* Amazon SES notifications (JSON); 1 when the text was one. */
int tz_bounce_json_read(struct tz_report *r, const char *text, size_t len);

#endif
