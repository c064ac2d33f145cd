#!/usr/bin/env bash
# pdf_colour.sh - the print PDF's colour as a printer's prepress operator
# checks it (issue 15), judged by tests/pdfx/colour.py (pikepdf + PIL) and
# Ghostscript separations: a true FOGRA39 output intent on both layouts,
# grey sources on the K plate only, no rich black under 18 pt, type under
# 9 pt in at most two inks, 100 K type and rules overprinting. Then the
# refusals and the printer's own profile, and control cases proving every
# colour check can fail (PDFs mutated with pikepdf, a layout that allows
# three inks).
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
COLOUR=$TZ_SRC/tests/pdfx/colour.py
FOGRA39=/usr/share/texlive/texmf-dist/tex/generic/colorprofiles/FOGRA39L_coated.icc
SWOP=/usr/share/color/icc/ghostscript/default_cmyk.icc
cd "$TZ_TMP" || exit 1
cp -r "$TZ_SRC/issues/2026-12" demo
fails() { ! "$@" >/dev/null 2>&1; }

for lay in a4 a5; do
	"$TECHZINE" pdf demo/issue.xml --layout "$TZ_SRC/layouts/magazine-$lay.xml" -o $lay.pdf >$lay.log 2>&1
	check "$lay: pdf exits 0" test $? -eq 0
	check "$lay: colour checks pass" $PY "$COLOUR" $lay.pdf >$lay.colour || cat $lay.colour
	check "$lay: output intent FOGRA39 with the FOGRA39L profile" \
		grep -q "output intent: FOGRA39, profile: FOGRA39L Coated" $lay.colour
	check "$lay: the embedded profile is texlive's FOGRA39L_coated.icc byte for byte" \
		$PY - $lay.pdf "$FOGRA39" <<'PYEOF'
import sys, pikepdf
oi = pikepdf.open(sys.argv[1]).Root.OutputIntents[0]
assert oi.DestOutputProfile.read_bytes() == open(sys.argv[2], "rb").read()
assert str(oi.Info).startswith("Coated FOGRA39"), str(oi.Info)
PYEOF
	check "$lay: the two grey photos are DeviceGray" \
		test "$(pdfimages -list $lay.pdf | tail -n +3 | awk '$6 == "gray"' | wc -l)" -eq 2
done

# Ghostscript's separations of the grey photo's page: nothing on C, M, Y
# inside the photo (tiffsep writes one grey TIFF per plate, 255 = no ink)
page=$(pdfimages -list a4.pdf | awk '$6 == "gray" {print $1; exit}')
gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=tiffsep -r40 -dFirstPage="$page" -dLastPage="$page" \
	-o sep.tif a4.pdf 2>/dev/null
check "gs: the grey photo's page separates" test -s "sep(Black).tif"
check "gs: the grey photo is on the K plate only" $PY - a4.pdf "$page" <<'PYEOF'
import sys, pikepdf
from PIL import Image
pdf = pikepdf.open(sys.argv[1]); n = int(sys.argv[2])
page = pdf.pages[n - 1]
# where the grey image sits: its cm matrix in the content stream
box = None
cm = None
for operands, op in pikepdf.parse_content_stream(page):
    if str(op) == "cm":
        cm = [float(v) for v in operands]
    if str(op) == "Do" and page.obj.Resources.XObject[operands[0]].get("/ColorSpace") == "/DeviceGray":
        box = cm
assert box, "no grey image drawn"
mb = [float(v) for v in page.obj.MediaBox]
k = Image.open("sep(Black).tif").convert("L")
s = k.width / (mb[2] - mb[0])
x0, x1 = (box[4] + 2) * s, (box[4] + box[0] - 2) * s
y1 = k.height - (box[5] + 2) * s
y0 = k.height - (box[5] + box[3] - 2) * s
crop = lambda im: im.crop((int(x0), int(y0), int(x1), int(y1)))
kk = crop(k)
assert min(kk.getdata()) < 128, "no K in the photo"
for plate in ("Cyan", "Magenta", "Yellow"):
    im = crop(Image.open("sep(%s).tif" % plate).convert("L"))
    assert min(im.getdata()) >= 250, (plate, min(im.getdata()))
PYEOF

# check --print reports the condition and the profile
out=$("$TECHZINE" check --print demo/issue.xml 2>&1)
check "check --print names FOGRA39 and its profile" \
	grep -q "output condition FOGRA39, profile .*FOGRA39L_coated.icc" <<<"$out"

# a FOGRA39 label on another profile is an error, with file:line, nothing written
sed "s|<print output-condition=\"FOGRA39\"|<print icc=\"$SWOP\" output-condition=\"FOGRA39\"|" \
	"$TZ_SRC/layouts/magazine-a4.xml" >swop.xml
cp "$TZ_SRC/layouts/hyphenation-names.txt" . # the layouts' exception list goes with them
out=$("$TECHZINE" pdf demo/issue.xml --layout swop.xml -o swop.pdf 2>&1); rc=$?
check "mislabelled profile: exit 1 (got $rc)" test $rc -eq 1
check "mislabelled profile: names layout:line, condition and the profile's description ($out)" \
	grep -qE "swop.xml:[0-9]+: error: output condition 'FOGRA39' does not match the profile '.*default_cmyk.icc', which describes itself as 'Artifex CMYK SWOP Profile'" <<<"$out"
check "mislabelled profile: nothing written" test ! -e swop.pdf

# the printer's own profile: a file next to the layout (relative icc=""),
# labelled for what it is; it is embedded as given and images use it
mkdir printer && cp "$SWOP" printer/drukker.icc && cp hyphenation-names.txt printer/
sed "s|<print output-condition=\"FOGRA39\"|<print icc=\"drukker.icc\" output-condition=\"Custom\"|" \
	"$TZ_SRC/layouts/magazine-a4.xml" >printer/layout.xml
out=$("$TECHZINE" pdf demo/issue.xml --layout printer/layout.xml -o own.pdf 2>&1); rc=$?
check "own profile: exit 0 ($out)" test $rc -eq 0
check "own profile: embedded byte for byte, condition Custom" $PY - own.pdf printer/drukker.icc <<'PYEOF'
import sys, pikepdf
oi = pikepdf.open(sys.argv[1]).Root.OutputIntents[0]
assert oi.DestOutputProfile.read_bytes() == open(sys.argv[2], "rb").read()
assert str(oi.OutputConditionIdentifier) == "Custom"
PYEOF
check "own profile: colour checks pass" $PY "$COLOUR" own.pdf >own.colour || cat own.colour
check "own profile: images differ from the FOGRA39 ones" \
	bash -c "! cmp -s <(pdfimages -list a4.pdf | awk '{print \$15}') <(pdfimages -list own.pdf | awk '{print \$15}')"
sed -i 's|icc="drukker.icc"|icc="ontbreekt.icc"|' printer/layout.xml
out=$("$TECHZINE" pdf demo/issue.xml --layout printer/layout.xml -o none.pdf 2>&1); rc=$?
check "missing profile: an error naming it ($out)" grep -q "ontbreekt.icc" <<<"$out"
check "missing profile: non-zero exit" test $rc -ne 0

# a layout that allows three inks for small type: warned, and the checker
# catches the three-ink type it lets through (the checker can fail)
sed 's|<print output-condition="FOGRA39"|<print output-condition="FOGRA39" small-text-inks="3"|' \
	"$TZ_SRC/layouts/magazine-a4.xml" >three.xml
out=$("$TECHZINE" pdf demo/issue.xml --layout three.xml -o three.pdf 2>&1); rc=$?
check "three inks: exit 0 with a warning ($out)" \
	grep -qE "three.xml:[0-9]+: warning: small-text-inks=\"3\"" <<<"$out"
check "control: three-ink small type fails the ink check" fails $PY "$COLOUR" three.pdf
check "control: it passes when three inks are allowed" $PY "$COLOUR" three.pdf --small-inks 3

# controls: the demo PDF mutated the way each defect would look
$PY - a4.pdf <<'PYEOF'
import re, sys, pikepdf
from PIL import Image

def mutate(out, fn):
    pdf = pikepdf.open(sys.argv[1])
    fn(pdf)
    pdf.save(out)

def contents(pdf, sub):
    for page in pdf.pages:
        data = sub(page.Contents.read_bytes())
        page.Contents = pdf.make_stream(data)

# rich black at body size: every 100 K fill becomes 60/40/40/100
mutate("rich.pdf", lambda p: contents(p, lambda d: d.replace(b"\n0 0 0 1 k\n", b"\n0.6 0.4 0.4 1 k\n")))
# no overprint: every gs dropped
mutate("noop.pdf", lambda p: contents(p, lambda d: re.sub(rb"/E\d+ gs\n", b"", d)))
# the SWOP profile under the FOGRA39 label
def swop(pdf):
    oi = pdf.Root.OutputIntents[0]
    oi.DestOutputProfile = pdf.make_stream(open("/usr/share/color/icc/ghostscript/default_cmyk.icc", "rb").read())
    oi.DestOutputProfile.N = 4
mutate("swop.pdf", swop)
# a grey photo separated into C, M and Y (what techzine did before)
def cmy_grey(pdf):
    for page in pdf.pages:
        for name, xo in page.images.items():
            if xo.get("/ColorSpace") == "/DeviceGray":
                im = Image.new("CMYK", (int(xo.Width), int(xo.Height)), (40, 33, 35, 6))
                import io
                b = io.BytesIO(); im.save(b, "JPEG", quality=90)
                xo.write(b.getvalue(), filter=pikepdf.Name.DCTDecode)
                xo.ColorSpace = pikepdf.Name.DeviceCMYK
                xo.Decode = pikepdf.Array([1, 0, 1, 0, 1, 0, 1, 0])
                return
mutate("cmygrey.pdf", cmy_grey)
PYEOF
check "control: rich black under 18 pt is caught" fails $PY "$COLOUR" rich.pdf
check "control: 100 K type without overprint is caught" fails $PY "$COLOUR" noop.pdf
check "control: a FOGRA39 label on the SWOP profile is caught" fails $PY "$COLOUR" swop.pdf
check "control: a grey photo in C, M and Y is caught" fails $PY "$COLOUR" cmygrey.pdf
finish
