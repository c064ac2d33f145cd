#!/usr/bin/env bash
# tests/valgrind/pdf_smoke.sh - the print code under valgrind (run by
# tests/valgrind/run only): `pdf` on the mini issue (print, screen, marks,
# A5) and on the demo issue, and `check --print`, each a full layout and
# PDF/X rewrite. The image cache is filled first by the same binary so that
# valgrind spends its time on layout and writing, which is what this pass
# is for (image conversion runs under valgrind in unit/test_image_cmyk's
# fixtures and under ASan in every suite).
. "$(dirname "$0")/../e2e/lib.bash"
cd "$TZ_TMP" || exit 1
cp -r "$TZ_SRC/tests/fixtures/mini" mini
cp -r "$TZ_SRC/issues/2026-12" demo
REAL=${TZ_BUILD:?}/techzine # the binary itself, not under valgrind
for issue in mini demo; do
	mkdir -p "$issue-out"
	check "$issue: pdf without valgrind (fills the image cache)" "$REAL" pdf "$issue/issue.xml" -o "$issue-out/a.pdf" >/dev/null
	check "$issue: pdf under valgrind, from the cache" "$TECHZINE" pdf "$issue/issue.xml" -o "$issue-out/b.pdf" >/dev/null
	check "$issue: both builds identical" cmp -s "$issue-out/a.pdf" "$issue-out/b.pdf"
	check "$issue: qpdf --check" qpdf --check "$issue-out/b.pdf" >/dev/null
done
"$REAL" pdf mini/issue.xml --no-bleed -o mini-out/s0.pdf >/dev/null # RGB images into the cache
check "mini: screen version" "$TECHZINE" pdf mini/issue.xml --no-bleed -o mini-out/s.pdf >/dev/null
check "mini: crop marks" "$TECHZINE" pdf mini/issue.xml --marks -o mini-out/m.pdf >/dev/null
check "mini: A5 layout" "$TECHZINE" pdf mini/issue.xml --layout "$TZ_SRC/layouts/magazine-a5.xml" -o mini-out/a5.pdf >/dev/null
# the font fallback chain: Greek in Gentium Plus, a star in DejaVu Sans
cp -r mini fb
sed -i 's|</p>|, LaTeX 2ε en ★.</p>|' fb/stories/een.xml
"$REAL" pdf fb/issue.xml -o mini-out/fb0.pdf >/dev/null 2>&1
check "mini: fallback fonts" "$TECHZINE" pdf fb/issue.xml -o mini-out/fb.pdf >/dev/null
mkdir -p out/mini && cp -r mini-out/.cache out/mini/ # check --print uses out/<issue>/.cache
check "mini: check --print" "$TECHZINE" check --print mini/issue.xml >/dev/null
sed -i 's|<headline>|<headline>中 |' mini/stories/*.xml
"$TECHZINE" pdf mini/issue.xml -o mini-out/g.pdf >/dev/null 2>&1
check "mini: a missing glyph is refused" test $? -eq 1
finish
