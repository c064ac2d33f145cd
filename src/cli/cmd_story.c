/*
 * cmd_story.c - `techzine story new NAME [--kind KIND] [--lang nl|en]
 * [--inbox DIR]`: write a story skeleton to fill in (src/feed/skeleton.c)
 * as DIR/NAME.xml, a draft for `techzine new --from`. Never overwrites.
 * Exit 0 written, 1 the file exists, 2 usage, 3 I/O.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "../feed/moves.h"
#include "../feed/skeleton.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static int story_new(int argc, char **argv)
{
	static const struct option opts[] = {
		{"kind", required_argument, NULL, 'k'},
		{"lang", required_argument, NULL, 'l'},
		{"inbox", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *kind = "news", *lang = "nl", *inbox = "issues/inbox", *id;
	char path[4096], images[4096], date[16];
	struct tz_buf xml;
	struct tz_error err;
	struct stat st;
	struct tm tm;
	time_t now = time(NULL);
	int c, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			kind = optarg;
			break;
		case 'l':
			lang = optarg;
			break;
		case 'i':
			inbox = optarg;
			break;
		case 'h':
			fputs(tz_command_find("story")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("story", "unknown option");
		}
	}
	if (optind != argc - 1)
		return tz_usage_error("story", "expected one NAME, like 'story new zonnepark-emmen'");
	id = argv[optind];
	if (!tz_skeleton_id_ok(id))
		return tz_usage_error("story", "'%s' cannot be a story name: use lower-case letters, digits and -, starting with a letter, like zonnepark-emmen",
				      id);
	if (!tz_skeleton_kind_ok(kind))
		return tz_usage_error("story", "--kind '%s': use news, parel, interview, column, event or figures", kind);
	if (strcmp(lang, "nl") && strcmp(lang, "en"))
		return tz_usage_error("story", "--lang '%s': use nl or en", lang);
	if (tz_pathf(path, sizeof(path), "%s/%s.xml", inbox, id) ||
	    tz_pathf(images, sizeof(images), "%s/images", inbox))
		return tz_usage_error("story", "the path is too long");
	if (lstat(path, &st) == 0) {
		fprintf(stderr, "%s: error: the story already exists; choose another NAME or edit this file\n",
			path);
		return TZ_EXIT_CONTENT;
	}
	if (!gmtime_r(&now, &tm) || !strftime(date, sizeof(date), "%Y-%m-%d", &tm))
		snprintf(date, sizeof(date), "2027-01-01");
	tz_error_clear(&err);
	tz_buf_init(&xml, (size_t)64 * 1024);
	if (tz_story_skeleton(&xml, id, kind, lang, date)) {
		tz_buf_release(&xml);
		fputs("techzine: out of memory\n", stderr);
		return TZ_EXIT_IO;
	}
	rc = tz_mkdirs(images, &err) || tz_write_file_atomic(path, xml.data, xml.len, &err);
	tz_buf_release(&xml);
	if (rc)
		return tz_report(&err);
	printf("wrote %s: a story of kind %s to fill in (status=\"concept\")\n", path, kind);
	printf("note: put its pictures in %s/ and name them in <figure src=\"images/…\">\n", images);
	printf("next: replace every NOG INVULLEN, set status=\"klaar\", then run 'techzine new YYYY-MM --from %s' "
	       "(or move it into an issue's stories/ and add <xi:include href=\"stories/%s.xml\"/> to a section)\n",
	       path, id);
	return TZ_EXIT_OK;
}

int cmd_story(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "new"))
		return story_new(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(tz_command_find("story")->usage, stdout);
		return 0;
	}
	return tz_usage_error("story", "expected 'story new NAME'");
}
