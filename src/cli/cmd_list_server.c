/*
 * cmd_list_server.c - `techzine list-server --listen ADDR:PORT [--config
 * subscribers/server.xml]`: the list server (src/listserver/) until SIGINT
 * or SIGTERM. `unsubscribe-server` is the same command under its old name;
 * without a configuration it serves one-click unsubscribes and the
 * preferences page only, as before.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../list/token.h"
#include "../listserver/clicks.h"
#include "../listserver/config.h"
#include "../listserver/http.h"
#include "../util/buf.h"
#include "../util/banned.h"

#define CMD "list-server"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int click_url(const struct ls_config *c, const char *secret, const char *issue,
		     const char *url)
{
	struct tz_buf b;
	int rc;
	if (!ls_click_issue_ok(issue) || strlen(url) > LS_CLICK_URL_MAX ||
	    (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
		return tz_usage_error(CMD, "--click-url wants ISSUE (letters, digits, -, _) and an "
				      "http(s) URL of at most %d bytes", LS_CLICK_URL_MAX);
	tz_buf_init(&b, 16384);
	tz_buf_adds(&b, c->public_url);
	rc = ls_click_path(secret, issue, url, &b);
	if (!rc)
		printf("%s\n", b.data);
	tz_buf_release(&b);
	return rc ? TZ_EXIT_IO : TZ_EXIT_OK;
}

int cmd_list_server(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"dir", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"rate", required_argument, NULL, 'r'},
		{"trusted-proxy", required_argument, NULL, 'p'},
		{"threads", required_argument, NULL, 't'},
		{"click-url", required_argument, NULL, 'u'},
		{NULL, 0, NULL, 0}};
	struct ls_run run;
	struct ls_config cfg;
	struct tz_error err;
	struct tz_diags d;
	struct sigaction sa;
	const char *config = NULL, *click_issue = NULL, *proxies[LS_MAX_PROXIES];
	double rate = -1;
	size_t nproxies = 0;
	int opt, rc;

	memset(&run, 0, sizeof run);
	run.dir = "subscribers";
	run.log = stderr;
	run.stop = &stop_requested;
	run.threads = 4;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'l': run.listen = optarg; break;
		case 'd': run.dir = optarg; break;
		case 'c': config = optarg; break;
		case 'u': click_issue = optarg; break;
		case 'r':
			rate = strtod(optarg, &end);
			if (end == optarg || (strcmp(end, "/m") != 0 && *end) || rate < 0 || rate > 100000)
				return tz_usage_error(CMD, "--rate wants N/m (requests per client and "
						      "minute; 0 is no limit), not '%s'", optarg);
			break;
		case 'p':
			if (nproxies >= LS_MAX_PROXIES)
				return tz_usage_error(CMD, "at most %d --trusted-proxy", LS_MAX_PROXIES);
			proxies[nproxies++] = optarg;
			break;
		case 't':
			run.threads = (int)strtol(optarg, &end, 10);
			if (*end || run.threads < 1 || run.threads > 64)
				return tz_usage_error(CMD, "--threads wants 1..64, not '%s'", optarg);
			break;
		default:
			return tz_usage_error(CMD, "unknown option");
		}
	}
	if (click_issue ? optind != argc - 1 : (optind != argc || !run.listen))
		return tz_usage_error(CMD, "--listen ADDRESS:PORT is required");
	tz_error_clear(&err);
	tz_diags_init(&d);
	if (config ? ls_config_load(&cfg, config, run.dir, &d) : ls_config_defaults(&cfg, &err)) {
		if (config) {
			tz_print_diags(&d, 0);
			rc = d.nomem ? TZ_EXIT_IO : TZ_EXIT_USAGE;
		} else
			rc = tz_report(&err);
		tz_diags_release(&d);
		ls_config_release(&cfg);
		return rc;
	}
	tz_diags_release(&d);
	if (rate >= 0)
		cfg.lim.per_client = (unsigned)rate;
	for (size_t i = 0; i < nproxies; i++) {
		if (cfg.nproxies >= LS_MAX_PROXIES || ls_cidr_parse(proxies[i], &cfg.proxies[cfg.nproxies])) {
			ls_config_release(&cfg);
			return tz_usage_error(CMD, "--trusted-proxy wants ADDRESS or ADDRESS/BITS, "
					      "not '%s'", proxies[i]);
		}
		cfg.nproxies++;
	}
	if (!(run.secret = tz_token_secret(&err))) {
		ls_config_release(&cfg);
		return tz_report(&err);
	}
	if (click_issue) {
		rc = click_url(&cfg, run.secret, click_issue, argv[optind]);
		ls_config_release(&cfg);
		return rc;
	}
	run.cfg = &cfg;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	rc = ls_http_run(&run, &err) ? tz_report(&err) : TZ_EXIT_OK;
	ls_config_release(&cfg);
	return rc;
}
