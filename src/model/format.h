/*
 * format.h - values as Dutch (or English) readers write them, shared by the
 * print, e-mail, text and web editions: labels per language, dates,
 * numbers with thousands separators, section titles in English, and
 * whether key figures can be compared in one chart.
 */
#ifndef TZ_FORMAT_H
#define TZ_FORMAT_H

#include "model.h"
#include "../util/buf.h"

struct tz_labels {
	const char *read_more, *agenda, *keyfigures, *parel, *greeting, *fallback_name;
	const char *view_in_browser, *unsubscribe, *preferences, *issue_number;
	const char *register_, *employees, *founded, *links, *back, *contents;
	const char *months[12];
};
/* "en" gives English; anything else Dutch. */
const struct tz_labels *tz_labels_for(const char *lang);
/* A section title in lang (known Dutch titles are translated for "en"). */
const char *tz_section_title(const char *title, const char *lang);

/* "2026-12-01" -> "1 december 2026" / "1 December 2026"; other input as is. */
int tz_format_date(struct tz_buf *b, const char *iso, const char *lang);
/* "118000.5" -> "118.000,5" (nl) / "118,000.5" (en). */
int tz_format_number(struct tz_buf *b, const char *decimal, const char *lang);

/* The number of item n of an ordered list at depth 1..3 as readers see
 * it, by the house style: "7." / "g." / "vii." (decimal where letters or
 * Roman numerals cannot say it, e.g. 0). buf holds at least 24 bytes. */
void tz_format_list_number(long n, int depth, char *buf, size_t size);

/* Bars only compare like with like: do all figures share one unit? */
int tz_keyfigures_comparable(const struct tz_block *b);
#endif
