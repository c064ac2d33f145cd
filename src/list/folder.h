/*
 * folder.h - a subscribers folder opened for changes: the lock, its lists
 * and the suppression file, changed in memory and written back together.
 *
 * The one idea: a status change is about a person, not a row. Setting an
 * address to unsubscribed, bounced or complained changes it in every list
 * of the folder that has it and adds it (as a hash) to the suppression
 * file, so one unsubscribe link or bounce stops every list. Only the files
 * that changed are rewritten, each atomically, all under the one lock.
 */
#ifndef TZ_FOLDER_H
#define TZ_FOLDER_H

#include <stddef.h>

#include "list.h"
#include "store.h"
#include "suppress.h"
#include "token.h"
#include "../util/error.h"

struct tz_folder_token {
	char token[TZ_TOKEN_SIZE];
	unsigned list;
	size_t row;
};

struct tz_folder {
	char *dir;
	struct tz_lock lock;
	struct tz_list *lists;
	int *changed;
	size_t nlists;
	struct tz_suppression supp;
	struct tz_folder_token *tokens; /* sorted, built on first lookup */
	size_t ntokens;
	int have_tokens;
	struct tz_diags diags; /* row problems of the lists (warnings for writers) */
};

/* Lock dir and load one list (only, a path) or every list of dir. */
int tz_folder_open(struct tz_folder *f, const char *dir, const char *only,
		   struct tz_error *err);
/* The same, waiting at most seconds for the lock (list server). */
int tz_folder_open_within(struct tz_folder *f, const char *dir, const char *only, int seconds,
			  struct tz_error *err);
/* Write what changed (the suppression file first), then unlock. */
int tz_folder_commit(struct tz_folder *f, struct tz_error *err);
/* Unlock and free without writing. */
void tz_folder_release(struct tz_folder *f);

/* Set the status of address in every list (and suppress it unless active).
 * Returns the number of rows changed, -1 when out of memory. */
int tz_folder_set_status(struct tz_folder *f, const char *address, enum tz_status st,
			 const char *reason, const char *source);
/* The stored address that has this token, copied into out; -1 when none. */
int tz_folder_find_token(struct tz_folder *f, const char *secret, const char *token,
			 char *out, size_t n);
/* The row of address in list i (NULL when absent). */
struct tz_sub *tz_folder_find(struct tz_folder *f, size_t i, const char *address);
void tz_folder_mark(struct tz_folder *f, size_t i);

#endif
