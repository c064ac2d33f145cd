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
#include "xmlfile.h"
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
	struct tz_xml_file f;
	struct tz_issue *issue = NULL;
	char *canon;
	size_t errors_before = diags->errors;

	canon = realpath(path, NULL);
	if (!canon) {
		tz_diags_add(diags, TZ_SEV_ERROR, path, 0,
			     "cannot open issue file; check the path (issues/YYYY-MM/issue.xml)");
		return NULL;
	}
	if (tz_xml_file_load(&f, canon, path, "issue.rng", "issue", 1, diags) != 0)
		goto out;
	issue = tz_calloc(1, sizeof(*issue));
	if (!issue) {
		tz_diags_nomem(diags);
		goto out;
	}
	issue->path = tz_strdup(path);
	issue->dir = f.dir; /* the context keeps pointing at it until release */
	issue->root = project_root(issue->dir);
	tz_build_issue(&f.ctx, f.doc, issue);
	f.dir = NULL;
	if (!diags->nomem) /* a partly built model is never checked or used */
		tz_check_issue(issue, diags);
out:
	tz_xml_file_release(&f);
	free(canon);
	if (issue && diags->errors > errors_before) {
		tz_issue_free(issue);
		issue = NULL;
	}
	return issue;
}
