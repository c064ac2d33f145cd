/*
 * stylemap.h - paragraph and character style names -> story roles, as data.
 *
 * Word localises its built-in style names (Titel/Title, Kop 1/Heading 1,
 * Citaat/Quote ...) and LibreOffice has its own (Text Body, Quotations,
 * Illustration); the table lives in layouts/import.xml (schema/import.rng),
 * each entry with the program it was seen in, so a user adds a house style
 * without touching code. Names are compared without case, spaces, dashes
 * and underscores ("heading 1", "Heading1", "Heading_20_1" are one name).
 */
#ifndef TZ_IMPORT_STYLEMAP_H
#define TZ_IMPORT_STYLEMAP_H

#include <stddef.h>

#include "idoc.h"
#include "../util/error.h"

struct tz_stylemap_entry {
	char *key; /* normalised name */
	enum tz_role role;
	int level;
	unsigned inline_style; /* character styles: TZ_INLINE_* */
	int is_char;
};

struct tz_stylemap {
	struct tz_stylemap_entry *v;
	size_t n, cap;
};

void tz_stylemap_init(struct tz_stylemap *m);
void tz_stylemap_release(struct tz_stylemap *m);
/* Add the entries of a mapping file (validated against schema/import.rng);
 * entries added earlier win, so a user's file is loaded first. */
int tz_stylemap_load(struct tz_stylemap *m, const char *path, struct tz_error *err);
/* The built-in default: TECHZINE_DATA/layouts/import.xml. */
int tz_stylemap_load_default(struct tz_stylemap *m, struct tz_error *err);
/* 1 and the role when name is a mapped paragraph style, else 0. */
int tz_stylemap_para(const struct tz_stylemap *m, const char *name, enum tz_role *role,
		     int *level);
/* TZ_INLINE_* for a mapped character style, else 0. */
unsigned tz_stylemap_char(const struct tz_stylemap *m, const char *name);
/* Normalised key of name into out (size outsz). */
void tz_stylemap_key(const char *name, char *out, size_t outsz);

#endif
