/*
 * ratelimit.h - the send rate as a token bucket (pure logic, no clock of
 * its own: the caller passes the time, so tests need no sleeping).
 *
 * The bucket holds at most `burst` tokens and refills at `per_sec`; one
 * message takes one token. Providers slow us down with 421/454 and 4.7.x
 * replies: the rate is then halved (down to a floor, multiplicative
 * decrease) and, once such replies have stopped for a while, raised again
 * step by step (additive increase) back to where it was.
 */
#ifndef TZ_RATELIMIT_H
#define TZ_RATELIMIT_H

struct tz_rate {
	double per_sec; /* 0: unlimited */
	double burst;
	double tokens;
	double last; /* time of the last refill, seconds */
	double configured; /* --rate, 0 unlimited: what recovery returns to */
	double ceiling;    /* the rate before the first slowdown; 0 not slowed */
	double changed;    /* time of the last slowdown or speed-up */
};

/* Seconds without a slowdown before each additive step. */
#define TZ_RATE_RECOVER_EVERY 5.0

/* Parse "20/s", "5000/h", "300/m" or "0" (unlimited). -1 when invalid. */
int tz_rate_parse(const char *s, double *per_sec);
void tz_rate_init(struct tz_rate *r, double per_sec, double now);
/* Take one token at time now: returns 0 when taken, else the seconds to
 * wait until one is available (nothing taken). */
double tz_rate_take(struct tz_rate *r, double now);
/* Halve the rate (421/454) at time now: never below one message per
 * minute. When the rate was unlimited, start from observed, the current
 * messages/s. */
void tz_rate_slow_down(struct tz_rate *r, double observed, double now);
/* After TZ_RATE_RECOVER_EVERY seconds without a slowdown, raise a slowed
 * rate by a tenth of what it was before the first slowdown; at that rate it
 * goes back to the configured one (0: unlimited). 1 when it changed. */
int tz_rate_recover(struct tz_rate *r, double now);
/* 1 while the rate is below what the send started with. */
int tz_rate_slowed(const struct tz_rate *r);

#endif
