#!/bin/bash
# tests/e2e/officer_output.sh - issue 21, points 7 and 10: the preview copy
# of the newsletter shows the local pictures while the e-mail keeps the
# public ones; straight quotes become typographic; an agenda story shows its
# event's date, not the date it was written; the e-mail footer and the
# colophon share one postal address.
. "$(dirname "$0")/lib.bash"
I="$TZ_TMP/proj/issues/2026-12"
mkdir -p "$TZ_TMP/proj/issues"
cp -r "$TZ_SRC/issues/2026-12" "$I"
cp -r "$TZ_SRC/layouts" "$TZ_TMP/proj/"
EV="$I/stories/event-nieuwjaarsbijeenkomst.xml"
# written on 5 January, the event is on 12 February
sed -i 's|<date>[^<]*</date>|<date>2027-01-05</date>|; s|<event date="[^"]*"|<event date="2027-02-12"|' "$EV"
# typed with straight quotes and apostrophes
sed -i '0,/<p>/s|<p>|<p>Zij zei: "Dit is zo'"'"'n dag voor '"'"'t hele mkb." |' "$EV"
# the organisation's address, edited once in the colophon
sed -i 's|<address>[^<]*</address>|<address>Postbus 1234, 7800 AA Emmen</address>|' "$I/issue.xml"
cd "$TZ_TMP/proj" || exit 1
"$TECHZINE" html issues/2026-12/issue.xml -o out >html.out 2>&1; rc=$?
cat html.out
check "html: exit 0 (got $rc)" [ "$rc" -eq 0 ]

# --- point 7: the preview copy
check "html: names the preview copy" grep -qF "out/newsletter-preview.html  the e-mail with the pictures from web/images/: open it in a browser to preview" html.out
imgs=$(grep -o '<img [^>]*src="[^"]*"' out/newsletter-preview.html | grep -o 'src="[^"]*"' | cut -d'"' -f2)
check "preview: has pictures" [ -n "$imgs" ]
missing=0
for s in $imgs; do case "$s" in web/images/*) [ -f "out/$s" ] || missing=$((missing + 1)) ;; *) missing=$((missing + 1)); echo "not local: $s" ;; esac; done
check "preview: every picture is a local file next to it" [ "$missing" -eq 0 ]
check "e-mail: pictures stay on the public website" grep -q 'src="https://dutchtechzone.example/techzine/2026-12/images/' out/newsletter.html
check "e-mail: no local paths" bash -c "! grep -q 'src=\"web/images/' out/newsletter.html"
check "preview: links stay public" grep -q 'href="https://dutchtechzone.example/techzine/2026-12/' out/newsletter-preview.html

# --- point 10: typographic quotes and apostrophes
check "quotes: “…” and zo’n, ’t" grep -qF "Zij zei: “Dit is zo’n dag voor ’t hele mkb.”" out/web/event-nieuwjaarsbijeenkomst.html
check "quotes: no straight quote left in that sentence" bash -c "! grep -qF 'zo'\"'\"'n dag' out/web/event-nieuwjaarsbijeenkomst.html"

# --- point 10: the agenda story is dated by its event
check "event page shows the event's date" grep -qF "12 februari 2027" out/web/event-nieuwjaarsbijeenkomst.html
check "event page does not show the writing date" bash -c "! grep -qF '5 januari 2027' out/web/event-nieuwjaarsbijeenkomst.html"

# --- point 10: one postal address
check "e-mail footer: the colophon's address" grep -qF "Programmabureau Dutch TechZone, Postbus 1234, 7800 AA Emmen" out/newsletter.html
check "text edition footer: the same" grep -qF "Programmabureau Dutch TechZone, Postbus 1234, 7800 AA Emmen" out/newsletter.txt
check "no second address" bash -c "! grep -q 'Raadhuisplein' out/newsletter.html out/newsletter.txt"

# --- the guide's complete story example is a valid, publishable story
/usr/bin/python3 - "$TZ_SRC/README.md" >"$I/stories/zonnepark-emmen.xml" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
print(re.search(r"```xml\n(.*?)```", text, re.S).group(1), end="")
PY
/usr/bin/python3 -c "from PIL import Image; Image.new('RGB', (2200, 1500), (30, 100, 150)).save('$I/images/zonnepark-emmen-1.jpg')"
sed -i 's|<section id="nieuws" title="Nieuws"\([^>]*\)>|&\n    <xi:include href="stories/zonnepark-emmen.xml"/>|' "$I/issue.xml"
out=$("$TECHZINE" check issues/2026-12/issue.xml 2>&1); rc=$?
echo "$out" | grep -v note:
check "guide example: check passes (got $rc)" [ "$rc" -eq 0 ]
check "guide example: included" grep -q 'stories/zonnepark-emmen.xml' "$I/issue.xml"
finish
