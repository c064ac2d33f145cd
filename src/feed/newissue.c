/*
 * newissue.c - `techzine new` (see newissue.h).
 *
 * Moves are recorded in a list as they happen; rolling back replays the
 * list backwards. rename(2) is atomic within a file system; across file
 * systems (EXDEV) the file is copied and the original removed only after
 * the new issue is in place.
 */
#include "newissue.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "feedtext.h"
#include "issuexml.h"
#include "skeleton.h"
#include "moves.h"
#include "../model/limits.h"
#include "../model/load.h"
#include "../model/model.h"
#include "../model/xmlsafe.h"
#include "../model/xmlfile.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

struct draft {
	char *path;  /* as given */
	char *dir;   /* its folder (images are under dir/images/) */
	char *id, *kind;
	char **images; /* figure src values: images/<name> */
	size_t nimages, images_cap;
	int placeholder;
};

struct plan {
	const struct tz_new_opts *o;
	struct tz_diags *d;
	struct draft *drafts;
	size_t ndrafts;
	struct tz_moves moves;
	char *schema_dir; /* canonical */
	xmlDocPtr prev;
	char prev_month[8];
	char *prev_dir;
};

int tz_new_month_ok(const char *s)
{
	if (!s || strlen(s) != 7 || s[4] != '-')
		return 0;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[5] == '0' && s[6] >= '1') || (s[5] == '1' && s[6] <= '2');
}

void tz_new_result_release(struct tz_new_result *r)
{
	free(r->issue_path);
	for (size_t i = 0; i < r->nplaceholders; i++)
		free(r->placeholders[i]);
	free(r->placeholders);
	free(r->placeholder_story);
	memset(r, 0, sizeof(*r));
}

/* Parse (and, with schema, validate) an XML file under the secure rules. */
static xmlDocPtr load_xml(struct plan *p, const char *path, const char *schema)
{
	struct tz_xml_ctx ctx;
	char *canon = realpath(path, NULL), *dir, *given;
	xmlDocPtr doc = NULL;

	if (!canon) {
		tz_diags_add(p->d, TZ_SEV_ERROR, path, 0, "cannot open: %s", strerror(errno));
		return NULL;
	}
	dir = tz_dirname(canon);
	given = tz_dirname(path);
	if (!dir || !given) {
		tz_diags_nomem(p->d);
		goto out;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.roots[ctx.nroots++] = dir;
	ctx.roots[ctx.nroots++] = p->schema_dir;
	ctx.scan_root = dir;
	ctx.display_root = dir;
	ctx.display_dir = given;
	ctx.diags = p->d;
	doc = tz_xml_parse(&ctx, canon, 0);
	if (doc && schema) {
		char *rng = tz_path_join(p->schema_dir, schema);
		size_t before = p->d->errors;
		if (!rng || tz_xml_validate(&ctx, doc, rng) != 0) {
			if (p->d->errors == before)
				tz_diags_add(p->d, TZ_SEV_ERROR, path, 0, "does not match %s",
					     schema);
			xmlFreeDoc(doc);
			doc = NULL;
		}
		free(rng);
	}
out:
	free(given);
	free(dir);
	free(canon);
	return doc;
}

/* The latest issues/YYYY-MM before the new month that has an issue.xml. */
static int find_previous(struct plan *p)
{
	DIR *dir = opendir(p->o->issues_dir);
	struct dirent *e;

	p->prev_month[0] = '\0';
	if (!dir) {
		tz_diags_add(p->d, TZ_SEV_ERROR, p->o->issues_dir, 0, "cannot open the issues folder: %s",
			     strerror(errno));
		return -1;
	}
	while ((e = readdir(dir))) {
		char path[4096];
		if (!tz_new_month_ok(e->d_name) || strcmp(e->d_name, p->o->month) >= 0 ||
		    strcmp(e->d_name, p->prev_month) <= 0)
			continue;
		if (!tz_pathf(path, sizeof(path), "%s/%s/issue.xml", p->o->issues_dir, e->d_name) &&
		    access(path, R_OK) == 0)
			memcpy(p->prev_month, e->d_name, 8); /* checked: 7 bytes and NUL */
	}
	closedir(dir);
	if (!p->prev_month[0]) {
		tz_diags_add(p->d, TZ_SEV_ERROR, p->o->issues_dir, 0,
			     "no issue before '%s' to take the colophon and settings from (issues/YYYY-MM/issue.xml)",
			     p->o->month);
		return -1;
	}
	return 0;
}

static int safe_image_src(const char *src)
{
	const char *name = src + 7;

	if (strncmp(src, "images/", 7) || !*name || *name == '.' || strlen(name) > 200)
		return 0;
	for (; *name; name++)
		if (!(*name >= 'a' && *name <= 'z') && !(*name >= 'A' && *name <= 'Z') &&
		    !(*name >= '0' && *name <= '9') && !strchr("-_.", *name))
			return 0;
	return 1;
}

static void collect_figures(struct plan *p, struct draft *dr, xmlNodePtr n)
{
	for (xmlNodePtr k = n->children; k; k = k->next) {
		char *src;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)k->name, "figure")) {
			collect_figures(p, dr, k);
			continue;
		}
		src = tz_xml_prop(k, "src");
		if (!src || !safe_image_src(src)) {
			tz_diags_add(p->d, TZ_SEV_ERROR, dr->path, xmlGetLineNo(k),
				     "figure '%s' must be images/<name> (letters, digits, - _ .) to be moved with the draft",
				     src ? src : "");
			free(src);
			continue;
		}
		if (dr->dir) {
			char *file = tz_path_join(dr->dir, src);
			if (file && access(file, F_OK) != 0)
				tz_diags_add(p->d, TZ_SEV_ERROR, dr->path, xmlGetLineNo(k),
					     "picture '%s' is not in %s: put the file there (next to the draft) or correct src",
					     src, file);
			free(file);
		}
		if (tz_array_grow((void **)&dr->images, &dr->images_cap, dr->nimages + 1,
				  sizeof(char *))) {
			free(src);
			tz_diags_nomem(p->d);
			return;
		}
		dr->images[dr->nimages++] = src;
	}
}

static int read_draft(struct plan *p, struct draft *dr)
{
	xmlDocPtr doc = load_xml(p, dr->path, "story.rng");
	xmlNodePtr root, ev;
	size_t before = p->d->errors;

	if (!doc)
		return -1;
	root = xmlDocGetRootElement(doc);
	dr->id = tz_xml_prop(root, "id");
	dr->kind = tz_xml_prop(root, "kind");
	dr->dir = tz_dirname(dr->path);
	if (!dr->id || !dr->kind || !dr->dir) {
		tz_diags_nomem(p->d);
		xmlFreeDoc(doc);
		return -1;
	}
	collect_figures(p, dr, root);
	ev = tz_xml_child(root, "event");
	if (ev) {
		char *place = tz_xml_prop(ev, "place");
		dr->placeholder = place && !strcmp(place, "nog invullen");
		free(place);
	}
	xmlFreeDoc(doc);
	return p->d->errors == before ? 0 : -1;
}

/* Every draft from the inbox when none were named. */
static int list_inbox(struct plan *p, char ***out, size_t *n)
{
	struct dirent **names = NULL;
	int k = scandir(p->o->inbox, &names, NULL, alphasort);
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (k < 0) {
		tz_diags_add(p->d, TZ_SEV_ERROR, p->o->inbox, 0, "cannot read the inbox: %s",
			     strerror(errno));
		return -1;
	}
	for (int i = 0; i < k; i++) {
		size_t len = strlen(names[i]->d_name);
		if (names[i]->d_name[0] != '.' && len > 4 &&
		    !strcmp(names[i]->d_name + len - 4, ".xml") &&
		    !tz_array_grow((void **)out, &cap, *n + 1, sizeof(char *)))
			(*out)[(*n)++] = tz_path_join(p->o->inbox, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	for (size_t i = 0; i < *n; i++)
		if (!(*out)[i])
			return tz_diags_nomem(p->d), -1;
	return 0;
}

/* The story an issue started without drafts gets, to be replaced. */
#define PLACEHOLDER_ID "nieuw-verhaal"

static int build(struct plan *p, long number, const char *cover, struct tz_buf *xml,
		 struct tz_new_result *res)
{
	struct tz_issue_xml_in in;
	size_t n = p->ndrafts ? p->ndrafts : 1;
	char **ids = tz_calloc(n, sizeof(char *)), **kinds = tz_calloc(n, sizeof(char *));
	int rc = -1;

	if (ids && kinds) {
		for (size_t i = 0; i < p->ndrafts; i++) {
			ids[i] = p->drafts[i].id;
			kinds[i] = p->drafts[i].kind;
		}
		if (!p->ndrafts) {
			ids[0] = (char *)PLACEHOLDER_ID;
			kinds[0] = (char *)"news";
		}
		in.prev = p->prev;
		in.prev_month = p->prev_month;
		in.month = p->o->month;
		in.number = number;
		in.cover = cover;
		in.ids = ids;
		in.kinds = kinds;
		in.n = n;
		rc = tz_issue_xml(&in, xml, &res->nsections);
	}
	free(ids);
	free(kinds);
	return rc;
}

static void remove_staging(const char *staging, const char *cover)
{
	char path[4096];

	if (!tz_pathf(path, sizeof(path), "%s/issue.xml", staging))
		unlink(path);
	if (!tz_pathf(path, sizeof(path), "%s/%s", staging, cover))
		unlink(path);
	if (!tz_pathf(path, sizeof(path), "%s/stories/%s.xml", staging, PLACEHOLDER_ID))
		unlink(path);
	if (!tz_pathf(path, sizeof(path), "%s/stories", staging))
		rmdir(path);
	if (!tz_pathf(path, sizeof(path), "%s/images", staging))
		rmdir(path);
	rmdir(staging);
}

/* A file in the staging folder, named as the officer can find it: a story
 * by the draft it came from (which is back where it was after a refusal),
 * anything else by its place in the issue that was not created. */
static char *final_path(struct plan *p, const char *staging, const char *file)
{
	size_t n = strlen(staging);
	char path[4096];

	if (!file || strncmp(file, staging, n) || file[n] != '/')
		return tz_strdup(file ? file : "");
	for (size_t i = 0; i < p->ndrafts; i++)
		if (!tz_pathf(path, sizeof(path), "stories/%s.xml", p->drafts[i].id) &&
		    !strcmp(file + n + 1, path))
			return tz_strdup(p->drafts[i].path);
	if (tz_pathf(path, sizeof(path), "%s/%s/%s", p->o->issues_dir, p->o->month, file + n + 1))
		return tz_strdup(file);
	return tz_strdup(path);
}

/* Copy the diagnostics of the check of the staged issue. */
static int verify(struct plan *p, const char *staging, const char *issue_xml)
{
	struct tz_diags vd;
	struct tz_issue *issue;
	int rc = 0;

	tz_diags_init(&vd);
	issue = tz_issue_load(issue_xml, &vd);
	if (!issue || vd.errors) {
		for (size_t i = 0; i < vd.n; i++)
			if (vd.items[i].sev == TZ_SEV_ERROR) {
				char *shown = final_path(p, staging, vd.items[i].file);
				tz_diags_add(p->d, TZ_SEV_ERROR, shown, vd.items[i].line, "%s",
					     vd.items[i].msg);
				free(shown);
			}
		if (vd.nomem)
			tz_diags_nomem(p->d);
		if (!p->d->errors)
			tz_diags_add(p->d, TZ_SEV_ERROR, issue_xml, 0, "the new issue does not pass check");
		rc = -1;
	}
	tz_issue_free(issue);
	tz_diags_release(&vd);
	return rc;
}

/* No drafts taken: one story to fill in, so the issue is valid but not
 * ready (model/ready.c reports its NOG INVULLEN until it is replaced). */
static int write_placeholder(struct plan *p, const char *staging, struct tz_new_result *res)
{
	char path[4096], date[16];
	struct tz_buf xml;
	struct tz_error err;
	int rc;

	tz_error_clear(&err);
	snprintf(date, sizeof(date), "%s-01", p->o->month);
	tz_buf_init(&xml, (size_t)64 * 1024);
	rc = tz_pathf(path, sizeof(path), "%s/stories/%s.xml", staging, PLACEHOLDER_ID) ||
	     tz_story_skeleton(&xml, PLACEHOLDER_ID, "news", "nl", date) ||
	     tz_write_file_atomic(path, xml.data, xml.len, &err);
	tz_buf_release(&xml);
	if (rc) {
		tz_diags_add(p->d, TZ_SEV_ERROR, staging, 0, "cannot write the placeholder story: %s",
			     err.msg[0] ? err.msg : "out of memory");
		return -1;
	}
	if (!tz_pathf(path, sizeof(path), "%s/%s/stories/%s.xml", p->o->issues_dir, p->o->month,
		      PLACEHOLDER_ID))
		res->placeholder_story = tz_strdup(path);
	return 0;
}

static int stage_and_move(struct plan *p, const char *target, const char *cover_from,
			  const char *cover, struct tz_buf *xml, struct tz_new_result *res)
{
	char staging[4096], path[4096], from[4096];
	struct tz_error err;

	tz_error_clear(&err);
	if (tz_pathf(staging, sizeof(staging), "%s/.%s.new.%ld", p->o->issues_dir, p->o->month,
		     (long)getpid())) {
		tz_diags_add(p->d, TZ_SEV_ERROR, p->o->issues_dir, 0, "path too long");
		return -1;
	}
	if (mkdir(staging, 0755)) {
		tz_diags_add(p->d, TZ_SEV_ERROR, staging, 0, "cannot create: %s", strerror(errno));
		return -1;
	}
	if (tz_pathf(path, sizeof(path), "%s/stories", staging) || mkdir(path, 0755) ||
	    tz_pathf(path, sizeof(path), "%s/images", staging) || mkdir(path, 0755) ||
	    tz_pathf(path, sizeof(path), "%s/issue.xml", staging) ||
	    tz_write_file_atomic(path, xml->data, xml->len, &err) ||
	    tz_pathf(path, sizeof(path), "%s/%s", staging, cover) ||
	    tz_copy_file(cover_from, path, &err)) {
		tz_diags_add(p->d, TZ_SEV_ERROR, staging, 0, "cannot write the new issue: %s",
			     err.msg[0] ? err.msg : strerror(errno));
		goto fail;
	}
	/* issue.xml is on disk: now the drafts may move */
	for (size_t i = 0; i < p->ndrafts; i++) {
		struct draft *dr = &p->drafts[i];
		if (tz_pathf(path, sizeof(path), "%s/stories/%s.xml", staging, dr->id) ||
		    tz_moves_move(&p->moves, dr->path, path, p->d))
			goto fail;
		for (size_t k = 0; k < dr->nimages; k++) {
			if (tz_pathf(path, sizeof(path), "%s/%s", staging, dr->images[k]) ||
			    tz_pathf(from, sizeof(from), "%s/%s", dr->dir, dr->images[k]))
				goto fail;
			if (tz_moves_has_target(&p->moves, path))
				continue; /* two drafts, one picture */
			if (tz_moves_move(&p->moves, from, path, p->d))
				goto fail;
			res->nimages++;
		}
	}
	if (!p->ndrafts && write_placeholder(p, staging, res))
		goto fail;
	if (tz_pathf(path, sizeof(path), "%s/issue.xml", staging) || verify(p, staging, path))
		goto fail;
	if (renameat2(AT_FDCWD, staging, AT_FDCWD, target, RENAME_NOREPLACE)) {
		tz_diags_add(p->d, TZ_SEV_ERROR, target, 0, "cannot create the issue folder: %s",
			     strerror(errno));
		goto fail;
	}
	tz_fsync_dir_of(target);
	tz_moves_commit(&p->moves);
	return 0;
fail:
	tz_moves_undo(&p->moves, p->d);
	remove_staging(staging, cover);
	return -1;
}

static int read_previous(struct plan *p, long *number, char **cover_from, char **cover)
{
	char path[4096];
	xmlNodePtr root, cov;
	char *num, *src, *canon_dir;
	struct tz_error err;
	const char *base;

	if (tz_pathf(path, sizeof(path), "%s/%s/issue.xml", p->o->issues_dir, p->prev_month))
		return -1;
	p->prev = load_xml(p, path, NULL);
	if (!p->prev)
		return -1;
	root = xmlDocGetRootElement(p->prev);
	num = tz_xml_prop(root, "number");
	*number = num ? strtol(num, NULL, 10) : 0;
	free(num);
	cov = tz_xml_child(root, "cover");
	src = cov ? tz_xml_prop(cov, "image") : NULL;
	if (*number < 1 || !src || !root || strcmp((const char *)root->name, "issue")) {
		tz_diags_add(p->d, TZ_SEV_ERROR, path, 0,
			     "previous issue has no number or cover; run 'techzine check' on it");
		free(src);
		return -1;
	}
	(*number)++;
	canon_dir = tz_pathf(path, sizeof(path), "%s/%s", p->o->issues_dir, p->prev_month)
			    ? NULL
			    : realpath(path, NULL);
	tz_error_clear(&err);
	*cover_from = canon_dir ? tz_path_confined(canon_dir, canon_dir, src, &err) : NULL;
	free(canon_dir);
	base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
	*cover = tz_strdup(!tz_pathf(path, sizeof(path), "images/%s", base) && safe_image_src(path)
				   ? path
				   : "images/cover.jpg");
	if (!*cover_from || !*cover) {
		tz_diags_add(p->d, TZ_SEV_ERROR, p->prev_month, 0, "cannot use the cover '%s': %s",
			     src, err.msg[0] ? err.msg : "out of memory");
		free(src);
		return -1;
	}
	free(src);
	return 0;
}

int tz_new_issue(const struct tz_new_opts *o, struct tz_new_result *res, struct tz_diags *d)
{
	struct plan p;
	struct stat st;
	struct tz_buf xml;
	char *target = NULL, *schema = NULL, *cover_from = NULL, *cover = NULL;
	char **list = NULL;
	size_t nlist = 0, before = d->errors;
	long number = 0;
	int rc = -1, own_list = 0;
	size_t ninbox = 0;

	memset(&p, 0, sizeof(p));
	memset(res, 0, sizeof(*res));
	p.o = o;
	p.d = d;
	tz_buf_init(&xml, TZ_MAX_XML_BYTES);
	if (!tz_new_month_ok(o->month)) {
		tz_diags_add(d, TZ_SEV_ERROR, NULL, 0, "'%s' is not a month like 2027-01", o->month);
		goto out;
	}
	target = tz_path_join(o->issues_dir, o->month);
	schema = tz_path_join(tz_data_dir(), "schema");
	p.schema_dir = schema ? realpath(schema, NULL) : NULL;
	if (!target || !p.schema_dir) {
		tz_diags_add(d, TZ_SEV_ERROR, NULL, 0,
			     "cannot find the schema folder; set TECHZINE_DATA to the techzine folder");
		goto out;
	}
	if (lstat(target, &st) == 0) {
		tz_diags_add(d, TZ_SEV_ERROR, target, 0,
			     "the issue folder already exists; refusing to touch it");
		goto out;
	}
	if (find_previous(&p) || read_previous(&p, &number, &cover_from, &cover))
		goto out;
	if (o->ndrafts) {
		list = o->drafts;
		nlist = o->ndrafts;
	} else {
		/* drafts are taken only when asked for: an inbox holds work in
		 * progress ("Concept – niet publiceren") as well */
		own_list = 1;
		if (access(o->inbox, F_OK) == 0 && list_inbox(&p, &list, &nlist)) {
			ninbox = nlist;
			goto out;
		}
		ninbox = nlist;
		if (!o->all_drafts) {
			res->drafts_left = nlist;
			nlist = 0;
		}
	}
	p.drafts = tz_calloc(nlist ? nlist : 1, sizeof(*p.drafts));
	if (!p.drafts) {
		tz_diags_nomem(d);
		goto out;
	}
	for (size_t i = 0; i < nlist; i++) {
		struct draft *dr = &p.drafts[p.ndrafts++];
		dr->path = tz_strdup(list[i]);
		if (!dr->path || read_draft(&p, dr))
			continue;
		for (size_t k = 0; k + 1 < p.ndrafts; k++)
			if (p.drafts[k].id && !strcmp(p.drafts[k].id, dr->id))
				tz_diags_add(d, TZ_SEV_ERROR, dr->path, 0,
					     "story id '%s' is also used by '%s'", dr->id,
					     p.drafts[k].path);
		for (size_t k = 0; k < dr->nimages; k++)
			if (!strcmp(dr->images[k], cover))
				tz_diags_add(d, TZ_SEV_ERROR, dr->path, 0,
					     "image '%s' has the name of the cover", cover);
	}
	if (d->errors > before)
		goto out;
	if (build(&p, number, cover, &xml, res)) {
		tz_diags_add(d, TZ_SEV_ERROR, NULL, 0, "issue.xml too large or out of memory");
		goto out;
	}
	if (stage_and_move(&p, target, cover_from, cover, &xml, res))
		goto out;
	res->issue_path = tz_path_join(target, "issue.xml");
	res->number = number;
	res->nstories = p.ndrafts ? p.ndrafts : 1;
	snprintf(res->previous, sizeof(res->previous), "%s", p.prev_month);
	res->placeholders = tz_calloc(p.ndrafts, sizeof(char *));
	for (size_t i = 0; res->placeholders && i < p.ndrafts; i++)
		if (p.drafts[i].placeholder)
			res->placeholders[res->nplaceholders++] = tz_strdup(p.drafts[i].id);
	rc = 0;
out:
	for (size_t i = 0; p.drafts && i < p.ndrafts; i++) {
		free(p.drafts[i].path);
		free(p.drafts[i].dir);
		free(p.drafts[i].id);
		free(p.drafts[i].kind);
		for (size_t k = 0; k < p.drafts[i].nimages; k++)
			free(p.drafts[i].images[k]);
		free(p.drafts[i].images);
	}
	free(p.drafts);
	tz_moves_release(&p.moves);
	if (own_list) {
		for (size_t i = 0; i < ninbox; i++)
			free(list[i]);
		free(list);
	}
	if (p.prev)
		xmlFreeDoc(p.prev);
	tz_buf_release(&xml);
	free(p.schema_dir);
	free(schema);
	free(target);
	free(cover_from);
	free(cover);
	return rc;
}
