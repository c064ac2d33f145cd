/*
 * ratelimit.h - the send rate as a token bucket (pure logic, no clock of
 * its own: the caller passes the time, so tests need no sleeping).
 *
 * The bucket holds at most `burst` tokens and refills at `per_sec`; one
 * message takes one token. Providers slow us down with 421/454 replies: the
 * rate is then halved (down to a floor), never raised again in that send.
 */
#ifndef TZ_RATELIMIT_H
#define TZ_RATELIMIT_H

struct tz_rate {
	double per_sec; /* 0: unlimited */
	double burst;
	double tokens;
	double last; /* time of the last refill, seconds */
};

/* Parse "20/s", "5000/h", "300/m" or "0" (unlimited). -1 when invalid. */
int tz_rate_parse(const char *s, double *per_sec);
void tz_rate_init(struct tz_rate *r, double per_sec, double now);
/* Take one token at time now: returns 0 when taken, else the seconds to
 * wait until one is available (nothing taken). */
double tz_rate_take(struct tz_rate *r, double now);
/* Halve the rate (421/454): never below one message per minute. When the
 * rate was unlimited, start from observed, the current messages/s. */
void tz_rate_slow_down(struct tz_rate *r, double observed);

#endif
