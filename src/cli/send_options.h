/*
 * send_options.h - the command line of `techzine send` (send_options.c
 * parses it; cmd_send.c runs the send).
 */
#ifndef TZ_SEND_OPTIONS_H
#define TZ_SEND_OPTIONS_H

#include <stddef.h>

#include "../mail/smtp.h"

#define MAX_TESTS 16

struct options {
	const char *issue, *list, *smtp, *outbox, *journal, *from, *cacert, *envelope_from;
	const char *dkim_domain, *dkim_selector, *dkim_key; /* --dkim-*: instead of the issue's <dkim> */
	int no_dkim;
	int sign_threads; /* --sign-threads: -1 the default, 0 sign in the send loop */
	const char *tests[MAX_TESTS];
	size_t ntests;
	char *where[MAX_TESTS]; /* --where KEY=VALUE (src/list/segment.h) */
	size_t nwhere;
	int dry_run, resume, force, insecure, verbose, other_lang, embed_images;
	struct tz_smtp_config cfg;
};

/* Parse argv into o (defaults filled in); 0, or the exit code of a usage
 * error (already printed). */
int tz_send_parse_options(int argc, char **argv, struct options *o);

#endif
