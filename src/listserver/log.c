/*
 * log.c - escaped, capped, sampled request log (see log.h).
 */
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "../util/alloc.h"
#include "../util/banned.h"

#define NCODES 600

struct ls_log {
	FILE *fp;
	pthread_mutex_t mu;
	double window_start;
	unsigned long seen[NCODES]; /* refused requests in this window per code */
};

struct ls_log *ls_log_new(FILE *fp)
{
	struct ls_log *l = tz_calloc(1, sizeof *l);
	if (!l)
		return NULL;
	l->fp = fp;
	pthread_mutex_init(&l->mu, NULL);
	return l;
}

void ls_log_escape(const char *s, char *out, size_t max)
{
	size_t k = 0;
	if (!max)
		return;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			if (k + 1 >= max)
				break;
			out[k++] = (char)c;
		} else {
			if (k + 4 >= max)
				break;
			out[k++] = '\\';
			out[k++] = 'x';
			out[k++] = "0123456789abcdef"[c >> 4];
			out[k++] = "0123456789abcdef"[c & 15];
		}
	}
	out[k] = 0;
}

static void stamp(char *when, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Close the window: one summary line per code that was sampled. */
static void flush_window(struct ls_log *l)
{
	char when[32];
	stamp(when, sizeof when);
	for (unsigned c = 0; c < NCODES; c++) {
		if (l->seen[c] > LS_LOG_SAMPLE)
			fprintf(l->fp, "%s refused %u x %lu in %.0f s (%lu not logged one by one)\n", when,
				c, l->seen[c], LS_LOG_WINDOW, l->seen[c] - LS_LOG_SAMPLE);
		l->seen[c] = 0;
	}
	fflush(l->fp);
}

void ls_log_free(struct ls_log *l)
{
	if (!l)
		return;
	flush_window(l);
	pthread_mutex_destroy(&l->mu);
	free(l);
}

/* Sampled: refused requests, and clicks (302), which come in floods of
 * their own and are counted in the clicks files anyway. */
static int refused(unsigned code)
{
	return (code >= 400 && code != 403 && code != 410) || code == 302 || code == 0;
}

void ls_log_request(struct ls_log *l, const char *method, const char *path, unsigned code,
		    const char *what, const char *tag, double now)
{
	char m[24], p[96], w[128], when[32];
	pthread_mutex_lock(&l->mu);
	if (now - l->window_start >= LS_LOG_WINDOW) {
		flush_window(l);
		l->window_start = now;
	}
	if (refused(code) && code < NCODES && ++l->seen[code] > LS_LOG_SAMPLE) {
		pthread_mutex_unlock(&l->mu);
		return;
	}
	ls_log_escape(method, m, sizeof m);
	ls_log_escape(path, p, sizeof p);
	ls_log_escape(what, w, sizeof w);
	stamp(when, sizeof when);
	fprintf(l->fp, "%s %s %s %u %s addr=%s\n", when, m, p, code, w, tag && *tag ? tag : "-");
	fflush(l->fp);
	pthread_mutex_unlock(&l->mu);
}

void ls_log_msg(struct ls_log *l, const char *fmt, ...)
{
	char raw[LS_LOG_LINE], esc[LS_LOG_LINE], when[32];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	ls_log_escape(raw, esc, sizeof esc);
	stamp(when, sizeof when);
	pthread_mutex_lock(&l->mu);
	fprintf(l->fp, "%s list-server: %s\n", when, esc);
	fflush(l->fp);
	pthread_mutex_unlock(&l->mu);
}
