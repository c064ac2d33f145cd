/*
 * idoc_table.c - tables in the import document (see idoc.h): cells are
 * collected as plain text row by row; a nested table's text joins the
 * outer cell; rows shorter than the widest are padded with empty cells.
 */
#include <stdlib.h>
#include <string.h>

#include "idoc.h"
#include "../util/alloc.h"
#include "../util/banned.h"

static void nomem(struct tz_idoc *d)
{
	tz_idoc_fail(d, TZ_ERR_NOMEM, "out of memory");
}

void tz_idoc_table_begin(struct tz_idoc *d)
{
	if (d->open)
		tz_idoc_para_end(d);
	if (d->in_table) {
		d->in_table++; /* nested: its cells join the outer cell's text */
		return;
	}
	d->in_table = 1;
	d->rows = 0;
}

void tz_idoc_row_begin(struct tz_idoc *d)
{
	if (d->in_table != 1 || d->failed)
		return;
	if (tz_array_grow((void **)&d->row_start, &d->row_cap, d->rows + 1,
			  sizeof(*d->row_start))) {
		nomem(d);
		return;
	}
	d->row_start[d->rows++] = d->cells.n;
}

void tz_idoc_cell_begin(struct tz_idoc *d)
{
	if (d->in_table != 1)
		return;
	if (d->open)
		tz_idoc_para_end(d);
	if (!d->rows)
		tz_idoc_row_begin(d);
	d->in_cell = 1;
	tz_buf_reset(&d->cell);
}

void tz_idoc_cell_end(struct tz_idoc *d)
{
	if (d->in_table != 1 || !d->in_cell)
		return;
	d->in_cell = 0;
	if (!d->failed && tz_strlist_take(&d->cells, tz_idoc_clean(d->cell.data, d->cell.len)))
		nomem(d);
}

void tz_idoc_table_end(struct tz_idoc *d)
{
	struct tz_iblock *b;
	size_t cols = 0;

	if (d->in_table > 1) {
		d->in_table--;
		return;
	}
	d->in_table = 0;
	d->in_cell = 0;
	for (size_t r = 0; r < d->rows; r++) {
		size_t end = r + 1 < d->rows ? d->row_start[r + 1] : d->cells.n;
		if (end - d->row_start[r] > cols)
			cols = end - d->row_start[r];
	}
	if (!d->failed && cols && d->rows) {
		tz_idoc_para_begin(d, TZ_ROLE_TABLE, 0, 0, NULL);
		if (d->failed)
			goto out;
		d->open = 0;
		b = &d->blocks[d->n];
		b->cells = tz_calloc(d->rows * cols, sizeof(char *));
		if (!b->cells) {
			nomem(d);
			goto out;
		}
		b->rows = d->rows;
		b->cols = cols;
		d->n++;
		for (size_t r = 0; r < d->rows; r++) {
			size_t end = r + 1 < d->rows ? d->row_start[r + 1] : d->cells.n;
			for (size_t c = 0; c < cols; c++) {
				size_t i = d->row_start[r] + c;
				b->cells[r * cols + c] = i < end ? d->cells.v[i] : tz_strdup("");
				if (i < end)
					d->cells.v[i] = NULL;
				if (!b->cells[r * cols + c])
					nomem(d);
			}
		}
	}
out:
	tz_strlist_release(&d->cells);
	d->rows = 0;
}
