/*
 * test_para.c - the paragraph setter with a fixed-width "font" (every code
 * point 5 points, 6 in bold; a space 2.5; a hyphen 3): tokenising, ties,
 * style changes inside a word, hyphenation points, overlong words, URLs,
 * justification, expansion, letter-spacing, protrusion, looseness and the
 * error paths, including every allocation failing in turn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "text/para.h"
#include "text/utf8.h"
#include "util/error.h"
#include "util/banned.h"

static double measure(void *ctx, unsigned style, const char *s, size_t n)
{
	double w = 0, cw = style & TZ_STYLE_STRONG ? 6 : 5;
	(void)ctx;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = tz_utf8_decode((const unsigned char *)s + i, n - i, &c);
		if (!k)
			return -1;
		w += c == ' ' ? 2.5 : c == '-' ? 3 : cw;
		i += k;
	}
	return w;
}

static struct tz_run run1;
static struct tz_runs runs1 = { &run1, 1, 1 };

static int set(const char *text, double width, struct tz_para_params *pp,
	       struct tz_para *out)
{
	static double w;
	struct tz_para_params p;
	struct tz_error err;
	w = width;
	run1.text = (char *)text;
	if (pp) {
		p = *pp;
		p.widths = &w;
		p.nwidths = 1;
		p.lb.widths = &w;
	} else {
		tz_para_params_init(&p, measure, NULL, &w, 1);
	}
	return tz_para_build(&runs1, &p, out, &err);
}

/* The text of fragment i. */
static const char *frag(const struct tz_runs *runs, const struct tz_para *para,
			size_t i)
{
	static char buf[256];
	const struct tz_frag *f = &para->frags[i];
	size_t n = f->len < sizeof(buf) - 1 ? f->len : sizeof(buf) - 1;
	memcpy(buf, runs->items[f->run].text + f->off, n);
	buf[n] = '\0';
	return buf;
}

/* Where the line's ink ends: after its last fragment or hyphen. */
static double line_end(const struct tz_para *para, size_t li)
{
	const struct tz_para_line *ln = &para->lines[li];
	const struct tz_frag *f = &para->frags[ln->first + ln->nfrags - 1];
	if (ln->hyphenated)
		return ln->hyphen_x + ln->hyphen_width * ln->scale;
	return f->x + f->width - ln->char_space;
}

/* Every non-last line ends flush at width + protrusion; none is wider. */
static int justified(const struct tz_para *para)
{
	for (size_t li = 0; li < para->nlines; li++) {
		const struct tz_para_line *ln = &para->lines[li];
		double end = line_end(para, li);
		if (ln->nfrags == 0)
			return 0;
		if (end > ln->width + ln->protrude_right + 1e-6)
			return 0;
		if (!ln->last && ln->ratio != 0 &&
		    fabs(end - ln->width - ln->protrude_right) > 1e-6)
			return 0;
	}
	return 1;
}

/* The line's text: fragments joined by a space where there was glue,
 * "-" where the line is hyphenated. */
static const char *line_text(const struct tz_para *para, size_t li)
{
	static char buf[512];
	const struct tz_para_line *ln = &para->lines[li];
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = ln->first; i < ln->first + ln->nfrags; i++) {
		const char *t = frag(&runs1, para, i);
		size_t n = strlen(t);
		if (i > ln->first && para->frags[i].gap > 0 && k + 1 < sizeof(buf))
			buf[k++] = ' ';
		if (k + n + 2 >= sizeof(buf))
			break;
		memcpy(buf + k, t, n);
		k += n;
	}
	if (ln->hyphenated)
		buf[k++] = '-';
	buf[k] = '\0';
	return buf;
}

static void test_basic(void)
{
	struct tz_para p;
	CHECK(set("aaa bbb ccc", 100, NULL, &p) == 0);
	CHECK(p.nlines == 1 && p.nfrags == 3 && p.lines[0].last);
	CHECK(p.nfrags == 3 && p.frags[0].x == 0 && p.frags[1].x == 17.5 &&
	      p.frags[2].x == 35); /* ragged last line: natural spaces */
	tz_para_release(&p);

	/* collapsed white space, leading and trailing dropped */
	CHECK(set("  aaa \n\t bbb  ", 100, NULL, &p) == 0);
	CHECK(p.nlines == 1 && p.nfrags == 2 && p.frags[1].x == 17.5);
	tz_para_release(&p);

	CHECK(set("", 100, NULL, &p) == 0 && p.nlines == 0);
	tz_para_release(&p);
	CHECK(set("   ", 100, NULL, &p) == 0 && p.nlines == 0);
	tz_para_release(&p);

	/* 9 words of 4 letters (20) in lines of 65: justified, flush */
	CHECK(set("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii", 65, NULL, &p) == 0);
	CHECK(p.nlines == 3 && justified(&p) && p.noverfull == 0);
	CHECK(p.nlines == 3 && !strcmp(line_text(&p, 0), "aaaa bbbb cccc"));
	tz_para_release(&p);
}

/* No line may end with a number or a lone currency sign, nor start with a
 * lone dash, whatever the width. */
static void test_ties(void)
{
	const char *text = "Het kost € 1,00 per stuk en er zijn 118.000 banen, "
			   "van 3 mm tot 15.30 uur \xe2\x80\x93 zo gaat het. "
			   "Dat is in 2026 niet anders dan in de periode 2022-2025 "
			   "volgens de a\xc2\xa0" "b-regel.";
	int ok = 1, ranges = 0;
	for (double w = 75; w <= 220; w += 1.5) { /* every tied group fits */
		struct tz_para p;
		if (set(text, w, NULL, &p) < 0) {
			ok = 0;
			break;
		}
		for (size_t li = 0; li + 1 < p.nlines; li++) {
			const struct tz_para_line *ln = &p.lines[li];
			char last[256], next[256];
			size_t n;
			snprintf(last, sizeof(last), "%s",
				 frag(&runs1, &p, ln->first + ln->nfrags - 1));
			snprintf(next, sizeof(next), "%s",
				 frag(&runs1, &p, p.lines[li + 1].first));
			n = strlen(last);
			if (!strcmp(last, "€") || !strcmp(next, "\xe2\x80\x93") ||
			    !strcmp(last, "a"))
				ok = 0;
			if (n && last[n - 1] >= '0' && last[n - 1] <= '9' &&
			    strcmp(last, "2022-2025") != 0)
				ok = 0; /* a number before a tie */
			if (!ok) {
				fprintf(stderr, "width %.1f: line %zu '%s' / '%s'\n", w,
					li + 1, last, next);
				break;
			}
			ranges += !strcmp(last, "2022-");
		}
		tz_para_release(&p);
	}
	CHECK(ok);
	CHECK(ranges > 0); /* a range may break after its hyphen */
	{	/* too narrow for "118.000 banen,": the tie gives, no overfull */
		struct tz_para p;
		CHECK(set(text, 40, NULL, &p) == 0 && p.noverfull == 0 && p.pass == 5);
		tz_para_release(&p);
	}
}

static void test_nbsp_dropped(void)
{
	struct tz_para p;
	/* the no-break space is glue, not drawn; U+202F is narrower */
	CHECK(set("aa\xc2\xa0" "bb cc\xe2\x80\xaf" "dd", 200, NULL, &p) == 0);
	CHECK(p.nfrags == 4);
	if (p.nfrags == 4) {
		CHECK_STR(frag(&runs1, &p, 1), "bb");
		CHECK(p.frags[1].gap == 2.5 && p.frags[3].gap == 1.25);
	}
	tz_para_release(&p);
}

static void test_style_inside_word(void)
{
	struct tz_run r[3] = { { "ver", 0, NULL }, { "schil", TZ_STYLE_STRONG, NULL },
			       { "lend is het", 0, NULL } };
	struct tz_runs runs = { r, 3, 3 };
	double w = 300;
	struct tz_para_params pp;
	struct tz_para p;
	struct tz_error err;
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	CHECK(tz_para_build(&runs, &pp, &p, &err) == 0);
	CHECK(p.nfrags == 5);
	if (p.nfrags == 5) {
		CHECK(p.frags[0].run == 0 && p.frags[1].run == 1 && p.frags[2].run == 2);
		CHECK(p.frags[1].gap == 0 && p.frags[2].gap == 0 && p.frags[3].gap == 2.5);
		CHECK(p.frags[1].x == 15 && p.frags[2].x == 45); /* 3*5, +5*6 */
		CHECK(p.frags[2].len == 4 && p.frags[1].style == TZ_STYLE_STRONG);
	}
	tz_para_release(&p);

	/* a break point where the style changes: "ver-schillend" */
	w = 60;
	CHECK(tz_para_build(&runs, &pp, &p, &err) == 0);
	CHECK(p.nlines >= 2 && p.noverfull == 0 && justified(&p));
	tz_para_release(&p);
}

static void test_hyphenation(void)
{
	struct tz_para p;
	struct tz_para_params pp;
	double w = 100;
	int hyph = 0;
	CHECK(set("De samenwerking tussen ondernemers en gemeenten in de regio", 100,
		  NULL, &p) == 0);
	for (size_t li = 0; li < p.nlines; li++)
		hyph += p.lines[li].hyphenated;
	CHECK(hyph > 0 && justified(&p) && p.noverfull == 0);
	tz_para_release(&p);

	/* a hard hyphen breaks without a second one */
	CHECK(set("Een bezoek aan Borger-Odoorn", 100, NULL, &p) == 0);
	CHECK(p.nlines == 2 && !p.lines[0].hyphenated);
	CHECK(p.nlines == 2 && !strcmp(line_text(&p, 0), "Een bezoek aan Borger-"));
	tz_para_release(&p);

	/* soft hyphens are the word's only points and are not drawn */
	CHECK(set("aaaa aaaa aaaa super\xc2\xad" "califragilistic", 110, NULL, &p) == 0);
	CHECK(p.nlines == 2 && p.lines[0].hyphenated);
	CHECK(p.nlines == 2 && !strcmp(line_text(&p, 1), "califragilistic"));
	tz_para_release(&p);

	/* hyphenation off: no dictionary points */
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	pp.hyphenate = 0;
	CHECK(set("De samenwerking tussen ondernemers en gemeenten in de regio", 100,
		  &pp, &p) == 0);
	hyph = 0;
	for (size_t li = 0; li < p.nlines; li++)
		hyph += p.lines[li].hyphenated;
	CHECK(hyph == 0);
	tz_para_release(&p);
}

/* The case: a 43-letter compound in a 58 mm column (164 pt, here
 * 5 pt a letter: 215 pt of word) sets at dictionary points, and in a
 * column too narrow even for its syllables by forced splits, never inside
 * "ij", never overfull. */
static void test_overlong(void)
{
	const char *text = "De arbeidsmarktcommunicatiemedewerkersvacature is open.";
	struct tz_para p;
	CHECK(set(text, 164.4, NULL, &p) == 0);
	CHECK(p.noverfull == 0 && p.nsplit == 0 && p.nlines >= 2 && justified(&p));
	tz_para_release(&p);

	CHECK(set("QQQQQIJQQQQQIJQQQQQ", 22, NULL, &p) == 0); /* no dictionary points */
	CHECK(p.noverfull == 0 && p.nsplit > 0);
	for (size_t li = 0; li + 1 < p.nlines; li++) {
		const struct tz_para_line *ln = &p.lines[li];
		const struct tz_frag *f = &p.frags[ln->first + ln->nfrags - 1];
		const char *t = run1.text;
		CHECK(!(t[f->off + f->len - 1] == 'I' && t[f->off + f->len] == 'J'));
		CHECK(ln->hyphenated);
	}
	CHECK(justified(&p));
	tz_para_release(&p);
}

static void test_urls(void)
{
	struct tz_para p;
	CHECK(set("Zie https://www.dutchtechzone.nl/agenda/composietenplatform of "
		  "mail info@dutchtechzone.nl", 90, NULL, &p) == 0);
	CHECK(p.noverfull == 0 && p.nlines >= 3);
	for (size_t li = 0; li < p.nlines; li++)
		CHECK(!p.lines[li].hyphenated); /* URL points draw no hyphen */
	tz_para_release(&p);
	/* an unbreakable URL piece wider than the line is split, no hyphen */
	CHECK(set("https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.nl", 60, NULL, &p) == 0);
	CHECK(p.noverfull == 0 && p.nsplit > 0);
	for (size_t li = 0; li < p.nlines; li++)
		CHECK(!p.lines[li].hyphenated);
	tz_para_release(&p);
}

static void test_microtypography(void)
{
	const char *text = "In de schuur van mijn ouders hangt nog altijd het "
			   "gereedschapsbord van mijn opa, met een tang en een "
			   "beitel, \xe2\x80\x9c" "zo\xe2\x80\x9d zei hij, en meer.";
	double w = 120;
	struct tz_para_params pp;
	struct tz_para p;
	int ok = 1, hung = 0, tracked = 0;

	tz_para_params_init(&pp, measure, NULL, &w, 1);
	pp.expansion = 0.02;
	pp.letterspace = 0.3;
	pp.protrusion = 1;
	for (w = 80; w <= 200; w += 3) {
		if (set(text, w, &pp, &p) < 0) {
			ok = 0;
			break;
		}
		ok &= justified(&p) && p.noverfull == 0;
		for (size_t li = 0; li < p.nlines; li++) {
			const struct tz_para_line *ln = &p.lines[li];
			ok &= ln->scale >= 0.98 - 1e-9 && ln->scale <= 1.02 + 1e-9;
			ok &= ln->char_space >= 0 && ln->char_space <= 0.3 + 1e-9;
			ok &= !ln->last || ln->char_space == 0;
			tracked += ln->char_space > 0;
			if (ln->protrude_right > 0 || ln->protrude_left > 0)
				hung++;
			if (ln->protrude_left > 0)
				ok &= ln->x0 < 0;
			/* re-expanding gives the same line (idempotent) */
			if (!ln->last) {
				double x = p.frags[ln->first].x;
				double s = tz_para_line_expand(&p, li, 0.02);
				ok &= fabs(s - ln->scale) < 1e-12 &&
				      fabs(p.frags[ln->first].x - x) < 1e-12;
			}
		}
		tz_para_release(&p);
	}
	CHECK(ok);
	CHECK(hung > 0);
	CHECK(tracked > 0);

	/* a comma at the line end hangs 0.7 of its width into the margin */
	pp.letterspace = 0;
	pp.expansion = 0;
	CHECK(set("aaaa, bbbb", 25, &pp, &p) == 0);
	CHECK(p.nlines == 2 && fabs(p.lines[0].protrude_right - 3.5) < 1e-9);
	tz_para_release(&p);
	/* an opening quote at the start hangs half its width */
	CHECK(set("\xe2\x80\x9c" "aaa bbb", 100, &pp, &p) == 0);
	CHECK(p.nlines == 1 && fabs(p.lines[0].x0 + 2.5) < 1e-9);
	tz_para_release(&p);

	/* the expansion split, worked by hand: 4 to gain, half (2) to the
	 * glyphs of 100, the rest on stretch 4 */
	{
		double scale, ratio;
		tz_expansion_split(100, 10, 4, 2, 114, 0.02, &scale, &ratio);
		CHECK(fabs(scale - 1.02) < 1e-12 && fabs(ratio - 0.5) < 1e-12);
		tz_expansion_split(100, 10, 4, 2, 109, 0.02, &scale, &ratio);
		CHECK(fabs(scale - 0.995) < 1e-12 && fabs(ratio + 0.25) < 1e-12);
	}
}

static void test_indent_and_looseness(void)
{
	const char *text = "aaaa bbb cc dddd eee ff gggg hhh ii jjjj kkk ll mmmm "
			   "nnn oo pppp qqq rr ssss ttt uu vvvv www xx";
	struct tz_para_params pp;
	struct tz_para p0, p1;
	double w = 90;
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	pp.indent = 10;
	pp.hyphenate = 0;
	CHECK(set(text, 90, &pp, &p0) == 0);
	CHECK(p0.nlines > 3 && p0.lines[0].x0 == 10 && p0.frags[0].x == 10);
	CHECK(justified(&p0));
	pp.lb.looseness = 1;
	CHECK(set(text, 90, &pp, &p1) == 0);
	CHECK(p1.nlines == p0.nlines + 1 && justified(&p1));
	tz_para_release(&p0);
	tz_para_release(&p1);
}

static void test_errors(void)
{
	struct tz_para p;
	struct tz_para_params pp;
	struct tz_error err;
	double w = 100;
	CHECK(set("goed \xff fout", 100, NULL, &p) == -1);
	run1.text = "goed \xc3\x28";
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	CHECK(tz_para_build(&runs1, &pp, &p, &err) == -1);
	CHECK(err.code == TZ_ERR_CONTENT && strstr(err.msg, "invalid UTF-8") &&
	      strstr(err.msg, "byte 5"));
	pp.measure = NULL;
	CHECK(tz_para_build(&runs1, &pp, &p, &err) == -1 && err.code == TZ_ERR_USAGE);
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	pp.expansion = 0.9;
	run1.text = "ok";
	CHECK(tz_para_build(&runs1, &pp, &p, &err) == -1 && err.code == TZ_ERR_USAGE);
}

/* Child: one build; exit 0 when it worked, 2 when it reported out of
 * memory cleanly, 1 for anything else. */
static int alloc_child(void)
{
	struct tz_para p;
	struct tz_para_params pp;
	struct tz_error err;
	double w = 60;
	tz_para_params_init(&pp, measure, NULL, &w, 1);
	pp.expansion = 0.02;
	pp.protrusion = 1;
	pp.letterspace = 0.2;
	run1.text = "De arbeidsmarktcommunicatiemedewerkersvacature in "
		    "Borger-Odoorn: zie www.dutchtechzone.nl, € 1,00.";
	if (tz_para_build(&runs1, &pp, &p, &err) == 0) {
		tz_para_release(&p);
		return 0;
	}
	return err.code == TZ_ERR_NOMEM ? 2 : 1;
}

static void test_alloc_failures(const char *self)
{
	int clean = 1, n, done = 0;
	for (n = 1; n < 400 && !done; n++) {
		char num[16];
		int status;
		pid_t pid;
		snprintf(num, sizeof(num), "%d", n);
		pid = fork();
		if (pid == 0) {
			setenv("TECHZINE_FAIL_ALLOC", num, 1);
			execl(self, self, "--alloc-child", (char *)NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)) {
			clean = 0;
			break;
		}
		if (WEXITSTATUS(status) == 0)
			done = 1;
		else if (WEXITSTATUS(status) != 2)
			clean = 0;
	}
	CHECK(clean);
	CHECK(done && n > 5); /* every allocation up to the first success */
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--alloc-child"))
		return alloc_child();
	test_basic();
	test_ties();
	test_nbsp_dropped();
	test_style_inside_word();
	test_hyphenation();
	test_overlong();
	test_urls();
	test_microtypography();
	test_indent_and_looseness();
	test_errors();
	test_alloc_failures("/proc/self/exe");
	return tap_done();
}
