/*
 * error.c - error values and diagnostic lists (see error.h).
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "banned.h"

void tz_error_clear(struct tz_error *e)
{
	e->code = TZ_OK;
	e->file[0] = '\0';
	e->line = 0;
	e->msg[0] = '\0';
}

int tz_error_set(struct tz_error *e, enum tz_code code, const char *file,
		 long line, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->code = code;
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int tz_error_nomem(struct tz_error *e)
{
	return tz_error_set(e, TZ_ERR_NOMEM, NULL, 0, "out of memory");
}

int tz_error_exit_code(enum tz_code code)
{
	switch (code) {
	case TZ_OK:
		return TZ_EXIT_OK;
	case TZ_ERR_CONTENT:
	case TZ_ERR_LIMIT:
		return TZ_EXIT_CONTENT;
	case TZ_ERR_USAGE:
		return TZ_EXIT_USAGE;
	case TZ_ERR_INTERRUPTED:
		return TZ_EXIT_INTERRUPTED;
	case TZ_ERR_IO:
	case TZ_ERR_NOMEM:
	case TZ_ERR_DEPENDENCY:
	case TZ_ERR_NETWORK:
		break;
	}
	return TZ_EXIT_IO;
}

void tz_diags_init(struct tz_diags *d)
{
	memset(d, 0, sizeof(*d));
	d->max = 1000;
}

void tz_diags_release(struct tz_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].file);
		free(d->items[i].msg);
	}
	free(d->items);
	tz_diags_init(d);
}

void tz_diags_vadd(struct tz_diags *d, enum tz_severity sev, const char *file,
		   long line, const char *fmt, va_list ap)
{
	struct tz_buf msg;
	struct tz_diag *it;

	if (sev == TZ_SEV_ERROR)
		d->errors++;
	else if (sev == TZ_SEV_WARNING)
		d->warnings++;
	if (d->n >= d->max)
		return;
	if (tz_array_grow((void **)&d->items, &d->cap, d->n + 1, sizeof(*d->items))) {
		d->nomem = 1;
		return;
	}
	tz_buf_init(&msg, (size_t)64 * 1024);
	if (tz_buf_vaddf(&msg, fmt, ap)) {
		tz_buf_release(&msg);
		d->nomem = 1;
		return;
	}
	it = &d->items[d->n];
	it->sev = sev;
	it->line = line;
	it->file = file ? tz_strdup(file) : NULL;
	it->msg = tz_buf_detach(&msg, NULL);
	if ((file && !it->file) || !it->msg) {
		free(it->file);
		free(it->msg);
		d->nomem = 1;
		return;
	}
	d->n++;
}

void tz_diags_add(struct tz_diags *d, enum tz_severity sev, const char *file,
		  long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_diags_vadd(d, sev, file, line, fmt, ap);
	va_end(ap);
}

void tz_diags_nomem(struct tz_diags *d)
{
	d->errors++;
	d->nomem = 1;
}

void tz_diags_add_error(struct tz_diags *d, const struct tz_error *e)
{
	if (e->code == TZ_ERR_NOMEM) {
		tz_diags_nomem(d);
		return;
	}
	tz_diags_add(d, TZ_SEV_ERROR, e->file[0] ? e->file : NULL, e->line, "%s",
		     e->msg);
}

static int diag_cmp(const struct tz_diag *x, const struct tz_diag *y)
{
	int c;

	if (!x->file || !y->file) {
		c = (x->file != NULL) - (y->file != NULL);
		if (c)
			return c;
	} else if ((c = strcmp(x->file, y->file))) {
		return c;
	}
	return (x->line > y->line) - (x->line < y->line);
}

/* Insertion sort: stable, and diagnostic lists are short. */
void tz_diags_sort(struct tz_diags *d)
{
	for (size_t i = 1; i < d->n; i++) {
		struct tz_diag t = d->items[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->items[j - 1], &t) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = t;
	}
}
