/*
 * test_feed.c - unit tests for the pure parts of gather: text cleaning,
 * HTML to story markup, URL resolution, feed parsing, dates, slugs and the
 * cache. No network, no files except the cache round trip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "../../src/feed/cache.h"
#include "../../src/feed/draft.h"
#include "../../src/feed/feedtext.h"
#include "../../src/feed/html.h"
#include "../../src/feed/parse.h"
#include "../../src/util/error.h"

static char *story(const char *html, const char *base)
{
	struct tz_html_story s;
	struct tz_error err;
	char *r;

	tz_html_story_init(&s);
	tz_error_clear(&err);
	if (tz_html_to_story(html, strlen(html), base, &s, &err)) {
		tz_html_story_release(&s);
		return strdup("ERROR");
	}
	r = strdup(s.blocks.data);
	tz_html_story_release(&s);
	return r;
}

#define CHECK_STORY(html, base, want)                                          \
	do {                                                                   \
		char *got_ = story(html, base);                                \
		CHECK_STR(got_, want);                                         \
		free(got_);                                                    \
	} while (0)

static void test_clean(void)
{
	char *s = tz_feed_clean("  a \t\n b\xE2\x80\xAE c\x01 d  ", 100);
	CHECK_STR(s, "a b c d");
	free(s);
	s = tz_feed_clean("een twee drie vier", 12);
	CHECK_STR(s, "een twee\xE2\x80\xA6");
	free(s);
	s = tz_feed_clean("bad \xff\xfe utf8", 100);
	CHECK_STR(s, "bad utf8");
	free(s);
}

static void test_html(void)
{
	CHECK_STORY("Hallo <b>wereld</b> &amp; meer", NULL,
		    "    <p>Hallo <strong>wereld</strong> &amp; meer</p>\n");
	CHECK_STORY("<p>a</p><script>alert('x')</script><style>p{}</style><p>b</p>", NULL,
		    "    <p>a</p>\n    <p>b</p>\n");
	CHECK_STORY("<p><a href=\"javascript:alert(1)\">klik</a> <a href=\" data:text/html,x\">d</a></p>",
		    "https://x.example/a/b", "    <p>klik d</p>\n");
	CHECK_STORY("<p><a href=\"../c?d=1&amp;e=2\">rel</a></p>", "https://x.example/a/b",
		    "    <p><a href=\"https://x.example/c?d=1&amp;e=2\">rel</a></p>\n");
	CHECK_STORY("<ul><li> een </li><li></li><li>twee <i>drie</i></li></ul>", NULL,
		    "    <ul><li>een</li><li>twee <em>drie</em></li></ul>\n");
	/* numbered and nested lists keep their kind, start and nesting (3 deep;
	 * a fourth level's text joins its item); an item holds one nested list */
	CHECK_STORY("<ol start=\"4\"><li>a<ul><li>b<ol><li>c<ul><li>d</li></ul></li></ol></li></ul></li>"
		    "<li>e<ul><li>f</li></ul><ol><li>g</li></ol> staart</li></ol>", NULL,
		    "    <ol start=\"4\"><li>a<ul><li>b<ol><li>c d</li></ol></li></ul></li>"
		    "<li>e staart<ul><li>f</li><li>g</li></ul></li></ol>\n");
	CHECK_STORY("<ol start=\"-3\"><li>x</li></ol><ol start=\"1\"><li><ul><li>y</li></ul></li></ol>", NULL,
		    "    <ol><li>x</li></ol>\n    <ol><li><ul><li>y</li></ul></li></ol>\n");
	CHECK_STORY("<h1>Kop  <em>x</em></h1><p></p><p>  </p>", NULL, "    <h2>Kop x</h2>\n");
	/* fuzz find: HTML nests a link in a link; the story keeps the outer one */
	CHECK_STORY("<p>x <a href=\"https://a.example/\">y<p>z <a href=\"https://b.example/\">w</a></p>", NULL,
		    "    <p>x <a href=\"https://a.example/\">y z w</a></p>\n");
	/* fuzz find: a heading's text was written without XML escaping */
	CHECK_STORY("<h3>A &amp; B &lt;ul&gt;</h3>", NULL, "    <h2>A &amp; B &lt;ul&gt;</h2>\n");
	CHECK_STORY("<iframe>IFRAME</iframe><form><input value=\"v\">FORM</form><p>ok</p>", NULL,
		    "    <p>ok</p>\n");
	CHECK_STORY("<div>los<p>para</p>staart</div>", NULL,
		    "    <p>los</p>\n    <p>para</p>\n    <p>staart</p>\n");
	CHECK_STORY("<p>x &lt;script&gt; y</p>", NULL, "    <p>x &lt;script&gt; y</p>\n");

	{
		struct tz_html_story s;
		struct tz_error err;
		const char *h = "<img src=\"https://t.example/p.gif\" width=\"1\" height=\"1\">"
				"<img src=\"data:image/png;base64,AA\">"
				"<p><img src=\"/i.jpg\" alt=\" Een  foto \"></p>";
		tz_html_story_init(&s);
		CHECK(tz_html_to_story(h, strlen(h), "https://x.example/n/1", &s, &err) == 0);
		CHECK_STR(s.image_url, "https://x.example/i.jpg");
		CHECK_STR(s.image_alt, "Een foto");
		CHECK(s.nblocks == 0);
		tz_html_story_release(&s);
	}
	{
		const char *h2 = "<p>Een <b>kop</b></p><script>x()</script> &amp; meer";
		char *t = tz_html_to_text(h2, strlen(h2), 100);
		CHECK_STR(t, "Een kop & meer");
		free(t);
		t = tz_html_to_text("Het lab test &lt;elektrolysers> op de campus.", 45, 100);
		CHECK_STR(t, "Het lab test <elektrolysers> op de campus.");
		free(t);
	}
}

static void test_urls(void)
{
	char *u = tz_url_resolve("https://a.example/x/y", "z");
	CHECK_STR(u, "https://a.example/x/z");
	free(u);
	CHECK(tz_url_resolve("https://a.example/", "JaVaScRiPt:alert(1)") == NULL);
	CHECK(tz_url_resolve("https://a.example/", "ftp://a.example/f") == NULL);
	CHECK(tz_url_resolve(NULL, "/relative") == NULL);
	u = tz_url_resolve(NULL, "mailto:a@b.example");
	CHECK_STR(u, "mailto:a@b.example");
	free(u);
	/* libxml2 decodes a base URL's host and writes the bytes back raw:
	 * "%FF" would be a broken byte in the story, "%E2%80%AE" a bidi
	 * override (found by fuzz_feed_html) */
	CHECK(tz_url_resolve("https://a%FFb.example/", "z") == NULL);
	CHECK(tz_url_resolve("https://a%E2%80%AEb.example/", "z") == NULL);
	u = tz_url_resolve("https://a%41b.example/x/", "z");
	CHECK(u != NULL && !strncmp(u, "https://a", 9));
	free(u);
}

static void test_dates(void)
{
	char d[11];
	CHECK(tz_feed_date("Tue, 03 Nov 2026 09:30:00 +0100", d) == 0);
	CHECK_STR(d, "2026-11-03");
	CHECK(tz_feed_date("4 Nov 2026 14:00:00 GMT", d) == 0);
	CHECK_STR(d, "2026-11-04");
	CHECK(tz_feed_date("2026-11-05T10:00:00+01:00", d) == 0);
	CHECK_STR(d, "2026-11-05");
	CHECK(tz_feed_date("2026-02-30T10:00:00Z", d) == -1);
	CHECK(tz_feed_date("gisteren", d) == -1);
	CHECK(tz_feed_date("Mon, 29 Feb 2027 00:00:00 GMT", d) == -1);
}

static void test_parse(void)
{
	static const char rss[] =
		"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
		"<item><title>A &amp;amp; B</title><link>https://e.example/1</link>"
		"<description><![CDATA[<p>Hallo</p>]]></description></item>"
		"<item><title>zonder sleutel</title></item>"
		"</channel></rss>";
	static const char xxe[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "
				  "\"file:///etc/passwd\">]><rss>&x;</rss>";
	static const char atom[] = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
				   "<id>urn:1</id><title type=\"text\">a &lt;b&gt;</title>"
				   "<summary type=\"text\">x &lt;y&gt; z</summary>"
				   "<updated>2026-01-02T00:00:00Z</updated></entry></feed>";
	struct tz_feed f;
	struct tz_error err;

	tz_error_clear(&err);
	CHECK(tz_feed_parse(rss, sizeof(rss) - 1, "https://e.example/feed", &f, &err) == 0);
	CHECK(f.n == 1 && f.dropped == 1);
	if (f.n == 1) {
		CHECK_STR(f.items[0].key, "https://e.example/1");
		CHECK_STR(f.items[0].title, "A & B");
		CHECK_STR(f.items[0].summary_html, "<p>Hallo</p>");
	}
	tz_feed_release(&f);
	CHECK(tz_feed_parse(xxe, sizeof(xxe) - 1, "u", &f, &err) == -1);
	CHECK(strstr(err.msg, "DOCTYPE") != NULL);
	CHECK(tz_feed_parse("<rss><channel>", 14, "u", &f, &err) == -1);
	CHECK(strstr(err.msg, "malformed") != NULL);
	CHECK(tz_feed_parse("<html/>", 7, "u", &f, &err) == -1);
	CHECK(strstr(err.msg, "not an RSS") != NULL);
	CHECK(tz_feed_parse(atom, sizeof(atom) - 1, "u", &f, &err) == 0);
	CHECK(f.atom && f.n == 1);
	if (f.n == 1) {
		CHECK_STR(f.items[0].title, "a <b>");
		CHECK_STR(f.items[0].date, "2026-01-02");
		CHECK_STR(f.items[0].summary_html, "x &lt;y> z");
	}
	tz_feed_release(&f);
}

static void test_slug(void)
{
	char *s = tz_draft_slug("ithub", "IT Hub opent één nieuwe — werkplaats!");
	CHECK_STR(s, "ithub-it-hub-opent-n-nieuwe-werkplaats");
	free(s);
	s = tz_draft_slug("x", "");
	CHECK_STR(s, "x");
	free(s);
	s = tz_draft_slug("abc", "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff");
	CHECK(strlen(s) <= 60 && s[strlen(s) - 1] != '-');
	free(s);
}

static void test_cache(void)
{
	char path[] = "/tmp/tz-cache-XXXXXX";
	int fd = mkstemp(path);
	struct tz_cache c;
	struct tz_error err;

	CHECK(fd >= 0);
	close(fd);
	tz_cache_init(&c);
	CHECK(tz_cache_feed_set(&c, "https://a.example/f", "\"e1\"", "Sun, 01 Nov 2026") == 0);
	CHECK(tz_cache_mark_seen(&c, "k1") == 0);
	CHECK(tz_cache_mark_seen(&c, "bad\tkey") == 0); /* silently not stored */
	CHECK(tz_cache_save(&c, path, &err) == 0);
	tz_cache_release(&c);
	tz_cache_init(&c);
	CHECK(tz_cache_load(&c, path, &err) == 0);
	CHECK(tz_cache_seen(&c, "k1"));
	CHECK(!tz_cache_seen(&c, "k2"));
	CHECK(!tz_cache_seen(&c, "bad\tkey"));
	CHECK(tz_cache_feed_get(&c, "https://a.example/f") != NULL);
	if (tz_cache_feed_get(&c, "https://a.example/f"))
		CHECK_STR(tz_cache_feed_get(&c, "https://a.example/f")->etag, "\"e1\"");
	tz_cache_release(&c);
	unlink(path);
}

int main(void)
{
	test_clean();
	test_html();
	test_urls();
	test_dates();
	test_parse();
	test_slug();
	test_cache();
	return tap_done();
}
