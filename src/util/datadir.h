/*
 * datadir.h - where techzine finds its data (schema/, the default layouts/
 * and theme): the first of
 *   1. --data-dir DIR (tz_data_dir_set, from the command line),
 *   2. TECHZINE_DATA,
 *   3. the project folder: the working folder or a parent of it that has
 *      schema/issue.rng (a techzine checkout),
 *   4. the installed share folder, found next to the program
 *      (BIN/../share/techzine, so an unpacked package works anywhere) and
 *      then the configured one (TZ_DATADIR, e.g. /usr/share/techzine),
 *   5. the source folder of a build that has not been installed
 *      (TZ_SOURCE_DIR, when built with TECHZINE_SOURCE_DATA).
 * 1 and 2 are taken as given; the others only when schema/issue.rng is
 * there. A publication's own layouts/ (issues/../layouts) still come first
 * for layouts (see model/load.c).
 */
#ifndef TZ_DATADIR_H
#define TZ_DATADIR_H

/* The data folder (borrowed; computed once). */
const char *tz_data_dir(void);
/* How it was found: "--data-dir", "TECHZINE_DATA", "project folder",
 * "installed", "source folder" or "not found". */
const char *tz_data_dir_origin(void);
/* --data-dir: must be called before the first tz_data_dir(). */
void tz_data_dir_set(const char *dir);

#endif
