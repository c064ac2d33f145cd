#!/bin/bash
# html_render.sh - the newsletter and the web version rendered by a real
# browser (headless Debian chromium): screenshots at 600 and 375 px, kept in
# tests/artifacts/ (or $TZ_ARTIFACTS) for a human to look at, and no
# horizontal scrolling on a 375 px phone. The output folder is served by a
# local HTTP server on 127.0.0.1 and <server>/web is the --base-url, so the
# screenshots show the images exactly as a reader would get them.
# Headless chromium will not make a window narrower than 500 px, so narrow
# views are a same-origin <iframe> of the wanted width inside a wrapper page
# whose script reads the framed page's scrollWidth (the newsletter itself
# has no JavaScript), and narrow screenshots are cropped to the frame.
. "$(dirname "$0")/lib.bash"
PY=/usr/bin/python3
DEMO="$TZ_SRC/issues/2026-12/issue.xml"
[ -f "$DEMO" ] || DEMO="$TZ_SRC/tests/fixtures/mini/issue.xml"
ART="${TZ_ARTIFACTS:-$TZ_SRC/tests/artifacts}/html"
mkdir -p "$ART"
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
	fail "chromium not installed (run scripts/setup)"
	finish
	exit
fi

PORT=$(free_port)
SERVER="http://127.0.0.1:$PORT"
BASE="$SERVER/web"
O="$TZ_TMP/out"
check "html renders the demo for the browser" "$TECHZINE" html "$DEMO" -o "$O" --base-url "$BASE"
"$PY" -m http.server "$PORT" --bind 127.0.0.1 --directory "$O" >/dev/null 2>&1 &
hpid=$!
TZ_PIDS+=($hpid)
# until it answers or has died; the bound only stops a hung start
for _ in $(seq 1200); do curl -s -o /dev/null "$BASE/index.html" && break; kill -0 $hpid 2>/dev/null || break; sleep 0.05; done
check "image server answers" curl -sf -o /dev/null "$BASE/index.html"

chrome() { # chrome WIDTH HEIGHT ARGS...
	local w=$1 h=$2
	shift 2
	timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$(mktemp -d "$TZ_TMP/profile.XXXXXX")" --window-size="$w,$h" "$@" 2>/dev/null
}

# a wrapper page framing PATH (relative to the output folder) at WIDTH px;
# its script writes the framed page's scrollWidth and viewport into the DOM
wrapper() { # wrapper PATH WIDTH HEIGHT -> prints the wrapper's URL
	local name="wrap-$2-$(basename "$1")"
	cat >"$O/$name" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block}</style></head>
<body><iframe id="f" src="$1" width="$2" height="$3" scrolling="no"></iframe>
<script>document.getElementById("f").addEventListener("load", function () {
 var w = this.contentWindow; document.body.setAttribute("data-tz-measure",
 w.document.documentElement.scrollWidth + " " + w.innerWidth); });</script></body></html>
HTML
	echo "$SERVER/$name"
}

fits() { # fits PATH WIDTH
	local m sw iw
	m=$(chrome 800 900 --virtual-time-budget=5000 --dump-dom "$(wrapper "$1" "$2" 800)" |
		sed -n 's/.*data-tz-measure="\([0-9]* [0-9]*\)".*/\1/p' | head -1)
	sw=${m% *}
	iw=${m#* }
	echo "html_render: $1 at $2 px: scrollWidth ${sw:-?}, viewport ${iw:-?}"
	[ -n "$m" ] && [ "$iw" -eq "$2" ] && [ "$sw" -le "$2" ]
}

start=$(date +%s)
check "newsletter fits 375 px without horizontal scroll" fits newsletter.html 375
check "newsletter fits 600 px" fits newsletter.html 600
check "web index fits 375 px" fits web/index.html 375
story=$(cd "$O" && ls web/*.html | grep -v index.html | head -1)
check "web story page fits 375 px" fits "$story" 375
# control: the measurement does see a page that is too wide
sed 's|</body>|<div style="width:700px;height:4px"></div></body>|' "$O/newsletter.html" >"$O/too-wide.html"
overflows() { ! fits "$@"; }
check "measurement detects a 700 px page at 375 px" overflows too-wide.html 375

# screenshot of PATH framed at WIDTH x HEIGHT, cropped to the frame
shot() { # shot NAME PATH WIDTH HEIGHT
	local win=$(($3 < 500 ? 500 : $3))
	rm -f "$ART/$1.png"
	chrome "$win" "$4" --virtual-time-budget=5000 --screenshot="$ART/$1.png" \
		"$(wrapper "$2" "$3" "$4")" >/dev/null
	[ -s "$ART/$1.png" ] && "$PY" - "$ART/$1.png" "$3" <<'PYEOF'
import sys
from PIL import Image
p, w = sys.argv[1], int(sys.argv[2])
im = Image.open(p).convert("RGB")
im = im.crop((0, 0, w, im.height))
# trim the empty bottom (page background) so the picture ends with the page
bg = im.getpixel((w - 1, im.height - 1))
bottom = im.height
while bottom > 100 and all(im.getpixel((x, bottom - 1)) == bg for x in range(0, w, 5)):
    bottom -= 1
im.crop((0, 0, w, min(im.height, bottom + 16))).save(p, optimize=True)
PYEOF
}
check "screenshot newsletter 600 px" shot newsletter-600 newsletter.html 600 7000
check "screenshot newsletter 375 px" shot newsletter-375 newsletter.html 375 9000
check "screenshot web index 375 px" shot web-index-375 web/index.html 375 2400
check "screenshot web story 1024 px" shot web-story-1024 "$story" 1024 1600
# the images really arrived: a page whose images failed shows mostly
# background, so the screenshot with images is larger than one without
mkdir -p "$O/noimg"
"$TECHZINE" html "$DEMO" -o "$O/noimg" --base-url "http://127.0.0.1:1" >/dev/null
shot noimg-600 noimg/newsletter.html 600 7000
check "images load from the base URL" test "$(stat -c %s "$ART/newsletter-600.png")" -gt "$(stat -c %s "$ART/noimg-600.png")"
rm -f "$ART/noimg-600.png"
echo "html_render: browser checks took $(($(date +%s) - start)) s; screenshots in $ART"
finish
