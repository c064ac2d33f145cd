/*
 * events.h - subscribers/events.log, the log of what happened to sent mail
 * afterwards that the list itself does not keep: every bounce `techzine
 * bounces` acted on, with its reason and class. No address is written:
 * the report needs counts per day, reason and receiving domain only.
 *
 *   date,event,reason,class,domain
 *   2026-12-08,bounce,userunknown,bad,example.nl
 *   2026-12-08,bounce,authfailure,sender,outlook.com
 *
 * class: bad (the address is bad: bounced), soft (temporary or the
 * subscriber's mailbox: counted), sender (the sender's own problem: never
 * held against the subscriber). Appended under the folder lock. The
 * content is CSV, but the name is not *.csv: every *.csv in the folder is
 * a subscriber list.
 */
#ifndef TZ_RPT_EVENTS_H
#define TZ_RPT_EVENTS_H

#include <stddef.h>

#include "../util/error.h"

struct tz_rpt_event {
	char date[11];
	char cls; /* 'b' bad, 's' soft, 'x' sender */
	char reason[32];
	char domain[128];
};

struct tz_rpt_events {
	int present;
	struct tz_rpt_event *v;
	size_t n, cap;
};

/* Read the log; a missing file is an empty log (present 0). Rows that do
 * not parse are skipped. */
int tz_rpt_events_load(struct tz_rpt_events *ev, const char *path, struct tz_error *err);
void tz_rpt_events_release(struct tz_rpt_events *ev);
/* Append one bounce (path created with its header when absent). */
int tz_rpt_events_append(const char *path, const char *date, const char *reason,
			 const char *cls, const char *domain, struct tz_error *err);

#endif
