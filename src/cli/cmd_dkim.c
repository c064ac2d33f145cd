/*
 * cmd_dkim.c - `techzine dkim keygen --domain D --selector S [--type rsa|ed25519]
 * [--bits N] [-o FILE]`: a new DKIM signing key, written 0600 (never over an
 * existing file), and the DNS TXT record that publishes its public half.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../mail/dkim.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static int keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"domain", required_argument, NULL, 'd'},
		{"selector", required_argument, NULL, 's'},
		{"type", required_argument, NULL, 't'},
		{"bits", required_argument, NULL, 'b'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *domain = NULL, *selector = NULL, *out = NULL;
	enum tz_dkim_alg alg = TZ_DKIM_RSA_SHA256;
	unsigned long bits = 2048;
	struct tz_dkim_key k;
	struct tz_error err;
	struct tz_buf path, v, zone;
	char name[600], *end;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s:t:b:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': domain = optarg; break;
		case 's': selector = optarg; break;
		case 'o': out = optarg; break;
		case 't':
			if (strcmp(optarg, "rsa") && strcmp(optarg, "ed25519"))
				return tz_usage_error("dkim", "--type wants rsa or ed25519, not '%s'", optarg);
			alg = strcmp(optarg, "rsa") ? TZ_DKIM_ED25519_SHA256 : TZ_DKIM_RSA_SHA256;
			break;
		case 'b':
			bits = strtoul(optarg, &end, 10);
			if (*end || bits < 2048 || bits > 8192)
				return tz_usage_error("dkim", "--bits wants 2048 to 8192, not '%s'", optarg);
			break;
		case 'h':
			fputs(tz_command_find("dkim")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("dkim", "unknown option");
		}
	}
	if (optind != argc)
		return tz_usage_error("dkim", "unexpected argument '%s'", argv[optind]);
	if (!domain || !selector)
		return tz_usage_error("dkim", "keygen needs --domain and --selector");
	if (!tz_dkim_name_ok(domain) || !tz_dkim_name_ok(selector))
		return tz_usage_error("dkim", "bad domain '%s' or selector '%s'", domain, selector);
	tz_error_clear(&err);
	tz_buf_init(&path, 4096);
	tz_buf_init(&v, (size_t)64 * 1024);
	tz_buf_init(&zone, (size_t)64 * 1024);
	rc = out ? tz_buf_adds(&path, out)
		 : tz_buf_addf(&path, "keys/%s.%s.pem", selector, domain);
	if (!rc && !out) {
		char *dir = tz_dirname(path.data);
		rc = dir ? tz_mkdirs(dir, &err) : tz_error_nomem(&err);
		free(dir);
	}
	if (rc || tz_dkim_keygen(alg, (unsigned)bits, domain, selector, path.data, &k, &err)) {
		rc = err.code ? tz_report(&err) : TZ_EXIT_IO;
		goto out;
	}
	snprintf(name, sizeof name, "%s._domainkey.%s", selector, domain);
	if (tz_dkim_key_record(&k, &v, &err) || tz_dkim_zone_line(name, v.data, &zone)) {
		rc = tz_report(&err);
		tz_dkim_key_release(&k);
		goto out;
	}
	fprintf(stderr, "techzine: wrote %s key to '%s' (mode 0600; keep it out of git)\n",
		alg == TZ_DKIM_RSA_SHA256 ? "an RSA" : "an Ed25519", path.data);
	printf("; publish in DNS, then name the key in the issue's <mail> (a relative\n"
	       "; key path is taken from the issue folder):\n"
	       ";   <dkim domain=\"%s\" selector=\"%s\" key=\"%s\"/>\n%s\n",
	       domain, selector, path.data, zone.data);
	tz_dkim_key_release(&k);
	rc = tz_flush_stream(stdout, "stdout", &err) ? tz_report(&err) : TZ_EXIT_OK;
out:
	tz_buf_release(&path);
	tz_buf_release(&v);
	tz_buf_release(&zone);
	return rc;
}

int cmd_dkim(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "keygen") == 0)
		return keygen(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(tz_command_find("dkim")->usage, stdout);
		return 0;
	}
	return tz_usage_error("dkim", "expected 'keygen'");
}
