/*
 * version.h - `techzine --version`.
 */
#ifndef TZ_VERSION_H
#define TZ_VERSION_H

#include <stdio.h>

/* techzine, the data folder and the libraries' versions. 0 or -1. */
int tz_print_version(FILE *fp);

#endif
