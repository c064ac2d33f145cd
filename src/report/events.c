/*
 * events.c - read and append subscribers/events.log (see events.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "events.h"
#include "../list/csv.h"
#include "../list/list.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_EVENTS_BYTES ((size_t)256 * 1024 * 1024)

static char class_of(const char *s)
{
	if (!strcmp(s, "bad"))
		return 'b';
	if (!strcmp(s, "soft"))
		return 's';
	if (!strcmp(s, "sender"))
		return 'x';
	return 0;
}

int tz_rpt_events_load(struct tz_rpt_events *ev, const char *path, struct tz_error *err)
{
	struct tz_buf data;
	struct tz_csv csv;
	struct tz_csv_options o = {',', 1};
	struct stat st;
	int rc = 0;

	memset(ev, 0, sizeof *ev);
	if (stat(path, &st) && errno == ENOENT)
		return 0;
	tz_buf_init(&data, MAX_EVENTS_BYTES);
	if (tz_read_file(path, MAX_EVENTS_BYTES, &data, err)) {
		tz_buf_release(&data);
		return -1;
	}
	memset(&csv, 0, sizeof csv);
	if (tz_csv_parse(data.data, data.len, &o, &csv, err)) {
		tz_csv_release(&csv);
		tz_buf_release(&data);
		return -1;
	}
	ev->present = 1;
	for (size_t i = 0; i < csv.n; i++) {
		const struct tz_csv_record *r = &csv.r[i];
		char cls;
		if (r->kind != TZ_CSV_DATA || r->nf < 5 || !tz_date_ok(r->f[0]) ||
		    strcmp(r->f[1], "bounce") || !(cls = class_of(r->f[3])))
			continue;
		if (ev->n == ev->cap) {
			size_t cap = ev->cap ? ev->cap * 2 : 256;
			struct tz_rpt_event *v = tz_realloc(ev->v, cap * sizeof *v);
			if (!v) {
				rc = tz_error_nomem(err);
				break;
			}
			ev->v = v;
			ev->cap = cap;
		}
		struct tz_rpt_event *e = &ev->v[ev->n++];
		snprintf(e->date, sizeof e->date, "%s", r->f[0]);
		e->cls = cls;
		snprintf(e->reason, sizeof e->reason, "%s", r->f[2][0] ? r->f[2] : "unknown");
		snprintf(e->domain, sizeof e->domain, "%s", r->f[4]);
	}
	tz_csv_release(&csv);
	tz_buf_release(&data);
	return rc;
}

void tz_rpt_events_release(struct tz_rpt_events *ev)
{
	free(ev->v);
	memset(ev, 0, sizeof *ev);
}

/* A CSV cell of the log: the values are codes and domains, so anything
 * outside [A-Za-z0-9.-_] is dropped rather than quoted. */
static void cell(struct tz_buf *b, const char *s)
{
	for (; s && *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    *s == '.' || *s == '-' || *s == '_')
			tz_buf_addc(b, *s);
}

int tz_rpt_events_append(const char *path, const char *date, const char *reason,
			 const char *cls, const char *domain, struct tz_error *err)
{
	struct tz_buf line;
	int fd, rc = 0;
	struct stat st;

	tz_buf_init(&line, 1024);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write the event log: %m");
	if (!fstat(fd, &st) && st.st_size == 0)
		tz_buf_adds(&line, "date,event,reason,class,domain\n");
	cell(&line, date);
	tz_buf_adds(&line, ",bounce,");
	cell(&line, reason);
	tz_buf_addc(&line, ',');
	cell(&line, cls);
	tz_buf_addc(&line, ',');
	cell(&line, domain);
	if (tz_buf_addc(&line, '\n'))
		rc = tz_error_nomem(err);
	else if (write(fd, line.data, line.len) != (ssize_t)line.len || fsync(fd))
		rc = tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write the event log: %m");
	if (close(fd) && !rc)
		rc = tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write the event log: %m");
	tz_buf_release(&line);
	return rc;
}
