/*
 * error.h - errors are values.
 *
 * A struct tz_error carries one failure up to the command that prints it:
 * a code (which also decides the exit status), the file and line it concerns
 * (line 0 when there is none) and a message following git's style: lower
 * case, no full stop, problem first, subject in quotes.
 *
 * A struct tz_diags collects many findings (for `check`, which reports every
 * problem, not just the first). Library code fills these; only the command
 * layer prints them.
 */
#ifndef TZ_ERROR_H
#define TZ_ERROR_H

#include <stdarg.h>
#include <stddef.h>

/* Exit statuses (documented in the README). */
enum tz_exit {
	TZ_EXIT_OK = 0,
	TZ_EXIT_CONTENT = 1,  /* the input has errors (check found problems) */
	TZ_EXIT_USAGE = 2,    /* wrong command line */
	TZ_EXIT_IO = 3,       /* I/O, resource or dependency failure */
	TZ_EXIT_DELIVERY = 4, /* send finished but not everyone got the mail */
	TZ_EXIT_INTERRUPTED = 5 /* stopped by a signal; resumable */
};

enum tz_code {
	TZ_OK = 0,
	TZ_ERR_CONTENT, /* bad input file contents */
	TZ_ERR_USAGE,
	TZ_ERR_IO,
	TZ_ERR_NOMEM,
	TZ_ERR_LIMIT, /* an input exceeds a documented size limit */
	TZ_ERR_DEPENDENCY,
	TZ_ERR_NETWORK,
	TZ_ERR_INTERRUPTED
};

struct tz_error {
	enum tz_code code;
	char file[1024];
	long line;
	char msg[1024];
};

void tz_error_clear(struct tz_error *e);
/* Fill e and return -1, so `return tz_error_set(...)` reads naturally. */
int tz_error_set(struct tz_error *e, enum tz_code code, const char *file,
		 long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int tz_error_nomem(struct tz_error *e);
/* Map an error code to the process exit status. */
int tz_error_exit_code(enum tz_code code);

enum tz_severity { TZ_SEV_ERROR, TZ_SEV_WARNING, TZ_SEV_NOTE };

struct tz_diag {
	enum tz_severity sev;
	char *file; /* may be NULL */
	long line;
	char *msg;
};

struct tz_diags {
	struct tz_diag *items;
	size_t n, cap;
	size_t errors, warnings;
	size_t max; /* stop recording (but keep counting) past this many */
	int nomem;  /* an allocation failed while recording */
};

void tz_diags_init(struct tz_diags *d);
void tz_diags_release(struct tz_diags *d);
void tz_diags_add(struct tz_diags *d, enum tz_severity sev, const char *file,
		  long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void tz_diags_vadd(struct tz_diags *d, enum tz_severity sev, const char *file,
		   long line, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* Record that memory ran out: counts as an error, makes the command exit 3. */
void tz_diags_nomem(struct tz_diags *d);
/* Record a struct tz_error as a diagnostic (TZ_ERR_NOMEM -> tz_diags_nomem). */
void tz_diags_add_error(struct tz_diags *d, const struct tz_error *e);
/* Sort by file, then line, stable for equal positions. */
void tz_diags_sort(struct tz_diags *d);

#endif
