/*
 * tpl.c - {{escaped}} and {{&raw}} slots (see tpl.h).
 */
#include "tpl.h"

#include <string.h>

#include "../web/template.h"
#include "../util/banned.h"

int ls_tpl_render(struct tz_buf *out, const char *tpl, const struct ls_var *vars, size_t n)
{
	const char *p = tpl;
	for (;;) {
		const char *open = strstr(p, "{{"), *close, *name;
		size_t nlen;
		int raw;
		const struct ls_var *v = NULL;
		if (!open)
			return tz_buf_adds(out, p);
		if (tz_buf_add(out, p, (size_t)(open - p)))
			return -1;
		close = strstr(open + 2, "}}");
		if (!close)
			return -1;
		name = open + 2;
		raw = *name == '&';
		name += raw;
		nlen = (size_t)(close - name);
		for (size_t i = 0; i < n && !v; i++)
			if (strlen(vars[i].name) == nlen && memcmp(vars[i].name, name, nlen) == 0)
				v = &vars[i];
		if (!v)
			return -1;
		if (v->value && (raw ? tz_buf_adds(out, v->value)
				     : tz_html_escape(out, v->value, strlen(v->value))))
			return -1;
		p = close + 2;
	}
}
