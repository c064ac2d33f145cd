/*
 * segment.c - subscriber selection for --where (see segment.h).
 */
#include "segment.h"

#include <string.h>
#include <strings.h>

#include "../util/alloc.h"
#include "../util/banned.h"

void tz_segment_init(struct tz_segment *s)
{
	memset(s, 0, sizeof *s);
}

void tz_segment_release(struct tz_segment *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->c[i].nvalues; k++)
			free(s->c[i].values[k]);
	memset(s, 0, sizeof *s);
}

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t'))
		(*s)++, (*len)--;
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

int tz_segment_add(struct tz_segment *s, const char *expr, struct tz_error *err)
{
	const char *eq = strchr(expr, '='), *k = expr, *v;
	size_t klen = eq ? (size_t)(eq - expr) : 0;
	struct tz_segment_cond *c = NULL;
	if (!eq)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--where wants KEY=VALUE, not '%s'", expr);
	trim(&k, &klen);
	if (!klen || klen >= sizeof c->key)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "--where '%s': no key", expr);
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->c[i].key) == klen && strncasecmp(s->c[i].key, k, klen) == 0)
			c = &s->c[i];
	if (!c) {
		if (s->n >= TZ_SEGMENT_MAX)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "at most %d different --where keys", TZ_SEGMENT_MAX);
		c = &s->c[s->n++];
		memset(c, 0, sizeof *c);
		for (size_t i = 0; i < klen; i++)
			c->key[i] = (k[i] >= 'A' && k[i] <= 'Z') ? (char)(k[i] - 'A' + 'a') : k[i];
		c->column = -1;
	}
	for (v = eq + 1;;) {
		const char *comma = strchr(v, ',');
		size_t vlen = comma ? (size_t)(comma - v) : strlen(v);
		const char *t = v;
		trim(&t, &vlen);
		if (!vlen)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "--where '%s': empty value", expr);
		if (c->nvalues >= 32)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "--where '%s': at most 32 values for one key", expr);
		if (!(c->values[c->nvalues] = tz_strndup(t, vlen)))
			return tz_error_nomem(err);
		c->nvalues++;
		if (!comma)
			break;
		v = comma + 1;
	}
	return 0;
}

int tz_segment_bind(struct tz_segment *s, const struct tz_list *l, struct tz_error *err)
{
	for (size_t i = 0; i < s->n; i++) {
		struct tz_segment_cond *c = &s->c[i];
		const char *name = c->key;
		c->multi = 0;
		if (strcmp(name, "interest") == 0 || strcmp(name, "interests") == 0) {
			name = "interests";
			c->multi = 1;
		}
		if (strcmp(name, "email") == 0 || strcmp(name, "status") == 0 ||
		    strncmp(name, "consent", 7) == 0)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "--where cannot select on '%s' (only active subscribers "
					    "are sent to)", c->key);
		c->column = tz_list_column(l, name);
		if (c->column < 0) {
			struct tz_buf cols;
			tz_buf_init(&cols, 4096);
			for (size_t k = 0; k < l->ncols; k++)
				tz_buf_addf(&cols, "%s%s", k ? ", " : "", l->cols[k]);
			tz_error_set(err, TZ_ERR_USAGE, l->path, 0,
				     "--where key '%s' is not a column of the list (%s; and 'interest')",
				     c->key, cols.data);
			tz_buf_release(&cols);
			return -1;
		}
	}
	return 0;
}

/* Does any ';'-separated item of cell equal v (ASCII case ignored)? */
static int has_item(const char *cell, const char *v)
{
	size_t vlen = strlen(v);
	for (const char *p = cell;;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		const char *t = p;
		trim(&t, &len);
		if (len == vlen && strncasecmp(t, v, len) == 0)
			return 1;
		if (!semi)
			return 0;
		p = semi + 1;
	}
}

int tz_segment_match(const struct tz_segment *s, const struct tz_list *l,
		     const struct tz_sub *sub)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct tz_segment_cond *c = &s->c[i];
		const char *cell = sub->cell[c->column];
		int any = 0;
		if (!*cell && c->column == l->col[TZ_F_LANGUAGE] && s->default_lang)
			cell = s->default_lang;
		for (size_t k = 0; k < c->nvalues && !any; k++)
			any = c->multi ? has_item(cell, c->values[k])
				       : strcasecmp(cell, c->values[k]) == 0;
		if (!any)
			return 0;
	}
	return 1;
}
