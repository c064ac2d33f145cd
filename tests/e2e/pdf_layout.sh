#!/usr/bin/env bash
# pdf_layout.sh - what a designer checks on the demo issue's PDFs (issue
# 15), A4 and A5, each by a checker independent of techzine with a control
# case proving it can fail: URLs and e-mail addresses break only after
# / . - _ ? with no hyphen added and no line ends in "www.", words in
# <span lang="en"> break only at English points, names in the exception
# list only at their own points (tests/pdf/check_hyphen.py, pyphen).
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
finish
