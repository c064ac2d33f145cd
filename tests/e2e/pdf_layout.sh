#!/usr/bin/env bash
# pdf_layout.sh - what a designer checks on the demo issue's PDFs (issue
# 15), A4 and A5, each by a checker independent of techzine with a control
# case proving it can fail: URLs and e-mail addresses break only after
# / . - _ ? with no hyphen added and no line ends in "www.", words in
# <span lang="en"> break only at English points, names in the exception
# list only at their own points (tests/pdf/check_hyphen.py, pyphen); no
# rule crosses a word (check_rules.py); every figure on its story's pages,
# no widow across a section break (fewer than 6 lines above a section
# title), no page or pull quote filler repeated, no column of a story page
# more than 30 % empty at its foot (holes are filled or avoided, not only
# reported) and every hole reported by the preflight (check_pages.py,
# poppler text and pixels of pdftoppm).
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
T=$TZ_SRC/tests/pdf
NAMES=$TZ_SRC/layouts/hyphenation-names.txt
cd "$TZ_TMP" || exit 1
cp -r "$TZ_SRC/issues/2026-12" demo
fails() { ! "$@" >/dev/null 2>&1; }
# fails_with PATTERN CMD...: CMD fails, and for the reason PATTERN names
fails_with() {
	local pat=$1 out
	shift
	out=$("$@" 2>&1) && return 1
	grep -qE "$pat" <<<"$out" || { echo "$out" | grep FAIL; return 1; }
}

for lay in a4 a5; do
	"$TECHZINE" pdf demo/issue.xml --layout "$TZ_SRC/layouts/magazine-$lay.xml" -o $lay.pdf >$lay.log 2>&1
	check "$lay: pdf exits 0" test $? -eq 0
	check "$lay: URLs intact, English and names hyphenated right" \
		$PY "$T/check_hyphen.py" $lay.pdf demo/issue.xml "$NAMES" >$lay.hyph || cat $lay.hyph
	check "$lay: some URLs were checked" grep -qE "urls printed and checked: [1-9]" $lay.hyph
	check "$lay: no rule crosses a word" $PY "$T/check_rules.py" $lay.pdf >$lay.rules || cat $lay.rules
	check "$lay: figures, section breaks, fillers, holes" \
		$PY "$T/check_pages.py" $lay.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-$lay.xml" \
		--holes $lay.log --hole-percent 30 --max-hole 30 >$lay.pages || cat $lay.pages
	check "$lay: some figures were checked" grep -qE "figures checked: [1-9]" $lay.pages
	check "$lay: holes were measured" grep -qE "largest hole in a column: [0-9]+ %" $lay.pages
	check "$lay: pull quotes fill holes" grep -qE "pull quote fillers: [1-9]" $lay.pages
	ads=$(pdftotext -raw $lay.pdf - | tr '\n' ' ' | grep -o "Elke maand het nieuws uit de regio" | wc -l)
	check "$lay: the house advertisement once ($ads)" test "$ads" -eq 1
	n=$(pdftoppm -r 30 -png $lay.pdf $lay-png 2>&1 | wc -l)
	check "$lay: pdftoppm renders without messages" test "$n" -eq 0
done

# controls: the A4 text with the defects of issue 15 put back
pdftotext -raw a4.pdf a4.txt
check "control: the agenda URL breaks after 'dutchtechzone.'" grep -q "^dutchtechzone\.$" a4.txt
sed 's/^dutchtechzone\.$/dutchtechzo-\nne./' a4.txt >bad-url.txt
check "control: an invented hyphen in a URL is caught" \
	fails $PY "$T/check_hyphen.py" a4.pdf demo/issue.xml "$NAMES" --text bad-url.txt
{ cat a4.txt; printf 'aan de slag met www.\ndutchtechzone.nl\n'; } >www.txt
check "control: a line ending in www. is caught" \
	fails $PY "$T/check_hyphen.py" a4.pdf demo/issue.xml "$NAMES" --text www.txt
{ cat a4.txt; printf 'in Chemport Euro-\npe\n'; } >name.txt
check "control: a name split against the list is caught" \
	fails $PY "$T/check_hyphen.py" a4.pdf demo/issue.xml "$NAMES" --text name.txt
{ cat a4.txt; printf 'communities of practi-\nce\n'; } >en.txt
check "control: an English word split at a Dutch point is caught" \
	fails $PY "$T/check_hyphen.py" a4.pdf demo/issue.xml "$NAMES" --text en.txt
{ cat a4.txt; printf 'communities of prac-\ntice\n'; } >en-ok.txt
check "control: an English point passes" \
	$PY "$T/check_hyphen.py" a4.pdf demo/issue.xml "$NAMES" --text en-ok.txt
# controls for the page checks: each defect put back into a real PDF
$PY - a4.pdf <<'PYEOF'
import sys, pikepdf, subprocess, re, html
pdf = pikepdf.open(sys.argv[1])
# a vertical rule through the first body word of page 5
out = subprocess.run(["pdftotext", "-f", "5", "-l", "5", "-bbox", sys.argv[1], "-"],
                     capture_output=True, text=True).stdout
m = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', out)[40]
x0, y0, x1, y1 = (float(v) for v in m)
h = float(pdf.pages[4].obj.MediaBox[3])
xm = (x0 + x1) / 2
pdf.pages[4].contents_add(pdf.make_stream(
    b"0 0 0 0.4 K 0.3 w %.2f %.2f m %.2f %.2f l S" % (xm, h - y0 + 20, xm, h - y1 - 20)))
pdf.save("rule.pdf")
PYEOF
check "control: a rule through a word is caught" fails $PY "$T/check_rules.py" rule.pdf
qpdf a4.pdf --pages a4.pdf 1-z a4.pdf 5 -- dup.pdf
check "control: a filler page used twice is caught" \
	fails $PY "$T/check_pages.py" dup.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml"
# a hole put back: the foot of the page with the first pull quote filler
# painted white (the filler gone, as before issue 15)
$PY - a4.pdf "$TZ_SRC/layouts/magazine-a4.xml" <<'PYEOF'
import sys, subprocess, pikepdf
import xml.etree.ElementTree as ET
pdf = pikepdf.open(sys.argv[1])
lay = ET.parse(sys.argv[2]).getroot()
mm = 72 / 25.4
bottom, bleed = float(lay.find("margins").get("bottom")), float(lay.find("page").get("bleed"))
n = next(i for i in range(len(pdf.pages))
         if "UIT: " in subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), "-raw",
                                       sys.argv[1], "-"], capture_output=True, text=True).stdout)
w = float(pdf.pages[n].obj.MediaBox[2])
h = float(pdf.pages[n].obj.MediaBox[3])
y0 = (bleed + bottom) * mm
pdf.pages[n].contents_add(pdf.make_stream(
    b"0 0 0 0 k %.2f %.2f %.2f %.2f re f" % (0, y0, w, h * 0.4)))
pdf.save("hole.pdf")
PYEOF
check "control: a hole at a page's foot is caught" \
	fails_with "FAIL: no column of page [0-9]+ over 30 %" $PY "$T/check_pages.py" hole.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" \
	--max-hole 30
check "control: a hole the preflight did not report is caught" \
	fails_with "FAIL: hole on page [0-9]+ .* reported by the preflight" $PY "$T/check_pages.py" hole.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" \
	--holes a4.log --hole-percent 30
pdftotext -raw a4.pdf raw.txt
$PY - raw.txt <<'PYEOF'
import sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
# the Grensstaal caption moved to the last page; a line stranded above "Nieuws"
cap = "Grensstaal levert gelaste constructies aan klanten"
import re
pat = re.compile(r"\s+".join(cap.split()))
fig = [pat.sub("", p) for p in pages]
assert fig != pages, "caption not found"
fig[-2] += "\n" + cap + " aan beide kanten van de grens.\n"
open("fig.txt", "w").write("\f".join(fig))
wid = list(pages)
i = next(k for k, p in enumerate(wid) if "\nNieuws\n" in "\n" + p)
wid[i] = wid[i].replace("Nieuws\n", "Fijne feestdagen en tot in het voorjaar.\nNieuws\n", 1)
open("widow.txt", "w").write("\f".join(wid))
# four lines above it (the A5 Voorwoord had three after the first fix)
wid = list(pages)
wid[i] = wid[i].replace("Nieuws\n", "Zonder hun openhartigheid zou dit blad\neen brochure zijn.\n"
                        "Fijne feestdagen, een veilige jaarwisseling\n– en tot in het voorjaar.\n"
                        "Nieuws\n", 1)
open("widow4.txt", "w").write("\f".join(wid))
# the same pull quote filler (the quote and the line naming its story) on
# a second page
q = next(k for k, p in enumerate(pages) if "\nUIT: " in p)
lines = pages[q].split("\n")
k = next(n for n, l in enumerate(lines) if l.startswith("UIT: "))
dup = list(pages)
dup[q + 1] += "\n" + "\n".join(lines[max(k - 2, 0):k + 1]) + "\n"
open("dupquote.txt", "w").write("\f".join(dup))
PYEOF
check "control: a figure off its story's pages is caught" \
	fails $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text fig.txt
check "control: a widow above a section title is caught" \
	fails $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text widow.txt
check "control: four lines above a section title are caught" \
	fails_with "FAIL: no widow across a section break" $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text widow4.txt
check "control: a pull quote filler used twice is caught" \
	fails_with "FAIL: no pull quote filler used twice" $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text dupquote.txt
finish
