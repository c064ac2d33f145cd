/*
 * fuzz_text.c - libFuzzer harness for the pure byte parsers: strict UTF-8
 * (decode/validate/NFC/bidi), the DOCTYPE scanner, the JPEG/PNG header
 * probe, HTML escaping and template filling.
 */
#include <stdint.h>
#include <string.h>

#include "model/image.h"
#include "model/xmlsafe.h"
#include "text/utf8.h"
#include "web/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct tz_image img;
	struct tz_error err;
	struct tz_buf esc, out;
	struct tz_template t;
	struct tz_slot_values vals;
	size_t at = tz_utf8_invalid_at(s, size);

	if (at == (size_t)-1) {
		(void)tz_utf8_length(s, size);
		(void)tz_utf8_not_nfc_at(s, size);
		(void)tz_utf8_bidi_control_at(s, size);
	}
	(void)tz_xml_find_doctype(s, size);
	memset(&img, 0, sizeof(img));
	img.src = "fuzz";
	(void)tz_image_probe_mem(data, size, &img, &err);

	tz_buf_init(&esc, 1 << 20);
	tz_html_escape(&esc, s, size);
	tz_template_init(&t, size && (data[0] & 1) ? TZ_FORMAT_HTML : TZ_FORMAT_TEXT, 1 << 20);
	memset(&vals, 0, sizeof(vals));
	for (size_t i = 0; i < size; i += 7) {
		size_t n = size - i < 7 ? size - i : 7;
		if (data[i] % 3 == 0)
			tz_template_add_slot(&t, (enum tz_slot)(data[i] % TZ_SLOT_COUNT));
		else
			tz_template_add(&t, s + i, n);
	}
	vals.v[TZ_SLOT_GREETING_NAME] = esc.data;
	tz_buf_init(&out, 1 << 20);
	tz_template_fill(&t, &vals, &out);
	tz_buf_release(&out);
	tz_buf_release(&esc);
	tz_template_release(&t);
	return 0;
}
