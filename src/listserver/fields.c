/*
 * fields.c - checked reader choices (see fields.h).
 */
#include "fields.h"

#include <stdio.h>
#include <string.h>

#include "../util/banned.h"

int ls_fields_read(const struct ls_config *c, const struct ls_form *f, struct ls_fields *out,
		   const char **why)
{
	const char *name = ls_form_get(f, "name"), *lang = ls_form_get(f, "language"),
		   *mun = ls_form_get(f, "municipality");
	size_t k = 0;
	memset(out, 0, sizeof *out);
	if (!name)
		name = "";
	if (!ls_text_ok(name, LS_NAME_MAX)) {
		*why = "the name must be at most 100 characters of text";
		return -1;
	}
	/* the list is a CSV an officer may open in a spreadsheet: no formulas */
	if (name[0] && strchr("=+-@", name[0])) {
		*why = "a name may not start with = + - or @";
		return -1;
	}
	snprintf(out->name, sizeof out->name, "%s", name);
	if (lang && *lang && !ls_choice_find(&c->languages, lang)) {
		*why = "not a language of this list";
		return -1;
	}
	snprintf(out->language, sizeof out->language, "%s",
		 lang && *lang ? lang : (c->languages.n ? c->languages.v[0].value : "nl"));
	if (mun && *mun && !ls_choice_find(&c->municipalities, mun)) {
		*why = "not a municipality of this list";
		return -1;
	}
	snprintf(out->municipality, sizeof out->municipality, "%s", mun ? mun : "");
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].name, "interests") == 0 &&
		    !ls_choice_find(&c->interests, f->f[i].value)) {
			*why = "not an interest of this list";
			return -1;
		}
	/* in the configuration's order, each once */
	for (size_t i = 0; i < c->interests.n; i++) {
		int on = 0;
		for (size_t j = 0; j < f->n && !on; j++)
			on = strcmp(f->f[j].name, "interests") == 0 &&
			     strcmp(f->f[j].value, c->interests.v[i].value) == 0;
		if (on)
			k += (size_t)snprintf(out->interests + k, sizeof out->interests - k, "%s%s",
					      k ? ";" : "", c->interests.v[i].value);
	}
	return 0;
}
