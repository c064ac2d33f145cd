/*
 * cmd_init.c - `techzine init DIR [--name NAME] [--lang nl|en] [--list NAME]
 * [--month YYYY-MM]`: a new publication folder; the work is in
 * src/init/init.c. Exit 0 created, 2 usage (or DIR not empty), 3 I/O.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../feed/newissue.h"
#include "../init/init.h"
#include "../list/list.h"
#include "../util/banned.h"

#define CMD "init"

static int list_name_ok(const char *s)
{
	if (!s[0] || strlen(s) > 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return 0;
	return 1;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'}, {"lang", required_argument, NULL, 'l'},
		{"list", required_argument, NULL, 'L'}, {"month", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
	};
	struct tz_init_opts o;
	struct tz_error err;
	char today[11], month[8], date[11], dir[4096];
	size_t n;
	int c;

	memset(&o, 0, sizeof o);
	o.name = "TechZine";
	o.lang = "nl";
	o.list = "nieuwsbrief";
	tz_today(today);
	memcpy(month, today, 7);
	month[7] = 0;
	o.month = month;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			o.name = optarg;
			break;
		case 'l':
			o.lang = optarg;
			break;
		case 'L':
			o.list = optarg;
			break;
		case 'm':
			o.month = optarg;
			break;
		case 'h':
			fputs(tz_command_find(CMD)->usage, stdout);
			return 0;
		default:
			return tz_usage_error(CMD, "unknown option");
		}
	}
	if (optind + 1 != argc)
		return tz_usage_error(CMD, "expects one folder");
	if (strcmp(o.lang, "nl") && strcmp(o.lang, "en"))
		return tz_usage_error(CMD, "unknown language '%s' (nl or en)", o.lang);
	if (!o.name[0] || strlen(o.name) > 200 || strpbrk(o.name, "\r\n\t"))
		return tz_usage_error(CMD, "--name must be one line of at most 200 bytes");
	if (!list_name_ok(o.list))
		return tz_usage_error(CMD, "--list '%s': lower-case letters, digits, '-' and '_'", o.list);
	if (!tz_new_month_ok(o.month))
		return tz_usage_error(CMD, "--month '%s' is not YYYY-MM", o.month);
	snprintf(date, sizeof date, "%s-01", o.month);
	o.date = date;
	n = strlen(argv[optind]);
	if (!n || n >= sizeof dir)
		return tz_usage_error(CMD, "bad folder name");
	memcpy(dir, argv[optind], n + 1);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = 0;
	o.dir = dir;
	tz_error_clear(&err);
	if (tz_init_publication(&o, &err))
		return tz_report(&err);
	printf("techzine: created the publication '%s' in %s:\n"
	       "  issues/%s/issue.xml   the first issue (a placeholder story and cover)\n"
	       "  layouts/              the default layouts, to customise\n"
	       "  subscribers/%s.csv  an empty list, and suppressed.csv\n"
	       "  .techzine/token-secret  the unsubscribe token secret (0600; back it up)\n"
	       "next: cd %s && techzine build issues/%s/issue.xml (README.md has the monthly routine)\n",
	       o.name, dir, o.month, o.list, dir, o.month);
	return 0;
}
