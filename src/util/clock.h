/*
 * clock.h - the one monotonic clock: seconds since an arbitrary start, for
 * rates, timeouts and durations (never for dates).
 */
#ifndef TZ_CLOCK_H
#define TZ_CLOCK_H

double tz_clock_seconds(void);

#endif
