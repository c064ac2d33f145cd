#!/usr/bin/env bash
# font_fallback.sh - the layouts' font fallback chain (Charis SIL -> Gentium
# Plus -> DejaVu Sans): a Greek ε, a Cyrillic word and a ★ that the body
# font lacks are set in the first fallback font that has them (embedded,
# extractable as text), each noted by the preflight with file:line; a
# character no font of the chain has fails with exit 1 and nothing written;
# and without the chain the same ε fails (the chain is what sets it).
. "$(dirname "$0")/lib.bash"
I="$TZ_TMP/issue"
cp -r "$TZ_SRC/tests/fixtures/mini" "$I"
# the first paragraph of een.xml (line 9) gets the characters Charis SIL lacks
sed -i '9s|</p>|, LaTeX 2ε, het woord Жук en ★ ster.</p>|' "$I/stories/een.xml"
check "fixture: the characters are on line 9" grep -q '2ε.*★' <(sed -n 9p "$I/stories/een.xml")

"$TECHZINE" pdf "$I/issue.xml" -o "$TZ_TMP/fb.pdf" > "$TZ_TMP/pdf.out" 2> "$TZ_TMP/pdf.err"; rc=$?
check "pdf with ε, Жук and ★: exit 0 (got $rc; $(grep error "$TZ_TMP/pdf.err" | head -1))" test "$rc" -eq 0
pdffonts "$TZ_TMP/fb.pdf" > "$TZ_TMP/fonts.txt" 2>&1
check "Gentium Plus embedded for the Greek" grep -q '+GentiumPlus .* yes yes' "$TZ_TMP/fonts.txt"
check "DejaVu Sans embedded for the star" grep -q '+DejaVuSans.* yes yes' "$TZ_TMP/fonts.txt"
pdftotext "$TZ_TMP/fb.pdf" "$TZ_TMP/fb.txt"
check "the text extracts as written: LaTeX 2ε" grep -q 'LaTeX 2ε' "$TZ_TMP/fb.txt"
check "the text extracts as written: Жук and ★" grep -q 'Жук en ★' "$TZ_TMP/fb.txt"
check "no replacement characters" bash -c "! grep -q $'\uFFFD' '$TZ_TMP/fb.txt'"

"$TECHZINE" check --print "$I/issue.xml" > "$TZ_TMP/check.out" 2> "$TZ_TMP/check.err"; rc=$?
check "check --print: exit 0 (got $rc)" test "$rc" -eq 0
check "preflight notes ε in Gentium Plus with file:line" \
	grep -q "stories/een.xml:9: note: character 'ε' (U+03B5) in story 'een' is set in the fallback font 'Gentium Plus Regular'" "$TZ_TMP/check.err"
check "preflight notes ★ in DejaVu Sans" \
	grep -q "stories/een.xml:9: note: character '★' (U+2605) .* fallback font 'DejaVu Sans" "$TZ_TMP/check.err"
check "each fallback character noted once" test "$(grep -c "U+03B5" "$TZ_TMP/check.err")" -eq 1
check "Cyrillic is in Charis SIL itself: no note" bash -c "! grep -q 'U+0416' '$TZ_TMP/check.err'"

# no font of the chain has 中: error with file:line, exit 1, nothing written
cp -r "$I" "$TZ_TMP/cjk"
sed -i '9s|★ ster|★ ster en 中|' "$TZ_TMP/cjk/stories/een.xml"
"$TECHZINE" pdf "$TZ_TMP/cjk/issue.xml" -o "$TZ_TMP/cjk.pdf" > /dev/null 2> "$TZ_TMP/cjk.err"; rc=$?
check "a character in no font: exit 1 (got $rc)" test "$rc" -eq 1
check "a character in no font: named with file:line and the chain" \
	grep -q "stories/een.xml:9: error: character '中' (U+4E2D) in story 'een' is not in the font 'Charis SIL Regular' .* nor in its fallback fonts 'Gentium Plus Regular', 'DejaVu Sans" "$TZ_TMP/cjk.err"
check "a character in no font: nothing written" test ! -e "$TZ_TMP/cjk.pdf"

# without the chain the same ε fails: the fallback is what sets it
sed '/<fallback /d' "$TZ_SRC/layouts/magazine-a4.xml" > "$TZ_TMP/nofallback.xml"
"$TECHZINE" pdf "$I/issue.xml" --layout "$TZ_TMP/nofallback.xml" -o "$TZ_TMP/nofb.pdf" > /dev/null 2> "$TZ_TMP/nofb.err"; rc=$?
check "no fallback chain: ε fails, exit 1 (got $rc)" test "$rc" -eq 1
check "no fallback chain: ε is the missing character" grep -q "character 'ε' (U+03B5)" "$TZ_TMP/nofb.err"

# a fallback font that is not installed: named with the layout's file:line
sed 's|<fallback pattern="Gentium Plus"|<fallback pattern="Nonexistent Serif Pro"|' \
	"$TZ_SRC/layouts/magazine-a4.xml" > "$TZ_TMP/badfallback.xml"
line=$(grep -n 'Nonexistent Serif Pro' "$TZ_TMP/badfallback.xml" | cut -d: -f1)
"$TECHZINE" pdf "$I/issue.xml" --layout "$TZ_TMP/badfallback.xml" -o "$TZ_TMP/bad.pdf" > /dev/null 2> "$TZ_TMP/bad.err"; rc=$?
check "a fallback font not installed: exit 3 (got $rc)" test "$rc" -eq 3
check "a fallback font not installed: layout file:line" \
	grep -q "badfallback.xml:$line: .*fallback font 'Nonexistent Serif Pro' .* is not installed" "$TZ_TMP/bad.err"
finish
