/*
 * fuzz_import_docx.c - libFuzzer harness: the .docx reader and the story
 * writer (see fuzz_import_common.h). Input: a .docx, or the XML of
 * word/document.xml that the harness packages with fixed styles,
 * numbering, footnotes and comments parts.
 */
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char types[] = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
	static const char rels[] =
		"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	static const char styles[] =
		"<w:styles " W "><w:style w:type=\"paragraph\" w:styleId=\"Kop1\"><w:name w:val=\"heading 1\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Citaat\"><w:name w:val=\"Citaat\"/><w:basedOn w:val=\"Kop1\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Lijst\"><w:name w:val=\"List Paragraph\"/><w:pPr><w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style></w:styles>";
	static const char numbering[] =
		"<w:numbering " W "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/></w:lvl></w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
	static const char notes[] = "<w:footnotes " W "><w:footnote w:id=\"1\"><w:p><w:r><w:t>Noot</w:t></w:r></w:p></w:footnote></w:footnotes>";
	static const char comments[] = "<w:comments " W "><w:comment w:id=\"0\" w:author=\"R\"><w:p><w:r><w:t>Let op</w:t></w:r></w:p></w:comment></w:comments>";
	const char *names[] = {"[Content_Types].xml", "_rels/.rels", "word/styles.xml",
			       "word/numbering.xml", "word/footnotes.xml", "word/comments.xml",
			       "word/document.xml"};
	const unsigned char *parts[] = {(const unsigned char *)types, (const unsigned char *)rels,
					(const unsigned char *)styles, (const unsigned char *)numbering,
					(const unsigned char *)notes, (const unsigned char *)comments, data};
	size_t lens[] = {sizeof(types) - 1, sizeof(rels) - 1, sizeof(styles) - 1, sizeof(numbering) - 1,
			 sizeof(notes) - 1, sizeof(comments) - 1, size};
	unsigned char *pkg;
	size_t len = 0;

	fuzz_init();
	if (size > 1000000)
		return 0;
	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		fuzz_import(TZ_IMPORT_DOCX, data, size);
		return 0;
	}
	pkg = fuzz_package(names, parts, lens, 7, &len);
	if (pkg)
		fuzz_import(TZ_IMPORT_DOCX, pkg, len);
	free(pkg);
	return 0;
}
