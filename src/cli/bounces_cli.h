/*
 * bounces_cli.h - the parts of `techzine bounces` outside cmd_bounces.c.
 */
#ifndef TZ_BOUNCES_CLI_H
#define TZ_BOUNCES_CLI_H

/* `bounces --explain FILE...`: what each message was recognised as, for a
 * person; no token needed, nothing changed. Exit status as the command's. */
int tz_bounces_explain(int nfiles, char **files);

#endif
