#!/usr/bin/env bash
# diagnostic_lines.sh - every diagnostic about an element says file:line:
# the cover image that is not an image (issue.xml's <cover> line), a figure
# whose PNG only fails when pdf decodes it (the story's <figure> line), the
# mail settings html and send need (issue.xml's <mail> line).
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
cover_line() { grep -n '<cover ' "$1" | cut -d: -f1; }
mail_line() { grep -n '<mail ' "$1" | cut -d: -f1; }

cp -r "$TZ_SRC/tests/fixtures/mini" fake
printf 'GIF89a not a JPEG\n' > fake/images/cover.jpg
"$TECHZINE" check fake/issue.xml > fake.out 2>&1; rc=$?
check "a cover that is not an image: exit 1 (got $rc)" test "$rc" -eq 1
check "a cover that is not an image: issue.xml:$(cover_line fake/issue.xml)" \
	grep -q "^fake/issue.xml:$(cover_line fake/issue.xml): error: image 'images/cover.jpg' is not a JPEG or PNG file" fake.out

# a PNG whose header is fine (check passes) but whose data is damaged: pdf
# fails when it decodes it, at the figure's line
cp -r "$TZ_SRC/tests/fixtures/mini" png
/usr/bin/python3 - png/images/chart.png <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.index(b"IDAT")
for k in range(i + 10, i + 40):
    d[k] ^= 0x5A
open(sys.argv[1], "wb").write(bytes(d))
PY
fig=$(grep -n '<figure src="images/chart.png"' png/stories/twee.xml | cut -d: -f1)
"$TECHZINE" pdf png/issue.xml -o png.pdf > png.out 2>&1; rc=$?
check "a damaged PNG in pdf: exit 1 (got $rc; $(tail -1 png.out))" test "$rc" -eq 1
check "a damaged PNG in pdf: the figure's file:line (twee.xml:$fig)" \
	grep -q "^png/stories/twee.xml:$fig: error: cannot decode PNG 'images/chart.png'" png.out
check "a damaged PNG in pdf: nothing written" test ! -e png.pdf

# no base URL: html names the <mail> element's line
cp -r "$TZ_SRC/tests/fixtures/mini" nobase
sed -i 's| base-url="[^"]*"||' nobase/issue.xml
"$TECHZINE" html nobase/issue.xml -o nobase-out > nobase.out 2>&1; rc=$?
check "no base URL: exit 1 (got $rc)" test "$rc" -eq 1
check "no base URL: issue.xml:$(mail_line nobase/issue.xml)" \
	grep -q "^nobase/issue.xml:$(mail_line nobase/issue.xml): error: no public base URL" nobase.out
finish
