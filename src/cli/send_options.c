/*
 * send_options.c - the options of `techzine send` (see send_options.h):
 * getopt_long over one table, the defaults, and the checks of every value.
 */
#include "send_options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../mail/ratelimit.h"
#include "../util/banned.h"

static int parse_duration(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || v < 0)
		return -1;
	if (!*end || strcmp(end, "s") == 0)
		*out = v;
	else if (strcmp(end, "ms") == 0)
		*out = v / 1000;
	else if (strcmp(end, "m") == 0)
		*out = v * 60;
	else if (strcmp(end, "h") == 0)
		*out = v * 3600;
	else
		return -1;
	return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int tz_send_parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"list", required_argument, NULL, 'l'},
		{"smtp", required_argument, NULL, 's'},
		{"outbox", required_argument, NULL, 'o'},
		{"journal", required_argument, NULL, 'j'},
		{"connections", required_argument, NULL, 'c'},
		{"per-connection", required_argument, NULL, 'P'},
		{"rate", required_argument, NULL, 'r'},
		{"retry-for", required_argument, NULL, 'R'},
		{"retry-base", required_argument, NULL, 'B'},
		{"test", required_argument, NULL, 't'},
		{"from", required_argument, NULL, 'f'},
		{"cacert", required_argument, NULL, 'C'},
		{"insecure-no-tls", no_argument, NULL, 'I'},
		{"dry-run", no_argument, NULL, 'n'},
		{"resume", no_argument, NULL, 'u'},
		{"force-resend", no_argument, NULL, 'F'},
		{"verbose", no_argument, NULL, 'v'},
		{"images", required_argument, NULL, 'i'},
		{"where", required_argument, NULL, 'w'},
		{"helo", required_argument, NULL, 'H'},
		{"unreachable-for", required_argument, NULL, 'U'},
		{"envelope-from", required_argument, NULL, 'E'},
		{"dkim-domain", required_argument, NULL, 'D'},
		{"dkim-selector", required_argument, NULL, 'S'},
		{"dkim-key", required_argument, NULL, 'K'},
		{"no-dkim", no_argument, NULL, 'N'},
		{"sign-threads", required_argument, NULL, 'T'},
		{NULL, 0, NULL, 0}};
	int opt;
	memset(o, 0, sizeof *o);
	o->cfg.connections = 4;
	o->cfg.per_connection = 100;
	o->cfg.retry_for = 6 * 3600;
	o->cfg.retry_base = 30;
	o->cfg.unreachable_for = 15 * 60;
	o->sign_threads = -1;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l': o->list = optarg; break;
		case 's': o->smtp = optarg; break;
		case 'o': o->outbox = optarg; break;
		case 'j': o->journal = optarg; break;
		case 'f': o->from = optarg; break;
		case 'C': o->cacert = optarg; break;
		case 'H': o->cfg.helo = optarg; break;
		case 'E': o->envelope_from = optarg; break;
		case 'D': o->dkim_domain = optarg; break;
		case 'S': o->dkim_selector = optarg; break;
		case 'K': o->dkim_key = optarg; break;
		case 'N': o->no_dkim = 1; break;
		case 'T':
			if (parse_int(optarg, 0, 8, &o->sign_threads))
				return tz_usage_error("send", "--sign-threads wants 0..8, not '%s'", optarg);
			break;
		case 'U':
			if (parse_duration(optarg, &o->cfg.unreachable_for) || o->cfg.unreachable_for <= 0)
				return tz_usage_error("send", "--unreachable-for wants a duration like 15m, not '%s'", optarg);
			break;
		case 'I': o->insecure = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'u': o->resume = 1; break;
		case 'F': o->force = 1; break;
		case 'v': o->verbose = 1; break;
		case 'i':
			if (strcmp(optarg, "embed") && strcmp(optarg, "link"))
				return tz_usage_error("send", "--images wants embed or link, not '%s'", optarg);
			o->embed_images = strcmp(optarg, "embed") == 0;
			break;
		case 'c':
			if (parse_int(optarg, 1, 64, &o->cfg.connections))
				return tz_usage_error("send", "--connections wants 1..64, not '%s'", optarg);
			break;
		case 'P':
			if (parse_int(optarg, 1, 1000000, &o->cfg.per_connection))
				return tz_usage_error("send", "--per-connection wants a positive number");
			break;
		case 'r':
			if (tz_rate_parse(optarg, &o->cfg.rate))
				return tz_usage_error("send", "--rate wants N/s, N/m or N/h, not '%s'", optarg);
			break;
		case 'R':
			if (parse_duration(optarg, &o->cfg.retry_for))
				return tz_usage_error("send", "--retry-for wants a duration like 6h, not '%s'", optarg);
			break;
		case 'B':
			if (parse_duration(optarg, &o->cfg.retry_base) || o->cfg.retry_base <= 0)
				return tz_usage_error("send", "--retry-base wants a duration like 30s");
			break;
		case 'w':
			if (o->nwhere >= MAX_TESTS)
				return tz_usage_error("send", "at most %d --where options", MAX_TESTS);
			o->where[o->nwhere++] = optarg;
			break;
		case 't':
			if (o->ntests >= MAX_TESTS)
				return tz_usage_error("send", "at most %d --test addresses", MAX_TESTS);
			o->tests[o->ntests++] = optarg;
			break;
		default:
			return tz_usage_error("send", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("send", "expected one ISSUE.xml");
	o->issue = argv[optind];
	if (!o->list && !o->ntests)
		return tz_usage_error("send", "--list is required");
	if (o->smtp && o->outbox)
		return tz_usage_error("send", "--smtp and --outbox exclude each other");
	return 0;
}
