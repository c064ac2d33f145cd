#!/bin/bash
# tests/e2e/gather.sh - `techzine gather` against a local HTTP server with
# fixture feeds: RSS 2.0, Atom, HTML in CDATA, a <script> feed, an external
# entity (refused; /etc/passwd never opened), malformed XML, a huge feed,
# a redirect loop and a 404. Drafts must validate against story.rng, hostile
# content must be gone, the second run must send If-None-Match and get 304s.
. "$(dirname "$0")/lib.bash"
. "$TZ_SRC/tests/fixtures/feeds/start.bash"
RNG="$TZ_SRC/schema/story.rng"
IN="$TZ_TMP/inbox"
SRC="$TZ_TMP/sources.xml"
feed_sources "$SRC" ithub:rss.xml:news greenwise:atom.xml:news ovh:cdata.xml:parel \
	hoogeveen:script.xml:event evil:xxe.xml:news kapot:malformed.xml:news \
	huge:huge.xml:news loop:loop:news missing:missing.xml:news

# --- first run (under strace when we have it: /etc/passwd must never be opened)
STRACE=()
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	STRACE=(strace -f -e trace=open,openat -o "$TZ_TMP/strace.log")
fi
start=$(date +%s%N)
"${STRACE[@]}" "$TECHZINE" gather --sources "$SRC" --inbox "$IN" --timeout 20 >"$TZ_TMP/out1" 2>"$TZ_TMP/err1"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "first run: ${ms} ms"
cat "$TZ_TMP/out1"
check "first run exits 1 (some feeds failed)" [ "$rc" -eq 1 ]
has() { grep -qF -- "$2" "$1"; }
check "rss: 2 new" has "$TZ_TMP/out1" "ithub: 2 new items"
check "atom: 2 new" has "$TZ_TMP/out1" "greenwise: 2 new items"
check "cdata: 1 new" has "$TZ_TMP/out1" "ovh: 1 new item"
check "script feed: 1 new" has "$TZ_TMP/out1" "hoogeveen: 1 new item"
check "xxe refused" has "$TZ_TMP/out1" "evil: failed: refused: DOCTYPE or ENTITY declaration at line 2"
check "malformed reported" has "$TZ_TMP/out1" "kapot: failed: malformed XML at line"
check "huge refused" has "$TZ_TMP/out1" "huge: failed: larger than the limit of 4194304 bytes"
check "redirect loop stopped" grep -q "^loop: failed: .*redirect" "$TZ_TMP/out1"
check "404 reported" has "$TZ_TMP/out1" "missing: failed: HTTP status 404"
check "fake image not used" grep -q "hoogeveen: note: .*image not used: .*not a JPEG or PNG" "$TZ_TMP/out1"
check "summary line" has "$TZ_TMP/out1" "gather: 6 new drafts in $IN; 5 of 9 feeds failed"
check "loop followed at most 3 redirects" [ "$(grep -c '^/loop' "$FEED_LOG")" -le 4 ]
if [ ${#STRACE[@]} -gt 0 ]; then
	check "strace log written" [ -s "$TZ_TMP/strace.log" ]
	check "/etc/passwd never opened" bash -c "! grep -q /etc/passwd '$TZ_TMP/strace.log'"
else
	echo "note: strace not usable, skipping the openat check"
fi

shopt -s nullglob
drafts=("$IN"/*.xml)
check "6 drafts written" [ "${#drafts[@]}" -eq 6 ]
for d in "${drafts[@]}"; do
	check "$(basename "$d") valid against story.rng" xmllint --noout --nonet --relaxng "$RNG" "$d"
	id=$(xmllint --xpath 'string(/story/@id)' "$d")
	check "$(basename "$d") is named after its id" [ "$(basename "$d" .xml)" = "$id" ]
done
all="$TZ_TMP/all-drafts.txt"
cat "${drafts[@]}" >"$all"
for marker in SCRIPT-TEXT-MARKER TITLE-SCRIPT-MARKER STYLE-TEXT-MARKER IFRAME-TEXT-MARKER \
	FORM-VALUE-MARKER NOSCRIPT-MARKER ONCLICK-MARKER "root:x:0:0" "<script" "onclick"; do
	check "no '$marker' in drafts" bash -c "! grep -qiF -- '$marker' '$all'"
done
check "no javascript: link" bash -c "! grep -qi 'javascript:' '$all'"
check "no vbscript: link" bash -c "! grep -qi 'vbscript:' '$all'"
check "no data: URL" bash -c "! grep -qi '\"data:' '$all'"
check "no bidi override kept" bash -c "! grep -qP '\x{202E}' '$all'"
check "no tracking pixel fetched" bash -c "! grep -q pixel '$FEED_LOG'"
P="$IN/ovh-kunststofwerken-vecht-wint.xml"
check "cdata draft present" [ -f "$P" ]
check "cdata: relative link resolved against the item link" \
	has "$P" '<a href="https://ov-hardenberg.example/uitslag?x=1&amp;y=2">uitslag</a>'
check "cdata: mailto kept" has "$P" '<a href="mailto:info@ov-hardenberg.example">ons</a>'
check "cdata: javascript link text kept, link dropped" has "$P" 'of klik hier.</p>'
check "cdata: heading" has "$P" '<h2>De prijs</h2>'
check "cdata: emphasis, entities (&nbsp; kept as U+00A0), whitespace" \
	has "$P" "<p>Het bedrijf uit Hardenberg wint de <em>innovatieprijs</em> &amp; de <strong>publieksprijs</strong>"$'\u00a0'"van 2026.</p>"
check "cdata: a numbered list stays numbered (empty item dropped)" has "$P" '<ol><li>eerste plaats</li><li>tweede <strong>plaats</strong></li></ol>'
check "cdata: lead from description" has "$P" '<lead>Een korte samenvatting van het nieuws.</lead>'
check "cdata: kind from the source" has "$P" 'kind="parel"'
check "cdata: image with alt text" \
	has "$P" '<figure src="images/ovh-kunststofwerken-vecht-wint-1.jpg"><alt>Directeur met de prijs</alt>'
check "cdata: image saved" cmp -s "$IN/images/ovh-kunststofwerken-vecht-wint-1.jpg" "$FEED_WWW/img/photo.jpg"
A="$IN/greenwise-waterstoflab-geopend.xml"
check "atom: html title flattened" has "$A" '<headline>Waterstoflab geopend</headline>'
check "atom: text summary as lead" has "$A" '<lead>Het nieuwe lab test &lt;elektrolysers&gt; op de campus.</lead>'
check "atom: png image saved" cmp -s "$IN/images/greenwise-waterstoflab-geopend-1.png" "$FEED_WWW/img/chart.png"
check "atom: date" has "$A" '<date>2026-11-05</date>'
check "atom: category as tag" has "$A" '<tag>waterstof</tag>'
check "atom xhtml content" has "$IN/greenwise-studenten-meten-de-wind.xml" '<ul><li>meetmast</li><li>dashboard</li></ul>'
R="$IN/ithub-it-hub-opent-nieuwe-grotere-werkplaats.xml"
check "rss: source link" has "$R" '<p>Bron: <a href="http://ithub.example/nieuws/werkplaats">Bron ithub</a></p>'
check "rss: municipality" has "$R" '<municipality>Emmen</municipality>'
check "rss: enclosure image" [ -f "$IN/images/ithub-it-hub-opent-nieuwe-grotere-werkplaats-1.jpg" ]
check "rss: UTF-8 text kept" has "$IN/ithub-hackathon-voor-mkb-bedrijven.xml" 'één weekend prototypes voor bedrijven uit de regio – café, crème en ĳs'
H="$IN/hoogeveen-nieuwe-fietsroute-langs-bedrijventerrein.xml"
check "script feed: title without script" has "$H" '<headline>Nieuwe fietsroute langs bedrijventerrein</headline>'
check "event draft gets placeholder details" has "$H" '<event date="2026-11-06" place="nog invullen"/>'
check "no figure for the fake image" bash -c "! grep -q '<figure' '$H'"
check "cache written" [ -s "$IN/.gather-cache.tsv" ]

# --- second run: nothing new, conditional requests, 304s
: >"$FEED_LOG"
"$TECHZINE" gather --sources "$SRC" --inbox "$IN" >"$TZ_TMP/out2" 2>&1
rc=$?
cat "$TZ_TMP/out2"
check "second run still exits 1 (the bad feeds still fail)" [ "$rc" -eq 1 ]
for id in ithub greenwise ovh hoogeveen; do
	check "$id not modified" has "$TZ_TMP/out2" "$id: not modified"
done
etag=$(grep -P '^feed\t[^\t]*/rss.xml\t' "$IN/.gather-cache.tsv" | cut -f3)
check "etag stored" [ -n "$etag" ]
check "If-None-Match sent for rss" grep -qF "/rss.xml	if-none-match=$etag	if-modified-since=Sun, 01 Nov 2026 10:00:00 GMT" "$FEED_LOG"
check "no image fetched again" bash -c "! grep -q '^/img/' '$FEED_LOG'"
drafts2=("$IN"/*.xml)
check "no new drafts" [ "${#drafts2[@]}" -eq 6 ]
check "summary: 0 new" has "$TZ_TMP/out2" "gather: 0 new drafts"

# --- the feed changes: one new item, the old ones are known (guid and link)
sed -i '0,/<item>/s||<item><title>Derde bericht</title><link>http://ithub.example/nieuws/derde</link><description>Nieuw.</description></item><item>|' "$FEED_WWW/feeds/rss.xml"
"$TECHZINE" gather --sources "$SRC" --inbox "$IN" >"$TZ_TMP/out3" 2>&1
check "changed feed: 1 new, 2 already seen" has "$TZ_TMP/out3" "ithub: 1 new item (2 already seen)"
check "draft of the new item" [ -f "$IN/ithub-derde-bericht.xml" ]

# --- only good feeds: exit 0
feed_sources "$TZ_TMP/good.xml" ithub:rss.xml:news greenwise:atom.xml:news
"$TECHZINE" gather --sources "$TZ_TMP/good.xml" --inbox "$TZ_TMP/inbox-good" >"$TZ_TMP/out4" 2>&1
check "all feeds fine: exit 0" [ $? -eq 0 ]
check "5 drafts in a fresh inbox" [ "$(ls "$TZ_TMP/inbox-good"/*.xml | wc -l)" -eq 5 ]

# --- a damaged cache with a CR in the ETag: the header is never sent
printf 'feed\t%s/atom.xml\t"x\r\tX-Evil: 1\n' "$FEED_BASE" >"$TZ_TMP/evil-cache.tsv"
: >"$FEED_LOG"
"$TECHZINE" gather --sources "$TZ_TMP/good.xml" --inbox "$TZ_TMP/inbox-good" --cache "$TZ_TMP/evil-cache.tsv" >/dev/null 2>&1
check "hostile cached etag not sent" grep -qP '^/atom.xml\tif-none-match=\t' "$FEED_LOG"

# --- the inbox cannot be written: exit 3
: >"$TZ_TMP/afile"
"$TECHZINE" gather --sources "$TZ_TMP/good.xml" --inbox "$TZ_TMP/afile/inbox" >"$TZ_TMP/out5" 2>&1
check "unwritable inbox: exit 3" [ $? -eq 3 ]

# --- a bad feed list: exit 1 with file:line
sed 's|kind="news"|kind="gossip"|' "$TZ_TMP/good.xml" >"$TZ_TMP/bad.xml"
"$TECHZINE" gather --sources "$TZ_TMP/bad.xml" --inbox "$TZ_TMP/x" >"$TZ_TMP/out6" 2>&1
check "invalid feed list: exit 1" [ $? -eq 1 ]
check "invalid feed list: file:line" grep -q "bad.xml:3: " "$TZ_TMP/out6"
printf '<?xml version="1.0"?>\n<!DOCTYPE sources [<!ENTITY e SYSTEM "/etc/passwd">]>\n<sources/>\n' >"$TZ_TMP/dt.xml"
"$TECHZINE" gather --sources "$TZ_TMP/dt.xml" --inbox "$TZ_TMP/x" >"$TZ_TMP/out7" 2>&1
check "feed list with DOCTYPE refused" grep -q "DOCTYPE and ENTITY declarations are not allowed" "$TZ_TMP/out7"
# --- limits: a feed of exactly 4 MiB is read, one byte more is refused;
# an image over 10 MiB is not used (the draft is still written)
feed_sources "$TZ_TMP/limits.xml" atlimit:sized/4194304:news pastlimit:sized/4194305:news \
	bigimg:bigimage.xml:news
"$TECHZINE" gather --sources "$TZ_TMP/limits.xml" --inbox "$TZ_TMP/inbox-limits" >"$TZ_TMP/out8" 2>&1
cat "$TZ_TMP/out8"
check "feed at the limit read" has "$TZ_TMP/out8" "atlimit: 1 new item"
check "feed one byte past the limit refused" has "$TZ_TMP/out8" "pastlimit: failed: larger than the limit of 4194304 bytes"
check "image past its limit not used" grep -q "bigimg: note: .*image '.*big.jpg' not used: larger than the limit of 10485760 bytes" "$TZ_TMP/out8"
check "item text over 2 MiB: kept as title and link only" grep -q "atlimit: note: draft 'atlimit-groot': item text larger than 2097152 bytes" "$TZ_TMP/out8"
check "draft without the big image written" has "$TZ_TMP/out8" "bigimg: 1 new item"
check "no big image saved" [ ! -e "$TZ_TMP/inbox-limits/images" ]

# --- parallel: eight feeds that the server answers only once all eight
# requests are open (a barrier, not a timing: a slow machine passes, a
# client that fetches one at a time does not)
feed_sources "$TZ_TMP/slow.xml" s1:slow/rss.xml:news s2:slow/atom.xml:news s3:slow/cdata.xml:news \
	s4:slow/script.xml:news "s5:slow/rss.xml?5:news" "s6:slow/atom.xml?6:news" \
	"s7:slow/cdata.xml?7:news" "s8:slow/script.xml?8:news"
"$TECHZINE" gather --sources "$TZ_TMP/slow.xml" --inbox "$TZ_TMP/inbox-slow" >"$TZ_TMP/out9" 2>&1
check "8 slow feeds in parallel: all 8 requests open at once ($(cat "$FEED_LOG.slow-open"))" \
	[ "$(cat "$FEED_LOG.slow-open")" -eq 8 ]
check "8 slow feeds: all fine" has "$TZ_TMP/out9" "0 of 8 feeds failed"

"$TECHZINE" gather --bogus >/dev/null 2>&1
check "unknown option: exit 2" [ $? -eq 2 ]
finish
