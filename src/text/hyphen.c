/*
 * hyphen.c - break points inside words: libhyphen for Dutch dictionary
 * hyphenation, plus the rules no dictionary knows (hard hyphens, URLs,
 * e-mail addresses, codes with digits, brand names like "IQonIQ").
 *
 * The one idea: the word is lower-cased into the dictionary's encoding
 * (ISO-8859-1 for hyph_nl_NL.dic) with a table from every encoded byte back
 * to the code point, and from code point to UTF-8 offset; libhyphen's break
 * vector is mapped back through it. U+0133/U+0132 become "ij" and a break
 * between an 'i' and a following 'j' is always dropped, so the Dutch digraph
 * is never split whichever way it is written.
 *
 * libhyphen does the pattern matching (the well-kept library); only the
 * mapping and the Dutch/typographic rules are written here.
 */
#include "text/hyphen.h"

#include <hyphen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "text/wordcache.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/banned.h"

#define MAX_DICT_WORD 100 /* longer words get no dictionary points */

struct tz_hyphenator {
	HyphenDict *dict;
	int lhmin, rhmin;
	/* break vectors of words seen before: an issue repeats most of its
	 * long words (the demo: 5,300 of four letters or more, 2,100
	 * different), and the dictionary walk is the cost of a call */
	struct tz_wordcache seen;
};

struct tz_hyphenator *tz_hyph_new(const char *dic_path, struct tz_error *err)
{
	struct tz_hyphenator *h = tz_calloc(1, sizeof(*h));
	if (!h) {
		tz_error_nomem(err);
		return NULL;
	}
	h->dict = hnj_hyphen_load(dic_path);
	if (!h->dict) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0,
			     "cannot load hyphenation dictionary '%s'",
			     dic_path);
		free(h);
		return NULL;
	}
	h->lhmin = 2;
	h->rhmin = 2;
	tz_wordcache_init(&h->seen);
	return h;
}

void tz_hyph_free(struct tz_hyphenator *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	tz_wordcache_release(&h->seen);
	free(h);
}

static struct tz_hyphenator *dutch_cache;

static void free_dutch_cache(void)
{
	tz_hyph_free(dutch_cache);
	dutch_cache = NULL;
}

struct tz_hyphenator *tz_hyph_dutch(struct tz_error *err)
{
	if (!dutch_cache) {
		dutch_cache = tz_hyph_new(TZ_HYPHEN_NL, err);
		if (dutch_cache) {
			tz_hyph_set_min(dutch_cache, 2, 2);
			atexit(free_dutch_cache); /* quiet leak checkers */
		}
	}
	return dutch_cache;
}

void tz_hyph_set_min(struct tz_hyphenator *h, int lhmin, int rhmin)
{
	h->lhmin = lhmin < 1 ? 1 : lhmin;
	h->rhmin = rhmin < 1 ? 1 : rhmin;
	tz_wordcache_release(&h->seen); /* the points depend on them */
}

static int is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
	       c == 0x132;
}

static int is_lower(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
	       c == 0x133;
}

/* Letters for finding the word's core; any non-Latin script counts too. */
static int is_letter(uint32_t c)
{
	return is_upper(c) || is_lower(c) || c >= 0x100;
}

static int is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019;
}

static int is_hard_hyphen(uint32_t c)
{
	return c == '-' || c == 0x2010;
}

/* The word decoded: code points and their UTF-8 offsets. */
struct decoded {
	uint32_t *cp;
	size_t *off;
	size_t n;
};

static int decode_word(const char *s, size_t len, struct decoded *d,
		       struct tz_error *err)
{
	d->cp = tz_malloc((len + 1) * sizeof(*d->cp));
	d->off = tz_malloc((len + 1) * sizeof(*d->off));
	d->n = 0;
	if (!d->cp || !d->off)
		return tz_error_nomem(err);
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = tz_utf8_decode((const unsigned char *)s + i, len - i, &c);
		if (!k)
			return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
					    "invalid UTF-8 in word at byte %zu", i);
		d->cp[d->n] = c;
		d->off[d->n++] = i;
		i += k;
	}
	d->off[d->n] = len;
	return 0;
}

static int ascii_lower(uint32_t c)
{
	return c < 0x80 ? (int)(c >= 'A' && c <= 'Z' ? c + 32 : c) : -1;
}

static int looks_like_url(const struct decoded *d)
{
	int at = 0;
	for (size_t i = 0; i < d->n; i++) {
		uint32_t c = d->cp[i];
		if (c == ':' && i + 2 < d->n && d->cp[i + 1] == '/' &&
		    d->cp[i + 2] == '/')
			return 1;
		if (c == '@')
			at = 1;
		else if (c == '.' && at && i + 1 < d->n)
			return 1;
	}
	return d->n > 4 && ascii_lower(d->cp[0]) == 'w' &&
	       ascii_lower(d->cp[1]) == 'w' && ascii_lower(d->cp[2]) == 'w' &&
	       d->cp[3] == '.';
}

static int url_points(const struct decoded *d, unsigned char *breaks)
{
	int count = 0;
	for (size_t i = 0; i + 1 < d->n; i++) {
		uint32_t c = d->cp[i], next = d->cp[i + 1];
		if (c != '/' && c != '.' && c != '@' && c != '-')
			continue;
		if (next == c || next == '/') /* keep "//" and "./" together */
			continue;
		if (i + 1 < 2 || d->n - (i + 1) < 2)
			continue;
		breaks[d->off[i + 1]] = TZ_BREAK_URL;
		count++;
	}
	return count;
}

/* Encode the core [s, e) lower-cased for the dictionary. enc gets the bytes,
 * cpi[j] the code point index of byte j. Returns the byte count, or 0 when
 * the word must not be hyphenated by dictionary. */
static size_t encode_core(const struct decoded *d, size_t s, size_t e,
			  int utf8, char *enc, size_t *cpi, size_t cap)
{
	size_t m = 0;
	for (size_t i = s; i < e; i++) {
		uint32_t c = d->cp[i];
		char tmp[8];
		size_t k;
		if (c == 0x132 || c == 0x133) {
			if (m + 2 > cap)
				return 0;
			enc[m] = 'i';
			cpi[m++] = i;
			enc[m] = 'j';
			cpi[m++] = i;
			continue;
		}
		if (c == 0x2019)
			c = '\'';
		if (is_upper(c))
			c += 32;
		if (c >= 0x100 || !(is_lower(c) || c == '\''))
			return 0;
		if (utf8) {
			k = tz_utf8_encode(c, tmp);
		} else {
			tmp[0] = (char)(unsigned char)c;
			k = 1;
		}
		if (m + k > cap)
			return 0;
		for (size_t j = 0; j < k; j++) {
			enc[m] = tmp[j];
			cpi[m++] = i;
		}
	}
	return m;
}

/* Letters in [a, b) for lhmin/rhmin: U+0133 is two, as "ij" is. */
static size_t letters(const struct decoded *d, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += d->cp[i] == 0x132 || d->cp[i] == 0x133 ? 2 : 1;
	return n;
}

static int dict_points(struct tz_hyphenator *h, const struct decoded *d,
		       size_t s, size_t e, unsigned char *breaks,
		       struct tz_error *err)
{
	char enc[MAX_DICT_WORD * 4 + 1];
	size_t cpi[MAX_DICT_WORD * 4 + 1];
	char hyph[MAX_DICT_WORD * 4 + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int count = 0;
	size_t m;

	if (e - s > MAX_DICT_WORD)
		return 0;
	m = encode_core(d, s, e, h->dict->utf8, enc, cpi, sizeof(enc) - 1);
	if (m < 2)
		return 0;
	enc[m] = '\0';
	memset(hyph, 0, sizeof(hyph));
	if (hnj_hyphen_hyphenate3(h->dict, enc, (int)m, hyph, NULL, &rep, &pos,
				  &cut, h->lhmin, h->rhmin, h->lhmin,
				  h->rhmin) != 0) {
		count = -1;
		tz_error_nomem(err);
		goto out;
	}
	for (size_t j = 0; j + 1 < m; j++) {
		size_t before = letters(d, s, cpi[j + 1]);
		size_t after = letters(d, cpi[j + 1], e);
		if (!(hyph[j] & 1) || cpi[j] == cpi[j + 1])
			continue; /* no point, or inside a multi-byte char/ij */
		if (rep && rep[j])
			continue; /* non-standard (spelling-changing) break */
		if (enc[j] == 'i' && enc[j + 1] == 'j')
			continue; /* the digraph ij stays together */
		if (before < (size_t)h->lhmin || after < (size_t)h->rhmin)
			continue;
		if (is_apostrophe(d->cp[cpi[j]]) || is_apostrophe(d->cp[cpi[j + 1]]))
			continue; /* "auto's" never becomes "auto'-s" */
		breaks[d->off[cpi[j + 1]]] = TZ_BREAK_HYPHEN;
		count++;
	}
out:
	if (rep) {
		for (size_t j = 0; j < m; j++)
			free(rep[j]);
		free(rep);
	}
	free(pos);
	free(cut);
	return count;
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Dictionary points for one part of a word (between hard hyphens or
 * slashes), unless the part is a code, a brand, an acronym or too short. */
static int part_points(struct tz_hyphenator *h, const struct decoded *d,
		       size_t s, size_t e, unsigned char *breaks,
		       struct tz_error *err)
{
	int lower = 0, upper = 0;
	if (!h || e - s < 4)
		return 0;
	for (size_t i = s; i < e; i++) {
		uint32_t c = d->cp[i];
		if (is_lower(c)) {
			lower = 1;
		} else if (is_upper(c)) {
			upper++;
			if (i > s && is_lower(d->cp[i - 1]))
				return 0; /* IQonIQ, TechZone */
		} else if (!is_apostrophe(c)) {
			return 0; /* digits, '@', '.', '&', ... */
		}
	}
	if (upper >= 2 && !lower)
		return 0; /* acronyms: ASML, TNO */
	return dict_points(h, d, s, e, breaks, err);
}

static int find_points(struct tz_hyphenator *h, const char *word, size_t len,
		       unsigned char *breaks, struct tz_error *err)
{
	struct decoded d = { 0 };
	size_t s, e, ps;
	int count = 0;

	memset(breaks, 0, len);
	if (decode_word(word, len, &d, err) < 0) {
		count = -1;
		goto out;
	}
	if (looks_like_url(&d)) {
		count = url_points(&d, breaks);
		goto out;
	}
	for (s = 0; s < d.n && !is_letter(d.cp[s]) && !is_digit(d.cp[s]); s++)
		;
	for (e = d.n; e > s && !is_letter(d.cp[e - 1]) && !is_digit(d.cp[e - 1]); e--)
		;
	ps = s;
	for (size_t i = s; i <= e; i++) {
		uint32_t c = i < e ? d.cp[i] : 0;
		int k, slash = c == '/';
		if (i < e && !is_hard_hyphen(c) && !slash)
			continue;
		k = part_points(h, &d, ps, i, breaks, err);
		if (k < 0) {
			count = -1;
			goto out;
		}
		count += k;
		ps = i + 1;
		/* break after a hard hyphen or slash: two characters on each
		 * side, a letter on one of them ("2022-2025" is the caller's) */
		if (i < e && i >= s + 2 && e - (i + 1) >= 2 && d.cp[i + 1] != c &&
		    !is_hard_hyphen(d.cp[i + 1]) &&
		    (is_letter(d.cp[i - 1]) || is_letter(d.cp[i + 1]))) {
			breaks[d.off[i + 1]] = slash ? TZ_BREAK_URL : TZ_BREAK_EXPLICIT;
			count++;
		}
	}
out:
	free(d.cp);
	free(d.off);
	return count;
}

int tz_hyph_points(struct tz_hyphenator *h, const char *word, size_t len,
		   unsigned char *breaks, struct tz_error *err)
{
	int count;

	if (h && tz_wordcache_get(&h->seen, word, len, breaks, &count))
		return count;
	count = find_points(h, word, len, breaks, err);
	if (h && count >= 0)
		(void)tz_wordcache_put(&h->seen, word, len, breaks, count);
	return count;
}

/* The same rule as looks_like_url(), on bytes: every character it looks at
 * is ASCII, so no decoding (and no allocation) is needed. */
int tz_hyph_is_url(const char *w, size_t n)
{
	int at = 0;
	for (size_t i = 0; i < n; i++) {
		if (w[i] == ':' && i + 2 < n && w[i + 1] == '/' && w[i + 2] == '/')
			return 1;
		if (w[i] == '@')
			at = 1;
		else if (w[i] == '.' && at && i + 1 < n)
			return 1;
	}
	return n > 4 && (w[0] | 0x20) == 'w' && (w[1] | 0x20) == 'w' &&
	       (w[2] | 0x20) == 'w' && w[3] == '.';
}
