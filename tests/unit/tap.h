/*
 * tap.h - the smallest test harness that can fail: CHECK records a failure
 * with file:line and goes on; tap_done() prints "N passed, N failed" and
 * returns the exit status.
 */
#ifndef TZ_TAP_H
#define TZ_TAP_H

extern int tap_passed, tap_failed;

void tap_check(int ok, const char *expr, const char *file, int line);
int tap_done(void);

#define CHECK(expr) tap_check(!!(expr), #expr, __FILE__, __LINE__)
#define CHECK_STR(a, b) tap_check_str((a), (b), #a, __FILE__, __LINE__)
void tap_check_str(const char *got, const char *want, const char *expr,
		   const char *file, int line);

#endif
