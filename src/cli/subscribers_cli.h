/*
 * subscribers_cli.h - the parts of `techzine subscribers` that live in
 * their own files: the read-only verbs (subscribers_read.c) and forget
 * (subscribers_forget.c).
 */
#ifndef TZ_SUBSCRIBERS_CLI_H
#define TZ_SUBSCRIBERS_CLI_H

#include <stddef.h>

#include "../list/folder.h"
#include "../list/import.h"
#include "../util/error.h"

/* Lock the folder of list and load that list (all: every list of it). */
int tz_folder_open_for(struct tz_folder *f, const char *list, int all, struct tz_error *err);
void tz_print_import_report(const struct tz_import_report *rep, const char *file,
			    const char *list, int dry_run);
/* export, list, stats, validate: 0, a positive exit status, or -1 (err). */
int tz_subscribers_read(const char *verb, const char *path, const char *output,
			const char *status, char *const *where, size_t nwhere, int mask,
			struct tz_error *err);
/* forget EMAIL: returns the exit status. */
int tz_subscribers_forget(const char *email, const char *dir, const char *out);

/* `subscribers pending LIST` (subscribers_pending.c): sign-ups of the list
 * server awaiting confirmation, and the form's conversion. */
int tz_subscribers_pending(const char *list);

#endif
