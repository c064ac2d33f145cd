/*
 * ratelimit.c - token bucket for --rate. The burst is one second's worth
 * (at least two tokens, so polling late never loses a fraction), so a rate is never exceeded over any window longer
 * than a second and short bursts do not starve the connections.
 */
#include "ratelimit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

int tz_rate_parse(const char *s, double *per_sec)
{
	char *end;
	double n, unit;
	errno = 0;
	n = strtod(s, &end);
	if (errno || end == s || n < 0 || n > 1e7)
		return -1;
	if (*end == 0 && n == 0) {
		*per_sec = 0;
		return 0;
	}
	if (strcmp(end, "/s") == 0)
		unit = 1;
	else if (strcmp(end, "/m") == 0)
		unit = 60;
	else if (strcmp(end, "/h") == 0)
		unit = 3600;
	else
		return -1;
	if (n <= 0)
		return -1;
	*per_sec = n / unit;
	return 0;
}

static void set_rate(struct tz_rate *r, double per_sec)
{
	r->per_sec = per_sec;
	r->burst = per_sec > 2 ? per_sec : 2;
	if (r->tokens > r->burst)
		r->tokens = r->burst;
}

void tz_rate_init(struct tz_rate *r, double per_sec, double now)
{
	r->tokens = 1;
	r->last = now;
	r->configured = per_sec;
	r->ceiling = 0;
	r->changed = now;
	set_rate(r, per_sec);
}

double tz_rate_take(struct tz_rate *r, double now)
{
	if (r->per_sec <= 0)
		return 0;
	if (now > r->last) {
		r->tokens += (now - r->last) * r->per_sec;
		if (r->tokens > r->burst)
			r->tokens = r->burst;
		r->last = now;
	}
	if (r->tokens >= 1) {
		r->tokens -= 1;
		return 0;
	}
	return (1 - r->tokens) / r->per_sec;
}

void tz_rate_slow_down(struct tz_rate *r, double observed, double now)
{
	double base = r->per_sec > 0 ? r->per_sec : observed;
	double floor = 1.0 / 60;
	if (base <= 0)
		base = 10;
	if (r->ceiling <= 0)
		r->ceiling = base;
	base /= 2;
	set_rate(r, base < floor ? floor : base);
	r->changed = now;
}

int tz_rate_slowed(const struct tz_rate *r)
{
	return r->ceiling > 0;
}

int tz_rate_recover(struct tz_rate *r, double now)
{
	double next;
	if (r->ceiling <= 0 || now - r->changed < TZ_RATE_RECOVER_EVERY)
		return 0;
	next = r->per_sec + r->ceiling / 10;
	r->changed = now;
	if (next >= r->ceiling * 0.999) {
		/* back where the send started: --rate, or no limit at all */
		r->ceiling = 0;
		set_rate(r, r->configured);
		return 1;
	}
	set_rate(r, next);
	return 1;
}
