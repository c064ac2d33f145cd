#!/usr/bin/env bash
# newsletter_render.sh - the e-mail as readers get it (docs/newsletter.md):
# the demo newsletter, Dutch and English, rendered by headless chromium over
# DevTools (tests/html/render_check.py) at 600 and 375 px, light and dark
# (emulated prefers-color-scheme), with and without its <style> block (as
# Gmail without a Google account shows it): no horizontal overflow, no text
# under 14 px outside the footer, WCAG AA contrast of every text run, link
# targets >= 24 px. The HTML holds Outlook's ghost tables and DPI fix and
# loads under 400 KB of e-mail-sized images (tests/html/mail_static.py).
# axe-core finds zero violations on both newsletters and every web page.
# Control cases prove each checker fails: the brand orange as text, dark
# mode without the text rule, a paper wider than the phone, 12 px text, an
# axe run on a page with the old colours. A theme whose text colours fail
# WCAG AA is refused when loaded (src/web/contrast.c). Screenshots for a human in
# tests/artifacts/newsletter/ (or $TZ_ARTIFACTS/newsletter).
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
H=$TZ_SRC/tests/html
DEMO=$TZ_SRC/issues/2026-12/issue.xml
ART="${TZ_ARTIFACTS:-$TZ_SRC/tests/artifacts}/newsletter"
mkdir -p "$ART"
if [ ! -f "$H/node_modules/axe-core/axe.min.js" ]; then
	npm install --prefix "$H" --no-audit --no-fund --no-package-lock >/dev/null 2>&1 ||
		{ fail "cannot install axe-core (npm install --prefix tests/html)"; finish; exit; }
fi
cd "$TZ_TMP"
PORT=$(free_port)
S="http://127.0.0.1:$PORT"
"$TECHZINE" html "$DEMO" -o nl --base-url "$S/nl/web" > /dev/null 2>err.txt; rc=$?
check "html nl exits 0 (got $rc: $(tail -1 err.txt))" test "$rc" -eq 0
"$TECHZINE" html "$DEMO" -o en --lang en --base-url "$S/en/web" > /dev/null 2>err.txt; rc=$?
check "html en exits 0 (got $rc)" test "$rc" -eq 0
for l in nl en; do
	perl -0pe 's|<style>.*?</style>||s' $l/newsletter.html > $l/newsletter.nostyle.html
done
check "the stripped copy has no <style>" bash -c '! grep -q "<style>" nl/newsletter.nostyle.html'
"$PY" -m http.server "$PORT" --bind 127.0.0.1 > /dev/null 2>&1 &
TZ_PIDS+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "$S/nl/newsletter.html" && break; sleep 0.1; done
check "test server answers" curl -sf -o /dev/null "$S/nl/newsletter.html"

# --- static: Outlook, lang, links, images, text edition
"$PY" "$H/mail_static.py" nl nl > static-nl.txt 2>&1; rc=$?
check "static checks nl ($(grep FAIL static-nl.txt | head -3))" test "$rc" -eq 0
"$PY" "$H/mail_static.py" en en nl > static-en.txt 2>&1; rc=$?
check "static checks en ($(grep FAIL static-en.txt | head -3))" test "$rc" -eq 0
cat static-nl.txt static-en.txt | grep -v FAIL

# --- rendered: overflow, text size, contrast, targets
for l in nl en; do
	"$PY" "$H/render_check.py" --url "$S/$l/newsletter.html" --name "$l" --shots "$ART" > render-$l.txt 2>&1; rc=$?
	check "render $l: light, dark, without <style>, 600 and 375 px ($(grep FAIL render-$l.txt | head -3))" test "$rc" -eq 0
	check "render $l: eight renders checked" test "$(grep -c 'text runs' render-$l.txt)" -eq 8
done
check "screenshots written" test -s "$ART/nl-375-nostyle.png" -a -s "$ART/en-600-dark.png"

# --- control cases: each checker must fail on a known defect
control() { # control NAME PERL-EXPR WIDTHS MODES EXPECTED-FINDING
	perl -0pe "$2" nl/newsletter.html > nl/c-$1.html
	perl -0pe 's|<style>.*?</style>||s' nl/c-$1.html > nl/c-$1.nostyle.html
	"$PY" "$H/render_check.py" --url "$S/nl/c-$1.html" --name "c-$1" --widths "$3" --modes "$4" > c-$1.txt 2>&1; rc=$?
	check "control $1 fails the render check (got $rc)" test "$rc" -eq 1
	check "control $1 names the defect '$5'" grep -q "$5" c-$1.txt
}
control orange 's/#a84300/#f26a21/g' 600 light "contrast 3.0[0-9]:1 < 4.5:1 (#f26a21 on #ffffff"
control dark-agenda 's/\.tz-t,\.tz-t a\{color:#e4e7eb !important\}//' 600 dark "contrast 1.0[0-9]:1 < "
control overflow 's/max-width:600px;margin:0 auto/width:640px;margin:0 auto/' 375 nostyle "horizontal overflow"
control small 's/font-size:14px/font-size:12px/g' 375 light "text under 14 px (12 px)"
control target 's/display:inline-block;padding:11px 0;//' 600 light "px < 24 px high"

# --- a theme whose text colour fails WCAG AA is refused when it is loaded
mkdir -p data
for f in "$TZ_SRC"/*; do ln -s "$f" data/; done
rm data/layouts && cp -r "$TZ_SRC/layouts" data/layouts
sed -i 's/name="accent-text" rgb="#a84300"/name="accent-text" rgb="#f26a21"/' data/layouts/newsletter.xml
cp -r "$TZ_SRC/tests/fixtures/mini" mini
TECHZINE_DATA=$TZ_TMP/data "$TECHZINE" html mini/issue.xml -o mini-out > /dev/null 2> theme.err; rc=$?
check "theme with the brand orange as text refused (got $rc)" test "$rc" -eq 1
check "refusal names the pair and the ratio ($(cat theme.err))" grep -q "colour 'accent-text' #f26a21 on 'paper' #ffffff has contrast 3.06:1; WCAG AA needs 4.5:1" theme.err

# --- axe-core on the newsletters (light and dark) and every web page
urls=()
for f in nl/web/*.html nl/web/en/*.html; do urls+=("$S/$f"); done
check "web pages to check (${#urls[@]})" test "${#urls[@]}" -ge 10
"$PY" "$H/axe_check.py" --dark "$S/nl/newsletter.html" "$S/en/newsletter.html" > axe-mail.txt 2>&1; rc=$?
check "axe: newsletters have no violations ($(grep FAIL axe-mail.txt | head -3))" test "$rc" -eq 0
"$PY" "$H/axe_check.py" "${urls[@]}" > axe-web.txt 2>&1; rc=$?
check "axe: web pages have no violations ($(grep FAIL axe-web.txt | head -3))" test "$rc" -eq 0
check "axe checked every page" test "$(grep -c 'violation(s)' axe-web.txt)" -eq "${#urls[@]}"
perl -pe 's/#a84300/#f26a21/g; s/role="main" //' nl/web/index.html > nl/web/c-axe.html
perl -pe 's/<div role="main"/<div/' nl/newsletter.html > nl/c-axe-main.html
"$PY" "$H/axe_check.py" "$S/nl/web/c-axe.html" "$S/nl/c-axe-main.html" > axe-c.txt 2>&1; rc=$?
check "axe control fails (got $rc)" test "$rc" -eq 1
check "axe control: colour contrast found" grep -q "c-axe.html: color-contrast" axe-c.txt
check "axe control: missing main landmark found" grep -q "c-axe-main.html: landmark-one-main" axe-c.txt
finish
