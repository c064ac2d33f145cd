#!/usr/bin/env bash
# pdf_layout.sh - what a designer checks on the demo issue's PDFs (issue
# 15), A4 and A5, each by a checker independent of techzine with a control
# case proving it can fail: URLs and e-mail addresses break only after
# / . - _ ? with no hyphen added and no line ends in "www.", words in
# <span lang="en"> break only at English points, names in the exception
# list only at their own points (tests/pdf/check_hyphen.py, pyphen); no
# rule crosses a word (check_rules.py); every figure on its story's pages,
# no widow across a section break, no page repeated (a filler twice), and
# every hole at a page's foot over 30 % reported by the preflight
# (check_pages.py, poppler text and pixels of pdftoppm).
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
T=$TZ_SRC/tests/pdf
NAMES=$TZ_SRC/layouts/hyphenation-names.txt
cd "$TZ_TMP" || exit 1
cp -r "$TZ_SRC/issues/2026-12" demo
fails() { ! "$@" >/dev/null 2>&1; }

for lay in a4 a5; do
	"$TECHZINE" pdf demo/issue.xml --layout "$TZ_SRC/layouts/magazine-$lay.xml" -o $lay.pdf >$lay.log 2>&1
	check "$lay: pdf exits 0" test $? -eq 0
	check "$lay: URLs intact, English and names hyphenated right" \
		$PY "$T/check_hyphen.py" $lay.pdf demo/issue.xml "$NAMES" >$lay.hyph || cat $lay.hyph
	check "$lay: some URLs were checked" grep -qE "urls printed and checked: [1-9]" $lay.hyph
	check "$lay: no rule crosses a word" $PY "$T/check_rules.py" $lay.pdf >$lay.rules || cat $lay.rules
	check "$lay: figures, section breaks, fillers, holes" \
		$PY "$T/check_pages.py" $lay.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-$lay.xml" \
		--holes $lay.log --hole-percent 30 >$lay.pages || cat $lay.pages
	check "$lay: some figures were checked" grep -qE "figures checked: [1-9]" $lay.pages
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
grep -v "of the text area is empty" a4.log >a4-quiet.log
check "control: a hole the preflight did not report is caught" \
	fails $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" \
	--holes a4-quiet.log --hole-percent 30
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
PYEOF
check "control: a figure off its story's pages is caught" \
	fails $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text fig.txt
check "control: a widow above a section title is caught" \
	fails $PY "$T/check_pages.py" a4.pdf demo/issue.xml "$TZ_SRC/layouts/magazine-a4.xml" --text widow.txt
finish
