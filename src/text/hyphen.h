/*
 * hyphen.h - where a word may be broken: Dutch dictionary hyphenation
 * (libhyphen), hard hyphens in compounds, and URL/e-mail break points.
 *
 * The one idea: libhyphen works on ISO-8859-1 bytes, our text is UTF-8, so a
 * word is lower-cased into Latin-1 with a map from every Latin-1 position
 * back to its UTF-8 byte offset; the break vector is then mapped back. The
 * Dutch digraph ij (written "ij" or as U+0133/U+0132) is never split.
 *
 * Break kinds are reported per UTF-8 byte offset: breaks[k] != 0 means the
 * line may break before byte k, and the value says what to draw there.
 */
#ifndef TZ_HYPHEN_H
#define TZ_HYPHEN_H

#include <stddef.h>

#ifndef TZ_HYPHEN_EN /* Debian hyphen-en-us */
#define TZ_HYPHEN_EN "/usr/share/hyphen/hyph_en_US.dic"
#endif

struct tz_error;
struct tz_hyphenator;

enum tz_break_kind {
	TZ_BREAK_NONE = 0,
	TZ_BREAK_HYPHEN = 1,   /* dictionary point: draw a "-" at the line end */
	TZ_BREAK_EXPLICIT = 2, /* after a hard hyphen already in the word */
	TZ_BREAK_URL = 3       /* inside a URL/e-mail address: draw nothing */
};

/* Load a libhyphen dictionary (ISO-8859-1 or UTF-8 .dic). The caller owns
 * the result and frees it with tz_hyph_free(). */
struct tz_hyphenator *tz_hyph_new(const char *dic_path, struct tz_error *err);
void tz_hyph_free(struct tz_hyphenator *h);

/* The Dutch dictionary at TZ_HYPHEN_NL, loaded on first use and cached for
 * the life of the process (borrowed: do not free), with lhmin = rhmin = 2
 * set explicitly (Dutch convention; the .dic file names none). Not
 * thread-safe on the first call. Returns NULL and fills err when it cannot
 * be loaded. */
struct tz_hyphenator *tz_hyph_dutch(struct tz_error *err);

/* The English (US) dictionary (Debian hyphen-en-us, TZ_HYPHEN_EN), cached
 * like the Dutch one, for words marked lang="en"; NULL when it is not
 * installed, and then those words are not hyphenated at all (better no
 * break than a Dutch one in an English word: "Dut-ch"). */
struct tz_hyphenator *tz_hyph_english(void);

/* An exception: the word as it may break, '-' marking its only points
 * ("Europe": never; "Tech-Zone"), matched case-insensitively (ASCII) on the
 * word without the punctuation around it, before the dictionary. For proper
 * names and the layout's own list. 0, or -1 out of memory. */
int tz_hyph_add_exception(struct tz_hyphenator *h, const char *pattern);
/* Forget all exceptions (a new layout brings its own). */
void tz_hyph_clear_exceptions(struct tz_hyphenator *h);

/* Minimum letters before the first and after the last hyphen (default 2/2). */
void tz_hyph_set_min(struct tz_hyphenator *h, int lhmin, int rhmin);

/*
 * Fill breaks[0..len) (caller-allocated, len bytes) for one word (no
 * spaces) of valid UTF-8; leading and trailing punctuation is allowed and
 * never broken. Returns the number of break points, or -1 on error (invalid
 * UTF-8 or out of memory) with err filled. h may be NULL: then only hard
 * hyphens and URL points are found.
 *
 * Rules: a word is cut into parts at hard hyphens and slashes; it may
 * break after a hyphen (TZ_BREAK_EXPLICIT: "Borger-|Odoorn") or a slash
 * (TZ_BREAK_URL: "Onderwijs/|kennisinstellingen") with two characters on
 * each side and a letter next to it. Each part of 4+ letters gets dictionary
 * points, except parts containing digits, '@', '.', '&' and the like, an
 * upper-case letter after a lower-case one ("IQonIQ", "TechZone"),
 * all-capital parts (ASML) and parts with a character that has no Latin-1
 * form (other than ij and typographic apostrophes). URLs and e-mail
 * addresses (containing "://", starting with "www.", a '@' followed by a
 * '.', or a bare domain: a '.' between a letter or digit and two letters)
 * break only after '/', '.', '-', '_' and '?' without a hyphen, never in
 * the first or last two characters and never right after "www.".
 */
int tz_hyph_points(struct tz_hyphenator *h, const char *utf8_word, size_t len,
		   unsigned char *breaks, struct tz_error *err);

/* Does this word (valid UTF-8, no spaces) look like a URL or an e-mail
 * address by the rule above? Such words break without a hyphen. */
int tz_hyph_is_url(const char *utf8_word, size_t len);

#endif
