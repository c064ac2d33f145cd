/*
 * tpl.h - the list server's pages: templates with escaping by default.
 *
 * A template is text with slots: {{name}} is replaced by the variable's
 * value HTML-escaped (& < > " '), {{&name}} by the value as it is. Only
 * fragments the server built itself from other templates are ever passed
 * raw, so every byte that came from a request or a list passes through an
 * escaping slot. A slot without a variable is an error (a typo must not
 * silently render empty), which the unit tests catch for every page.
 */
#ifndef LS_TPL_H
#define LS_TPL_H

#include <stddef.h>

#include "../util/buf.h"

struct ls_var {
	const char *name;
	const char *value;
};

/* Append tpl with its slots filled to out; -1 on an unknown slot, an
 * unterminated slot or a full buffer. */
int ls_tpl_render(struct tz_buf *out, const char *tpl, const struct ls_var *vars, size_t n);

#endif
