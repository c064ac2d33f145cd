/*
 * outbox.h - the embedded default transport: a Maildir (tmp/, new/, cur/).
 * Each message is written to tmp/, fsync'd and renamed into new/, so a
 * reader never sees half a message; line ends are LF as Maildir expects.
 */
#ifndef TZ_OUTBOX_H
#define TZ_OUTBOX_H

#include <stddef.h>

#include "../util/error.h"

struct tz_outbox {
	char *dir;
	unsigned long counter;
	char host[64];
};

/* Create dir/{tmp,new,cur}. */
int tz_outbox_open(struct tz_outbox *o, const char *dir, struct tz_error *err);
/* Deliver one message (CRLF or LF line ends) into new/. */
int tz_outbox_put(struct tz_outbox *o, const char *msg, size_t len, struct tz_error *err);
/* fsync new/ so the renames are durable. */
int tz_outbox_close(struct tz_outbox *o, struct tz_error *err);

#endif
