#!/usr/bin/env bash
# End-to-end: `techzine pdf` on the demo issue and on a generated stress
# issue (about 70 pages), judged by independent tools: qpdf --check,
# pdffonts (every font embedded and subset), pdfinfo -box (TrimBox and a
# 3 mm = 8.504 pt BleedBox on every page), page count a multiple of 4,
# pdftotext (every word of every story in reading order, no warnings), word
# boxes inside their columns, pdftoppm renders every page. Then the
# refusals: a character the font lacks, an image under 200 ppi (and a
# warning under 300), and the layouts as data: A5, --marks, --no-bleed.
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
T=$TZ_SRC/tests/pdf
A4=$TZ_SRC/layouts/magazine-a4.xml
cd "$TZ_TMP" || exit 1
cp -r "$TZ_SRC/issues/2026-12" demo

boxes_ok() { # PDF BLEED_PT: every page has a TrimBox inside a BleedBox by BLEED
	pdfinfo -box -f 1 -l 9999 "$1" 2>/dev/null | awk -v b="$2" '
		/TrimBox:/ { n++; tx0=$4; ty0=$5; tx1=$6; ty1=$7 }
		/BleedBox:/ { m++; bx0=$4; by0=$5; bx1=$6; by1=$7 }
		/ArtBox:/ { if (tx0-bx0 < b-0.01 || tx0-bx0 > b+0.01 || bx1-tx1 < b-0.01 || bx1-tx1 > b+0.01 || ty0-by0 < b-0.01 || by1-ty1 < b-0.01) bad++ }
		END { exit !(n > 0 && n == m && bad == 0) }'
}
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

judge() { # NAME PDF ISSUE_XML LAYOUT_XML
	local name=$1 pdf=$2 issue=$3 layout=$4 n base
	base=$(sed -n 's/.*baseline="\([0-9.]*\)".*/\1/p' "$layout")
	check "$name: qpdf --check" qpdf --check "$pdf" >/dev/null
	pdffonts "$pdf" >"$pdf.fonts" 2>"$pdf.fonts.err"
	check "$name: pdffonts without warnings" test ! -s "$pdf.fonts.err"
	check "$name: fonts listed" test "$(tail -n +3 "$pdf.fonts" | wc -l)" -ge 3
	check "$name: every font embedded, subset, with ToUnicode" \
		test -z "$(tail -n +3 "$pdf.fonts" | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"')"
	check "$name: TrimBox and 3 mm BleedBox on every page" boxes_ok "$pdf" 8.504
	n=$(pages "$pdf")
	check "$name: page count $n is a multiple of 4" test $((n % 4)) -eq 0
	check "$name: every word in reading order" $PY "$T/check_text.py" "$pdf" "$issue" >"$pdf.text"
	check "$name: every word inside its column" $PY "$T/check_columns.py" "$pdf" "$layout" >"$pdf.cols"
	check "$name: body text on one $base pt baseline grid" $PY "$T/check_grid.py" "$pdf" "$base" >"$pdf.grid"
	mkdir -p "$pdf.png"
	pdftoppm -r 20 -png "$pdf" "$pdf.png/p" 2>"$pdf.png.err"
	check "$name: pdftoppm renders all $n pages" test "$(ls "$pdf.png" | wc -l)" -eq "$n"
	check "$name: pdftoppm without errors" test ! -s "$pdf.png.err"
}

# the demo issue
out=$("$TECHZINE" pdf demo/issue.xml -o demo.pdf 2>&1); rc=$?
check "demo: pdf exits 0 ($out)" test $rc -eq 0
check "demo: summary names pages and size" grep -qE "demo.pdf  [0-9]+ pages .* MB" <<<"$out"
judge demo demo.pdf demo/issue.xml "$A4"
check "demo: PDF/X-1a subtype" grep -q "PDF/X-1:2001" <(pdfinfo demo.pdf)
check "demo: title and author in the info" grep -q "^Title: *TechZine" <(pdfinfo demo.pdf)
check "demo: a bookmark per section and story" $PY - demo.pdf <<'PYEOF'
import sys, pikepdf
with pikepdf.open(sys.argv[1]).open_outline() as o:
    top = o.root
    titles = [t.title for t in top]
    kids = sum(len(t.children) for t in top)
assert "Inhoud" in titles and "Nieuws" in titles and "Parels" in titles, titles
assert kids >= 18, kids
PYEOF
# the checkers can fail: a layout with a wider margin must find words
# outside the text area, a story missing from the issue must be reported
sed 's/inner="17"/inner="40"/' "$A4" >wrong-margins.xml
check "control: grid check fails for another baseline" \
	bash -c "! $PY '$T/check_grid.py' demo.pdf 11 >/dev/null"
check "control: column check fails on the wrong margins" \
	bash -c "! $PY '$T/check_columns.py' demo.pdf wrong-margins.xml >/dev/null"
cp -r demo ctl && sed -i 's|<p>Fijne feestdagen|<p>Deze zin staat niet in de PDF. Fijne feestdagen|' ctl/stories/voorwoord.xml
check "control: text check misses a sentence that is not in the PDF" \
	bash -c "! $PY '$T/check_text.py' demo.pdf ctl/issue.xml >/dev/null"

# a printer's preflight of the demo PDF: only CMYK images at >= 300 ppi,
# OutputIntent and GTS keys, no rg/RG, Ghostscript ink coverage within the
# limit, no poppler warnings (tests/pdfx/preflight.py)
check "demo: printer's preflight passes" $PY "$TZ_SRC/tests/pdfx/preflight.py" demo.pdf >demo.pre || cat demo.pre

# reproducible: a second build is byte-identical
"$TECHZINE" pdf demo/issue.xml -o demo2.pdf >/dev/null 2>&1
check "demo: two builds are byte-identical" cmp -s demo.pdf demo2.pdf

# a generated stress issue: every story three times, long compounds, a
# long URL and a long list
$PY "$T/make_stress.py" "$TZ_SRC/issues/2026-12" stress 3
out=$("$TECHZINE" pdf stress/issue.xml -o stress.pdf 2>&1); rc=$?
check "stress: pdf exits 0 ($out)" test $rc -eq 0
judge stress stress.pdf stress/issue.xml "$A4"
check "stress: more than 60 pages" test "$(pages stress.pdf)" -gt 60
check "stress: the 40-letter compound is set" \
	grep -q "arbeidsmarktcommunicatiemedewerkersvacature" <(pdftotext -raw stress.pdf - | tr -d '\n-')

# a character the fonts lack: an error naming story, line and character
cp -r demo glyph
sed -i 's|<headline>Een regio die blijft maken</headline>|<headline>Een regio die blijft maken 中</headline>|' glyph/stories/voorwoord.xml
out=$("$TECHZINE" pdf glyph/issue.xml -o glyph.pdf 2>&1); rc=$?
check "glyph: exit 1 (got $rc)" test $rc -eq 1
check "glyph: file:line, character and font named ($out)" \
	grep -qE "stories/voorwoord.xml:[0-9]+: error: character '中' \(U\+4E2D\) in story 'voorwoord' is not in the font" <<<"$out"
check "glyph: nothing written" test ! -e glyph.pdf

# resolution: under 200 ppi is an error (a cover too small for the page),
# under 300 a warning (a figure shown larger than 300 ppi allows, which
# techzine does only down to 200 ppi rather than make it a stamp)
cp -r demo lowres
$PY - lowres/images <<'PYEOF'
import sys
from PIL import Image
Image.new("RGB", (620, 870), (30, 90, 160)).save(sys.argv[1] + "/klein.jpg", dpi=(300, 300))
Image.new("RGB", (400, 270), (30, 90, 160)).save(sys.argv[1] + "/middel.jpg", dpi=(300, 300))
PYEOF
sed -i 's|image="images/cover.jpg"|image="images/klein.jpg"|' lowres/issue.xml
out=$("$TECHZINE" pdf lowres/issue.xml -o lowres.pdf 2>&1); rc=$?
check "lowres: exit 1 (got $rc)" test $rc -eq 1
check "lowres: error names the image, its ppi and the pixels needed ($out)" \
	grep -qE "issue.xml:[1-9][0-9]*: error: image 'images/klein.jpg' \(620 x 870 px\) prints at [0-9]+ ppi on page 1 \(at least 200 needed, 300 wanted\): the frame it fills is 216 x 303 mm \(cropped to fit\); supply at least 2551 x 3579 px" <<<"$out"
check "lowres: nothing written" test ! -e lowres.pdf
cp -r demo midres
cp lowres/images/middel.jpg midres/images/
sed -i 's|images/greenwise.jpg|images/middel.jpg|' midres/stories/greenwise-campus.xml
out=$("$TECHZINE" pdf midres/issue.xml -o midres.pdf 2>&1); rc=$?
check "midres: exit 0 with a warning (got $rc)" test $rc -eq 0
check "midres: warning under 300 ppi ($out)" \
	grep -qE "greenwise-campus.xml:[0-9]+: warning: image 'images/middel.jpg' \(400 x 270 px\) prints at 2[0-9][0-9] ppi" <<<"$out"

# layouts are data: A5 from the same story files
out=$("$TECHZINE" pdf demo/issue.xml --layout "$TZ_SRC/layouts/magazine-a5.xml" -o a5.pdf 2>&1); rc=$?
check "a5: exit 0 ($out)" test $rc -eq 0
judge a5 a5.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a5.xml"
check "a5: trim size 148 x 210 mm" awk '/TrimBox:/ { w=$6-$4; h=$7-$5; if (w < 419.4 || w > 419.6 || h < 595.1 || h > 595.4) bad=1; n++ } END { exit !(n > 0 && !bad) }' <(pdfinfo -box -f 1 -l 1 a5.pdf)

# crop marks: a slug outside the bleed with marks in it
out=$("$TECHZINE" pdf demo/issue.xml --marks -o marks.pdf 2>&1); rc=$?
check "marks: exit 0" test $rc -eq 0
check "marks: MediaBox larger than the BleedBox" awk '/MediaBox:/ {m=$6} /BleedBox:/ {b=$6} END { exit !(m > b + 20) }' <(pdfinfo -box -f 2 -l 2 marks.pdf)
check "marks: words still inside their columns" $PY "$T/check_columns.py" marks.pdf "$A4" --marks >/dev/null
pdftoppm -r 72 -f 2 -l 2 -png marks.pdf marks
check "marks: a crop mark is drawn in the slug" $PY - marks-02.png <<'PYEOF'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("L")
w, h = im.size
# the horizontal mark at the top-left corner: left of the trim (slug 12 mm +
# bleed 3 mm = 42.5 pt), at the trim's top edge
y = 42
dark = sum(1 for x in range(2, 30) for yy in (y - 1, y, y + 1) if im.getpixel((x, yy)) < 128)
assert dark >= 10, dark
PYEOF

# the screen version: no bleed, RGB images, links kept
out=$("$TECHZINE" pdf demo/issue.xml --no-bleed -o screen.pdf 2>&1); rc=$?
check "screen: exit 0" test $rc -eq 0
check "screen: TrimBox equals the MediaBox" awk '/MediaBox:/ {m=$4" "$5" "$6" "$7} /TrimBox:/ {t=$4" "$5" "$6" "$7} END { exit !(m == t) }' <(pdfinfo -box -f 3 -l 3 screen.pdf)
check "screen: images are RGB" test -z "$(pdfimages -list screen.pdf | tail -n +3 | awk '$6 != "rgb"')"
check "screen: links are annotations" $PY - screen.pdf <<'PYEOF'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
links = [a for p in pdf.pages for a in p.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"]
assert len(links) >= 5, len(links)
PYEOF
check "print version has no annotations" $PY - demo.pdf <<'PYEOF'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
assert not any("/Annots" in p.obj for p in pdf.pages)
PYEOF
check "usage: --marks with --no-bleed is refused" bash -c "'$TECHZINE' pdf demo/issue.xml --marks --no-bleed -o x.pdf >/dev/null 2>&1; test \$? -eq 2"
finish
