/*
 * template.h - a rendered edition with per-recipient slots.
 *
 * The newsletter is rendered once per issue and language; what differs per
 * subscriber (greeting name, unsubscribe URL, ...) is a slot. A template is
 * a list of literal chunks and slots, so filling it for one recipient is a
 * sequence of memcpy calls with no parsing: story text can never become a
 * merge field, because slots are not text markers but separate entries.
 *
 * Slot values are escaped for the template's format when filled (HTML
 * escaping for TZ_FORMAT_HTML, none for TZ_FORMAT_TEXT).
 */
#ifndef TZ_TEMPLATE_H
#define TZ_TEMPLATE_H

#include <stddef.h>

#include "../util/buf.h"

enum tz_slot {
	TZ_SLOT_GREETING_NAME,  /* subscriber name, or the neutral fallback */
	TZ_SLOT_EMAIL,          /* the subscriber's address */
	TZ_SLOT_UNSUBSCRIBE_URL,
	TZ_SLOT_PREFERENCES_URL,
	TZ_SLOT_VIEW_URL,       /* web version of the issue */
	TZ_SLOT_COUNT
};

enum tz_format { TZ_FORMAT_TEXT, TZ_FORMAT_HTML };

struct tz_template_part {
	int slot;     /* -1 for a literal, else enum tz_slot */
	size_t off;   /* literal: offset into text */
	size_t len;
};

struct tz_template {
	enum tz_format format;
	struct tz_buf text; /* all literal chunks, back to back */
	struct tz_template_part *parts;
	size_t nparts, cap;
};

void tz_template_init(struct tz_template *t, enum tz_format format, size_t max);
void tz_template_release(struct tz_template *t);
/* Append literal bytes (already escaped for the format). */
int tz_template_add(struct tz_template *t, const char *s, size_t len);
int tz_template_adds(struct tz_template *t, const char *s);
int tz_template_addf(struct tz_template *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int tz_template_add_slot(struct tz_template *t, enum tz_slot slot);

/* Values for one recipient; NULL values fill as empty. */
struct tz_slot_values {
	const char *v[TZ_SLOT_COUNT];
};

/* Fill the template into out (appended). */
int tz_template_fill(const struct tz_template *t, const struct tz_slot_values *vals,
		     struct tz_buf *out);
/* Size of the template with every slot empty (the fixed part). */
size_t tz_template_literal_size(const struct tz_template *t);

/* Escape text for HTML element content and attribute values (& < > " '). */
int tz_html_escape(struct tz_buf *out, const char *s, size_t len);

#endif
