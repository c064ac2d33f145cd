/*
 * cmd_import.c - `techzine import FILE... [-o DIR] [--kind K]
 * [--municipality M] [--lang nl|en] [--id ID] [--mapping FILE] [--force]
 * [--dry-run]`: Word, LibreOffice, Markdown, HTML and text files -> story
 * drafts in DIR (default issues/inbox/), images in DIR/images/.
 *
 * Each file is converted completely in memory first (src/import); only a
 * story that validated is written, as one batch (util/batchwrite.h): every
 * file through a temporary file, flushed, then renamed, images first and
 * the story last, so a failure leaves nothing half-written (images put in
 * place for a story that then failed are removed again). Nothing is
 * replaced without --force, and a photo already there byte for byte is
 * left alone. Every report line of the conversion is
 * printed: nothing is dropped silently.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "../import/import.h"
#include "../util/alloc.h"
#include "../util/batchwrite.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_INPUT ((size_t)256 * 1024 * 1024)

struct import_run {
	const char *dir;
	int force, dry_run;
	size_t unchanged; /* files already there byte for byte (not rewritten) */
	struct tz_import_options o;
	struct tz_stylemap map;
};

static int fail(const char *path, const struct tz_error *e)
{
	fprintf(stderr, "%s: error: %s\n", path, e->msg);
	return tz_error_exit_code(e->code);
}

static char *out_path(const char *dir, const char *name)
{
	return tz_path_join(dir, name);
}

/* Refuse to replace anything without --force; names every clash. */
static int clashes(struct import_run *r, const char *story, const struct tz_import_result *res,
		   const char *input)
{
	int n = 0;

	if (r->force)
		return 0;
	if (access(story, F_OK) == 0) {
		fprintf(stderr, "%s: error: '%s' exists; give --id to choose another name or --force to replace it\n",
			input, story);
		n++;
	}
	for (size_t i = 0; i < res->nimages; i++) {
		char *p = out_path(r->dir, res->image_names.v[i]);
		if (p && access(p, F_OK) == 0) {
			fprintf(stderr, "%s: error: '%s' exists; give --id or --force\n", input, p);
			n++;
		}
		free(p);
	}
	return n;
}

static int write_all(struct import_run *r, const char *story,
		     const struct tz_import_result *res, struct tz_error *err)
{
	char *images = tz_path_join(r->dir, "images");
	char **paths = tz_calloc(res->nimages + 1, sizeof(*paths));
	struct tz_batch batch;
	int rc = -1;

	tz_batch_init(&batch);
	if (!images || !paths) {
		tz_error_nomem(err);
		goto out;
	}
	if (tz_mkdirs(r->dir, err) || (res->nimages && tz_mkdirs(images, err)))
		goto out;
	for (size_t i = 0; i < res->nimages; i++) {
		paths[i] = out_path(r->dir, res->image_names.v[i]);
		if (!paths[i]) {
			tz_error_nomem(err);
			goto out;
		}
		if (tz_batch_add(&batch, paths[i], res->image_data[i], res->image_len[i], err))
			goto out;
	}
	/* the story last: it is renamed after its images are in place */
	if (tz_batch_add(&batch, story, res->xml.data, res->xml.len, err) ||
	    tz_batch_commit(&batch, err)) {
		tz_batch_undo(&batch); /* no images without their story */
		goto out;
	}
	r->unchanged += tz_batch_unchanged(&batch);
	rc = 0;
out:
	tz_batch_release(&batch);
	for (size_t i = 0; paths && i < res->nimages; i++)
		free(paths[i]);
	free(paths);
	free(images);
	return rc;
}

static int import_one(struct import_run *r, const char *path)
{
	struct tz_buf data;
	struct tz_error err;
	struct tz_import_result res;
	struct tz_import_input in;
	char *canon = NULL, *dir = NULL, *story = NULL, name[300];
	size_t unchanged;
	int rc;

	tz_error_clear(&err);
	tz_buf_init(&data, MAX_INPUT + 1);
	tz_import_result_init(&res);
	if (tz_read_file(path, MAX_INPUT, &data, &err)) {
		rc = fail(path, &err);
		goto out;
	}
	canon = realpath(path, NULL);
	dir = canon ? tz_dirname(canon) : NULL;
	memset(&in, 0, sizeof(in));
	in.path = path;
	in.dir = dir;
	in.data = (const unsigned char *)data.data;
	in.len = data.len;
	in.map = &r->map;
	if (tz_import_convert(&in, &r->o, &res, &err)) {
		for (size_t i = 0; i < res.report.n; i++)
			printf("%s: note: %s\n", path, res.report.v[i]);
		rc = fail(path, &err);
		goto out;
	}
	for (size_t i = 0; i < res.report.n; i++)
		printf("%s: note: %s\n", path, res.report.v[i]);
	snprintf(name, sizeof(name), "%s.xml", res.id);
	story = out_path(r->dir, name);
	if (!story) {
		tz_error_nomem(&err);
		rc = fail(path, &err);
		goto out;
	}
	if (r->dry_run) {
		printf("%s: would write %s (%zu image%s, %zu placeholder%s to fill in)\n", path, story,
		       res.nimages, res.nimages == 1 ? "" : "s", res.placeholders,
		       res.placeholders == 1 ? "" : "s");
		rc = 0;
		goto out;
	}
	if (clashes(r, story, &res, path)) {
		rc = TZ_EXIT_CONTENT;
		goto out;
	}
	unchanged = r->unchanged;
	if (write_all(r, story, &res, &err)) {
		rc = fail(path, &err);
		goto out;
	}
	if (r->unchanged > unchanged)
		printf("%s: note: %zu file(s) already held the same bytes and were left alone\n", path,
		       r->unchanged - unchanged);
	printf("%s: wrote %s (%zu image%s, %zu placeholder%s to fill in)\n", path, story,
	       res.nimages, res.nimages == 1 ? "" : "s", res.placeholders,
	       res.placeholders == 1 ? "" : "s");
	rc = 0;
out:
	tz_import_result_release(&res);
	tz_buf_release(&data);
	free(story);
	free(dir);
	free(canon);
	return rc;
}

static int valid_kind(const char *k)
{
	static const char *const kinds[] = {"news", "parel", "interview", "column", "event", "figures", NULL};

	for (int i = 0; kinds[i]; i++)
		if (!strcmp(k, kinds[i]))
			return 1;
	return 0;
}

static int valid_municipality(const char *m)
{
	static const char *const places[] = {"Borger-Odoorn", "Coevorden", "Emmen", "Hardenberg",
					     "Hoogeveen", "Regio", NULL};

	for (int i = 0; places[i]; i++)
		if (!strcasecmp(m, places[i]))
			return 1;
	return 0;
}

static int valid_id(const char *id)
{
	if (!id[0] || !(id[0] == '_' || (id[0] | 32) >= 'a') || strlen(id) > 100)
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return (id[0] | 32) >= 'a' && (id[0] | 32) <= 'z';
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"kind", required_argument, NULL, 'k'},
		{"municipality", required_argument, NULL, 'm'},
		{"lang", required_argument, NULL, 'l'},
		{"id", required_argument, NULL, 'i'},
		{"mapping", required_argument, NULL, 'M'},
		{"force", no_argument, NULL, 'f'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct import_run r;
	struct tz_error err;
	const char *mapping = NULL;
	int c, worst = 0;

	memset(&r, 0, sizeof(r));
	r.dir = "issues/inbox";
	r.o.kind = "news";
	r.o.lang = "nl";
	optind = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			r.dir = optarg;
			break;
		case 'k':
			if (!valid_kind(optarg))
				return tz_usage_error("import", "unknown --kind '%s'", optarg);
			r.o.kind = optarg;
			break;
		case 'm':
			if (!valid_municipality(optarg))
				return tz_usage_error("import",
						      "--municipality '%s' is not one of Borger-Odoorn, Coevorden, Emmen, Hardenberg, Hoogeveen, Regio",
						      optarg);
			r.o.municipality = optarg;
			break;
		case 'l':
			if (strcmp(optarg, "nl") && strcmp(optarg, "en"))
				return tz_usage_error("import", "--lang must be nl or en");
			r.o.lang = optarg;
			break;
		case 'i':
			if (!valid_id(optarg))
				return tz_usage_error("import",
						      "--id '%s' must start with a letter and hold only letters, digits, '-', '_' and '.'",
						      optarg);
			r.o.id = optarg;
			break;
		case 'M':
			mapping = optarg;
			break;
		case 'f':
			r.force = 1;
			break;
		case 'n':
			r.dry_run = 1;
			break;
		case 'h':
			fputs(tz_command_find("import")->usage, stdout);
			return 0;
		default:
			return tz_usage_error("import", "unknown option");
		}
	}
	if (optind >= argc)
		return tz_usage_error("import", "expected at least one FILE");
	if (r.o.id && argc - optind > 1)
		return tz_usage_error("import", "--id names one story; give one FILE with it");
	tz_error_clear(&err);
	tz_stylemap_init(&r.map);
	if ((mapping && tz_stylemap_load(&r.map, mapping, &err)) ||
	    tz_stylemap_load_default(&r.map, &err)) {
		int rc = err.line ? tz_report(&err) : fail(err.file[0] ? err.file : "mapping", &err);
		tz_stylemap_release(&r.map);
		return rc;
	}
	for (int i = optind; i < argc; i++) {
		int rc = import_one(&r, argv[i]);
		/* the first failure decides, but every file is tried */
		if (rc && (!worst || rc > worst))
			worst = rc;
	}
	tz_stylemap_release(&r.map);
	if (tz_flush_stream(stdout, "stdout", &err))
		return tz_report(&err);
	return worst;
}
