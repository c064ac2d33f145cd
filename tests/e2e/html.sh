#!/bin/bash
# html.sh - `techzine html`: the e-mail edition, text edition and web version
# of the demo issue (the mini fixture until the demo exists) judged by an
# independent checker (tests/html/check_newsletter.py) and libxml2's HTML
# parser; hostile story text stays literal; size limit; errors.
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
CHECK="$TZ_SRC/tests/html/check_newsletter.py"
DEMO="$TZ_SRC/issues/2026-12/issue.xml"
[ -f "$DEMO" ] || DEMO="$TZ_SRC/tests/fixtures/mini/issue.xml"
base_of() { sed -n 's/.*base-url="\([^"]*\)".*/\1/p' "$1" | head -1; }

# run the checker; every PASS/FAIL line counts
judge() {
	local out
	out=$("$PY" "$CHECK" "$@") || { fail "checker crashed: $*"; return; }
	while IFS= read -r line; do
		case $line in
		PASS*) ok ;;
		FAIL*) fail "$line" ;;
		esac
	done <<<"$out"
}

# the HTML parses with libxml2's HTML parser without a single message
html_parses() {
	local msgs
	msgs=$(xmllint --html --noout "$1" 2>&1)
	[ -z "$msgs" ] || { echo "$msgs" | head -5 >&2; return 1; }
}
# web pages use HTML5 sectioning elements, which libxml2's HTML 4 parser
# does not know: those (and only those) messages are allowed
html5_parses() {
	local msgs
	msgs=$(xmllint --html --noout "$1" 2>&1 |
		grep -E 'error|warning' |
		grep -vE 'Tag (header|main|article|aside|figure|figcaption|footer|nav|section) invalid')
	[ -z "$msgs" ] || { echo "$msgs" | head -5 >&2; return 1; }
}

# --- the demo issue, in its language and (when it has variants) English
BASE=$(base_of "$DEMO")
O="$TZ_TMP/demo"
start=$(date +%s%N)
check "html renders the demo" "$TECHZINE" html "$DEMO" -o "$O"
end=$(date +%s%N)
echo "html: demo rendered in $(((end - start) / 1000000)) ms (whole command), $(stat -c %s "$O/newsletter.html") bytes HTML"
judge "$DEMO" "$O" "$BASE" "$(sed -n 's/.*<issue[^>]* lang="\([a-z]*\)".*/\1/p' "$DEMO" | head -1 | grep . || echo nl)"
check "newsletter.html parses" html_parses "$O/newsletter.html"
for p in "$O"/web/*.html; do
	check "web page $(basename "$p") parses" html5_parses "$p"
done
check "web index exists" test -s "$O/web/index.html"
# every image a web page uses was copied next to it, byte for byte
imgs_ok() {
	local page src
	for page in "$O"/web/*.html "$O"/web/*/*.html; do
		[ -f "$page" ] || continue
		for src in $(grep -o '<img src="[^"]*"' "$page" | sed 's/<img src="//;s/"$//'); do
			[ -f "$(dirname "$page")/$src" ] || { echo "missing $src for $page" >&2; return 1; }
		done
	done
	for f in "$O"/web/images/*; do
		[ -f "$f" ] || continue # images/mail/: the e-mail-sized copies
		cmp -s "$f" "$(dirname "$DEMO")/images/$(basename "$f")" || { echo "differs: $f" >&2; return 1; }
	done
}
check "web images copied and referenced" imgs_ok
# every relative link of the web version (story pages, language switch) resolves
links_ok() {
	local page href n=0
	for page in "$O"/web/*.html "$O"/web/*/*.html; do
		[ -f "$page" ] || continue
		for href in $(grep -o 'href="[^"]*"' "$page" | sed 's/href="//;s/"$//' | grep -v '^[a-z]*:'); do
			[ -f "$(dirname "$page")/$href" ] || { echo "broken link $href in $page" >&2; return 1; }
			n=$((n + 1))
		done
	done
	[ "$n" -gt 0 ]
}
check "web relative links resolve" links_ok
check "web pages have a <style> block and no script" \
	bash -c '! grep -il "<script" "$1"/web/*.html && grep -q "<style>" "$1/web/index.html"' _ "$O"
if grep -q '<variant lang="en"' "$(dirname "$DEMO")"/stories/*.xml 2>/dev/null; then
	check "html --lang en renders" "$TECHZINE" html "$DEMO" --lang en -o "$TZ_TMP/demo-en"
	judge "$DEMO" "$TZ_TMP/demo-en" "$BASE" en
	check "English labels" grep -q ">Events<" "$TZ_TMP/demo-en/newsletter.html"
	check "English web pages in web/en/" test -s "$O/web/en/index.html"
fi

# --- hostile story text: markup, quotes, ampersands and merge-field lookalikes
H="$TZ_TMP/hostile"
cp -r "$TZ_SRC/tests/fixtures/mini" "$H"
sed -i -e 's|<headline>De regio   groeit|<headline>\&lt;script\&gt;alert("x")\&lt;/script\&gt; Tom \&amp; Jerry'"'"'s "{{name}}" groeit|' \
	-e 's|<lead>Ruim|<lead>\&lt;img src=x onerror=alert(1)\&gt; {{unsubscribe_url}} Ruim|' \
	-e 's|<kicker>Nieuws|<kicker>{{name}} \&amp;amp; \&lt;b\&gt;|' "$H/stories/een.xml"
check "hostile fixture differs" bash -c '! cmp -s "$1" "$2"' _ "$H/stories/een.xml" "$TZ_SRC/tests/fixtures/mini/stories/een.xml"
check "html renders hostile issue" "$TECHZINE" html "$H/issue.xml" -o "$H/out"
judge "$H/issue.xml" "$H/out" "$(base_of "$H/issue.xml")" nl
check "hostile html parses" html_parses "$H/out/newsletter.html"
check "markup shown escaped (quotes typographic)" grep -qF '&lt;script&gt;alert(“x”)&lt;/script&gt; Tom &amp; Jerry’s “{{name}}”' "$H/out/newsletter.html"
check "no live img from the lead" bash -c '! grep -q "<img src=x" "$1"' _ "$H/out/newsletter.html"
check "entity text stays literal" grep -qF '{{name}} &amp;amp; &lt;b&gt;' "$H/out/newsletter.html"
check "merge-field lookalike stays literal in text" grep -qF '<script>alert(“x”)</script> Tom & Jerry’s “{{name}}”' "$H/out/newsletter.txt"
check "{{unsubscribe_url}} not filled" grep -qF '{{unsubscribe_url}} Ruim' "$H/out/newsletter.txt"
check "greeting still the fallback" grep -q '^Beste lezer,$' "$H/out/newsletter.txt"
check "hostile web story page escaped" bash -c 'grep -qF "&lt;script&gt;" "$1" && ! grep -qi "<script" "$1"' _ "$H/out/web/een.html"

# --- default output folder out/<slug>/ relative to the working directory
(cd "$TZ_TMP" && "$TECHZINE" html "$H/issue.xml" >/dev/null)
check "default output folder out/<slug>/" test -s "$TZ_TMP/out/hostile/newsletter.txt"

# --- size discipline: a story with a huge lead fails with its id named
B="$TZ_TMP/big"
cp -r "$TZ_SRC/tests/fixtures/mini" "$B"
lead=$("$PY" -c 'print(" ".join(["Een heel lange inleiding over de regio."] * 3000))')
"$PY" - "$B/stories/twee.xml" "$lead" <<'PYEOF'
import sys
p, lead = sys.argv[1], sys.argv[2]
s = open(p).read().replace("<headline>Cijfers</headline>", "<headline>Cijfers</headline><lead>" + lead + "</lead>")
open(p, "w").write(s)
PYEOF
"$TECHZINE" html "$B/issue.xml" -o "$B/out" >"$B/stdout" 2>"$B/stderr"
check "oversize newsletter exits 1" test $? -eq 1
check "oversize names the limit" grep -q "over the 100 KB limit" "$B/stderr"
check "oversize names the biggest story" grep -q "^  twee (1[0-9][0-9] KB" "$B/stderr"
check "oversize still writes the files for inspection" test -s "$B/out/newsletter.html"
"$TECHZINE" check "$B/issue.xml" >"$B/cstdout" 2>"$B/cstderr"
check "check fails on the oversize newsletter" test $? -eq 1
check "check names the story to shorten" grep -q "twee" "$B/cstdout" "$B/cstderr"
"$TECHZINE" check "$DEMO" >"$TZ_TMP/check.out" 2>&1
check "check passes the demo and reports the size" bash -c 'grep -q "newsletter HTML is" "$1"' _ "$TZ_TMP/check.out"

# --- errors
"$TECHZINE" html "$DEMO" --lang de -o "$TZ_TMP/x" 2>/dev/null
check "--lang de is a usage error" test $? -eq 2
"$TECHZINE" html "$DEMO" --base-url 'javascript:alert(1)' -o "$TZ_TMP/x" 2>/dev/null
check "javascript base URL refused" test $? -eq 2
N="$TZ_TMP/nobase"
cp -r "$TZ_SRC/tests/fixtures/mini" "$N"
sed -i 's| base-url="[^"]*"||' "$N/issue.xml"
"$TECHZINE" html "$N/issue.xml" -o "$N/out" 2>"$N/err"
check "missing base URL is a content error" test $? -eq 1
check "missing base URL says how to fix" grep -q -- "--base-url" "$N/err"
check "--base-url supplies it" "$TECHZINE" html "$N/issue.xml" -o "$N/out" --base-url https://example.org/tz/
check "--base-url trailing slash normalised" grep -q 'src="https://example.org/tz/images/mail/photo-[0-9]*.jpg"' "$N/out/newsletter.html"
if [ -w /dev/full ]; then
	"$TECHZINE" html "$DEMO" -o "$TZ_TMP/full" >/dev/full 2>/dev/null
	check "full stdout gives a non-zero exit" test $? -ne 0
fi
finish
