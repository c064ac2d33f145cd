/*
 * clock.c - CLOCK_MONOTONIC as a double (see clock.h).
 */
#include "clock.h"

#include <time.h>

double tz_clock_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
