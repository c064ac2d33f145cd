/*
 * fuzz_import_common.h - shared by the import harnesses (fuzz_import_*.c).
 *
 * A harness feeds its input to one reader, then the story writer, and
 * checks what every import must give: either a clear error, or a story
 * that is well-formed and valid against schema/story.rng (the writer must
 * never produce anything else, whatever the document). Container formats
 * get two kinds of input: a real .docx/.odt (starting "PK"), or bare XML
 * that the harness wraps into a minimal package in memory with libzip, so
 * the fuzzer spends its time in the XML walkers rather than on checksums.
 */
#ifndef TZ_FUZZ_IMPORT_COMMON_H
#define TZ_FUZZ_IMPORT_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "feed/draft.h"
#include "import/import.h"
#include "import/story.h"

static void fuzz_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static struct tz_stylemap fuzz_map;

static void fuzz_init(void)
{
	static int done;
	struct tz_error err;

	if (done)
		return;
	done = 1;
	xmlSetGenericErrorFunc(NULL, fuzz_quiet);
	tz_stylemap_init(&fuzz_map);
	if (tz_stylemap_load_default(&fuzz_map, &err))
		abort(); /* TECHZINE_DATA must name the source folder */
}

/* A zip in memory holding names[i] = parts[i]; malloc'd bytes or NULL. */
__attribute__((unused)) static unsigned char *fuzz_package(const char *const *names, const unsigned char *const *parts,
				   const size_t *lens, size_t n, size_t *out_len)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	unsigned char *buf = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i], lens[i], 0);
		if (!s || zip_file_add(za, names[i], s, ZIP_FL_OVERWRITE) < 0) {
			zip_source_free(s);
			zip_discard(za);
			goto out;
		}
	}
	if (zip_close(za) < 0) {
		zip_discard(za);
		goto out;
	}
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		buf = malloc(st.size + 1);
		if (buf && zip_source_read(src, buf, st.size) != (zip_int64_t)st.size) {
			free(buf);
			buf = NULL;
		}
		*out_len = st.size;
		zip_source_close(src);
	}
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return buf;
}

/* Read data with the reader for f, write the story and check it. */
static void fuzz_import(enum tz_import_format f, const unsigned char *data, size_t len)
{
	struct tz_import_input in;
	struct tz_import_options o;
	struct tz_import_result res;
	struct tz_idoc d;
	struct tz_error err;

	memset(&in, 0, sizeof(in));
	memset(&o, 0, sizeof(o));
	in.path = "fuzz";
	in.data = data;
	in.len = len;
	in.map = &fuzz_map;
	o.kind = "news";
	o.lang = "nl";
	tz_error_clear(&err);
	tz_idoc_init(&d);
	tz_import_result_init(&res);
	if (tz_reader_for(f)->read(&in, &d, &err) == 0) {
		if (tz_story_write(&d, &o, &res, &err) == 0) {
			if (tz_draft_validate(res.xml.data, res.xml.len, &err))
				abort(); /* the writer made an invalid story */
		} else if (err.code != TZ_ERR_LIMIT && err.code != TZ_ERR_NOMEM) {
			abort();
		}
	} else if (err.code == TZ_OK || !err.msg[0]) {
		abort(); /* a failure must say why */
	}
	tz_import_result_release(&res);
	tz_idoc_release(&d);
}

#endif
