/* test_quotes.c - straight quotes to typographic ones (src/text/quotes.c),
 * with the decision loop of the model builder (src/model/build.c). */
#include <string.h>

#include "tap.h"
#include "../../src/text/quotes.h"

/* Convert a whole plain string the way the builder does. */
static void convert(const char *in, char *out, size_t size)
{
	size_t n = 0;
	int space = 1;

	for (const char *s = in; *s && n + 4 < size; s++) {
		if (*s == '"' || *s == '\'') {
			const char *q = tz_quote_typographic(*s, space || (n && tz_quote_opens_after(out, n)), s + 1);
			memcpy(out + n, q, strlen(q));
			n += strlen(q);
			space = 0;
		} else {
			out[n++] = *s;
			space = *s == ' ';
		}
	}
	out[n] = '\0';
}

static int same(const char *in, const char *want)
{
	char out[256];

	convert(in, out, sizeof(out));
	CHECK_STR(out, want);
	return !strcmp(out, want);
}

int main(void)
{
	(void)same("\"Samenwerken is overleven\"", "“Samenwerken is overleven”");
	(void)same("Hij zei: 'kom maar'.", "Hij zei: ‘kom maar’.");
	(void)same("zo'n bedrijf", "zo’n bedrijf");
	(void)same("mkb'ers", "mkb’ers");
	(void)same("in 't Harde", "in ’t Harde");
	(void)same("'s avonds", "’s avonds");
	(void)same("de jaren '80 waren", "de jaren ’80 waren");
	(void)same("(\"tussen haakjes\")", "(“tussen haakjes”)");
	(void)same("Jerry's \"{{name}}\"", "Jerry’s “{{name}}”");
	(void)same("5' lang", "5’ lang");
	(void)same("\" los", "” los");
	return tap_done();
}
