/*
 * subscribers_read.c - the verbs of `techzine subscribers` that only read
 * a list: export (CSV for a spreadsheet, formulas defused), list (a table
 * for people), stats and validate; and the import report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "subscribers_cli.h"
#include "../list/address.h"
#include "../list/csv.h"
#include "../list/segment.h"
#include "../list/store.h"
#include "../list/suppress.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

void tz_print_import_report(const struct tz_import_report *rep, const char *file,
			    const char *list, int dry_run)
{
	for (size_t i = 0; i < rep->lines.n; i++) {
		const struct tz_diag *d = &rep->lines.items[i];
		if (d->line > 0)
			printf("%s:%ld: %s\n", d->file, d->line, d->msg);
		else
			printf("%s: %s\n", d->file, d->msg);
	}
	printf("%s: %s, separator '%s': %zu rows: %zu added, %zu updated, %zu unchanged, "
	       "%zu merged duplicates, %zu skipped, %zu suppressed, %zu rejected; "
	       "%zu empty lines ignored\n",
	       file, rep->encoding ? rep->encoding : "?",
	       rep->delim == '\t' ? "tab" : rep->delim == ';' ? ";" : rep->delim == '|' ? "|" : ",",
	       rep->rows, rep->added, rep->updated, rep->unchanged, rep->merged, rep->skipped,
	       rep->suppressed, rep->rejected, rep->empty);
	if (dry_run)
		printf("dry run: %s was not changed\n", list);
	else if (rep->rejected)
		printf("%s: %zu rows were rejected (see above); fix them and import the file "
		       "again (rows already imported are not duplicated)\n", list, rep->rejected);
}

static int selected(const struct tz_list *l, const struct tz_sub *s, const char *status,
		    const struct tz_segment *seg)
{
	if (s->gone)
		return 0;
	if (status && strcmp(status, "all") != 0 &&
	    strcmp(tz_sub_get(l, s, TZ_F_STATUS), status) != 0)
		return 0;
	return tz_segment_match(seg, l, s);
}

static int do_export(const struct tz_list *l, const char *output, const char *status,
		     const struct tz_segment *seg, int mask, struct tz_error *err)
{
	struct tz_buf b;
	int rc = 0;
	tz_buf_init(&b, TZ_LIST_MAX_BYTES);
	for (size_t c = 0; c < l->ncols && !rc; c++)
		rc = (c && tz_buf_addc(&b, ',')) || tz_csv_add_field(&b, l->cols[c], ',', 1);
	rc = rc || tz_buf_addc(&b, '\n');
	for (size_t i = 0; i < l->n && !rc; i++) {
		const struct tz_sub *s = &l->rows[i];
		if (!selected(l, s, status, seg))
			continue;
		for (size_t c = 0; c < l->ncols && !rc; c++) {
			const char *v = s->cell[c];
			char m[TZ_ADDRESS_MAX];
			if (mask && (int)c == l->col[TZ_F_EMAIL]) {
				tz_address_mask(v, m, sizeof m);
				v = m;
			}
			rc = (c && tz_buf_addc(&b, ',')) || tz_csv_add_field(&b, v, ',', 1);
		}
		rc = rc || tz_buf_addc(&b, '\n');
	}
	if (rc) {
		tz_buf_release(&b);
		return tz_error_nomem(err);
	}
	if (output && strcmp(output, "-") != 0)
		rc = tz_write_file_atomic(output, b.data, b.len, err);
	else if (fwrite(b.data, 1, b.len, stdout) != b.len)
		rc = tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot write standard output");
	tz_buf_release(&b);
	return rc;
}

static int do_list(const struct tz_list *l, const char *status, const struct tz_segment *seg,
		   int mask)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct tz_sub *s = &l->rows[i];
		const char *email = tz_sub_get(l, s, TZ_F_EMAIL);
		char m[TZ_ADDRESS_MAX];
		if (!selected(l, s, status, seg))
			continue;
		if (mask) {
			tz_address_mask(email, m, sizeof m);
			email = m;
		}
		printf("%-40s %-28s %-2s %-14s %s\n", email, tz_sub_get(l, s, TZ_F_NAME),
		       tz_sub_get(l, s, TZ_F_LANGUAGE), tz_sub_get(l, s, TZ_F_MUNICIPALITY),
		       tz_sub_get(l, s, TZ_F_STATUS));
		n++;
	}
	fprintf(stderr, "%zu subscribers\n", n);
	return 0;
}

struct counter {
	char *key;
	size_t n;
};

static int count(struct counter **v, size_t *n, size_t *cap, const char *key, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*v)[i].key) == len && strncmp((*v)[i].key, key, len) == 0) {
			(*v)[i].n++;
			return 0;
		}
	if (*n >= 1000 || tz_array_grow((void **)v, cap, *n + 1, sizeof **v))
		return -1;
	if (!((*v)[*n].key = tz_strndup(key, len)))
		return -1;
	(*v)[(*n)++].n = 1;
	return 0;
}

static int by_count(const void *a, const void *b)
{
	const struct counter *x = a, *y = b;
	return x->n != y->n ? (x->n < y->n ? 1 : -1) : strcmp(x->key, y->key);
}

static void print_counts(const char *title, struct counter *v, size_t n)
{
	if (v && n)
		qsort(v, n, sizeof *v, by_count);
	printf("%s:", title);
	for (size_t i = 0; i < n; i++) {
		printf("%s %s %zu", i ? "," : "", *v[i].key ? v[i].key : "(none)", v[i].n);
		free(v[i].key);
	}
	printf("\n");
	free(v);
}

static int do_stats(const struct tz_list *l, const struct tz_suppression *sp)
{
	size_t st[5] = {0}, supp_active = 0, total = 0;
	struct counter *lang = NULL, *mun = NULL, *intr = NULL;
	size_t nl = 0, cl = 0, nm = 0, cm = 0, ni = 0, ci = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct tz_sub *s = &l->rows[i];
		enum tz_status x = tz_sub_status(l, s);
		if (s->gone)
			continue;
		total++;
		st[x]++;
		if (x != TZ_ST_ACTIVE)
			continue;
		if (tz_suppression_find(sp, tz_sub_get(l, s, TZ_F_EMAIL))) {
			supp_active++;
			continue;
		}
		const char *lg = tz_sub_get(l, s, TZ_F_LANGUAGE), *mu = tz_sub_get(l, s, TZ_F_MUNICIPALITY);
		count(&lang, &nl, &cl, lg, strlen(lg));
		count(&mun, &nm, &cm, mu, strlen(mu));
		for (const char *p = tz_sub_get(l, s, TZ_F_INTERESTS); *p;) {
			size_t len = strcspn(p, ";");
			if (len)
				count(&intr, &ni, &ci, p, len);
			p += len + (p[len] == ';');
		}
	}
	printf("%s: %zu subscribers: %zu active, %zu unsubscribed, %zu bounced, %zu complained\n",
	       l->path, total, st[TZ_ST_ACTIVE], st[TZ_ST_UNSUBSCRIBED], st[TZ_ST_BOUNCED],
	       st[TZ_ST_COMPLAINED]);
	printf("will be sent to: %zu (active and not suppressed); suppression list: %zu entries\n",
	       st[TZ_ST_ACTIVE] - supp_active, sp->n);
	print_counts("language", lang, nl);
	print_counts("municipality", mun, nm);
	print_counts("interests", intr, ni);
	return 0;
}

static int do_validate(const struct tz_list *l, struct tz_diags *d,
		       const struct tz_suppression *sp)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct tz_sub *s = &l->rows[i];
		if (tz_sub_status(l, s) == TZ_ST_ACTIVE &&
		    tz_suppression_find(sp, tz_sub_get(l, s, TZ_F_EMAIL)))
			tz_diags_add(d, TZ_SEV_WARNING, l->path, s->line,
				     "'%s' is active but suppressed: it is never sent to",
				     tz_sub_get(l, s, TZ_F_EMAIL));
	}
	tz_diags_sort(d);
	tz_print_diags(d, 0);
	fprintf(stderr, "%s: %zu subscribers, %zu errors, %zu warnings\n", l->path, l->n,
		d->errors, d->warnings);
	return d->errors ? TZ_EXIT_CONTENT : 0;
}

int tz_subscribers_read(const char *verb, const char *path, const char *output,
			const char *status, char *const *where, size_t nwhere, int mask,
			struct tz_error *err)
{
	struct tz_list l;
	struct tz_diags d;
	struct tz_suppression sp;
	struct tz_segment seg;
	char *spath = tz_store_suppression_path(path);
	int rc = -1;

	tz_diags_init(&d);
	tz_segment_init(&seg);
	memset(&sp, 0, sizeof sp);
	memset(&l, 0, sizeof l);
	if (!spath)
		return tz_error_nomem(err);
	if (status && strcmp(status, "all") != 0 && tz_status_parse(status) == TZ_ST_BAD) {
		free(spath);
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--status is active, unsubscribed, bounced, complained or all");
	}
	if (tz_store_load_list(path, &l, &d, err) || tz_suppression_load(&sp, spath, err))
		goto out;
	for (size_t i = 0; i < nwhere; i++)
		if (tz_segment_add(&seg, where[i], err))
			goto out;
	if (tz_segment_bind(&seg, &l, err))
		goto out;
	if (strcmp(verb, "export") == 0)
		rc = do_export(&l, output, status, &seg, mask, err);
	else if (strcmp(verb, "list") == 0)
		rc = do_list(&l, status, &seg, mask);
	else if (strcmp(verb, "stats") == 0)
		rc = do_stats(&l, &sp);
	else
		rc = do_validate(&l, &d, &sp);
out:
	free(spath);
	tz_list_release(&l);
	tz_diags_release(&d);
	tz_suppression_release(&sp);
	tz_segment_release(&seg);
	return rc;
}
