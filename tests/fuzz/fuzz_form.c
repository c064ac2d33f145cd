/*
 * fuzz_form.c - libFuzzer harness for the list server's parsers of what a
 * stranger sends: the urlencoded body and query string, multipart/form-data
 * (the first input line is the Content-Type, the rest the body), the
 * confirmation link read back from a query, the /r/ link decoder, the
 * proxy-address parser, and the log escaper (nothing unprintable may come
 * out, and the output stays inside its cap).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "listserver/clicks.h"
#include "listserver/config.h"
#include "listserver/confirm.h"
#include "listserver/form.h"
#include "listserver/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_form(const struct ls_form *f)
{
	if (f->n > LS_FORM_MAX_FIELDS)
		abort();
	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->f[i].value) != f->f[i].len || f->f[i].len > LS_FORM_VALUE_MAX ||
		    strlen(f->f[i].name) > LS_FORM_NAME_MAX)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	const char *nl = memchr(d, '\n', size);
	struct ls_form f;
	struct ls_signup su;
	char *s = malloc(size + 1), esc[200], url[LS_CLICK_URL_MAX + 1];
	struct ls_cidr c;
	if (!s)
		return 0;
	memcpy(s, d, size);
	s[size] = 0;

	ls_form_init(&f);
	if (ls_form_parse_urlencoded(&f, d, size) == LS_FORM_OK) {
		check_form(&f);
		ls_confirm_read("fuzz-secret-0123456789", &f, 1800000000LL, &su);
		for (size_t i = 0; i < f.n; i++)
			ls_text_ok(f.f[i].value, 100);
	}
	ls_form_release(&f);

	if (nl) {
		char *ct = malloc((size_t)(nl - d) + 1);
		if (ct) {
			memcpy(ct, d, (size_t)(nl - d));
			ct[nl - d] = 0;
			ls_form_init(&f);
			if (ls_form_parse_body(&f, ct, nl + 1, size - (size_t)(nl + 1 - d)) == LS_FORM_OK)
				check_form(&f);
			ls_form_release(&f);
			free(ct);
		}
	}

	ls_log_escape(s, esc, sizeof esc);
	if (strlen(esc) >= sizeof esc)
		abort();
	for (const char *p = esc; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			abort();
	if (ls_click_decode(s, url, sizeof url) == 0 && strlen(url) > LS_CLICK_URL_MAX)
		abort();
	if (ls_cidr_parse(s, &c) == 0 && c.bits > 128)
		abort();
	free(s);
	return 0;
}
