/*
 * fields.h - a reader's choices from a form (sign-up or preferences),
 * checked against the configuration: name (free text, checked), language,
 * municipality and interests (only configured values).
 */
#ifndef LS_FIELDS_H
#define LS_FIELDS_H

#include "config.h"
#include "form.h"

#define LS_NAME_MAX 100

struct ls_fields {
	char name[LS_NAME_MAX + 1];
	char language[48], municipality[48];
	char interests[LS_MAX_CHOICES * 42]; /* "a;b;c", in the configuration's order */
};

/* Read and check; -1 with *why (a short English reason) when a value is
 * not acceptable. */
int ls_fields_read(const struct ls_config *c, const struct ls_form *f, struct ls_fields *out,
		   const char **why);

#endif
