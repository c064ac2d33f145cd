/*
 * test_ratelimit.c - the token bucket behind --rate, with a fake clock.
 */
#include <stdio.h>

#include "mail/ratelimit.h"
#include "tap.h"

/* Count the messages a bucket lets through in [0, seconds) polled every
 * step seconds. */
static int count_sent(struct tz_rate *r, double seconds, double step)
{
	int n = 0;
	for (double t = 0; t < seconds; t += step)
		while (tz_rate_take(r, t) == 0)
			n++;
	return n;
}

int main(void)
{
	double ps = -1;
	struct tz_rate r;

	CHECK(tz_rate_parse("20/s", &ps) == 0 && ps == 20);
	CHECK(tz_rate_parse("5000/h", &ps) == 0 && ps > 1.388 && ps < 1.389);
	CHECK(tz_rate_parse("120/m", &ps) == 0 && ps == 2);
	CHECK(tz_rate_parse("0", &ps) == 0 && ps == 0);
	CHECK(tz_rate_parse("20", &ps) == -1);
	CHECK(tz_rate_parse("20/d", &ps) == -1);
	CHECK(tz_rate_parse("-1/s", &ps) == -1);
	CHECK(tz_rate_parse("0/s", &ps) == -1);
	CHECK(tz_rate_parse("/s", &ps) == -1);
	CHECK(tz_rate_parse("1e9/s", &ps) == -1);

	/* 20/s over 10 s: about 200, never more than 200 + burst */
	tz_rate_init(&r, 20, 0);
	{
		int n = count_sent(&r, 10, 0.001);
		CHECK(n >= 199 && n <= 201);
	}
	/* the wait reported is the time to the next token */
	tz_rate_init(&r, 2, 0);
	CHECK(tz_rate_take(&r, 0) == 0);
	{
		double w = tz_rate_take(&r, 0);
		CHECK(w > 0.49 && w < 0.51);
		CHECK(tz_rate_take(&r, 0.25) > 0.24);
		CHECK(tz_rate_take(&r, 0.5) == 0);
	}
	/* 5000/h over an hour: 5000 (+1 for the initial token) */
	tz_rate_init(&r, 5000.0 / 3600, 0);
	{
		int n = count_sent(&r, 3600, 0.5);
		if (n < 4999 || n > 5001)
			fprintf(stderr, "n=%d\n", n);
		CHECK(n >= 4999 && n <= 5001);
	}
	/* an idle bucket does not save up more than one second's worth */
	tz_rate_init(&r, 10, 0);
	CHECK(count_sent(&r, 0.0001, 1) == 1);
	{
		int n = 0;
		while (tz_rate_take(&r, 100) == 0)
			n++;
		CHECK(n == 10);
	}
	/* unlimited never waits */
	tz_rate_init(&r, 0, 0);
	for (int i = 0; i < 1000; i++)
		CHECK(tz_rate_take(&r, 0) == 0);
	/* slow down halves, with a floor of 1/min; unlimited starts from observed */
	tz_rate_init(&r, 20, 0);
	tz_rate_slow_down(&r, 0, 0);
	CHECK(r.per_sec == 10);
	for (int i = 0; i < 30; i++)
		tz_rate_slow_down(&r, 0, 0);
	CHECK(r.per_sec > 0.0166 && r.per_sec < 0.0167);
	tz_rate_init(&r, 0, 0);
	tz_rate_slow_down(&r, 300, 0);
	CHECK(r.per_sec == 150);
	/* recovery (AIMD): nothing within TZ_RATE_RECOVER_EVERY of a slowdown,
	 * then a tenth of the old rate per step, then unlimited again */
	CHECK(tz_rate_slowed(&r));
	CHECK(tz_rate_recover(&r, TZ_RATE_RECOVER_EVERY - 0.1) == 0 && r.per_sec == 150);
	{
		double t = TZ_RATE_RECOVER_EVERY;
		int steps = 0;
		while (tz_rate_slowed(&r) && steps < 100) {
			CHECK(tz_rate_recover(&r, t) == 1);
			CHECK(tz_rate_recover(&r, t + 0.1) == 0); /* one step per period */
			t += TZ_RATE_RECOVER_EVERY;
			steps++;
		}
		CHECK(steps == 5); /* 150 -> 180 ... 270 -> 300: back */
		CHECK(r.per_sec == 0);
	}
	/* a configured rate comes back to exactly that rate; a new slowdown
	 * during the recovery halves the rate reached */
	tz_rate_init(&r, 40, 0);
	tz_rate_slow_down(&r, 0, 1);
	CHECK(r.per_sec == 20);
	CHECK(tz_rate_recover(&r, 1 + TZ_RATE_RECOVER_EVERY) == 1 && r.per_sec == 24);
	tz_rate_slow_down(&r, 0, 7);
	CHECK(r.per_sec == 12);
	for (double t = 7 + TZ_RATE_RECOVER_EVERY; tz_rate_slowed(&r); t += TZ_RATE_RECOVER_EVERY)
		tz_rate_recover(&r, t);
	CHECK(r.per_sec == 40);
	return tap_done();
}
