#!/bin/bash
# pdfx.sh - the print PDF as a printer's preflight sees it, checked with
# independent tools on a PDF made by test_image_cmyk --make-pdf (CMYK photo
# and a pure red patch at 300 ppi, Lato and Charis SIL text, PDF/X-1a
# structure through src/print/pdfx.c): pdfimages, pikepdf, Ghostscript,
# poppler, qpdf; two builds byte-identical; the screen variant stays RGB.
. "$(dirname "$0")/lib.bash"
MAKER="${TZ_BUILD:?}/tests/test_image_cmyk"
PY=/usr/bin/python3
CHECK="$TZ_SRC/tests/pdfx/check_pdfx.py"
INK="$TZ_SRC/tests/pdfx/ink.py"
export TZ_TEST_SRC="$TZ_SRC"
cd "$TZ_TMP" || exit 1

check "maker builds the print PDF" "$MAKER" --make-pdf a.pdf --cache cache --raw raw.pdf >a.log
check "second build hits the image cache" grep -q "^images: 2 cache hits, 0 misses" \
	<("$MAKER" --make-pdf b.pdf --cache cache)
check "two builds are byte-identical" cmp -s a.pdf b.pdf
sleep 1.1 # a later second must not change a byte
"$MAKER" --make-pdf c.pdf >/dev/null # no cache at all
check "a build without cache is identical too" cmp -s a.pdf c.pdf

# pdfimages: only cmyk images, every one at >= 300 ppi
pdfimages -list a.pdf >imgs.txt 2>imgs.err
check "pdfimages lists two images" test "$(tail -n +3 imgs.txt | wc -l)" -eq 2
check "pdfimages: all cmyk" test -z "$(tail -n +3 imgs.txt | awk '$6 != "cmyk"')"
check "pdfimages: all >= 300 ppi" test -z "$(tail -n +3 imgs.txt | awk '$13 < 300 || $14 < 300')"
check "pdfimages: no warnings" test ! -s imgs.err

# pikepdf: OutputIntent, GTS keys, Trapped, ID, version, no rg/RG, ...
check "pikepdf PDF/X-1a checks" $PY "$CHECK" a.pdf >pike.log || cat pike.log

# Ghostscript renders every page; ink coverage within the limit + 2 %
pages=$(pdfinfo a.pdf 2>/dev/null | awk '/^Pages:/ {print $2}')
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=tiff32nc -r150 -o 'page%03d.tif' a.pdf 2>gs.err
check "ghostscript renders every page" test "$(ls page*.tif 2>/dev/null | wc -l)" -eq "${pages:-0}"
check "ghostscript: no errors" test ! -s gs.err
ink=$($PY "$INK" max page*.tif)
echo "max ink coverage: $ink %"
check "max C+M+Y+K <= 302 %" awk -v v="$ink" 'BEGIN { exit !(v > 0 && v <= 302) }'

# the red patch renders red (an inverted CMYK JPEG would come out cyan)
pdftoppm -r 72 -png a.pdf rgb 2>/dev/null
read -r r g b < <($PY "$INK" pixel rgb-1.png 74 295)
check "poppler: red patch is red ($r $g $b)" test "$r" -gt 200 -a "$g" -lt 90 -a "$b" -lt 90
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=png16m -r72 -o gsrgb.png a.pdf
read -r r g b < <($PY "$INK" pixel gsrgb.png 74 295)
check "ghostscript: red patch is red ($r $g $b)" test "$r" -gt 200 -a "$g" -lt 90 -a "$b" -lt 90

# poppler prints no warnings (libharu's begincidrange CMap made it warn)
pdftotext a.pdf text.txt 2>text.err
check "pdftotext: no warnings" test ! -s text.err
check "pdftotext: accented text extracts" grep -q "café één" text.txt
check "pdftotext: Charis text extracts" grep -q "coöperatie" text.txt
pdffonts a.pdf >fonts.txt 2>fonts.err
check "pdffonts: no warnings" test ! -s fonts.err
check "pdffonts: all embedded subsets with ToUnicode" \
	test -z "$(tail -n +3 fonts.txt | awk '$(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes"')"
check "qpdf --check" qpdf --check a.pdf >/dev/null
# trimmed /W arrays and CIDToGIDMaps: every word sits where libharu put it
pdftotext -bbox raw.pdf raw.html 2>/dev/null
pdftotext -bbox a.pdf new.html 2>/dev/null
check "word boxes unchanged by the rewrite" cmp -s raw.html new.html
check "rewrite made the file smaller" test "$(stat -c %s a.pdf)" -lt "$(stat -c %s raw.pdf)"
check "lean fonts reported" grep -q "^font HPDFAB+CharisSIL" a.log
cat a.log

# the reusable preflight (also for the demo issue's PDF) passes here and
# fails on libharu's own file
check "preflight.py passes" $PY "$TZ_SRC/tests/pdfx/preflight.py" a.pdf >pre.log || cat pre.log
fails() { ! "$@" >/dev/null; }
check "preflight.py fails on libharu's own file" fails $PY "$TZ_SRC/tests/pdfx/preflight.py" raw.pdf

# simple WinAnsi TrueType fonts (no ToUnicode, glyphs through the font's cmap)
check "maker builds the WinAnsi PDF" "$MAKER" --make-pdf w.pdf --ansi --raw wraw.pdf >/dev/null
check "WinAnsi: preflight.py passes" $PY "$TZ_SRC/tests/pdfx/preflight.py" w.pdf >pre.log || cat pre.log
pdftotext w.pdf wtext.txt 2>/dev/null
check "WinAnsi: accented text extracts" grep -q "coöperatie" wtext.txt
pdftotext -bbox wraw.pdf wraw.html 2>/dev/null
pdftotext -bbox w.pdf wnew.html 2>/dev/null
check "WinAnsi: word boxes unchanged by the rewrite" cmp -s wraw.html wnew.html

# the screen version: RGB images, no output intent, but still fixed up
check "maker builds the screen PDF" "$MAKER" --make-pdf s.pdf --screen >/dev/null
check "screen: images are rgb" test -z "$(pdfimages -list s.pdf | tail -n +3 | awk '$6 != "rgb"')"
check "screen: pikepdf screen checks" $PY "$CHECK" s.pdf --screen >pike.log || cat pike.log
check "screen: not PDF/X (the checker can fail)" fails $PY "$CHECK" s.pdf

finish
