/*
 * journal.h - the send journal: who got the issue, append-only.
 *
 * One text file per issue and list (out/<issue>/send-<list>.journal):
 *   H v1 <issue> <count> <sethash> <started>    header, written once
 *   R <email>                                    the recipient set at start
 *   S <email> <time> <message-id>                accepted by the server (250)
 *   F <email> <time> <code> <enhanced> <text>    refused permanently (5xx)
 *   D <time>                                     the send completed
 * Records are written with write(2) as soon as the server answers, so a
 * killed process loses none; they are fsync'd in small batches (100 records
 * or 200 ms) so a power loss loses at most one batch. The file is flock'ed while a send runs: two
 * sends on one journal cannot happen. A torn last line (crash mid-write) is
 * cut off when the journal is opened.
 *
 * The one idea: a recipient is sent to only when the journal has no S or F
 * record for it, so after a crash only the messages in flight can go twice.
 */
#ifndef TZ_JOURNAL_H
#define TZ_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "../util/error.h"

enum tz_journal_state {
	TZ_J_NONE = 0, /* not in the recipient set of the journal */
	TZ_J_PENDING = 'R',
	TZ_J_SENT = 'S',
	TZ_J_FAILED = 'F'
};

/* The index keeps 96 bits of hash per address, not the address: 16 bytes a
 * slot, at most 7/8 of the slots used, whatever the list's size (two addresses of one send share all
 * 96 bits with a chance of about 1e-19 at 100,000 recipients). */
struct tz_journal_slot {
	uint64_t h1; /* 0: empty */
	uint32_t h2;
	char state;
};

struct tz_journal {
	int fd;
	char *path;
	int has_header, complete;
	size_t count;      /* recipients in the header */
	uint64_t set_hash; /* of the recipient set at start */
	long long started;
	size_t sent, failed;
	struct tz_journal_slot *slots; /* open addressing, power of two */
	size_t nslots, used;
	size_t unsynced;
	double last_sync;
};

/* Open (create) and lock the journal, read what it holds. */
int tz_journal_open(struct tz_journal *j, const char *path, struct tz_error *err);
/* Unlock and close (syncs first); the struct can be opened again. */
int tz_journal_close(struct tz_journal *j, struct tz_error *err);
/* Move a journal aside (path.<time>) and start empty: --force-resend. */
int tz_journal_reset(struct tz_journal *j, struct tz_error *err);

/* Write the header and the recipient set (fsync'd) of a fresh send. */
int tz_journal_begin(struct tz_journal *j, const char *issue, char *const *emails,
		     size_t n, struct tz_error *err);
/* The same with the addresses from a function (NULL with err stops) and
 * their set hash worked out by the caller as it read them (see below). */
typedef const char *(*tz_journal_email_fn)(void *ctx, size_t i, struct tz_error *err);
int tz_journal_begin_each(struct tz_journal *j, const char *issue, size_t n,
			  uint64_t set_hash, tz_journal_email_fn email, void *ctx,
			  struct tz_error *err);
enum tz_journal_state tz_journal_state(const struct tz_journal *j, const char *email);
int tz_journal_sent(struct tz_journal *j, const char *email, const char *msgid,
		    struct tz_error *err);
int tz_journal_failed(struct tz_journal *j, const char *email, int code,
		      const char *enhanced, const char *text, struct tz_error *err);
int tz_journal_done(struct tz_journal *j, struct tz_error *err);
/* fsync when 100 records or 200 ms are pending (or always with force). */
int tz_journal_sync(struct tz_journal *j, double now, int force, struct tz_error *err);

/* FNV-1a over the addresses in order, each followed by '\n': the set
 * hash is tz_journal_hash_add over them from TZ_JOURNAL_HASH_START. */
#define TZ_JOURNAL_HASH_START 1469598103934665603ULL
uint64_t tz_journal_hash_add(uint64_t h, const char *email);
uint64_t tz_journal_set_hash(char *const *emails, size_t n);

#endif
