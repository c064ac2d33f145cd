/*
 * log.h - the list server's log: one line per served request, refused
 * requests sampled, nothing a client sent reaches the terminal raw.
 *
 * The one idea: a log line is built from a format whose every %s is
 * escaped (bytes outside printable ASCII and the backslash become \xNN)
 * and the line is cut at LS_LOG_LINE bytes, so a 14 KB method or an ESC
 * sequence costs a few bytes of log and forges nothing. Refused requests
 * (4xx but 403/410, and 5xx) are counted per status code in windows of
 * LS_LOG_WINDOW seconds: the first LS_LOG_SAMPLE of each are written, the
 * rest summed up in one line when the window closes, so a flood cannot
 * fill the disk. People appear only as keyed tags (sign.h).
 */
#ifndef LS_LOG_H
#define LS_LOG_H

#include <stddef.h>
#include <stdio.h>

#define LS_LOG_LINE 400
#define LS_LOG_WINDOW 10.0
#define LS_LOG_SAMPLE 5

struct ls_log;

struct ls_log *ls_log_new(FILE *fp);
/* Write the last window's summary and free. */
void ls_log_free(struct ls_log *l);
/* A request line: method, path, status, what, tag. */
void ls_log_request(struct ls_log *l, const char *method, const char *path, unsigned code,
		    const char *what, const char *tag, double now);
/* A server message (startup, errors); its %s arguments are escaped too. */
void ls_log_msg(struct ls_log *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Escape s (at most max bytes of output) into out: for tests and fuzzing. */
void ls_log_escape(const char *s, char *out, size_t max);

#endif
