/*
 * layoutdoc.c - secure, validated loading of layout files (see layoutdoc.h).
 */
#include "layoutdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "xmlfile.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

char *tz_layout_text(xmlNodePtr n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *out, *w;
	int space = 0;

	if (!c)
		return NULL;
	out = tz_malloc(strlen((const char *)c) + 1);
	if (out) {
		w = out;
		for (const char *r = (const char *)c; *r; r++) {
			if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
				space = w != out;
				continue;
			}
			if (space)
				*w++ = ' ';
			space = 0;
			*w++ = *r;
		}
		*w = '\0';
	}
	xmlFree(c);
	return out;
}

void tz_layout_doc_release(struct tz_layout_doc *ld)
{
	if (ld->doc)
		xmlFreeDoc(ld->doc);
	free(ld->display);
	memset(ld, 0, sizeof(*ld));
}

/* The first error of diags as err with code (or a generic schema message). */
static int first_error(const struct tz_diags *diags, const char *display,
		       const char *what, enum tz_code code, struct tz_error *err)
{
	const struct tz_diag *d = NULL;

	if (diags->nomem)
		return tz_error_nomem(err);
	for (size_t i = 0; i < diags->n && !d; i++)
		if (diags->items[i].sev == TZ_SEV_ERROR)
			d = &diags->items[i];
	if (code != TZ_ERR_CONTENT && d) /* the installation, not the file */
		return tz_error_set(err, code, d->file, d->line, "%s", d->msg);
	return tz_error_set(err, code, d && d->file ? d->file : display,
			    d ? d->line : 0, "bad %s: %s", what,
			    d ? d->msg : "does not match schema/layout.rng");
}

int tz_layout_doc_open(struct tz_layout_doc *ld, const char *project_root,
		       const char *name, const char *path, const char *root_name,
		       const char *what, struct tz_error *err)
{
	struct tz_xml_file f;
	struct tz_diags diags;
	char *dir = NULL, *canon_dir = NULL, *file = NULL, *canon = NULL;
	int rc = -1, loaded;

	memset(ld, 0, sizeof(*ld));
	tz_diags_init(&diags);
	if (!path) {
		size_t n;
		char *fname;
		if (!name || !name[0] || strchr(name, '/') || name[0] == '.')
			return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
					    "bad %s name '%s' (a file name in layouts/, without .xml)",
					    what, name ? name : "");
		dir = tz_path_join(project_root ? project_root : tz_data_dir(), "layouts");
		n = strlen(name) + 5;
		fname = tz_malloc(n);
		if (!dir || !fname) {
			free(fname);
			tz_error_nomem(err);
			goto out;
		}
		snprintf(fname, n, "%s.xml", name);
		file = tz_path_join(dir, fname);
		free(fname);
	} else {
		dir = tz_dirname(path);
		file = tz_strdup(path);
	}
	if (!dir || !file) {
		tz_error_nomem(err);
		goto out;
	}
	ld->display = tz_strdup(file);
	canon_dir = realpath(dir, NULL);
	canon = realpath(file, NULL);
	if (!ld->display) {
		tz_error_nomem(err);
		goto out;
	}
	if (!canon_dir || !canon || !tz_path_is_inside(canon_dir, canon)) {
		tz_error_set(err, TZ_ERR_CONTENT, ld->display, 0, "cannot open %s '%s'", what,
			     name && !path ? name : ld->display);
		goto out;
	}
	loaded = tz_xml_file_load(&f, canon, file, "layout.rng", what, 0, &diags);
	if (loaded != 0) {
		tz_xml_file_release(&f);
		first_error(&diags, ld->display, what, loaded == -2 ? TZ_ERR_IO : TZ_ERR_CONTENT,
			    err);
		goto out;
	}
	ld->doc = f.doc;
	f.doc = NULL;
	tz_xml_file_release(&f);
	ld->root = xmlDocGetRootElement(ld->doc);
	if (!ld->root || strcmp((const char *)ld->root->name, root_name) != 0) {
		tz_error_set(err, TZ_ERR_CONTENT, ld->display, ld->root ? ld->root->line : 0,
			     "'%s' is not a %s (<%s>)", ld->display, what, root_name);
		goto out;
	}
	rc = 0;
out:
	tz_diags_release(&diags);
	free(canon);
	free(file);
	free(canon_dir);
	free(dir);
	if (rc)
		tz_layout_doc_release(ld);
	return rc;
}
