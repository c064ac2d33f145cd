/*
 * detect.c - which reader a file needs, from its bytes (see import.h).
 *
 * Containers are told apart by what they hold (ODF's mimetype entry,
 * OOXML's [Content_Types].xml with a word/ part), never by the file name;
 * the name only breaks the tie between Markdown and plain text, which no
 * byte can. Formats we do not read get a message saying what to do.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "zipread.h"
#include "../util/buf.h"
#include "../util/banned.h"

static int has_ext(const char *name, const char *ext)
{
	size_t n = name ? strlen(name) : 0, k = strlen(ext);

	return n > k && name[n - k - 1] == '.' && !strcasecmp(name + n - k, ext);
}

static int contains(const unsigned char *d, size_t n, const char *needle, size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(d + i, needle, k))
			return 1;
	return 0;
}

static enum tz_import_format zip_kind(const unsigned char *data, size_t len, const char *name,
				      struct tz_error *err)
{
	struct tz_zip z;
	struct tz_buf mime;
	enum tz_import_format f = TZ_IMPORT_UNKNOWN;

	if (tz_zip_open(&z, data, len, name, err))
		return TZ_IMPORT_UNKNOWN;
	tz_buf_init(&mime, 4096);
	if (tz_zip_read(&z, "mimetype", 200, &mime, err) == 0) {
		if (!strncmp(mime.data, "application/vnd.oasis.opendocument.text", 39))
			f = TZ_IMPORT_ODT;
		else
			tz_error_set(err, TZ_ERR_CONTENT, name, 0,
				     "an OpenDocument file of type '%.80s', not a text document; save the text as .odt or .docx",
				     mime.data);
	} else if (err->code == TZ_OK && tz_zip_has(&z, "[Content_Types].xml")) {
		if (tz_zip_has(&z, "word/document.xml") || tz_zip_has(&z, "_rels/.rels"))
			f = TZ_IMPORT_DOCX;
		if (!tz_zip_has(&z, "word/document.xml") &&
		    (tz_zip_has(&z, "xl/workbook.xml") || tz_zip_has(&z, "ppt/presentation.xml"))) {
			f = TZ_IMPORT_UNKNOWN;
			tz_error_set(err, TZ_ERR_CONTENT, name, 0,
				     "an Excel or PowerPoint file, not a text document; save the text as .docx or .odt");
		}
	} else if (err->code == TZ_OK &&
		   (tz_zip_has(&z, "Index/Document.iwa") || tz_zip_has(&z, "index.xml"))) {
		tz_error_set(err, TZ_ERR_CONTENT, name, 0,
			     "an Apple Pages document; export it from Pages as Word (.docx)");
	}
	if (f == TZ_IMPORT_UNKNOWN && err->code == TZ_OK)
		tz_error_set(err, TZ_ERR_CONTENT, name, 0,
			     "a zip archive that is not a Word or OpenDocument text; save it as .docx or .odt");
	tz_buf_release(&mime);
	tz_zip_close(&z);
	return f;
}

enum tz_import_format tz_import_detect(const unsigned char *data, size_t len,
				       const char *name, struct tz_error *err)
{
	size_t head = len < 8192 ? len : 8192, i = 0;

	if (!len) {
		tz_error_set(err, TZ_ERR_CONTENT, name, 0, "the file is empty");
		return TZ_IMPORT_UNKNOWN;
	}
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return zip_kind(data, len, name, err);
	if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		if (contains(data, len < (1 << 20) ? len : (1 << 20), "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e", 31))
			tz_error_set(err, TZ_ERR_CONTENT, name, 0,
				     "the document is encrypted (password protected); save an unprotected copy as .docx");
		else
			tz_error_set(err, TZ_ERR_CONTENT, name, 0,
				     "a Word 97-2003 (.doc) or other old Office file; save it as .docx or .odt");
		return TZ_IMPORT_UNKNOWN;
	}
	if (len >= 5 && !memcmp(data, "{\\rtf", 5)) {
		tz_error_set(err, TZ_ERR_CONTENT, name, 0, "an RTF file; save it as .docx or .odt");
		return TZ_IMPORT_UNKNOWN;
	}
	if (len >= 5 && !memcmp(data, "%PDF-", 5)) {
		tz_error_set(err, TZ_ERR_CONTENT, name, 0,
			     "a PDF; ask for the original, or save it as .docx or .odt (copying text out of a PDF loses its structure)");
		return TZ_IMPORT_UNKNOWN;
	}
	if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
		return has_ext(name, "md") || has_ext(name, "markdown") ? TZ_IMPORT_MD : TZ_IMPORT_TXT;
	if (memchr(data, '\0', head)) {
		tz_error_set(err, TZ_ERR_CONTENT, name, 0,
			     "a binary file, not a document we read; save it as .docx, .odt, .md or .txt");
		return TZ_IMPORT_UNKNOWN;
	}
	if (head >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		i = 3;
	while (i < head && isspace(data[i]))
		i++;
	if (head - i >= 5 && (!strncasecmp((const char *)data + i, "<!doctype html", head - i < 14 ? head - i : 14) ||
			      !strncasecmp((const char *)data + i, "<html", 5) ||
			      (data[i] == '<' && (has_ext(name, "html") || has_ext(name, "htm")))))
		return TZ_IMPORT_HTML;
	if (has_ext(name, "md") || has_ext(name, "markdown") || has_ext(name, "mdown"))
		return TZ_IMPORT_MD;
	if (has_ext(name, "txt") || has_ext(name, "text"))
		return TZ_IMPORT_TXT;
	/* no telling name: Markdown when it looks like it */
	if ((data[i] == '#' && i + 1 < head && (data[i + 1] == ' ' || data[i + 1] == '#')) ||
	    contains(data, head, "](", 2) || contains(data, head, "\n## ", 4) ||
	    contains(data, head, "**", 2))
		return TZ_IMPORT_MD;
	return TZ_IMPORT_TXT;
}
