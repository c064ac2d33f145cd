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

#include <ctype.h>
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
	/* exceptions: words (ASCII-folded, hyphens removed) with their only
	 * break points, from the layout's list of names and words */
	struct hyph_exception *exc;
	size_t nexc;
};

struct hyph_exception {
	char *key;          /* lower-case letters, no hyphens */
	unsigned char *pts; /* pts[k] != 0: a break before key byte k */
	size_t len;
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
	tz_hyph_clear_exceptions(h);
	free(h);
}

static struct tz_hyphenator *english_cache;
static int english_tried;

static void free_english_cache(void)
{
	tz_hyph_free(english_cache);
	english_cache = NULL;
}

struct tz_hyphenator *tz_hyph_english(void)
{
	if (!english_tried) {
		struct tz_error err;
		english_tried = 1;
		/* not installed (hyphen-en-us): English words get no points */
		english_cache = tz_hyph_new(TZ_HYPHEN_EN, &err);
		if (english_cache) {
			tz_hyph_set_min(english_cache, 2, 3); /* English convention */
			atexit(free_english_cache);
		}
	}
	return english_cache;
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

int tz_hyph_add_exception(struct tz_hyphenator *h, const char *pattern)
{
	size_t n = strlen(pattern), len = 0;
	struct hyph_exception e;
	void *grown;
	if (!h || n == 0 || n > 200)
		return 0;
	e.key = tz_malloc(n + 1);
	e.pts = tz_calloc(n + 1, 1);
	if (!e.key || !e.pts) {
		free(e.key);
		free(e.pts);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (pattern[i] == '-' && len > 0 && i + 1 < n)
			e.pts[len] = 1;
		else if (pattern[i] != '-')
			e.key[len++] = fold(pattern[i]);
	}
	e.key[len] = '\0';
	e.len = len;
	grown = tz_realloc(h->exc, (h->nexc + 1) * sizeof(*h->exc));
	if (!grown) {
		free(e.key);
		free(e.pts);
		return -1;
	}
	h->exc = grown;
	h->exc[h->nexc++] = e;
	return 0;
}

void tz_hyph_clear_exceptions(struct tz_hyphenator *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nexc; i++) {
		free(h->exc[i].key);
		free(h->exc[i].pts);
	}
	free(h->exc);
	h->exc = NULL;
	h->nexc = 0;
}

/* The exception for word's core (punctuation around it stripped), if any:
 * breaks filled from it and the point count returned; -1 if none. */
static int exception_points(const struct tz_hyphenator *h, const char *w, size_t n,
			    unsigned char *breaks)
{
	size_t s = 0, e = n;
	while (s < e && !((unsigned char)w[s] >= 0x80 || isalnum((unsigned char)w[s])))
		s++;
	while (e > s && !((unsigned char)w[e - 1] >= 0x80 || isalnum((unsigned char)w[e - 1])))
		e--;
	for (size_t i = 0; i < h->nexc; i++) {
		const struct hyph_exception *x = &h->exc[i];
		int count = 0;
		size_t k = 0;
		if (x->len != e - s)
			continue;
		while (k < x->len && fold(w[s + k]) == x->key[k])
			k++;
		if (k < x->len)
			continue;
		memset(breaks, 0, n);
		for (k = 1; k < x->len; k++)
			if (x->pts[k]) {
				breaks[s + k] = TZ_BREAK_HYPHEN;
				count++;
			}
		return count;
	}
	return -1;
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

static int ascii_alpha(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_alnum(uint32_t c)
{
	return ascii_alpha(c) || (c >= '0' && c <= '9');
}

/* The URL rule on code points (cp, n): a scheme ("://"), "www.", an e-mail
 * address (a '.' after a '@') or a bare domain ("dutchtechzone.example",
 * "dutchtechzone.nl/agenda": a '.' between a letter or digit and two
 * letters). Shared by looks_like_url() and tz_hyph_is_url(). */
static uint32_t char_at(const uint32_t *cp, const unsigned char *bytes, size_t i)
{
	return cp ? cp[i] : bytes ? (uint32_t)bytes[i] : 0;
}

static int url_rule(const uint32_t *cp, const unsigned char *bytes, size_t n)
{
	int at = 0;
#define CP(i) char_at(cp, bytes, (i))
	for (size_t i = 0; i < n; i++) {
		uint32_t c = CP(i);
		if (c == ':' && i + 2 < n && CP(i + 1) == '/' && CP(i + 2) == '/')
			return 1;
		if (c == '@')
			at = 1;
		else if (c == '.' && at && i + 1 < n)
			return 1;
		else if (c == '.' && i > 0 && i + 2 < n && ascii_alnum(CP(i - 1)) &&
			 ascii_alpha(CP(i + 1)) && ascii_alpha(CP(i + 2)))
			return 1;
	}
	return n > 4 && (CP(0) | 0x20) == 'w' && (CP(1) | 0x20) == 'w' &&
	       (CP(2) | 0x20) == 'w' && CP(3) == '.';
#undef CP
}

static int looks_like_url(const struct decoded *d)
{
	return url_rule(d->cp, NULL, d->n);
}

/* URLs and e-mail addresses break only after / . - _ ? (no hyphen is
 * drawn), never inside "//" or "./", never in the first or last two
 * characters, and never right after a leading "www." (a line ending in
 * "www." strands it, and a justified line stretches to make it fit). */
static int url_points(const struct decoded *d, unsigned char *breaks)
{
	int count = 0;
	size_t www = d->n > 4 && ascii_lower(d->cp[0]) == 'w' && ascii_lower(d->cp[1]) == 'w' &&
			     ascii_lower(d->cp[2]) == 'w' && d->cp[3] == '.'
		     ? 4
		     : 0;
	for (size_t i = 0; i + 1 < d->n; i++) {
		uint32_t c = d->cp[i], next = d->cp[i + 1];
		if (c != '/' && c != '.' && c != '-' && c != '_' && c != '?')
			continue;
		if (next == c || next == '/') /* keep "//" and "./" together */
			continue;
		if (i + 1 < 2 || d->n - (i + 1) < 2 || i + 1 == www)
			continue;
		/* "www." after a scheme: "https://www.|x" is the same strand */
		if (i >= 4 && c == '.' && ascii_lower(d->cp[i - 1]) == 'w' &&
		    ascii_lower(d->cp[i - 2]) == 'w' && ascii_lower(d->cp[i - 3]) == 'w' &&
		    d->cp[i - 4] == '/')
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

	if (h && h->nexc && (count = exception_points(h, word, len, breaks)) >= 0)
		return count;
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
	return url_rule(NULL, (const unsigned char *)w, n);
}
