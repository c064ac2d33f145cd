/*
 * load.c - issue.xml -> struct tz_issue (see load.h).
 *
 * The schema has already guaranteed the structure when the builder runs, so
 * the builder only walks the tree; the checks that a schema cannot express
 * (files, links, text, uniqueness) are in check.c. The tree walk keeps the
 * file and line of every story and block for later diagnostics.
 */
#include "load.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "build.h"
#include "xmlsafe.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

/* The project folder: the issue folder's grandparent when it has layouts/
 * (issues/2026-12/issue.xml), else the data folder. */
static char *project_root(const char *issue_dir)
{
	char *parent = tz_dirname(issue_dir);
	char *grand = parent ? tz_dirname(parent) : NULL;
	char *layouts = grand ? tz_path_join(grand, "layouts") : NULL;
	char *root;

	if (layouts && access(layouts, F_OK) == 0)
		root = grand ? tz_strdup(grand) : NULL;
	else
		root = tz_strdup(tz_data_dir());
	free(layouts);
	free(grand);
	free(parent);
	return root;
}

struct tz_issue *tz_issue_load(const char *path, struct tz_diags *diags)
{
	struct tz_xml_ctx ctx;
	struct tz_issue *issue = NULL;
	char *canon = NULL, *dir = NULL, *given_dir = NULL, *schema_dir = NULL,
	     *schema = NULL, *canon_schema_dir = NULL;
	xmlDocPtr doc = NULL;
	size_t errors_before = diags->errors;

	canon = realpath(path, NULL);
	if (!canon) {
		tz_diags_add(diags, TZ_SEV_ERROR, path, 0,
			     "cannot open issue file; check the path (issues/YYYY-MM/issue.xml)");
		goto out;
	}
	dir = tz_dirname(canon);
	given_dir = tz_dirname(path);
	schema_dir = tz_path_join(tz_data_dir(), "schema");
	canon_schema_dir = schema_dir ? realpath(schema_dir, NULL) : NULL;
	if (!dir || !given_dir || !schema_dir) {
		tz_diags_nomem(diags);
		goto out;
	}
	if (!canon_schema_dir) {
		tz_diags_add(diags, TZ_SEV_ERROR, NULL, 0,
			     "cannot find the schema folder '%s'; set TECHZINE_DATA to the techzine folder",
			     schema_dir);
		goto out;
	}
	schema = tz_path_join(canon_schema_dir, "issue.rng");

	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = dir;
	ctx.roots[ctx.nroots++] = canon_schema_dir;
	ctx.scan_root = dir;
	ctx.display_root = dir;
	ctx.display_dir = given_dir;
	ctx.diags = diags;

	doc = tz_xml_parse(&ctx, canon, 1);
	if (!doc)
		goto out;
	if (tz_xml_validate(&ctx, doc, schema) != 0) {
		if (diags->errors == errors_before)
			tz_diags_add(diags, TZ_SEV_ERROR, path, 0,
				     "issue does not match schema/issue.rng");
		goto out;
	}
	issue = tz_calloc(1, sizeof(*issue));
	if (!issue) {
		tz_diags_nomem(diags);
		goto out;
	}
	issue->path = tz_strdup(path);
	issue->dir = dir;
	dir = NULL;
	issue->root = project_root(issue->dir);
	tz_build_issue(&ctx, doc, issue);
	if (!diags->nomem) /* a partly built model is never checked or used */
		tz_check_issue(issue, diags);
out:
	if (doc)
		xmlFreeDoc(doc);
	free(schema);
	free(canon_schema_dir);
	free(schema_dir);
	free(given_dir);
	free(dir);
	free(canon);
	if (issue && diags->errors > errors_before) {
		tz_issue_free(issue);
		issue = NULL;
	}
	return issue;
}
