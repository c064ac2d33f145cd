/*
 * send_hint.c - the next step after a send stopped on the connection, in
 * the officer's words. "Run the same command again" helps after a network
 * hiccup, never after a configuration mistake (no STARTTLS, wrong port,
 * refused login): those need a different command first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "../util/banned.h"

static int has(const char *msg, const char *what)
{
	return strcasestr(msg, what) != NULL;
}

void tz_send_next_step(const struct tz_error *err, const char *journal, int test_only)
{
	const char *m = err->msg;
	const char *again = test_only ? "then send the test again"
				      : "then run the same command again to resume: who already got the "
					"newsletter is skipped (the journal is kept)";

	if (has(m, "STARTTLS"))
		fprintf(stderr,
			"techzine: next: the server offers no encryption (STARTTLS). For a local test "
			"server (the README's guide, 'Test sending') add --insecure-no-tls; for the relay use "
			"its TLS port, --smtp smtps://HOST:465 (or smtp://HOST:587 if it offers STARTTLS); "
			"%s\n",
			again);
	else if (has(m, "couldn't connect") || has(m, "cannot reach") ||
		 has(m, "resolve host"))
		fprintf(stderr,
			"techzine: next: check that the SMTP server runs at that address and port (for a "
			"local test server, start it first: the README's guide, 'Test sending'); %s\n",
			again);
	else if (has(m, "login denied") || has(m, "authentication") || has(m, " 535") ||
		 has(m, " 530")) {
		if (getenv("TECHZINE_SMTP_USER") || getenv("TECHZINE_SMTP_PASSWORD"))
			fprintf(stderr,
				"techzine: next: the server refused the login with the credentials that "
				"are set; check TECHZINE_SMTP_USER and TECHZINE_SMTP_PASSWORD (or the "
				"~/.netrc entry) against the relay's account; %s\n",
				again);
		else
			fprintf(stderr,
				"techzine: next: the server refused the login; set TECHZINE_SMTP_USER and "
				"TECHZINE_SMTP_PASSWORD (or a ~/.netrc entry) to the relay's account; %s\n",
				again);
	}
	else if (has(m, "certificate") || has(m, "SSL"))
		fprintf(stderr,
			"techzine: next: the server's certificate is not trusted; give the relay's CA "
			"with --cacert FILE; %s\n",
			again);
	else
		fprintf(stderr, "techzine: the journal is intact (%s); run the same command again to resume\n",
			journal && journal[0] ? journal : "no journal for --test");
}
