/*
 * import.c - detect, read, write, validate (see import.h).
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "story.h"
#include "textenc.h"
#include "../feed/draft.h"
#include "../util/alloc.h"
#include "../util/banned.h"

extern const struct tz_reader tz_reader_docx, tz_reader_odt, tz_reader_md, tz_reader_html,
	tz_reader_txt;

const struct tz_reader *tz_reader_for(enum tz_import_format f)
{
	static const struct tz_reader *const readers[] = {
		&tz_reader_docx, &tz_reader_odt, &tz_reader_md, &tz_reader_html, &tz_reader_txt};

	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (readers[i]->format == f)
			return readers[i];
	return NULL;
}

void tz_import_result_init(struct tz_import_result *r)
{
	memset(r, 0, sizeof(*r));
	tz_buf_init(&r->xml, (size_t)32 * (size_t)1024 * 1024);
}

void tz_import_result_release(struct tz_import_result *r)
{
	free(r->id);
	tz_buf_release(&r->xml);
	tz_strlist_release(&r->image_names);
	for (size_t i = 0; i < r->nimages; i++)
		free(r->image_data[i]);
	free(r->image_data);
	free(r->image_len);
	tz_strlist_release(&r->report);
	memset(r, 0, sizeof(*r));
}

int tz_import_convert(const struct tz_import_input *in, const struct tz_import_options *o,
		      struct tz_import_result *res, struct tz_error *err)
{
	enum tz_import_format f = tz_import_detect(in->data, in->len, in->path, err);
	const struct tz_reader *reader = tz_reader_for(f);
	struct tz_import_input text_in = *in;
	struct tz_buf utf8;
	struct tz_idoc d;
	const char *note = NULL;
	int rc = -1;

	if (!reader)
		return -1;
	tz_buf_init(&utf8, (size_t)64 * (size_t)1024 * 1024);
	tz_idoc_init(&d);
	if (f == TZ_IMPORT_MD || f == TZ_IMPORT_TXT || f == TZ_IMPORT_HTML) {
		if (tz_textenc_utf8(in->data, in->len, &utf8, &note)) {
			tz_error_set(err, TZ_ERR_LIMIT, in->path, 0, "the file is too large");
			goto out;
		}
		text_in.data = (const unsigned char *)utf8.data;
		text_in.len = utf8.len;
		if (note)
			tz_idoc_report(&d, "%s", note);
	}
	if (reader->read(&text_in, &d, err))
		goto out;
	if (tz_story_write(&d, o, res, err))
		goto out;
	if (tz_draft_validate(res->xml.data, res->xml.len, err)) {
		/* a bug, not the user's: the writer must always produce a valid story */
		err->code = TZ_ERR_CONTENT;
		goto out;
	}
	rc = 0;
out:
	/* the report goes to the caller even on failure: it says what was seen */
	for (size_t i = 0; i < d.report.n; i++) {
		if (tz_strlist_take(&res->report, d.report.v[i]))
			d.report.v[i] = NULL;
		else
			d.report.v[i] = NULL;
	}
	tz_idoc_release(&d);
	tz_buf_release(&utf8);
	return rc;
}
