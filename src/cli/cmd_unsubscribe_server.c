/*
 * cmd_unsubscribe_server.c - `techzine unsubscribe-server --listen ADDR:PORT`:
 * the RFC 8058 one-click endpoint (src/list/unsubd.h) behind the
 * organisation's web server, until SIGINT or SIGTERM.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../list/token.h"
#include "../list/unsubd.h"
#include "../util/banned.h"

#define CMD "unsubscribe-server"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int cmd_unsubscribe_server(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"dir", required_argument, NULL, 'd'},
		{"rate", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0}};
	struct tz_unsubd_config c;
	struct tz_error err;
	struct sigaction sa;
	int opt;

	memset(&c, 0, sizeof c);
	c.dir = "subscribers";
	c.per_minute = 20;
	c.log = stderr;
	c.stop = &stop_requested;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'l': c.listen = optarg; break;
		case 'd': c.dir = optarg; break;
		case 'r':
			c.per_minute = strtod(optarg, &end);
			if (end == optarg || (strcmp(end, "/m") != 0 && *end) || c.per_minute < 0 ||
			    c.per_minute > 100000)
				return tz_usage_error(CMD, "--rate wants N/m (requests per client and "
						      "minute; 0 is no limit), not '%s'", optarg);
			break;
		default:
			return tz_usage_error(CMD, "unknown option");
		}
	}
	if (optind != argc || !c.listen)
		return tz_usage_error(CMD, "--listen ADDRESS:PORT is required");
	tz_error_clear(&err);
	if (!(c.secret = tz_token_secret(&err)))
		return tz_report(&err);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (tz_unsubd_run(&c, &err))
		return tz_report(&err);
	return TZ_EXIT_OK;
}
