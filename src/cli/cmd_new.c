/*
 * cmd_new.c - `techzine new YYYY-MM [--from DRAFT.xml ...] [--issues DIR]
 * [--inbox DIR]`: scaffold issues/YYYY-MM/ from story drafts (moved, with
 * their images) and the previous issue's settings; the work is in
 * src/feed/newissue.c. Exit 0 created, 1 refused (folder exists, bad
 * draft, no previous issue), 2 usage, 3 I/O.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../feed/newissue.h"
#include "../util/alloc.h"
#include "../util/banned.h"

int cmd_new(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"issues", required_argument, NULL, 'i'},
		{"inbox", required_argument, NULL, 'b'},
		{"all-drafts", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct tz_new_opts o;
	struct tz_new_result res;
	struct tz_diags diags;
	char **from = NULL, *inbox = NULL;
	size_t nfrom = 0, cap = 0;
	int c, rc;

	memset(&o, 0, sizeof(o));
	o.issues_dir = "issues";
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (tz_array_grow((void **)&from, &cap, nfrom + 1, sizeof(*from))) {
				free(from);
				fputs("techzine: out of memory\n", stderr);
				return TZ_EXIT_IO;
			}
			from[nfrom++] = optarg;
			break;
		case 'i':
			o.issues_dir = optarg;
			break;
		case 'b':
			o.inbox = optarg;
			break;
		case 'a':
			o.all_drafts = 1;
			break;
		case 'h':
			free(from);
			fputs(tz_command_find("new")->usage, stdout);
			return 0;
		default:
			free(from);
			return tz_usage_error("new", "unknown option");
		}
	}
	/* drafts may also follow --from as plain arguments: --from a.xml b.xml */
	for (int i = optind + 1; i < argc && nfrom; i++) {
		if (tz_array_grow((void **)&from, &cap, nfrom + 1, sizeof(*from))) {
			free(from);
			return TZ_EXIT_IO;
		}
		from[nfrom++] = argv[i];
	}
	if (optind >= argc || (!nfrom && optind != argc - 1)) {
		free(from);
		return tz_usage_error("new", "expected the month of the new issue, like 2027-01");
	}
	o.month = argv[optind];
	o.drafts = from;
	o.ndrafts = nfrom;
	if (!o.inbox) {
		/* issues_dir is "issues" or getopt's optarg for a required argument */
		inbox = tz_malloc(strlen(o.issues_dir) + sizeof("/inbox")); // NOLINT(clang-analyzer-core.NonNullParamChecker)
		if (!inbox) {
			free(from);
			return TZ_EXIT_IO;
		}
		snprintf(inbox, strlen(o.issues_dir) + sizeof("/inbox"), "%s/inbox", o.issues_dir);
		o.inbox = inbox;
	}
	tz_diags_init(&diags);
	if (tz_new_issue(&o, &res, &diags)) {
		tz_print_diags(&diags, 0);
		fprintf(stderr, "techzine: issue %s not created; nothing was moved\n", o.month);
		rc = diags.nomem ? TZ_EXIT_IO : TZ_EXIT_CONTENT;
	} else {
		printf("created %s: number %ld, %zu stor%s in %zu section%s, %zu image%s moved\n",
		       res.issue_path, res.number, res.nstories, res.nstories == 1 ? "y" : "ies",
		       res.nsections, res.nsections == 1 ? "" : "s", res.nimages,
		       res.nimages == 1 ? "" : "s");
		printf("note: title, layout, mail settings and colophon copied from %s; the cover picture and line are %s's, as a placeholder (NOG INVULLEN)\n",
		       res.previous, res.previous);
		if (res.placeholder_story)
			printf("note: no drafts taken: the issue starts with %s to fill in (or replace)\n",
			       res.placeholder_story);
		if (res.drafts_left)
			printf("note: %zu draft%s left in %s; take drafts with --from FILE ... or --all-drafts\n",
			       res.drafts_left, res.drafts_left == 1 ? "" : "s", o.inbox);
		for (size_t i = 0; i < res.nplaceholders; i++)
			printf("note: story '%s': event date and place are placeholders; fill them in\n",
			       res.placeholders[i]);
		printf("next: write the stories, put the new cover in images/, then run 'techzine check %s': it lists every NOG INVULLEN and concept still to finish\n",
		       res.issue_path);
		tz_new_result_release(&res);
		rc = TZ_EXIT_OK;
	}
	tz_diags_release(&diags);
	free(inbox);
	free(from);
	return rc;
}
