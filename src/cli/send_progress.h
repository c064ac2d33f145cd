/*
 * send_progress.h - what `techzine send` shows while it runs: on a terminal
 * one line redrawn in place (a bar, sent/failed/deferred/remaining, rate,
 * ETA); otherwise (a log, a pipe, cron) a plain line every 5 seconds and
 * one at the end, so a log file gets no control characters.
 */
#ifndef TZ_SEND_PROGRESS_H
#define TZ_SEND_PROGRESS_H

#include <stdio.h>

#include "../mail/smtp.h"

struct tz_send_progress {
	FILE *out;
	int tty;       /* out is a terminal: redraw in place */
	int drawn;     /* a bar is on the current line */
	int width;     /* terminal columns */
	double last_log;
	size_t slowdowns_seen, speedups_seen;
	int session_limit_seen, unreachable_seen;
};

void tz_send_progress_init(struct tz_send_progress *p, FILE *out);
/* Show st (throttled by the caller to about 5 per second); final ends the
 * bar's line. Also reports a new 421/454 slowdown. */
void tz_send_progress_update(struct tz_send_progress *p, const struct tz_smtp_stats *st,
			     int final);
/* Before printing another line: take the bar off the current line. */
void tz_send_progress_clear(struct tz_send_progress *p);

#endif
