#!/bin/bash
# tests/e2e/new.sh - `techzine new` end to end: gather fixture feeds into an
# inbox, scaffold a new issue after the demo issue (issues/2026-12, or the
# mini fixture as 2026-11), and check that it passes `techzine check` and
# xmllint against schema/issue.rng at once; drafts and images are moved;
# an existing folder, a bad draft or a missing image refuse the whole
# operation and leave every draft where it was.
. "$(dirname "$0")/lib.bash"
. "$TZ_SRC/tests/fixtures/feeds/start.bash"
P="$TZ_TMP/proj"
IS="$P/issues"
IN="$IS/inbox"
mkdir -p "$IS"
if [ -f "$TZ_SRC/issues/2026-12/issue.xml" ]; then
	cp -r "$TZ_SRC/issues/2026-12" "$IS/"
	PREV=2026-12
else
	cp -r "$TZ_SRC/tests/fixtures/mini" "$IS/2026-11"
	PREV=2026-11
fi
prevnum=$(xmllint --xpath 'string(/issue/@number)' "$IS/$PREV/issue.xml")
echo "previous issue: $PREV (number $prevnum)"
feed_sources "$TZ_TMP/sources.xml" ithub:rss.xml:news greenwise:atom.xml:news \
	ovh:cdata.xml:parel hoogeveen:script.xml:event
"$TECHZINE" gather --sources "$TZ_TMP/sources.xml" --inbox "$IN" >"$TZ_TMP/gather.out" 2>&1
check "gather for new: exit 0" [ $? -eq 0 ]
check "6 drafts" [ "$(ls "$IN"/*.xml | wc -l)" -eq 6 ]
has() { grep -qF -- "$2" "$1"; }
snapshot() { (cd "$IS" && find . -path ./"$PREV" -prune -o -print | sort); }

# --- two chosen drafts
(cd "$P" && "$TECHZINE" new 2027-01 --from issues/inbox/ovh-kunststofwerken-vecht-wint.xml \
	issues/inbox/greenwise-waterstoflab-geopend.xml) >"$TZ_TMP/new1" 2>&1
rc=$?
cat "$TZ_TMP/new1"
check "new 2027-01: exit 0" [ "$rc" -eq 0 ]
N="$IS/2027-01"
check "issue.xml created" [ -f "$N/issue.xml" ]
check "number is previous + 1" [ "$(xmllint --xpath 'string(/issue/@number)' "$N/issue.xml")" = "$((prevnum + 1))" ]
check "date" [ "$(xmllint --xpath 'string(/issue/@date)' "$N/issue.xml")" = "2027-01-01" ]
check "sections by kind" [ "$(xmllint --xpath 'count(/issue/section)' "$N/issue.xml")" = 2 ]
check "parel story in the Parels section" [ "$(xmllint --xpath 'string(/issue/section[@id="parels"]/*/@href)' "$N/issue.xml")" = "stories/ovh-kunststofwerken-vecht-wint.xml" ]
check "colophon copied" [ "$(xmllint --xpath 'string(/issue/colophon/publisher)' "$N/issue.xml")" = "$(xmllint --xpath 'string(/issue/colophon/publisher)' "$IS/$PREV/issue.xml")" ]
check "mail from copied" [ "$(xmllint --xpath 'string(/issue/mail/@from)' "$N/issue.xml")" = "$(xmllint --xpath 'string(/issue/mail/@from)' "$IS/$PREV/issue.xml")" ]
check "layout copied" [ "$(xmllint --xpath 'string(/issue/layout/@print)' "$N/issue.xml")" = "$(xmllint --xpath 'string(/issue/layout/@print)' "$IS/$PREV/issue.xml")" ]
prevbase=$(xmllint --xpath 'string(/issue/mail/@base-url)' "$IS/$PREV/issue.xml")
check "base-url moved to the new month" [ "$(xmllint --xpath 'string(/issue/mail/@base-url)' "$N/issue.xml")" = "${prevbase/$PREV/2027-01}" ]
prevcover=$(xmllint --xpath 'string(/issue/cover/@image)' "$IS/$PREV/issue.xml")
check "cover copied as placeholder" cmp -s "$N/$(xmllint --xpath 'string(/issue/cover/@image)' "$N/issue.xml")" "$IS/$PREV/$prevcover"
check "cover note line" has "$N/issue.xml" "<line>NOG INVULLEN: omslagregel (omslagfoto en regels zijn nog die van $PREV)</line>"
check "drafts moved (gone from the inbox)" [ ! -e "$IN/ovh-kunststofwerken-vecht-wint.xml" ] 
check "drafts moved (in stories/)" [ -f "$N/stories/ovh-kunststofwerken-vecht-wint.xml" ]
check "image moved" [ -f "$N/images/ovh-kunststofwerken-vecht-wint-1.jpg" ] 
check "image gone from the inbox" [ ! -e "$IN/images/ovh-kunststofwerken-vecht-wint-1.jpg" ]
check "png image moved" [ -f "$N/images/greenwise-waterstoflab-geopend-1.png" ]
check "other drafts stay" [ "$(ls "$IN"/*.xml | wc -l)" -eq 4 ]
check "progress line" has "$TZ_TMP/new1" "created issues/2027-01/issue.xml: number $((prevnum + 1)), 2 stories in 2 sections, 2 images moved"
"$TECHZINE" check "$N/issue.xml" >"$TZ_TMP/check1" 2>&1
check "techzine check refuses the unfinished issue" [ $? -eq 1 ]
cat "$TZ_TMP/check1"
check "check: the placeholder cover picture" grep -qE "^issues/2027-01/issue.xml:[0-9]+: error: the cover is still a placeholder \(its alt text says NOG INVULLEN\); put the new cover picture in images/" <(cd "$P" && "$TECHZINE" check issues/2027-01/issue.xml 2>&1)
check "check: the placeholder cover line" has "$TZ_TMP/check1" "error: the cover line still says NOG INVULLEN; write the real cover line"
check "check: gathered drafts are concepts" has "$TZ_TMP/check1" "error: story 'ovh-kunststofwerken-vecht-wint' is a draft (status=\"concept\"); when it is ready to publish, change it to status=\"klaar\""
check "check: nothing but unfinished parts" [ "$(grep -c ': error: ' "$TZ_TMP/check1")" -eq "$(grep -cE ': error: (the cover|story .* is a draft)' "$TZ_TMP/check1")" ]
# finish it: a new cover, a real cover line, the stories ready
/usr/bin/python3 -c "from PIL import Image; Image.new('RGB', (2551, 3579), (20, 90, 140)).save('$N/images/omslag.png')"
sed -i 's|image="[^"]*"|image="images/omslag.png"|; s|<line>NOG INVULLEN[^<]*</line>|<line>Waterstof in Emmen</line>|; s|alt="NOG INVULLEN[^"]*"|alt="Het waterstoflab"|' "$N/issue.xml"
sed -i 's|status="concept"|status="klaar"|' "$N"/stories/*.xml
"$TECHZINE" check "$N/issue.xml" >"$TZ_TMP/check1b" 2>&1
check "check passes once the placeholders are replaced" [ $? -eq 0 ]
cat "$TZ_TMP/check1b"
check "xmllint: issue valid against issue.rng after XInclude" \
	xmllint --noout --nonet --xinclude --relaxng "$TZ_SRC/schema/issue.rng" "$N/issue.xml"
check "no staging folder left" bash -c "! ls -a '$IS' | grep -q '^\.2027'"

# --- refuse an existing folder; nothing moves
before=$(snapshot)
(cd "$P" && "$TECHZINE" new 2027-01) >"$TZ_TMP/new2" 2>&1
check "existing folder: exit 1" [ $? -eq 1 ]
check "existing folder: says so" has "$TZ_TMP/new2" "already exists"
check "existing folder: nothing moved" [ "$before" = "$(snapshot)" ]

# --- a draft that is not valid: refused, the good one is not moved
mkdir -p "$TZ_TMP/bad"
cp "$IN/ithub-hackathon-voor-mkb-bedrijven.xml" "$TZ_TMP/bad/good.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE story [<!ENTITY x SYSTEM "/etc/passwd">]>\n<story id="x" kind="news"><headline>&x;</headline><body><p>x</p></body></story>\n' >"$TZ_TMP/bad/evil.xml"
"$TECHZINE" new 2027-03 --issues "$IS" --from "$TZ_TMP/bad/good.xml" "$TZ_TMP/bad/evil.xml" >"$TZ_TMP/new3" 2>&1
check "bad draft: exit 1" [ $? -eq 1 ]
check "bad draft: named with its line" grep -q "evil.xml:2: .*DOCTYPE" "$TZ_TMP/new3"
check "bad draft: good one not moved" [ -f "$TZ_TMP/bad/good.xml" ]
check "bad draft: no folder" [ ! -e "$IS/2027-03" ]

# --- a missing image is found after the story moved: the move is undone
sed 's|<body>|<body><figure src="images/weg.jpg"><alt>weg</alt></figure>|' \
	"$IN/ithub-hackathon-voor-mkb-bedrijven.xml" >"$TZ_TMP/bad/noimage.xml"
sed -i 's|id="ithub-hackathon-voor-mkb-bedrijven"|id="noimage"|' "$TZ_TMP/bad/noimage.xml"
before=$(snapshot)
"$TECHZINE" new 2027-03 --issues "$IS" --from "$TZ_TMP/bad/good.xml" "$TZ_TMP/bad/noimage.xml" >"$TZ_TMP/new4" 2>&1
check "missing image: exit 1" [ $? -eq 1 ]
cat "$TZ_TMP/new4"
check "missing image: reported at the figure with what to do" grep -qE "noimage.xml:[0-9]+: error: picture 'images/weg.jpg' is not in .*/bad/images/weg.jpg: put the file there" "$TZ_TMP/new4"
check "missing image: stories moved back" [ -f "$TZ_TMP/bad/good.xml" ] 
check "missing image: second story moved back" [ -f "$TZ_TMP/bad/noimage.xml" ]
check "missing image: no folder, no staging left" [ "$before" = "$(snapshot)" ]

# --- figure outside images/: refused
sed 's|<body>|<body><figure src="../../etc/x.jpg"><alt>x</alt></figure>|' "$TZ_TMP/bad/good.xml" >"$TZ_TMP/bad/escape.xml"
sed -i 's|id="ithub-hackathon-voor-mkb-bedrijven"|id="escape"|' "$TZ_TMP/bad/escape.xml"
"$TECHZINE" new 2027-03 --issues "$IS" --from "$TZ_TMP/bad/escape.xml" >"$TZ_TMP/new5" 2>&1
check "image outside images/: exit 1" [ $? -eq 1 ]
check "image outside images/: reported" grep -q "must be images/<name>" "$TZ_TMP/new5"

# --- duplicate ids
cp "$TZ_TMP/bad/good.xml" "$TZ_TMP/bad/good2.xml"
"$TECHZINE" new 2027-03 --issues "$IS" --from "$TZ_TMP/bad/good.xml" "$TZ_TMP/bad/good2.xml" >"$TZ_TMP/new6" 2>&1
check "duplicate id: exit 1" [ $? -eq 1 ]
check "duplicate id: reported" grep -q "story id 'ithub-hackathon-voor-mkb-bedrijven' is also used" "$TZ_TMP/new6"

# --- plain `new` takes no drafts: they stay in the inbox, the issue starts
# with a story to fill in
ndrafts=$(ls "$IN"/*.xml | wc -l)
(cd "$P" && "$TECHZINE" new 2027-02) >"$TZ_TMP/new7a" 2>&1
check "new without --from: exit 0" [ $? -eq 0 ]
cat "$TZ_TMP/new7a"
check "new without --from: drafts left" [ "$(ls "$IN"/*.xml | wc -l)" -eq "$ndrafts" ]
check "new without --from: says so" has "$TZ_TMP/new7a" "note: $ndrafts drafts left in issues/inbox; take drafts with --from FILE ... or --all-drafts"
check "new without --from: placeholder story" has "$TZ_TMP/new7a" "note: no drafts taken: the issue starts with issues/2027-02/stories/nieuw-verhaal.xml to fill in"
check "placeholder story valid" xmllint --noout --relaxng "$TZ_SRC/schema/story.rng" "$IS/2027-02/stories/nieuw-verhaal.xml"
"$TECHZINE" check "$IS/2027-02/issue.xml" >"$TZ_TMP/check7a" 2>&1
check "placeholder story: check refuses" [ $? -eq 1 ]
check "placeholder story: headline reported at its line" grep -qE "nieuw-verhaal.xml:[0-9]+: error: story 'nieuw-verhaal': the headline still says NOG INVULLEN; write the real headline" "$TZ_TMP/check7a"
check "placeholder story: concept reported" has "$TZ_TMP/check7a" "story 'nieuw-verhaal' is a draft (status=\"concept\")"
rm -rf "$IS/2027-02"

# --- the rest of the inbox, after 2027-01 (which is now the previous issue)
(cd "$P" && "$TECHZINE" new 2027-02 --all-drafts) >"$TZ_TMP/new7" 2>&1
check "new 2027-02 --all-drafts: exit 0" [ $? -eq 0 ]
cat "$TZ_TMP/new7"
check "number follows 2027-01" [ "$(xmllint --xpath 'string(/issue/@number)' "$IS/2027-02/issue.xml")" = "$((prevnum + 2))" ]
check "inbox empty" [ "$(ls "$IN"/*.xml 2>/dev/null | wc -l)" -eq 0 ]
check "event placeholder noted" has "$TZ_TMP/new7" "note: story 'hoogeveen-nieuwe-fietsroute-langs-bedrijventerrein': event date and place are placeholders"
check "agenda section" [ "$(xmllint --xpath 'count(/issue/section[@id="agenda"])' "$IS/2027-02/issue.xml")" = 1 ]
"$TECHZINE" check "$IS/2027-02/issue.xml" >"$TZ_TMP/check7" 2>&1
check "2027-02: check lists the event placeholder at the event's line" grep -qE "stories/hoogeveen-nieuwe-fietsroute-langs-bedrijventerrein.xml:[0-9]+: error: story 'hoogeveen-nieuwe-fietsroute-langs-bedrijventerrein': the event place still says NOG INVULLEN; write the real event place" "$TZ_TMP/check7"

# --- errors found by the check of the staged issue name the draft, not the
# staging folder, and say what to do
sed 's|<body>|<body><p><a href="www.voorbeeld.nl">site</a></p>|' "$TZ_TMP/bad/good.xml" >"$TZ_TMP/bad/link.xml"
sed -i 's|id="ithub-hackathon-voor-mkb-bedrijven"|id="link"|' "$TZ_TMP/bad/link.xml"
"$TECHZINE" new 2027-03 --issues "$IS" --from "$TZ_TMP/bad/link.xml" >"$TZ_TMP/new10" 2>&1
check "bad link in a draft: exit 1" [ $? -eq 1 ]
cat "$TZ_TMP/new10"
check "bad link: named at the draft with a line" grep -qE "^$TZ_TMP/bad/link.xml:[0-9]+: error: link 'www.voorbeeld.nl' is not an absolute http\(s\) or mailto link; add https:// in front: 'https://www.voorbeeld.nl'" "$TZ_TMP/new10"
check "bad link: no staging folder named" bash -c "! grep -q '\.new\.' '$TZ_TMP/new10'"

# --- nothing to do / no previous / usage
(cd "$P" && "$TECHZINE" new 2027-04) >"$TZ_TMP/new8" 2>&1
check "empty inbox: an empty issue is started (exit 0)" [ $? -eq 0 ]
check "empty inbox: with the placeholder story" [ -f "$IS/2027-04/stories/nieuw-verhaal.xml" ]
check "empty inbox: ends with next:" grep -q "^next: write the stories, put the new cover in images/, then run 'techzine check issues/2027-04/issue.xml'" "$TZ_TMP/new8"
mkdir -p "$TZ_TMP/empty/issues/inbox"
"$TECHZINE" new 2027-01 --issues "$TZ_TMP/empty/issues" >"$TZ_TMP/new9" 2>&1
check "no previous issue: exit 1" [ $? -eq 1 ]
check "no previous issue: says so" has "$TZ_TMP/new9" "no issue before '2027-01'"
"$TECHZINE" new 2027-13 --issues "$IS" >/dev/null 2>&1
check "bad month: exit 1" [ $? -eq 1 ]
"$TECHZINE" new >/dev/null 2>&1
check "no month: exit 2" [ $? -eq 2 ]
finish
