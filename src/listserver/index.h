/*
 * index.h - the subscribers folder as the server reads it: every list,
 * the suppression file and a sorted table of unsubscribe tokens, in
 * memory, rebuilt when a file changes.
 *
 * The one idea: files in the folder are only ever replaced by rename
 * (store.h), so a reader needs no folder lock: it sees a whole old or a
 * whole new file. The index remembers each file's device, inode, size and
 * mtime (and the folder's); a request stats them (a few system calls) and
 * only when one differs is the folder read again and the tokens computed
 * (one HMAC per subscriber), by one thread while the others go on with the
 * old snapshot. A token lookup is then a binary search, O(log n), under a
 * read lock that writers of the index hold only to swap a pointer.
 */
#ifndef LS_INDEX_H
#define LS_INDEX_H

#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

#include "../list/folder.h"
#include "../list/list.h"
#include "../list/suppress.h"
#include "../util/error.h"

struct ls_filesig {
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
};

struct ls_index {
	struct tz_list *lists;
	char **paths;
	size_t nlists;
	struct tz_suppression supp;
	struct tz_folder_token *tokens; /* sorted */
	size_t ntokens;
	struct ls_filesig *sigs; /* nlists + suppressed.csv + the folder */
	size_t nsigs;
};

struct ls_index_holder {
	pthread_rwlock_t rw;
	pthread_mutex_t rebuild;
	struct ls_index *cur;
	const char *dir, *secret;
	size_t rebuilds; /* how often the folder was read (for tests and logs) */
};

int ls_index_init(struct ls_index_holder *h, const char *dir, const char *secret);
void ls_index_release(struct ls_index_holder *h);

/* A current snapshot, read-locked: use it, then ls_index_put. NULL with
 * err when the folder cannot be read and there is no older snapshot. */
const struct ls_index *ls_index_get(struct ls_index_holder *h, struct tz_error *err);
void ls_index_put(struct ls_index_holder *h);

/* The stored address whose token this is, into out (TZ_ADDRESS_MAX); -1
 * when none. */
int ls_index_find_token(const struct ls_index *x, const char *token, char *out);
/* The first row of address in any list (list number to *li). */
const struct tz_sub *ls_index_find(const struct ls_index *x, const char *address, size_t *li);
/* The list whose file name (without folder) is name; -1 when none. */
int ls_index_list_named(const struct ls_index *x, const char *name);
/* Is address active on the list named list, by a current snapshot? 0 also
 * when the folder cannot be read (the caller goes on as for a new address). */
int ls_index_active_on(struct ls_index_holder *h, const char *list, const char *address);

#endif
