#!/bin/bash
# tests/e2e/officer_print.sh - issue 21, points 3-5: the cover's size hint
# names the frame the picture fills (cropping included) in plain `check`
# and in `pdf`; a picture of exactly that size passes; one photo used both
# on the cover and in a story is measured per placement (it used to be
# measured with the cover's cropped pixels and fail in the story).
. "$(dirname "$0")/lib.bash"
I="$TZ_TMP/proj/issues/2026-12"
mkdir -p "$TZ_TMP/proj/issues"
cp -r "$TZ_SRC/issues/2026-12" "$I"
cp -r "$TZ_SRC/layouts" "$TZ_TMP/proj/"
mkimg() { /usr/bin/python3 -c "from PIL import Image; Image.new('RGB', ($2, $3), (20, 90, 140)).save('$1', quality=85)"; }
A4W=2551  # (210 + 2 x 3 mm bleed) / 25.4 x 300 ppi = 2551.2
A4H=3579  # (297 + 2 x 3 mm) / 25.4 x 300 ppi = 3578.7
check "frame arithmetic" [ "$(echo "216 * 300 / 25.4; 303 * 300 / 25.4" | bc -l | xargs printf "%.0f %.0f")" = "$A4W $A4H" ]

# --- the officer's 2600 x 2500 cover: hinted "2553 x 2492" before, printed at 210 ppi
mkimg "$I/images/omslag.jpg" 2600 2500
sed -i 's|image="images/cover.jpg"|image="images/omslag.jpg"|' "$I/issue.xml"
line=$(grep -n '<cover' "$I/issue.xml" | cut -d: -f1)
out=$(cd "$TZ_TMP/proj" && "$TECHZINE" check issues/2026-12/issue.xml 2>&1); rc=$?
echo "$out"
check "check: exit 0 (a warning only)" [ "$rc" -eq 0 ]
check "check: cover measured without --print, at the cover's line, with the frame's size" grep -qF \
	"issues/2026-12/issue.xml:$line: warning: cover picture 'images/omslag.jpg' (2600 x 2500 px) prints at 210 ppi (300 wanted): the frame it fills is 216 x 303 mm (cropped to fit); supply at least $A4W x $A4H px (width x height): the picture is not tall enough" <<<"$out"
check "check: says plainly that story pictures were not measured" grep -qF \
	"note: story pictures were not measured on the page; 'techzine check --print issues/2026-12/issue.xml' does that" <<<"$out"
out=$(cd "$TZ_TMP/proj" && "$TECHZINE" pdf issues/2026-12/issue.xml -o "$TZ_TMP/a.pdf" 2>&1); rc=$?
check "pdf: exit 0" [ "$rc" -eq 0 ]
check "pdf: the same hint" grep -qF \
	"warning: image 'images/omslag.jpg' (2600 x 2500 px) prints at 210 ppi on page 1 (300 wanted): the frame it fills is 216 x 303 mm (cropped to fit); supply at least $A4W x $A4H px" <<<"$out"

# --- a small cover is an error in check already, with the size to supply
mkimg "$I/images/omslag.jpg" 1200 1600
out=$(cd "$TZ_TMP/proj" && "$TECHZINE" check issues/2026-12/issue.xml 2>&1); rc=$?
check "small cover: check exit 1" [ "$rc" -eq 1 ]
check "small cover: error with the size" grep -qF \
	"issues/2026-12/issue.xml:$line: error: cover picture 'images/omslag.jpg' (1200 x 1600 px) prints at 134 ppi (at least 200 needed, 300 wanted): the frame it fills is 216 x 303 mm (cropped to fit); supply at least $A4W x $A4H px (width x height)" <<<"$out"

# --- exactly the hinted size: no warning anywhere
mkimg "$I/images/omslag.jpg" "$A4W" "$A4H"
out=$(cd "$TZ_TMP/proj" && "$TECHZINE" check issues/2026-12/issue.xml 2>&1); rc=$?
check "hinted size: check ok" [ "$rc" -eq 0 ]
check "hinted size: no cover warning" bash -c "! grep -q 'cover picture' <<<'$out'"

# --- the same photo on the cover and in a story (point 5); its shape
# (2600:3600 = 0.722) is not that of any demo picture
mkimg "$I/images/omslag.jpg" 2600 3600
story=$(grep -l '<figure src="images/it-hub.jpg"' "$I"/stories/*.xml | head -1)
sed -i 's|<figure src="images/it-hub.jpg"|<figure src="images/omslag.jpg"|' "$story"
out=$(cd "$TZ_TMP/proj" && "$TECHZINE" pdf issues/2026-12/issue.xml -o "$TZ_TMP/b.pdf" 2>&1); rc=$?
echo "$out" | grep -v '^  '
check "shared photo: pdf exit 0" [ "$rc" -eq 0 ]
check "shared photo: no resolution complaint about it" bash -c "! grep -q \"image 'images/omslag.jpg'.*prints at\" <<<\"\$1\"" _ "$out"
# the story shows the whole photo (its own shape, 0.722), the cover a
# crop of it; before the fix the story reused the cover's crop, squeezed
shapes=$(pdfimages -list "$TZ_TMP/b.pdf" 2>/dev/null | awk 'NR > 2 {printf "%.3f\n", $4 / $5}')
check "shared photo: the story gets the whole photo (aspect 0.722)" grep -qx '0.72[123]' <<<"$shapes"
check "shared photo: the cover gets its crop (aspect 1.02)" grep -qx '1.01[0-9]\|1.02[0-9]' <<<"$shapes"
finish
