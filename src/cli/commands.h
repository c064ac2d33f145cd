/*
 * commands.h - the command table. One command = one file cmd_<name>.c with
 * int cmd_<name>(int argc, char **argv); argv[0] is the command name.
 * The table drives dispatch and `techzine help`.
 */
#ifndef TZ_COMMANDS_H
#define TZ_COMMANDS_H

struct tz_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage; /* full help text: synopsis, options, exit codes */
};

extern const struct tz_command tz_commands[];
const struct tz_command *tz_command_find(const char *name);

int cmd_check(int argc, char **argv);
int cmd_pdf(int argc, char **argv);
int cmd_html(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_send(int argc, char **argv);
int cmd_subscribers(int argc, char **argv);
int cmd_bounces(int argc, char **argv);
int cmd_list_server(int argc, char **argv); /* also unsubscribe-server */
int cmd_gather(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_preview(int argc, char **argv);
int cmd_dkim(int argc, char **argv);
int cmd_story(int argc, char **argv);
int cmd_secret(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_init(int argc, char **argv);

#endif
