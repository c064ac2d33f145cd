/*
 * manpage.h - the manual pages, written from the command table.
 */
#ifndef TZ_MANPAGE_H
#define TZ_MANPAGE_H

#include <stdio.h>

struct tz_command;

/* techzine-CMD(1) for c, or techzine(1) when c is NULL, in roff. 0 or -1. */
int tz_man_write(FILE *fp, const struct tz_command *c);

#endif
