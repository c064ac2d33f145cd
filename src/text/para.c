/*
 * para.c - from inline runs to the box/glue/penalty list, then through the
 * total-fit breaker to positioned fragments (para_lines.c).
 *
 * The one idea: a word is gathered across runs into one UTF-8 buffer with,
 * for every byte, the run and offset it came from; hyphenation, URL points
 * and the overlong-word rule then work on whole words, and the word is cut
 * into boxes wherever a break point, a style change or a dropped invisible
 * character falls. Every box refers back to its source bytes, so nothing
 * downstream re-parses text.
 *
 * The rules (ties, soft hyphens, forced splits) are listed in para.h and
 * argued in docs/typography.md.
 */
#include "text/para.h"

#include <math.h>
#include <string.h>

#include "text/hyphen.h"
#include "text/para_impl.h"
#include "text/utf8.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/banned.h"

enum sep { SEP_NONE, SEP_SPACE, SEP_TIE, SEP_NARROW_TIE };
enum mark { MARK_NONE, MARK_SOFT_HYPHEN, MARK_ZWSP };

#define STYLE_CACHE 16 /* styles 0..15 are cached, others measured */

struct wbyte {
	size_t run, off;
	unsigned style;
};

struct tok {
	const struct tz_runs *runs;
	const struct tz_para_params *p;
	struct tz_hyphenator *hyph;
	struct tz_error *err;
	struct tz_para_items *pi;
	double min_width;
	/* the word being gathered */
	char *w;
	struct wbyte *wb;
	unsigned char *mark, *br, *split; /* per byte, len + 1 */
	size_t wlen, wcap;
	/* what separates it from the previous word */
	enum sep sep;
	unsigned sep_style;
	int prev_word, prev_digit, prev_currency, prev_hyphen;
	/* measures per style */
	double space_w[STYLE_CACHE], hyphen_w[STYLE_CACHE];
	int have_space[STYLE_CACHE], have_hyphen[STYLE_CACHE];
};

void tz_para_params_init(struct tz_para_params *p, tz_measure_fn measure,
			 void *ctx, const double *widths, size_t nwidths)
{
	memset(p, 0, sizeof(*p));
	p->measure = measure;
	p->ctx = ctx;
	p->widths = widths;
	p->nwidths = nwidths;
	p->indent = 0;
	p->space_stretch = 0.5;
	p->space_shrink = 1.0 / 3.0;
	p->hyphenate = 1;
	p->hyph = NULL;
	p->hyphen_penalty = 50;
	p->explicit_penalty = 50;
	p->split_penalty = 5000;
	p->unit_ties = 1;
	tz_lb_params_init(&p->lb, widths, nwidths);
	p->expansion = 0;
	p->letterspace = 0;
	p->protrusion = 0;
	p->protrusion_factor = 1.0;
}

void tz_para_items_release(struct tz_para_items *pi)
{
	free(pi->items);
	free(pi->src);
	memset(pi, 0, sizeof(*pi));
}

static double measure(struct tok *t, unsigned style, const char *s, size_t n)
{
	double w = t->p->measure(t->p->ctx, style, s, n);
	return isfinite(w) && w > 0 ? w : 0;
}

static double space_width(struct tok *t, unsigned style)
{
	unsigned k = style;
	if (k >= STYLE_CACHE)
		return measure(t, style, " ", 1);
	if (!t->have_space[k]) {
		t->space_w[k] = measure(t, style, " ", 1);
		t->have_space[k] = 1;
	}
	return t->space_w[k];
}

static double hyphen_width(struct tok *t, unsigned style)
{
	unsigned k = style;
	if (k >= STYLE_CACHE)
		return measure(t, style, "-", 1);
	if (!t->have_hyphen[k]) {
		t->hyphen_w[k] = measure(t, style, "-", 1);
		t->have_hyphen[k] = 1;
	}
	return t->hyphen_w[k];
}

static int push_item(struct tok *t, const struct tz_item *it)
{
	struct tz_para_items *pi = t->pi;
	if (tz_array_grow((void **)&pi->items, &pi->cap, pi->n + 1,
			  sizeof(*pi->items)) < 0)
		return tz_error_nomem(t->err);
	pi->items[pi->n++] = *it;
	return 0;
}

static int push_penalty(struct tok *t, int penalty, int flagged,
			enum tz_penalty_kind kind, double width, double mr)
{
	struct tz_item it = { 0 };
	it.type = TZ_ITEM_PENALTY;
	it.penalty = penalty > TZ_PENALTY_INF ? TZ_PENALTY_INF :
		     penalty < -TZ_PENALTY_INF ? -TZ_PENALTY_INF : penalty;
	it.flagged = flagged;
	it.kind = kind;
	it.width = width;
	it.nchars = width > 0 ? 1 : 0; /* a hyphen */
	it.margin_right = mr;
	it.ref = TZ_PARA_NOREF;
	return push_item(t, &it);
}

static int push_glue(struct tok *t, double w)
{
	struct tz_item it = { 0 };
	it.type = TZ_ITEM_GLUE;
	it.width = w;
	it.stretch = w * t->p->space_stretch;
	it.shrink = w * t->p->space_shrink;
	it.ref = TZ_PARA_NOREF;
	return push_item(t, &it);
}

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int is_currency(uint32_t c)
{
	return c == 0x20AC || c == '$' || c == 0xA3 || c == 0xA5;
}

static int is_dash(uint32_t c)
{
	return c == 0x2013 || c == 0x2014;
}

static int strstr_n(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(s + i, needle, k))
			return 1;
	return 0;
}

/* Last and first code point of the gathered word. */
static uint32_t word_cp(const struct tok *t, int last)
{
	uint32_t c = 0;
	size_t i = 0;
	if (last) {
		i = t->wlen;
		do
			i--;
		while (i > 0 && ((unsigned char)t->w[i] & 0xC0) == 0x80);
	}
	if (!tz_utf8_decode((const unsigned char *)t->w + i, t->wlen - i, &c))
		return 0;
	return c;
}

/* Protrusion allowances of the box [a, b) of the word. */
static void box_margins(struct tok *t, size_t a, size_t b, struct tz_item *it)
{
	const struct tz_para_params *p = t->p;
	const char *text = t->runs->items[t->wb[a].run].text;
	uint32_t c;
	size_t k, i;
	double f;

	it->margin_left = it->margin_right = 0;
	if (!p->protrusion)
		return;
	k = tz_utf8_decode((const unsigned char *)t->w + a, b - a, &c);
	f = k ? tz_para_protrude_left(c) : 0;
	if (f > 0)
		it->margin_left = f * p->protrusion_factor *
				  measure(t, t->wb[a].style, text + t->wb[a].off, k);
	for (i = b - 1; i > a && ((unsigned char)t->w[i] & 0xC0) == 0x80; i--)
		;
	k = tz_utf8_decode((const unsigned char *)t->w + i, b - i, &c);
	f = k ? tz_para_protrude_right(c) : 0;
	if (f > 0)
		it->margin_right = f * p->protrusion_factor *
				   measure(t, t->wb[i].style, text + t->wb[i].off, k);
}

static int is_cut(const struct tok *t, size_t k)
{
	return t->br[k] || t->split[k] || t->mark[k] ||
	       t->wb[k].run != t->wb[k - 1].run ||
	       t->wb[k].off != t->wb[k - 1].off + 1;
}

static int is_cp_start(const struct tok *t, size_t k)
{
	return ((unsigned char)t->w[k] & 0xC0) != 0x80;
}

/* Widths of the pieces between break points; where one is wider than the
 * narrowest line, mark split points between its characters (not in "ij"). */
static void mark_splits(struct tok *t)
{
	size_t a = 0;
	while (a < t->wlen) {
		size_t b = a + 1, s = a;
		double w = 0;
		while (b < t->wlen && !t->br[b])
			b++;
		for (size_t k = a + 1; k <= b; k++) {
			if (k < b && !is_cut(t, k))
				continue;
			w += measure(t, t->wb[s].style,
				     t->runs->items[t->wb[s].run].text + t->wb[s].off,
				     k - s);
			s = k;
		}
		if (b < t->wlen && t->br[b] == TZ_BREAK_HYPHEN)
			w += hyphen_width(t, t->wb[b - 1].style);
		if (w > t->min_width) {
			for (size_t k = a + 1; k < b; k++) {
				char x = t->w[k - 1], y = t->w[k];
				if (!is_cp_start(t, k))
					continue;
				if ((x == 'i' || x == 'I') && (y == 'j' || y == 'J'))
					continue;
				t->split[k] = 1;
			}
		}
		a = b;
	}
}

static int emit_separator(struct tok *t, uint32_t first)
{
	int tie;
	double w;
	if (!t->prev_word || t->sep == SEP_NONE)
		return 0;
	tie = t->sep != SEP_SPACE ||
	      (t->p->unit_ties &&
	       (t->prev_digit || (t->prev_currency && is_digit(first)) ||
		is_dash(first)));
	w = space_width(t, t->sep_style);
	if (t->sep == SEP_NARROW_TIE)
		w *= 0.5;
	if (tie && push_penalty(t, TZ_PENALTY_INF, 0, TZ_PEN_TIE, 0, 0) < 0)
		return -1;
	/* "maak- en procesindustrie": a line ending here ends in a hyphen, so
	 * the break is a flagged penalty (the glue after it is no breakpoint) */
	if (!tie && t->prev_hyphen &&
	    push_penalty(t, 0, 1, TZ_PEN_PLAIN, 0, 0) < 0)
		return -1;
	return push_glue(t, w);
}

/* Turn the gathered word into boxes and penalties. */
static int emit_word(struct tok *t)
{
	const struct tz_para_params *p = t->p;
	int soft = 0, url;
	size_t s = 0;
	uint32_t first, last;

	if (t->wlen == 0)
		return 0;
	first = word_cp(t, 0);
	last = word_cp(t, 1);
	if (emit_separator(t, first) < 0)
		return -1;
	for (size_t k = 0; k < t->wlen; k++)
		soft |= t->mark[k] == MARK_SOFT_HYPHEN;
	/* an English word (<span lang="en">) gets the English dictionary, or
	 * none when it is not installed; never the Dutch one */
	if (tz_hyph_points(!p->hyphenate || soft		    ? NULL
			   : t->wb[0].style & TZ_STYLE_LANG_EN ? tz_hyph_english()
							       : t->hyph,
			   t->w, t->wlen, t->br, t->err) < 0)
		return -1;
	url = tz_hyph_is_url(t->w, t->wlen);
	for (size_t k = 1; k < t->wlen; k++) {
		if (t->mark[k] == MARK_SOFT_HYPHEN)
			t->br[k] = url ? TZ_BREAK_URL : TZ_BREAK_HYPHEN;
		else if (t->mark[k] == MARK_ZWSP)
			t->br[k] = TZ_BREAK_URL;
		else if (!t->br[k] && k + 1 < t->wlen && is_cp_start(t, k) &&
			 k >= 4 && !memcmp(t->w + k - 3, "\xE2\x80", 2) &&
			 ((unsigned char)t->w[k - 1] == 0x93 ||
			  (unsigned char)t->w[k - 1] == 0x94))
			t->br[k] = TZ_BREAK_URL; /* after a dash inside a word */
		else if (!t->br[k] && !url && k >= 3 && k + 2 <= t->wlen &&
			 t->w[k - 1] == '-' && is_digit((unsigned char)t->w[k - 2]) &&
			 is_digit((unsigned char)t->w[k]))
			t->br[k] = TZ_BREAK_EXPLICIT; /* a range: "2022-|2025" */
	}
	t->br[0] = 0;
	/* a URL piece wider than any line may still be split as a last
	 * resort, but without a hyphen (it is no word break) */
	mark_splits(t);
	for (size_t k = 1; k <= t->wlen; k++) {
		struct tz_item it = { 0 };
		struct tz_para_items *pi = t->pi;
		struct tz_para_src *src;
		unsigned kind;
		if (k < t->wlen && !is_cut(t, k))
			continue;
		if (tz_array_grow((void **)&pi->src, &pi->srccap, pi->nsrc + 1,
				  sizeof(*pi->src)) < 0)
			return tz_error_nomem(t->err);
		src = &pi->src[pi->nsrc];
		src->run = t->wb[s].run;
		src->off = t->wb[s].off;
		src->len = k - s;
		src->style = t->wb[s].style;
		src->nchars = tz_utf8_length(t->w + s, k - s);
		it.type = TZ_ITEM_BOX;
		it.width = measure(t, src->style,
				   t->runs->items[src->run].text + src->off,
				   src->len);
		it.nchars = src->nchars;
		it.ref = pi->nsrc++;
		box_margins(t, s, k, &it);
		if (push_item(t, &it) < 0)
			return -1;
		s = k;
		if (k == t->wlen)
			break;
		kind = t->br[k];
		if (kind == TZ_BREAK_HYPHEN || (t->split[k] && !url)) {
			double hw = hyphen_width(t, t->wb[k - 1].style);
			double mr = p->protrusion ? hw * p->protrusion_factor *
					      tz_para_protrude_right('-') : 0;
			if (push_penalty(t, kind ? p->hyphen_penalty : p->split_penalty,
					 1, kind ? TZ_PEN_HYPHEN : TZ_PEN_SPLIT,
					 hw, mr) < 0)
				return -1;
		} else if (kind == TZ_BREAK_EXPLICIT) {
			if (push_penalty(t, p->explicit_penalty, 1, TZ_PEN_PLAIN, 0, 0) < 0)
				return -1;
		} else if (kind == TZ_BREAK_URL || t->split[k]) {
			if (push_penalty(t, kind ? p->explicit_penalty : p->split_penalty,
					 0, kind ? TZ_PEN_PLAIN : TZ_PEN_SPLIT, 0, 0) < 0)
				return -1;
		}
	}
	t->prev_word = 1;
	/* a number ties to what follows, a range or code ("2022-2025",
	 * "A-37") does not */
	t->prev_digit = is_digit(last) && !memchr(t->w, '-', t->wlen) &&
			!strstr_n(t->w, t->wlen, "\xE2\x80\x93");
	t->prev_hyphen = last == '-' || last == 0x2010;
	t->prev_currency = is_currency(first) && tz_utf8_length(t->w, t->wlen) == 1;
	t->sep = SEP_NONE;
	t->wlen = 0;
	return 0;
}

static int word_add(struct tok *t, size_t run, size_t off, size_t n,
		    unsigned style, enum mark pending)
{
	if (t->wlen + n >= t->wcap) /* sized for the whole paragraph */
		return tz_error_set(t->err, TZ_ERR_USAGE, NULL, 0,
				    "paragraph text changed while it was set");
	for (size_t i = 0; i < n; i++) {
		t->w[t->wlen] = t->runs->items[run].text[off + i];
		t->wb[t->wlen].run = run;
		t->wb[t->wlen].off = off + i;
		t->wb[t->wlen].style = style;
		t->mark[t->wlen] = i == 0 ? (unsigned char)pending : 0;
		t->br[t->wlen] = t->split[t->wlen] = 0;
		t->wlen++;
	}
	return 0;
}

/* The per-byte word arrays are sized once for the longest run total. */
static int tok_alloc(struct tok *t, size_t total)
{
	t->wcap = total + 1;
	t->w = tz_malloc(t->wcap);
	t->wb = tz_malloc(t->wcap * sizeof(*t->wb));
	t->mark = tz_malloc(t->wcap);
	t->br = tz_malloc(t->wcap);
	t->split = tz_malloc(t->wcap);
	if (!t->w || !t->wb || !t->mark || !t->br || !t->split)
		return tz_error_nomem(t->err);
	return 0;
}

static void tok_release(struct tok *t)
{
	free(t->w);
	free(t->wb);
	free(t->mark);
	free(t->br);
	free(t->split);
}

static int tokenise(struct tok *t)
{
	const struct tz_runs *runs = t->runs;
	enum mark pending = MARK_NONE;
	if (t->p->indent > 0) {
		struct tz_item it = { 0 };
		it.type = TZ_ITEM_BOX;
		it.width = t->p->indent;
		it.rigid = 1;
		it.ref = TZ_PARA_NOREF;
		if (push_item(t, &it) < 0)
			return -1;
	}
	for (size_t r = 0; r < runs->n; r++) {
		const char *s = runs->items[r].text ? runs->items[r].text : "";
		unsigned style = runs->items[r].style;
		size_t n = strlen(s);
		for (size_t i = 0; i < n;) {
			uint32_t c;
			size_t k = tz_utf8_decode((const unsigned char *)s + i, n - i, &c);
			enum sep sep = SEP_NONE;
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
			    c == 0x2009 || c == 0x2002 || c == 0x2003)
				sep = SEP_SPACE;
			else if (c == 0xA0 || c == 0x2007)
				sep = SEP_TIE;
			else if (c == 0x202F)
				sep = SEP_NARROW_TIE;
			if (sep != SEP_NONE) {
				if (emit_word(t) < 0)
					return -1;
				if (t->sep == SEP_NONE || sep != SEP_SPACE) {
					if (t->sep == SEP_NONE)
						t->sep_style = style;
					if (sep > t->sep)
						t->sep = sep;
				}
				pending = MARK_NONE;
			} else if (c == 0xAD) {
				pending = MARK_SOFT_HYPHEN;
			} else if (c == 0x200B) {
				pending = MARK_ZWSP;
			} else if (c != 0x2060 && c != 0xFEFF && c != 0x200C &&
				   c != 0x200D) {
				if (word_add(t, r, i, k, style,
					     t->wlen ? pending : MARK_NONE) < 0)
					return -1;
				pending = MARK_NONE;
			}
			i += k;
		}
	}
	if (emit_word(t) < 0)
		return -1;
	if (t->pi->n == 0)
		return 0;
	return push_penalty(t, -TZ_PENALTY_INF, 0, TZ_PEN_PLAIN, 0, 0);
}

static int check_params(const struct tz_para_params *p, struct tz_error *err)
{
	if (!p || !p->measure || !p->widths || p->nwidths == 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "paragraph setting needs a measure function and line widths");
	if (!(p->expansion >= 0 && p->expansion < 0.5) ||
	    !(p->letterspace >= 0 && isfinite(p->letterspace)) ||
	    !(p->space_stretch >= 0) || !(p->space_shrink >= 0 && p->space_shrink < 1))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "paragraph parameters out of range");
	return 0;
}

int tz_para_build(const struct tz_runs *runs, const struct tz_para_params *p,
		  struct tz_para *out, struct tz_error *err)
{
	struct tok t = { 0 };
	struct tz_para_items pi = { 0 };
	struct tz_lb_params lb;
	struct tz_lb_result res = { 0 };
	size_t total = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (check_params(p, err) < 0)
		return -1;
	for (size_t r = 0; r < runs->n; r++) {
		const char *s = runs->items[r].text ? runs->items[r].text : "";
		size_t n = strlen(s), bad = tz_utf8_invalid_at(s, n);
		if (bad != (size_t)-1)
			return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
					    "invalid UTF-8 in paragraph text (run %zu, byte %zu)",
					    r + 1, bad);
		total += n;
	}
	t.runs = runs;
	t.p = p;
	t.err = err;
	t.pi = &pi;
	t.min_width = p->widths[0];
	for (size_t i = 1; i < p->nwidths; i++)
		if (p->widths[i] < t.min_width)
			t.min_width = p->widths[i];
	if (p->hyphenate) {
		t.hyph = p->hyph ? p->hyph : tz_hyph_dutch(err);
		if (!t.hyph)
			goto out;
	}
	if (tok_alloc(&t, total) < 0 || tokenise(&t) < 0)
		goto out;
	out->letterspace = p->letterspace;
	if (pi.n == 0) {
		rc = 0;
		goto out;
	}
	lb = p->lb;
	lb.widths = p->widths;
	lb.nwidths = p->nwidths;
	lb.expansion = p->expansion;
	lb.letterspace = p->letterspace;
	if (tz_linebreak(pi.items, pi.n, &lb, &res, err) < 0)
		goto out;
	if (tz_para_lines_build(runs, p, &pi, &res, out, err) < 0) {
		tz_para_release(out);
		goto out;
	}
	out->pass = res.pass;
	out->demerits = res.demerits;
	rc = 0;
out:
	tz_lb_result_release(&res);
	tz_para_items_release(&pi);
	tok_release(&t);
	return rc;
}

void tz_para_release(struct tz_para *para)
{
	free(para->frags);
	free(para->lines);
	memset(para, 0, sizeof(*para));
}
