/*
 * test_hyphen.c - Dutch hyphenation through libhyphen and the rules around
 * it: the ij digraph (also U+0133), lhmin/rhmin, Latin-1 conversion of
 * diacritics, hard hyphens and slashes, URLs and e-mail addresses, words
 * left alone (acronyms, brands, codes, scripts without a Latin-1 form).
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

static int count_points(struct tz_hyphenator *h, const char *w)
{
	unsigned char br[256];
	struct tz_error err;
	return tz_hyph_points(h, w, strlen(w), br, &err);
}

/* Invariants over a word: no break splits "ij" (or falls inside U+0133, or
 * inside a multi-byte character), none leaves fewer than two letters at
 * either end of the word's letters. */
static int invariants_hold(struct tz_hyphenator *h, const char *w)
{
	unsigned char br[256];
	struct tz_error err;
	size_t n = strlen(w), first = n, last = 0;
	if (tz_hyph_points(h, w, n, br, &err) < 0)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if (!br[i])
			continue;
		if (((unsigned char)w[i] & 0xC0) == 0x80)
			return 0; /* inside a UTF-8 sequence */
		if ((w[i - 1] == 'i' || w[i - 1] == 'I') && (w[i] == 'j' || w[i] == 'J'))
			return 0;
		if (i < first)
			first = i;
		last = i;
	}
	return first == n || (first >= 2 && n - last >= 2);
}

static const char *dutch[][2] = {
	/* everyday words and compounds */
	{ "arbeidsmarkt", "ar-beids-markt" },
	{ "ondernemers", "on-der-ne-mers" },
	{ "samenwerking", "sa-men-wer-king" },
	{ "gemeenten", "ge-meen-ten" },
	{ "vakmanschap", "vak-man-schap" },
	{ "technologie", "tech-no-lo-gie" },
	{ "duurzaamheid", "duur-zaam-heid" },
	{ "werkgelegenheid", "werk-ge-le-gen-heid" },
	{ "composietenplatform", "com-po-sie-ten-plat-form" },
	{ "kunststofrecycling", "kunst-stof-re-cy-cling" },
	{ "beroepsbegeleidende", "be-roeps-be-ge-lei-den-de" },
	{ "kinderen", "kin-de-ren" },
	{ "arbeidsmarktcommunicatiemedewerkersvacature",
	  "ar-beids-markt-com-mu-ni-ca-tie-me-de-wer-kers-va-ca-tu-re" },
	/* the ij digraph, spelled out and as U+0133/U+0132 */
	{ "bedrijventerrein", "be-drij-ven-ter-rein" },
	{ "ijzersterk", "ij-zer-sterk" },
	{ "ĳzersterk", "ĳ-zer-sterk" },
	{ "vrijheid", "vrij-heid" },
	{ "vrĳheid", "vrĳ-heid" },
	{ "bijeenkomst", "bij-een-komst" },
	{ "rijksoverheid", "rijks-over-heid" },
	{ "wijziging", "wij-zi-ging" },
	{ "IJsselmeer", "IJs-sel-meer" },
	/* capitals, diacritics (Latin-1 after conversion) */
	{ "Coevorden", "Coe-vor-den" },
	{ "Hardenberg", "Har-den-berg" },
	{ "Hoogeveen", "Hoo-ge-veen" },
	{ "geïnteresseerden", "ge-ïn-te-res-seer-den" },
	{ "financiële", "fi-nan-ci-ë-le" },
	{ "ideeën", "idee-ën" },
	{ "coördinatie", "co-ör-di-na-tie" },
	/* punctuation around the word is never broken */
	{ "(bijvoorbeeld),", "(bij-voor-beeld)," },
	{ "“Andere", "“Andere" },
	/* hard hyphens and slashes: break after them, parts hyphenated */
	{ "Borger-Odoorn", "Bor-ger-|Odoorn" },
	{ "Noord-Nederland", "Noord-|Ne-der-land" },
	{ "Onderwijs/kennisinstellingen", "On-der-wijs/|ken-nis-in-stel-lin-gen" },
	{ "3D-printer", "3D-|prin-ter" },
	{ "e-mail", "e-mail" },    /* one letter before the hyphen */
	{ "maak-", "maak-" },      /* nothing after it */
	/* left alone: acronyms, brands, codes, numbers, no Latin-1 form */
	{ "ASML", "ASML" },
	{ "ĲSSELMEER", "ĲSSELMEER" },
	{ "IQonIQ", "IQonIQ" },
	{ "TechZone", "TechZone" },
	{ "COVID-19", "COVID-|19" },
	{ "118.000", "118.000" },
	{ "A28", "A28" },
	{ "Łódź", "Łódź" },
	{ "auto's", "auto's" },
	{ "zo’n", "zo’n" },
	{ "avond", "avond" },      /* a-vond would leave one letter */
	/* URLs and e-mail addresses: their own points, never a hyphen */
	/* only after / . - _ ? (not '@'), never right after a leading "www." */
	{ "www.dutchtechzone.nl", "www.dutchtechzone.|nl" },
	{ "info@dutchtechzone.nl", "info@dutchtechzone.|nl" },
	{ "https://www.dutchtechzone.nl/agenda/2026",
	  "https://|www.dutchtechzone.|nl/|agenda/|2026" },
	/* a bare domain is a URL too: no dictionary points in it (issue 15:
	 * "dutchtechzo-ne.example", "o-ndernemersontbijt") */
	{ "dutchtechzone.example", "dutchtechzone.|example" },
	{ "dutchtechzone.example/agenda/ondernemersontbijt-netcongestie",
	  "dutchtechzone.|example/|agenda/|ondernemersontbijt-|netcongestie" },
	{ "x.example/a_b?c=1", "x.|example/|a_|b?|c=1" },
	{ "(https://example.org/a-b).", "(https://|example.|org/|a-|b)." },
};

int main(int argc, char **argv)
{
	struct tz_error err;
	struct tz_hyphenator *h = tz_hyph_dutch(&err);
	unsigned char br[64];
	CHECK(h != NULL);
	if (!h)
		return tap_done();
	if (argc > 1) { /* manual probe: test_hyphen word... */
		for (int i = 1; i < argc; i++)
			printf("%s\n", show(h, argv[i]));
		return 0;
	}
	CHECK(tz_hyph_dutch(&err) == h); /* cached */
	for (size_t i = 0; i < sizeof(dutch) / sizeof(dutch[0]); i++) {
		CHECK_STR(show(h, dutch[i][0]), dutch[i][1]);
		CHECK(invariants_hold(h, dutch[i][0]));
	}
	/* without a dictionary only hard hyphens and URL points remain */
	CHECK_STR(show(NULL, "Borger-Odoorn"), "Borger-|Odoorn");
	CHECK_STR(show(NULL, "arbeidsmarkt"), "arbeidsmarkt");
	CHECK(count_points(h, "arbeidsmarkt") == 2);
	CHECK(tz_hyph_is_url("www.x.nl", 8) && tz_hyph_is_url("a@b.nl", 6) &&
	      tz_hyph_is_url("http://x", 8) && !tz_hyph_is_url("a.b", 3) &&
	      !tz_hyph_is_url("@home", 5));
	CHECK(tz_hyph_is_url("dutchtechzone.nl", 16) && !tz_hyph_is_url("o.a.", 4) &&
	      !tz_hyph_is_url("118.000", 7) && !tz_hyph_is_url("bijv.", 5));

	/* exceptions: only their own points, case-insensitive, punctuation
	 * around the word allowed; cleared again */
	CHECK(tz_hyph_add_exception(h, "Europe") == 0);
	CHECK(tz_hyph_add_exception(h, "Composieten-platform") == 0);
	CHECK_STR(show(h, "Europe"), "Europe");
	CHECK_STR(show(h, "(Europe),"), "(Europe),");
	CHECK_STR(show(h, "composietenplatform"), "composieten-platform");
	tz_hyph_clear_exceptions(h);
	CHECK(strcmp(show(h, "composietenplatform"), "composieten-platform") != 0);

	/* English words: the English dictionary, when installed */
	{
		struct tz_hyphenator *en = tz_hyph_english();
		CHECK(en != NULL); /* hyphen-en-us is in scripts/setup */
		if (en) {
			CHECK_STR(show(en, "practice"), "prac-tice");
			CHECK_STR(show(en, "Dutch"), "Dutch");
			CHECK(tz_hyph_english() == en);
		}
	}

	/* lhmin/rhmin are the hyphenator's: 3/3 drops "ar-" and "-re" */
	{
		struct tz_hyphenator *h3 = tz_hyph_new(TZ_HYPHEN_NL, &err);
		CHECK(h3 != NULL);
		if (h3) {
			tz_hyph_set_min(h3, 3, 3);
			CHECK_STR(show(h3, "arbeidsmarkt"), "arbeids-markt");
			CHECK_STR(show(h3, "vacature"), "vaca-ture");
			tz_hyph_free(h3);
		}
	}
	/* words seen before come from the hyphenator's cache: the same points
	 * the second time, and new ones once the minimums change */
	{
		struct tz_hyphenator *hc = tz_hyph_new(TZ_HYPHEN_NL, &err);
		CHECK(hc != NULL);
		if (hc) {
			for (int round = 0; round < 2; round++) {
				for (size_t i = 0; i < sizeof(dutch) / sizeof(dutch[0]); i++)
					CHECK_STR(show(hc, dutch[i][0]), dutch[i][1]);
				CHECK(count_points(hc, "arbeidsmarkt") == 2);
			}
			tz_hyph_set_min(hc, 3, 3);
			CHECK_STR(show(hc, "arbeidsmarkt"), "arbeids-markt");
			tz_hyph_set_min(hc, 2, 2);
			CHECK_STR(show(hc, "arbeidsmarkt"), "ar-beids-markt");
			/* an error is not remembered as a word */
			CHECK(tz_hyph_points(hc, "ab\xff", 3, br, &err) == -1);
			CHECK(tz_hyph_points(hc, "ab\xff", 3, br, &err) == -1);
			tz_hyph_free(hc);
		}
	}
	/* errors: bad UTF-8 names the byte; a missing dictionary */
	CHECK(tz_hyph_points(h, "ab\xff", 3, br, &err) == -1);
	CHECK(err.code == TZ_ERR_CONTENT && strstr(err.msg, "byte 2") != NULL);
	CHECK(tz_hyph_points(h, "ab\xc3", 3, br, &err) == -1);
	CHECK(tz_hyph_new("/nonexistent/hyph_xx.dic", &err) == NULL);
	CHECK(err.code == TZ_ERR_DEPENDENCY && strstr(err.msg, "hyph_xx.dic") != NULL);
	return tap_done();
}
