/*
 * cmd_secret.c - `techzine secret init [--file PATH]`: create the office's
 * token secret once (src/list/secretfile.c), and `techzine secret path`:
 * say where it is read from. The secret itself is never printed.
 * Exit 0 created, 1 it exists already, 2 usage, 3 I/O.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "../list/secretfile.h"
#include "../util/banned.h"

int cmd_secret(int argc, char **argv)
{
	char path[4096];
	struct tz_error err;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(tz_command_find("secret")->usage, stdout);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "init") && !strcmp(argv[2], "--file")) {
		snprintf(path, sizeof(path), "%s", argv[3]);
	} else if (argc != 2 || (strcmp(argv[1], "init") && strcmp(argv[1], "path"))) {
		return tz_usage_error("secret", "expected 'secret init' or 'secret path'");
	} else if (tz_secret_file_path(path, sizeof(path))) {
		return tz_usage_error("secret", "HOME is not set: give the file with 'secret init --file PATH' and set TECHZINE_TOKEN_SECRET_FILE to it");
	}
	if (!strcmp(argv[1], "path")) {
		printf("%s\n", path);
		return 0;
	}
	tz_error_clear(&err);
	if (tz_secret_file_create(path, &err))
		return tz_report(&err);
	printf("created %s (mode 0600): the office's token secret for unsubscribe links\n", path);
	printf("note: keep this file and back it up; a new secret breaks the unsubscribe links of every newsletter sent before\n");
	if (argc == 4)
		printf("next: set TECHZINE_TOKEN_SECRET_FILE=%s where techzine runs\n", path);
	else
		printf("next: techzine send and the unsubscribe server read it from here; nothing else to set\n");
	return 0;
}
