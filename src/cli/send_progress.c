/*
 * send_progress.c - the progress display of `techzine send` (see
 * send_progress.h). The terminal line is cleared with "\r" and ESC [K and
 * rewritten; its width follows the terminal (TIOCGWINSZ), so it never wraps.
 */
#include "send_progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../mail/ratelimit.h"
#include "../util/banned.h"

#define LOG_EVERY 5.0 /* seconds between plain log lines */

void tz_send_progress_init(struct tz_send_progress *p, FILE *out)
{
	struct winsize ws;
	memset(p, 0, sizeof *p);
	p->out = out;
	p->tty = isatty(fileno(out));
	p->width = 80;
	if (p->tty && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		p->width = ws.ws_col;
}

void tz_send_progress_clear(struct tz_send_progress *p)
{
	if (p->tty && p->drawn)
		fputs("\r\033[K", p->out);
	p->drawn = 0;
}

static void eta_text(char *out, size_t n, double eta)
{
	long s = (long)(eta + 0.5);
	if (eta <= 0 || eta > 99 * 3600.0)
		snprintf(out, n, "--:--");
	else if (s >= 3600)
		snprintf(out, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, n, "%ld:%02ld", s / 60, s % 60);
}

void tz_send_progress_update(struct tz_send_progress *p, const struct tz_smtp_stats *st,
			     int final)
{
	size_t done = st->sent + st->failed + st->deferred + st->skipped;
	size_t left = st->remaining + st->in_flight;
	size_t total = done + left;
	double rate = st->elapsed > 0 ? (double)done / st->elapsed : 0;
	char eta[32], info[256], bar[512];
	int pct = total ? (int)(100.0 * (double)done / (double)total) : 100;

	if (st->slowdowns > p->slowdowns_seen) {
		tz_send_progress_clear(p);
		fprintf(p->out, "techzine: the server answered %d (too busy): slowing down to "
			"%.2f msg/s (%s)\n", st->last_slow_code, st->rate, st->last_slow_text);
		p->slowdowns_seen = st->slowdowns;
	}
	if (st->speedups > p->speedups_seen) {
		tz_send_progress_clear(p);
		if (st->rate > 0)
			fprintf(p->out, "techzine: no throttling for %.0f s: speeding up to %.2f msg/s\n",
				TZ_RATE_RECOVER_EVERY, st->rate);
		else
			fprintf(p->out, "techzine: no throttling for %.0f s: back to full speed\n",
				TZ_RATE_RECOVER_EVERY);
		p->speedups_seen = st->speedups;
	}
	if (st->session_limit != p->session_limit_seen) {
		if (p->session_limit_seen) {
			tz_send_progress_clear(p);
			fprintf(p->out, "techzine: the server limits connections: now %d at once\n",
				st->session_limit);
		}
		p->session_limit_seen = st->session_limit;
	}
	if (st->unreachable != p->unreachable_seen) {
		tz_send_progress_clear(p);
		if (st->unreachable)
			fprintf(p->out, "techzine: the SMTP server cannot be reached (%s): retrying\n",
				st->outage_text);
		else
			fprintf(p->out, "techzine: the SMTP server is back: going on\n");
		p->unreachable_seen = st->unreachable;
	}
	if (left)
		eta_text(eta, sizeof eta, rate > 0 ? (double)left / rate : 0);
	else
		snprintf(eta, sizeof eta, "0:00");
	if (!p->tty) {
		if (!final && st->elapsed - p->last_log < LOG_EVERY)
			return;
		fprintf(p->out, "techzine: send: sent %zu, failed %zu, deferred %zu, remaining %zu, "
			"%.1f msg/s, ETA %s\n", st->sent, st->failed, st->deferred, left, rate,
			eta);
		p->last_log = st->elapsed;
		return;
	}
	snprintf(info, sizeof info, " %3d%% sent %zu failed %zu deferred %zu remaining %zu "
		 "%.0f/s ETA %s", pct, st->sent, st->failed, st->deferred, left, rate,
		 eta);
	{
		/* a bar of steady width, the numbers cut at the edge */
		int room = p->width - 1 - 2 - 66, fill, cut;
		size_t k = 0;
		if (room > 40)
			room = 40;
		if (room < 10)
			room = 10;
		cut = p->width - 1 - room - 2;
		if (cut < 0)
			cut = 0;
		if ((int)strlen(info) > cut)
			info[cut] = 0;
		{
			fill = total ? (int)((double)room * (double)done / (double)total) : room;
			bar[k++] = '[';
			for (int i = 0; i < room; i++)
				bar[k++] = i < fill ? '#' : '.';
			bar[k++] = ']';
		}
		bar[k] = 0;
	}
	fprintf(p->out, "\r\033[K%s%s", bar, info);
	p->drawn = 1;
	if (final) {
		fputc('\n', p->out);
		p->drawn = 0;
	}
	fflush(p->out);
}
