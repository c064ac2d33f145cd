/*
 * bounce_servers.h - the table of per-server recognisers: which mail server
 * (or complaint service, or auto-responder) wrote a message, told by words
 * in its header or in the text of the report.
 *
 * The one idea: recognising a server and reading it are separate. A row
 * names the server and what the message is (a bounce, a complaint, an
 * auto-reply, an Amazon SES JSON notification); the reading is shared
 * (bounce_text.c), because servers differ in their words, not in where the
 * failed address and its reply stand. A new server is one row with the
 * sample it was learned from.
 */
#ifndef TZ_BOUNCE_SERVERS_H
#define TZ_BOUNCE_SERVERS_H

#include <stddef.h>

enum tz_server_kind { TZ_SK_BOUNCE, TZ_SK_COMPLAINT, TZ_SK_AUTOREPLY, TZ_SK_JSON };

struct tz_bounce_server {
	const char *name;
	const char *header; /* lower-case words in the top header block, or NULL */
	const char *text;   /* lower-case words in the report's text, or NULL */
	enum tz_server_kind kind;
	/* 1: this server says "user unknown" also for mail its filters
	 * refuse, and never says to which command: without a status code
	 * that confirms it (x.1.1), such a refusal is "filtered" */
	int unconfirmed;
	const char *feedback; /* complaints: the feedback type */
	const char *sample;   /* the corpus message it was learned from */
};

extern const struct tz_bounce_server tz_bounce_servers[];
extern const size_t tz_bounce_nservers;

/* The first row whose words are all in the (lower-cased) header and the
 * first 8 KiB of the text (where servers introduce themselves), or NULL. */
const struct tz_bounce_server *tz_bounce_server_find(const char *header, size_t hlen,
						     const char *text, size_t tlen);

/* Lines that start the returned original inside a plain-text bounce. */
extern const char *const tz_bounce_original_markers[];

#endif
