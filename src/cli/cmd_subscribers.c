/*
 * cmd_subscribers.c - `techzine subscribers VERB LIST ...`: add, remove,
 * unsubscribe, import, export, list, stats, validate and forget.
 *
 * The one idea: every verb that changes something opens the list's folder
 * (src/list/folder.h: lock, load, change in memory, write back atomically),
 * so two officers or an officer and the unsubscribe server never lose each
 * other's changes. The verbs that only read load without the lock: the
 * files are only ever replaced whole.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "subscribers_cli.h"
#include "../list/address.h"
#include "../list/csv.h"
#include "../list/folder.h"
#include "../list/import.h"
#include "../list/segment.h"
#include "../list/store.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define CMD "subscribers"

struct sopts {
	const char *name, *language, *municipality, *interests, *consent_date, *consent_source;
	const char *reason, *output, *status, *dir, *out;
	char *where[TZ_SEGMENT_MAX * 4];
	size_t nwhere;
	int dry_run, mask, resubscribe;
	char delim;
};

static int parse(int argc, char **argv, struct sopts *o, int need)
{
	static const struct option longopts[] = {
		{"name", required_argument, NULL, 'N'},
		{"language", required_argument, NULL, 'L'},
		{"municipality", required_argument, NULL, 'M'},
		{"interests", required_argument, NULL, 'I'},
		{"consent-date", required_argument, NULL, 'D'},
		{"consent-source", required_argument, NULL, 'S'},
		{"reason", required_argument, NULL, 'r'},
		{"output", required_argument, NULL, 'o'},
		{"status", required_argument, NULL, 's'},
		{"where", required_argument, NULL, 'w'},
		{"delimiter", required_argument, NULL, 'd'},
		{"dir", required_argument, NULL, 'F'},
		{"out", required_argument, NULL, 'O'},
		{"dry-run", no_argument, NULL, 'n'},
		{"mask", no_argument, NULL, 'm'},
		{"resubscribe", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0}};
	int opt;
	memset(o, 0, sizeof *o);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'N': o->name = optarg; break;
		case 'L': o->language = optarg; break;
		case 'M': o->municipality = optarg; break;
		case 'I': o->interests = optarg; break;
		case 'D': o->consent_date = optarg; break;
		case 'S': o->consent_source = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'o': o->output = optarg; break;
		case 's': o->status = optarg; break;
		case 'F': o->dir = optarg; break;
		case 'O': o->out = optarg; break;
		case 'n': o->dry_run = 1; break;
		case 'm': o->mask = 1; break;
		case 'R': o->resubscribe = 1; break;
		case 'w':
			if (o->nwhere >= sizeof o->where / sizeof *o->where)
				return tz_usage_error(CMD, "too many --where options");
			o->where[o->nwhere++] = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "tab") == 0 || strcmp(optarg, "\\t") == 0)
				o->delim = '\t';
			else if (strlen(optarg) == 1 && strchr(",;\t|", optarg[0]))
				o->delim = optarg[0];
			else
				return tz_usage_error(CMD, "--delimiter wants ',', ';', '|' or tab");
			break;
		default:
			return tz_usage_error(CMD, "unknown option");
		}
	}
	if (argc - optind != need)
		return tz_usage_error(CMD, "'%s' expects %d argument%s", argv[0], need,
				      need == 1 ? "" : "s");
	return 0;
}

static int normalise_arg(const char *in, char *out, struct tz_error *err)
{
	const char *why;
	if (tz_address_normalise(in, out, &why))
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "invalid address '%s': %s", in, why);
	return 0;
}

static int verb_add(const char *path, const char *email, const struct sopts *o,
		    struct tz_error *err)
{
	struct tz_folder f;
	struct tz_sub *s;
	char addr[TZ_ADDRESS_MAX], today[11], date[11];
	const struct tz_supp_entry *se;
	int rc = -1;

	if (normalise_arg(email, addr, err))
		return -1;
	if (!o->consent_source)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--consent-source is required: where did '%s' give consent "
				    "(\"website-formulier\", \"beurs Hardenberg 2026\")?", addr);
	if (o->consent_date && tz_import_date(o->consent_date, date))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "--consent-date '%s' is not a date",
				    o->consent_date);
	if (o->language && strcmp(o->language, "nl") != 0 && strcmp(o->language, "en") != 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "--language is nl or en");
	tz_today(today);
	if (tz_folder_open_for(&f, path, 0, err))
		return -1;
	se = tz_suppression_find(&f.supp, addr);
	if (se && !o->resubscribe) {
		tz_error_set(err, TZ_ERR_CONTENT, path, 0,
			     "'%s' is suppressed (%s, %s) and is not added; if this person signed "
			     "up again themselves, add --resubscribe with the new consent", addr,
			     se->reason, se->date);
		goto out;
	}
	s = tz_list_find(&f.lists[0], addr);
	if (s && tz_sub_status(&f.lists[0], s) == TZ_ST_ACTIVE) {
		tz_error_set(err, TZ_ERR_CONTENT, path, s->line, "'%s' is already on the list", addr);
		goto out;
	}
	if (s && !o->resubscribe) {
		tz_error_set(err, TZ_ERR_CONTENT, path, s->line,
			     "'%s' is on the list as %s; add --resubscribe with the new consent "
			     "if they signed up again", addr, tz_sub_get(&f.lists[0], s, TZ_F_STATUS));
		goto out;
	}
	if (!s && !(s = tz_list_append(&f.lists[0], addr)))
		goto nomem;
	if ((o->name && tz_sub_set(&f.lists[0], s, TZ_F_NAME, o->name)) ||
	    (o->language && tz_sub_set(&f.lists[0], s, TZ_F_LANGUAGE, o->language)) ||
	    (o->municipality && tz_sub_set(&f.lists[0], s, TZ_F_MUNICIPALITY, o->municipality)) ||
	    (o->interests && tz_sub_set(&f.lists[0], s, TZ_F_INTERESTS, o->interests)) ||
	    tz_sub_set(&f.lists[0], s, TZ_F_STATUS, "active") ||
	    tz_sub_set(&f.lists[0], s, TZ_F_CONSENT_DATE, o->consent_date ? date : today) ||
	    tz_sub_set(&f.lists[0], s, TZ_F_CONSENT_SOURCE, o->consent_source) ||
	    tz_sub_set(&f.lists[0], s, TZ_F_LAST_CHANGE, today) ||
	    (se && tz_suppression_remove(&f.supp, addr) < 0))
		goto nomem;
	tz_folder_mark(&f, 0);
	if (tz_folder_commit(&f, err))
		goto out;
	printf("added '%s' to %s\n", addr, path);
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	tz_folder_release(&f);
	return rc;
}

static int verb_remove(const char *path, const char *email, struct tz_error *err)
{
	struct tz_folder f;
	struct tz_sub *s;
	char addr[TZ_ADDRESS_MAX];
	int rc = -1;
	if (normalise_arg(email, addr, err) || tz_folder_open_for(&f, path, 0, err))
		return -1;
	s = tz_list_find(&f.lists[0], addr);
	if (!s)
		tz_error_set(err, TZ_ERR_CONTENT, path, 0, "'%s' is not on the list", addr);
	else {
		tz_list_remove(&f.lists[0], s);
		tz_folder_mark(&f, 0);
		if (!tz_folder_commit(&f, err)) {
			printf("removed '%s' from %s (not suppressed: to stop all mail to them, "
			       "use 'unsubscribe'; for an erasure request, 'forget')\n", addr, path);
			rc = 0;
		}
	}
	tz_folder_release(&f);
	return rc;
}

static int verb_unsubscribe(const char *path, const char *email, const struct sopts *o,
			    struct tz_error *err)
{
	struct tz_folder f;
	char addr[TZ_ADDRESS_MAX];
	int n, rc = -1;
	if (normalise_arg(email, addr, err) || tz_folder_open_for(&f, path, 1, err))
		return -1;
	n = tz_folder_set_status(&f, addr, TZ_ST_UNSUBSCRIBED, o->reason ? o->reason : "unsubscribed",
				 "techzine subscribers unsubscribe");
	if (n < 0)
		tz_error_nomem(err);
	else if (!tz_folder_commit(&f, err)) {
		printf("unsubscribed '%s' (%d list%s changed) and suppressed it for every list\n",
		       addr, n, n == 1 ? "" : "s");
		rc = 0;
	}
	tz_folder_release(&f);
	return rc;
}

static int verb_import(const char *path, const char *file, const struct sopts *o,
		       struct tz_error *err)
{
	struct tz_folder f;
	struct tz_import_options io;
	struct tz_import_report rep;
	struct tz_buf data;
	char date[11];
	int rc = -1;

	memset(&io, 0, sizeof io);
	io.file = file;
	io.consent_source = o->consent_source;
	io.delim = o->delim;
	if (o->consent_date) {
		if (tz_import_date(o->consent_date, date))
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "--consent-date '%s' is not a date", o->consent_date);
		io.consent_date = date;
	}
	tz_buf_init(&data, (size_t)256 * 1024 * 1024);
	if (tz_read_file(file, (size_t)256 * 1024 * 1024, &data, err)) {
		tz_buf_release(&data);
		return -1;
	}
	tz_import_report_init(&rep);
	if (tz_folder_open_for(&f, path, 0, err))
		goto out;
	if (tz_import(&f.lists[0], &f.supp, data.data, data.len, &io, &rep, err))
		goto out;
	tz_print_import_report(&rep, file, path, o->dry_run);
	if (!o->dry_run) {
		if (rep.added || rep.updated || rep.merged)
			tz_folder_mark(&f, 0);
		if (tz_folder_commit(&f, err))
			goto out;
	}
	rc = rep.rejected ? 1 : 0;
out:
	tz_folder_release(&f);
	tz_import_report_release(&rep);
	tz_buf_release(&data);
	return rc;
}

int tz_folder_open_for(struct tz_folder *f, const char *list, int all, struct tz_error *err)
{
	char *dir = tz_dirname(list);
	int rc;
	memset(f, 0, sizeof *f);
	f->lock.fd = -1;
	if (!dir)
		return tz_error_nomem(err);
	rc = tz_folder_open(f, dir, all ? NULL : list, err);
	free(dir);
	if (rc)
		tz_folder_release(f);
	return rc;
}

int cmd_subscribers(int argc, char **argv)
{
	static const struct {
		const char *verb;
		int args;
	} verbs[] = {{"add", 2}, {"remove", 2}, {"unsubscribe", 2}, {"import", 2},
		     {"export", 1}, {"list", 1}, {"stats", 1}, {"validate", 1}, {"forget", 1}, {"pending", 1}};
	struct sopts o;
	struct tz_error err;
	const char *verb;
	char *path = NULL;
	int rc = -1, found = -1;

	if (argc < 2)
		return tz_usage_error(CMD, "which one: add, remove, unsubscribe, import, export, "
				      "list, stats, validate, forget, pending?");
	verb = argv[1];
	for (int i = 0; i < (int)(sizeof verbs / sizeof *verbs); i++)
		if (strcmp(verb, verbs[i].verb) == 0)
			found = i;
	if (found < 0)
		return tz_usage_error(CMD, "'%s' is not a subscribers command", verb);
	if ((rc = parse(argc - 1, argv + 1, &o, verbs[found].args)))
		return rc;
	tz_error_clear(&err);
	if (strcmp(verb, "forget") == 0)
		return tz_subscribers_forget(argv[optind + 1], o.dir, o.out);
	if (strcmp(verb, "pending") == 0)
		return tz_subscribers_pending(argv[optind + 1]);
	path = tz_store_list_path(argv[optind + 1]);
	if (!path) {
		tz_error_nomem(&err);
		return tz_report(&err);
	}
	if (strcmp(verb, "add") == 0)
		rc = verb_add(path, argv[optind + 2], &o, &err);
	else if (strcmp(verb, "remove") == 0)
		rc = verb_remove(path, argv[optind + 2], &err);
	else if (strcmp(verb, "unsubscribe") == 0)
		rc = verb_unsubscribe(path, argv[optind + 2], &o, &err);
	else if (strcmp(verb, "import") == 0) {
		rc = verb_import(path, argv[optind + 2], &o, &err);
		if (rc > 0) {
			free(path);
			return TZ_EXIT_CONTENT;
		}
	} else
		rc = tz_subscribers_read(verb, path, o.output, o.status, o.where, o.nwhere,
					 o.mask, &err);
	free(path);
	if (rc > 0)
		return rc;
	if (rc < 0)
		return tz_report(&err);
	{
		struct tz_error cerr;
		if (tz_close_stream(stdout, "stdout", &cerr))
			return tz_report(&cerr);
	}
	return 0;
}
