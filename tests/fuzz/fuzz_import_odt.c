/*
 * fuzz_import_odt.c - libFuzzer harness: the .odt reader and the story
 * writer (see fuzz_import_common.h). Input: an .odt, or the XML of
 * content.xml that the harness packages with a mimetype and meta.xml.
 */
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char mime[] = "application/vnd.oasis.opendocument.text";
	static const char meta[] =
		"<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><office:meta><dc:title>Titel</dc:title>"
		"<dc:creator>Auteur</dc:creator><dc:date>2026-11-20T10:00:00</dc:date></office:meta></office:document-meta>";
	const char *names[] = {"mimetype", "meta.xml", "content.xml"};
	const unsigned char *parts[] = {(const unsigned char *)mime, (const unsigned char *)meta, data};
	size_t lens[] = {sizeof(mime) - 1, sizeof(meta) - 1, size};
	unsigned char *pkg;
	size_t len = 0;

	fuzz_init();
	if (size > 1000000)
		return 0;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		fuzz_import(TZ_IMPORT_ODT, data, size);
		return 0;
	}
	pkg = fuzz_package(names, parts, lens, 3, &len);
	if (pkg)
		fuzz_import(TZ_IMPORT_ODT, pkg, len);
	free(pkg);
	return 0;
}
