#!/usr/bin/env bash
# End-to-end: `techzine import` on documents made at test time by real
# word processors - LibreOffice headless (a flat ODT source converted to
# .docx and .odt) and python-docx with hand-made OOXML for Word's own
# features (Dutch style names, comments, tracked changes, field codes,
# numbering) - plus Markdown, HTML and text. Each story must hold what the
# document holds (tests/import/check_story.py), keep >= 99 % of pandoc's
# words in order (tests/import/compare.py, also on the project's own docs
# as real documents from other authors), pass `techzine check` once the
# listed placeholders are filled in, and lay out with `techzine build`.
# Hostile and broken documents (tests/import/make_bad.py) give a clear
# error or a bounded result and never write outside DIR.
. "$(dirname "$0")/lib.bash"

PY=/usr/bin/python3
FX="$TZ_TMP/fx"
$PY "$TZ_SRC/tests/import/make_fixtures.py" "$FX" >/dev/null || fail "fixture generator"

# LibreOffice with a private profile, so a desktop session or a parallel
# test never shares (or locks) ours
export HOME="$TZ_TMP/home"
mkdir -p "$HOME"
lo() {
	soffice --headless --norestore "-env:UserInstallation=file://$TZ_TMP/lo-profile" \
		--convert-to "$1" --outdir "$FX/lo" "$FX/story.fodt" >"$TZ_TMP/lo.log" 2>&1
}
lo 'docx:MS Word 2007 XML' && lo odt
check "LibreOffice wrote story.docx ($(cat "$TZ_TMP/lo.log"))" [ -s "$FX/lo/story.docx" ]
check "LibreOffice wrote story.odt" [ -s "$FX/lo/story.odt" ]

# import FILE NAME [options]: into $TZ_TMP/out-NAME, report in $TZ_TMP/NAME.report
import_one() {
	local file=$1 name=$2; shift 2
	"$TECHZINE" import "$file" -o "$TZ_TMP/out-$name" "$@" >"$TZ_TMP/$name.report" 2>&1
}
story_of() { ls "$TZ_TMP/out-$1"/*.xml 2>/dev/null | head -n 1; }
ALL="headline lead byline figures quote lists keyfigures factbox link notes changes h2 emphasis"

for spec in "lo/story.docx:lo-docx:$ALL" "lo/story.odt:lo-odt:$ALL" "word-nl.docx:word:$ALL" \
	"story.md:md:headline lead byline figures quote lists link h2"; do
	IFS=: read -r file name features <<<"$spec"
	import_one "$FX/$file" "$name" --municipality Hardenberg; rc=$?
	check "$name: import exits 0 (rc $rc: $(cat "$TZ_TMP/$name.report"))" [ "$rc" -eq 0 ]
	s=$(story_of "$name")
	check "$name: one story named after the headline ($s)" \
		[ "$(basename "$s")" = composiet-uit-het-vechtdal-verovert-europa.xml ]
	out=$($PY "$TZ_SRC/tests/import/check_story.py" "$s" $features 2>&1)
	check "$name: story content ($out)" [ -z "$out" ]
	check "$name: two images extracted" [ "$(ls "$TZ_TMP/out-$name/images" | wc -l)" -eq 2 ]
	check "$name: the jpeg is the photo's bytes" cmp -s "$FX/photo1.jpg" \
		"$TZ_TMP/out-$name/images/composiet-uit-het-vechtdal-verovert-europa-1.jpg"
done
# every dropped or changed thing has its report line
for name in lo-docx lo-odt word; do
	r="$TZ_TMP/$name.report"
	check "$name: tracked changes reported" grep -q "tracked changes: 1 insertion(s) accepted, 1 deletion(s) dropped" "$r"
	check "$name: comment reported with its text" grep -q "comment by Redactie dropped: 'Klopt dit aantal medewerkers?'" "$r"
	check "$name: hidden text reported" grep -q "hidden text dropped.*Interne notitie" "$r"
	check "$name: footnote reported" grep -q "1 footnote(s) appended" "$r"
	check "$name: lists kept as they are, nothing flattened" [ "$(grep -ciE "flattened|numbers in the text" "$r")" -eq 0 ]
	check "$name: tables reported" grep -q "written as key figures" "$r"
done
check "word: Dutch style names mapped (Titel -> headline, Citaat -> quote)" grep -q "quote attributed" "$TZ_TMP/word.report"

# pandoc's words, in order: every fixture, and real documents by others (the
# project's Markdown docs as written, and as pandoc turns them into docx/odt/html)
for spec in "$FX/lo/story.docx:lo-docx" "$FX/lo/story.odt:lo-odt" "$FX/word-nl.docx:word" "$FX/story.md:md"; do
	file=${spec%%:*}; name=${spec##*:}
	out=$($PY "$TZ_SRC/tests/import/compare.py" "$file" "$(story_of "$name")" 0.99 "$TZ_TMP/$name.report" 2>&1)
	check "pandoc words: $out" [ $? -eq 0 ]
done
for spec in "$FX/story.html:html" "$FX/story.txt:txt"; do
	file=${spec%%:*}; name=${spec##*:}
	import_one "$file" "$name"
	check "$name: import exits 0 ($(cat "$TZ_TMP/$name.report"))" [ -n "$(story_of "$name")" ]
	if [ "$name" = html ]; then # the feed converter's lists, nested and numbered
		out=$($PY "$TZ_SRC/tests/import/check_story.py" "$(story_of "$name")" lists 2>&1)
		check "html: lists ($out)" [ -z "$out" ]
	fi
	out=$($PY "$TZ_SRC/tests/import/compare.py" "$file" "$(story_of "$name")" 0.99 "$TZ_TMP/$name.report" 2>&1)
	check "pandoc words: $out" [ $? -eq 0 ]
done
REAL="$TZ_TMP/real"
mkdir -p "$REAL"
n=0
for md in "$TZ_SRC"/docs/print.md "$TZ_SRC"/docs/send.md "$TZ_SRC"/README.md; do
	n=$((n + 1))
	cp "$md" "$REAL/doc$n.md"
	pandoc -s --metadata title="Document $n" "$md" -o "$REAL/doc$n.docx" 2>/dev/null
	pandoc -s --metadata title="Document $n" "$md" -o "$REAL/doc$n.odt" 2>/dev/null
	pandoc -s --metadata title="Document $n" "$md" -o "$REAL/doc$n.html" 2>/dev/null
done
for extra in /usr/lib/libreoffice/share/template/common/internal/idxexample.odt; do
	[ -f "$extra" ] && cp "$extra" "$REAL/"
done
for file in "$REAL"/*; do
	name="real-$(basename "$file")"
	import_one "$file" "$name"; rc=$?
	check "$name: import exits 0 (rc $rc: $(tail -n 2 "$TZ_TMP/$name.report"))" [ "$rc" -eq 0 ]
	out=$($PY "$TZ_SRC/tests/import/compare.py" "$file" "$(story_of "$name")" 0.99 "$TZ_TMP/$name.report" 2>&1)
	check "pandoc words: $out" [ $? -eq 0 ]
	echo "$out" | head -n 1
done

# into an issue: check refuses exactly the placeholders, then passes; build lays it out
ISS="$TZ_TMP/issue"
cp -r "$TZ_SRC/tests/fixtures/mini" "$ISS"
declare -A SOURCE=([lo-docx]=lo/story.docx [lo-odt]=lo/story.odt [word]=word-nl.docx [md]=story.md [txt]=story.txt)
includes=""
for name in lo-docx lo-odt word md txt; do
	"$TECHZINE" import "$FX/${SOURCE[$name]}" -o "$ISS/inbox-$name" --id "import-$name" >/dev/null 2>&1
	cp "$ISS/inbox-$name/import-$name.xml" "$ISS/stories/"
	[ -d "$ISS/inbox-$name/images" ] && cp "$ISS/inbox-$name/images/"* "$ISS/images/"
	includes="$includes<xi:include href=\"stories/import-$name.xml\"/>"
done
sed -i "s|<xi:include href=\"stories/twee.xml\"/>|<xi:include href=\"stories/twee.xml\"/>$includes|" "$ISS/issue.xml"
placeholders=$(grep -o '\[\[invullen: [^]]*\]\]' "$ISS"/stories/import-*.xml | wc -l)
check "placeholders written for the missing municipality, byline and date ($placeholders)" [ "$placeholders" -ge 6 ]
out=$("$TECHZINE" check "$ISS/issue.xml" 2>&1); rc=$?
check "check refuses the placeholders (rc $rc)" [ "$rc" -eq 1 ]
check "check names every placeholder ($out)" [ "$(grep -c "error: placeholder '\[\[invullen" <<<"$out")" -eq "$placeholders" ]
check "check finds nothing else" [ "$(grep -c ': error: ' <<<"$out")" -eq "$placeholders" ]
sed -i -e 's/\[\[invullen: gemeente\]\]/Hardenberg/' -e 's/\[\[invullen: datum\]\]/2026-11-20/' \
	-e 's/\[\[invullen: auteur\]\]/Tekst: Redactie/' -e 's/\[\[invullen: beschrijving van de foto\]\]/Een foto/' \
	"$ISS"/stories/import-*.xml
out=$("$TECHZINE" check "$ISS/issue.xml" 2>&1); rc=$?
check "check passes once the placeholders are filled in (rc $rc: $out)" [ "$rc" -eq 0 ]
out=$("$TECHZINE" build "$ISS/issue.xml" -o "$ISS/out" 2>&1); rc=$?
check "build lays the imported stories out (rc $rc: $(tail -n 5 <<<"$out"))" [ "$rc" -eq 0 ]
if [ -f "$ISS/out/techzine-issue.pdf" ]; then
	pdftotext "$ISS/out/techzine-issue.pdf" "$TZ_TMP/issue.txt"
	check "the magazine prints the imported headline" grep -q "Composiet uit het Vechtdal" "$TZ_TMP/issue.txt"
	check "the magazine prints the key figures' label (set in capitals)" grep -qi "Omzet in miljoen euro" "$TZ_TMP/issue.txt"
	# every imported story's numbered lists (four: the .txt has none), numbers
	# hanging before the items, nested items lettered, the list that starts at
	# 4 numbered from 4 (columns may split a list, so counted, not ordered)
	for item in '1. ontwerp' '2. productie' 'a. mallen' 'b. persen' '3. test' '4. levering'; do
		n=$(grep -cxF "$item" "$TZ_TMP/issue.txt")
		check "the magazine prints '$item' in each imported story ($n)" [ "$n" -eq 4 ]
	done
	check "... and prints the nested bullet items" [ "$(grep -c '^lichte panelen$' "$TZ_TMP/issue.txt")" -eq 4 ]
else
	fail "no PDF written: $(ls "$ISS/out" 2>&1)"
fi
check "the newsletter carries the imported story" grep -q "Composiet uit het Vechtdal" "$ISS/out/newsletter.html"
check "the web version nests the numbered list, lettered inside" grep -qF \
	'<ol type="1"><li>ontwerp</li><li>productie<ol type="a"><li>mallen</li><li>persen</li></ol></li><li>test</li></ol>' \
	"$ISS/out/web/import-word.html"
check "... and numbers the next list from 4" grep -qF '<ol type="1" start="4"><li>levering</li></ol>' \
	"$ISS/out/web/import-word.html"
check "... and nests the bullet list" grep -qF '<li>bussen<ul><li>lichte panelen</li><li>isolatie</li></ul></li>' \
	"$ISS/out/web/import-word.html"

# never overwrite without --force; --dry-run writes nothing
s="$TZ_TMP/out-md/composiet-uit-het-vechtdal-verovert-europa.xml"
before=$(sha256sum "$s")
echo "<!-- edited by the officer -->" >>"$s"
edited=$(sha256sum "$s")
"$TECHZINE" import "$FX/story.md" -o "$TZ_TMP/out-md" >"$TZ_TMP/again.log" 2>&1; rc=$?
check "a second import is refused (rc $rc)" [ "$rc" -eq 1 ]
check "it says the draft exists and what to do" grep -q "exists; give --id.*--force" "$TZ_TMP/again.log"
check "the officer's edit is untouched" [ "$(sha256sum "$s")" = "$edited" ]
photo="$TZ_TMP/out-md/images/composiet-uit-het-vechtdal-verovert-europa-1.jpg"
inode=$(stat -c %i "$photo")
"$TECHZINE" import "$FX/story.md" -o "$TZ_TMP/out-md" --force --municipality Hardenberg >"$TZ_TMP/force.log" 2>&1; rc=$?
check "--force replaces it (rc $rc)" [ "$rc" -eq 0 ]
check "... leaving the unchanged photos alone ($(cat "$TZ_TMP/force.log"))" \
	grep -q "note: 2 file(s) already held the same bytes and were left alone" "$TZ_TMP/force.log"
check "... the photo file itself untouched" [ "$(stat -c %i "$photo")" = "$inode" ]
check "... with the import again" [ "$(sha256sum "$s" | cut -d' ' -f1)" = "$(cut -d' ' -f1 <<<"$before")" ]
"$TECHZINE" import "$FX/story.md" -o "$TZ_TMP/dry" --dry-run >"$TZ_TMP/dry.log" 2>&1; rc=$?
check "--dry-run exits 0 (rc $rc)" [ "$rc" -eq 0 ]
check "--dry-run writes nothing" [ ! -e "$TZ_TMP/dry" ]
check "--dry-run says what it would write" grep -q "would write" "$TZ_TMP/dry.log"
"$TECHZINE" import "$FX/story.md" --id ../../evil -o "$TZ_TMP/x" >/dev/null 2>&1; rc=$?
check "--id with a path is a usage error (rc $rc)" [ "$rc" -eq 2 ]

# a user's mapping file, consulted before layouts/import.xml
cat >"$TZ_TMP/mapping.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<import-mapping>
  <paragraph name="Text body" role="byline" sample="test: a house style"/>
</import-mapping>
EOF
"$TECHZINE" import "$FX/lo/story.odt" -o "$TZ_TMP/mapped" --mapping "$TZ_TMP/mapping.xml" >/dev/null 2>&1
check "a user's mapping changes the role of a style" grep -q "<byline>Het bedrijf groeide" "$TZ_TMP"/mapped/*.xml
printf '<import-mapping>\n  <paragraph name="X" role="lead"/>\n</import-mapping>\n' >"$TZ_TMP/badmap.xml"
"$TECHZINE" import "$FX/story.md" -o "$TZ_TMP/bm" --mapping "$TZ_TMP/badmap.xml" >"$TZ_TMP/bm.log" 2>&1; rc=$?
check "a mapping that breaks the schema is refused with its line (rc $rc: $(cat "$TZ_TMP/bm.log"))" \
	grep -q "badmap.xml:2.*import.rng" "$TZ_TMP/bm.log"

# text enters in NFC: a decomposed é from a Mac is composed, not refused
printf '# Cafe\xcc\x81 in Emmen\n\nDe e\xcc\x81e\xcc\x81n cafe\xcc\x81.\n' >"$TZ_TMP/nfd.md"
"$TECHZINE" import "$TZ_TMP/nfd.md" -o "$TZ_TMP/nfd" >/dev/null 2>&1
check "import composes to NFC" grep -q "$(printf 'De \xc3\xa9\xc3\xa9n caf\xc3\xa9.')" "$TZ_TMP"/nfd/*.xml
NFC="$TZ_TMP/nfc-issue"
cp -r "$TZ_SRC/tests/fixtures/mini" "$NFC"
cp "$TZ_SRC/tests/fixtures/not-nfc-story.xml" "$NFC/stories/een.xml"
check "the fixture really is decomposed" grep -q "$(printf 'e\xcc\x88')" "$NFC/stories/een.xml"
out=$("$TECHZINE" check "$NFC/issue.xml" 2>&1); rc=$?
check "check accepts decomposed text (rc $rc: $out)" [ "$rc" -eq 0 ]
"$TECHZINE" html "$NFC/issue.xml" -o "$NFC/out" >/dev/null 2>&1
check "html writes it composed" grep -q "$(printf 'Twee\xc3\xabde')" "$NFC/out/web/een.html"

# hostile and broken documents
BAD="$TZ_TMP/bad"
$PY "$TZ_SRC/tests/import/make_bad.py" "$FX/word-nl.docx" "$BAD" >/dev/null || fail "bad-document generator"
expect_refused() { # FILE MESSAGE-REGEX
	local out rc
	out=$("$TECHZINE" import "$BAD/$1" -o "$TZ_TMP/bad-out/$1" 2>&1); rc=$?
	check "$1: refused with exit 1 (rc $rc: $out)" [ "$rc" -eq 1 ]
	check "$1: says why ($out)" grep -qE -- "$2" <<<"$out"
	check "$1: nothing written" [ ! -e "$TZ_TMP/bad-out/$1" ]
}
expect_refused bomb-ratio.docx "expands more than 100 times"
expect_refused bomb-total.docx "expands to more than 256 MiB"
expect_refused many.docx "more than 10000 entries"
expect_refused dotdot.docx "'\.\./\.\./evil\.txt' that points outside"
expect_refused absolute.docx "'/tmp/evil\.txt' that points outside"
expect_refused symlink.docx "symbolic link"
expect_refused doctype.docx "'word/document.xml' holds a DOCTYPE"
expect_refused doctype-styles.docx "'word/styles.xml' holds a DOCTYPE"
expect_refused encrypted.docx "encrypted.*unprotected copy"
expect_refused old.doc "save it as \.docx or \.odt"
expect_refused truncated.docx "truncated or damaged"
expect_refused pages5000.docx "split the document"
expect_refused story.rtf "RTF.*save it as \.docx or \.odt"
expect_refused story.pdf "a PDF.*\.docx or \.odt"
expect_refused story.pages "Pages.*\.docx"
expect_refused empty.docx "empty"
expect_refused binary.txt "binary file"
check "no file appeared outside the output folders" test ! -e "$TZ_TMP/evil.txt" -a ! -e /tmp/evil.txt
out=$("$TECHZINE" import "$BAD/macro.docm" -o "$TZ_TMP/docm" 2>&1); rc=$?
check "docm: text imported (rc $rc)" [ "$rc" -eq 0 ]
check "docm: says the macros were not run" grep -q "macros were neither run nor read" <<<"$out"
out=$("$TECHZINE" import "$BAD/big-image.docx" -o "$TZ_TMP/bigimg" 2>&1); rc=$?
check "50-megapixel image: imported without decoding (rc $rc: $out)" [ "$rc" -eq 0 ]
out=$("$TECHZINE" import "$BAD/bad-image.docx" -o "$TZ_TMP/badimg" 2>&1); rc=$?
check "truncated image: the story is imported (rc $rc)" [ "$rc" -eq 0 ]
check "truncated image: dropped and reported" grep -q "image 'word/media/image2.png' dropped: .*not a valid PNG" <<<"$out"
check "truncated image: its caption stays as text" grep -q "Een paneel in de testbank" "$TZ_TMP"/badimg/*.xml
finish
