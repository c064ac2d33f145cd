/*
 * import.h - documents (docx, odt, md, html, txt) -> story drafts.
 *
 * One reader per format behind one interface (struct tz_reader): each
 * turns the file's bytes into a struct tz_idoc (idoc.h); one writer
 * (story.h) turns that into story XML. The format is found from the bytes
 * (detect.c), not the name; formats we cannot read get a message saying
 * what to save them as. Paragraph and character styles are mapped by the
 * data in layouts/import.xml (stylemap.h), not by code.
 */
#ifndef TZ_IMPORT_H
#define TZ_IMPORT_H

#include <stddef.h>

#include "idoc.h"
#include "stylemap.h"
#include "../util/buf.h"
#include "../util/error.h"

enum tz_import_format {
	TZ_IMPORT_UNKNOWN = 0,
	TZ_IMPORT_DOCX,
	TZ_IMPORT_ODT,
	TZ_IMPORT_MD,
	TZ_IMPORT_HTML,
	TZ_IMPORT_TXT
};

/* What a reader gets: the file's bytes and where it came from. */
struct tz_import_input {
	const char *path;        /* for messages */
	const char *dir;         /* the file's folder (Markdown images), may be NULL */
	const unsigned char *data;
	size_t len;
	const struct tz_stylemap *map; /* borrowed */
};

struct tz_reader {
	const char *name;
	enum tz_import_format format;
	/* Fill d; 0, or -1 with err (a broken or hostile file). */
	int (*read)(const struct tz_import_input *in, struct tz_idoc *d, struct tz_error *err);
};

const struct tz_reader *tz_reader_for(enum tz_import_format f);

/* The format of data (name only breaks ties between md and txt). Returns
 * TZ_IMPORT_UNKNOWN with err saying what to do for .doc, .rtf, .pages,
 * .pdf, encrypted documents and binary files. */
enum tz_import_format tz_import_detect(const unsigned char *data, size_t len,
				       const char *name, struct tz_error *err);

struct tz_import_options {
	const char *kind;         /* news (default), parel, event, ... */
	const char *municipality; /* NULL: a placeholder */
	const char *lang;         /* nl (default) or en */
	const char *id;           /* NULL: from the headline */
};

/* One imported story: the XML, its id and the images it points at. */
struct tz_import_result {
	char *id;
	struct tz_buf xml;
	struct tz_strlist image_names; /* images/<id>-N.ext, relative to DIR */
	unsigned char **image_data;
	size_t *image_len;
	size_t nimages;
	size_t placeholders;
	struct tz_strlist report; /* moved from the idoc, plus the writer's */
};

void tz_import_result_init(struct tz_import_result *r);
void tz_import_result_release(struct tz_import_result *r);

/* Read data (detected format) and write the story into res; the story has
 * been validated against story.rng. 0, or -1 with err. */
int tz_import_convert(const struct tz_import_input *in, const struct tz_import_options *o,
		      struct tz_import_result *res, struct tz_error *err);

#endif
