/*
 * campaign.h - what happened to one issue's send, gathered from the files
 * techzine already keeps: the send journals (out/<issue>/send-*.journal),
 * the subscriber list, subscribers/suppressed.csv, the event log
 * subscribers/events.log (bounces by reason, sign-ups) and the list
 * server's click counters.
 *
 * The one idea: the report never keeps an address. The journal of the
 * issue is read into a table of 64-bit address hashes and states; the list
 * is then streamed once and each row is joined to the table by the same
 * hash, so segments can be counted without holding the list. Everything
 * printed is a count; counts under TZ_RPT_SMALL in a segment are shown as
 * "< 5" (the report may be passed around).
 */
#ifndef TZ_CAMPAIGN_H
#define TZ_CAMPAIGN_H

#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/error.h"

#define TZ_RPT_SMALL 5
#define TZ_RPT_MAX_TREND 12
#define TZ_RPT_MAX_DAYS 60

/* A counted key (an SMTP code, a domain, a segment value, a link). */
struct tz_rpt_kv {
	char *key;
	char *extra; /* a second text: the domain's reason, the link's story */
	size_t n;
};
struct tz_rpt_kvs {
	struct tz_rpt_kv *v;
	size_t n, cap;
};
/* Add n to key (created when absent); -1 when out of memory. */
int tz_rpt_kvs_add(struct tz_rpt_kvs *k, const char *key, size_t n);
struct tz_rpt_kv *tz_rpt_kvs_find(const struct tz_rpt_kvs *k, const char *key);
/* Largest count first, then by key. */
void tz_rpt_kvs_sort(struct tz_rpt_kvs *k);
void tz_rpt_kvs_release(struct tz_rpt_kvs *k);

/* The delivery facts of one issue (one or more journals added up). */
struct tz_rpt_delivery {
	char issue[64];
	int journals;          /* journals read */
	int outbox;            /* only Maildir outbox journals (no SMTP send) */
	size_t recipients;     /* R records */
	size_t sent, failed;   /* S and F records */
	size_t deferred;       /* R without S or F: still 4xx, or never tried */
	int complete;          /* every journal has its D record */
	long long started;     /* earliest H time */
	long long first, last; /* earliest and latest S or F */
	long long done;        /* latest D time, 0 while incomplete */
	struct tz_rpt_kvs codes;   /* "550 5.1.1" -> failures */
	struct tz_rpt_kvs sender;  /* receiving domain -> refusals of the sender's own making */
	size_t sender_total;
	size_t *per_minute; /* messages answered per minute from minute0 */
	long long minute0;
	size_t nminutes;
};

/* One segment value (municipality "Emmen", language "en", interest ...). */
struct tz_rpt_segment {
	char dim[16];
	char *value;
	size_t recipients, delivered, failed, bounced, complained, unsubscribed;
};

/* One day after the send. */
struct tz_rpt_day {
	char date[11];
	size_t bounce_bad, bounce_soft, bounce_sender, complaints, unsubscribes, signups,
		clicks;
};

/* A previous issue, for the trend. */
struct tz_rpt_trend {
	struct tz_rpt_delivery d;
	size_t bounced, complained, unsubscribed; /* in the days after it */
	size_t clicks;
};

struct tz_campaign {
	char issue[64];
	char list[128];
	char today[11];
	struct tz_rpt_delivery d;
	/* skipped: on the list but not in the send's recipient set */
	size_t skip_unsubscribed, skip_bounced, skip_complained, skip_suppressed,
		skip_segment, skip_removed;
	/* after the send (events dated from the send day on) */
	size_t bounce_bad, bounce_soft, bounce_sender, complaints, unsubscribes, signups;
	struct tz_rpt_kvs bounce_reasons;  /* reason -> count */
	struct tz_rpt_kvs sender_domains;  /* domain -> sender-side bounces, reason in extra */
	struct tz_rpt_day *days;
	size_t ndays;
	int events_log; /* subscribers/events.log was there */
	/* segments, in dimension order */
	struct tz_rpt_segment *seg;
	size_t nseg, segcap;
	/* clicks */
	int clicks_on;
	size_t clicks;
	struct tz_rpt_kvs links;   /* url -> clicks, story headline in extra */
	struct tz_rpt_kvs stories; /* story headline -> clicks */
	/* previous issues, oldest first */
	struct tz_rpt_trend trend[TZ_RPT_MAX_TREND];
	size_t ntrend;
	/* warnings, one line each */
	char **warn;
	size_t nwarn;
};

struct tz_rpt_inputs {
	const char *issue;   /* "2026-12" */
	const char *out_dir; /* "out" (holds <issue>/ and the earlier issues) */
	const char *sub_dir; /* "subscribers" */
	const char *list;    /* list name ("demo") or NULL: every journal of the issue */
	const char *today;   /* YYYY-MM-DD */
	const char *clicks_dir; /* the list server's counters: <sub_dir>/clicks */
	/* link url -> story headline, from the issue when it could be loaded */
	const struct tz_rpt_kvs *link_stories;
};

void tz_campaign_init(struct tz_campaign *c);
void tz_campaign_release(struct tz_campaign *c);
/* Gather everything; err on I/O failure or when the issue has no journal. */
int tz_campaign_collect(struct tz_campaign *c, const struct tz_rpt_inputs *in,
			struct tz_error *err);

/* Journals (journal_read.c). Add one journal file's records to d; when map
 * is not NULL every recipient's state goes into it. */
struct tz_addrmap;
int tz_rpt_read_journal(struct tz_rpt_delivery *d, const char *path, struct tz_addrmap *map,
			struct tz_error *err);
void tz_rpt_delivery_release(struct tz_rpt_delivery *d);
/* Is this refusal the sender's own problem (authentication, reputation,
 * policy, rate), not the recipient's? From the enhanced code and the text. */
int tz_rpt_sender_side(int code, const char *enhanced, const char *text);

/* Clicks (clicks.c): the list server's counter file of the issue. */
int tz_rpt_read_clicks(struct tz_campaign *c, const char *path,
		       const struct tz_rpt_kvs *link_stories, struct tz_error *err);
size_t tz_rpt_count_clicks(const char *path);

/* Outputs. */
int tz_campaign_html(const struct tz_campaign *c, struct tz_buf *out);
int tz_campaign_json(const struct tz_campaign *c, struct tz_buf *out);
int tz_campaign_text(const struct tz_campaign *c, struct tz_buf *out);
/* "< 5" for a small segment count, the number otherwise. */
void tz_rpt_count(char *out, size_t n, size_t v, int small_hidden);
/* A rate "12.3 %" (or "–" without a base). */
void tz_rpt_rate(char *out, size_t n, size_t part, size_t whole);

#endif
