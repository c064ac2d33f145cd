#!/bin/bash
# tests/e2e/month.sh - the communications officer's month (issue 21), through
# the CLI only, as docs/guide.md describes it: from an empty inbox to a dry
# run of the real send. Story skeletons, the paste accidents of a press
# release, `new` with named drafts, check until ready, the cover, preview,
# build, a test send to a local server, a Dutch subscriber export, the dry
# run. Every error or warning any command prints must carry FILE:LINE and
# say what to do next; one without fails the test.
. "$(dirname "$0")/lib.bash"
unset TECHZINE_TOKEN_SECRET TECHZINE_TOKEN_SECRET_FILE TECHZINE_DEMO XDG_CONFIG_HOME
export HOME="$TZ_TMP/home"
P="$TZ_TMP/office"
mkdir -p "$HOME" "$P/issues/inbox" "$P/subscribers"
cp -r "$TZ_SRC/issues/2026-12" "$P/issues/"
cp -r "$TZ_SRC/layouts" "$P/"
# the issue names its DKIM keys (../../keys, made by the setup/demo-key fixture)
cp -rp "$TZ_SRC/keys" "$P/"
cp "$TZ_SRC/subscribers/demo.csv" "$P/subscribers/leden.csv"
cd "$P" || exit 1
LOG="$TZ_TMP/all-messages"
: >"$LOG"
# run STEP-NAME WANTED-EXIT techzine-args...: run, keep every line for the
# message rules, check the exit status
run() {
	local name=$1 want=$2
	shift 2
	"$TECHZINE" "$@" >"$TZ_TMP/out" 2>&1
	local rc=$?
	sed "s|^|[$name] |" "$TZ_TMP/out" >>"$LOG"
	check "$name: exit $want (got $rc)" [ "$rc" -eq "$want" ]
	[ "$rc" -eq "$want" ] || cat "$TZ_TMP/out" >&2
}
said() { grep -qF -- "$1" "$TZ_TMP/out" || { echo "not said: $1" >&2; cat "$TZ_TMP/out" >&2; false; }; }
mkimg() { /usr/bin/python3 -c "from PIL import Image; Image.new('RGB', ($2, $3), (30, 100, 150)).save('$1', quality=85)"; }

# --- 1. the secret, once
run "secret init" 0 secret init

# --- 2. three stories from skeletons
run "story new news" 0 story new zonnepark-emmen
check "story new: next step" said "next: replace every NOG INVULLEN, set status=\"klaar\""
run "story new parel" 0 story new parel-lasbedrijf --kind parel
run "story new event" 0 story new techniekdag --kind event
N=issues/inbox/zonnepark-emmen.xml
E=issues/inbox/techniekdag.xml
PA=issues/inbox/parel-lasbedrijf.xml

# --- 3. writing, with what a press release brings along
fill() { # fill FILE: the real text in place of every NOG INVULLEN
	sed -i 's|NOG INVULLEN: de kop|Zonnepark bij het bedrijvenpark|;
		s|NOG INVULLEN: de inleiding.|Emmen krijgt er een zonnepark bij.|;
		s|Tekst: NOG INVULLEN|Tekst: Redactie|;
		s|NOG INVULLEN: de eerste alinea.|Het park levert stroom aan "zo'"'"'n twintig" bedrijven.|;
		s|time="NOG INVULLEN"|time="13.00-17.00 uur"|;
		s|place="NOG INVULLEN"|place="Emmen, Greenwise Campus"|;
		s|name="NOG INVULLEN"|name="Lasbedrijf Noord"|' "$1"
}
fill "$N"; fill "$E"; fill "$PA"
sed -i 's|bij het bedrijvenpark|bij het Industry \& Business Park|' "$N"   # a bare & from the press release
sed -i 's|<event date="[^"]*"|<event date="12-02-2027"|' "$E"      # Dutch date order
sed -i 's|<lead>Emmen|<lead>Emmen “Zon” |; s|<municipality>Regio|<municipality kind=“x”>Regio|' "$PA" # curly quotes around a value
run "new with paste accidents" 1 new 2027-01 --from "$N" "$E" "$PA"
check "& named with file:line and the fix" grep -qE "^issues/inbox/zonnepark-emmen.xml:[0-9]+: error: a bare & in the text: write &amp; instead" "$TZ_TMP/out"
check "date named with file:line and the fix" grep -qE "^issues/inbox/techniekdag.xml:[0-9]+: error: date=\"12-02-2027\" on <event>: dates are written year-month-day: write 2027-02-12" "$TZ_TMP/out"
check "curly quotes named with the fix" grep -qE "^issues/inbox/parel-lasbedrijf.xml:[0-9]+: error: the value of kind is in curly quotes" "$TZ_TMP/out"
check "nothing moved" [ -f "$N" ] && [ -f "$E" ] && [ -f "$PA" ] && [ ! -e issues/2027-01 ]
sed -i 's|Industry & Business|Industry \&amp; Business|' "$N"
sed -i 's|date="12-02-2027"|date="2027-02-12"|' "$E"
sed -i 's|<municipality kind=“x”>|<municipality>|' "$PA"
# a photo with the news story, as the skeleton's comment shows
mkimg issues/inbox/images/zonnepark-emmen-1.jpg 2400 1600
sed -i 's|</p>|</p>\n    <figure src="images/zonnepark-emmen-1.jpg"><alt>Zonnepanelen op een dak</alt><caption>Het nieuwe park</caption><credit>Foto: redactie</credit></figure>|' "$N"

# --- 4. the new issue from the three named drafts
run "new" 0 new 2027-01 --from "$N" "$E" "$PA"
check "new: next step" said "next: write the stories, put the new cover in images/, then run 'techzine check issues/2027-01/issue.xml'"
I=issues/2027-01/issue.xml
check "drafts moved" [ -f issues/2027-01/stories/zonnepark-emmen.xml ] && [ -f issues/2027-01/images/zonnepark-emmen-1.jpg ]

# --- 5. check until ready
run "check (not ready)" 1 check "$I"
check "check: concept stories refused" said "story 'zonnepark-emmen' is a draft (status=\"concept\"); when it is ready to publish, change it to status=\"klaar\""
check "check: the placeholder cover refused" said "error: the cover is still a placeholder"
check "check: the cover line refused" said "error: the cover line still says NOG INVULLEN; write the real cover line"
run "html preview of the unfinished issue" 0 html "$I" -o out/2027-01
check "html: says it is a preview" said "note: not ready to publish"
run "dry run refused while unfinished" 1 send "$I" --list subscribers/leden.csv --dry-run
check "send: nothing sent" said "techzine: nothing sent: the issue is not ready"
sed -i 's|status="concept"|status="klaar"|' issues/2027-01/stories/*.xml
mkimg issues/2027-01/images/omslag.jpg 2600 2500  # too small: the hint says the frame's size
sed -i 's|<cover image="[^"]*" alt="[^"]*">|<cover image="images/omslag.jpg" alt="Zonnepanelen bij Emmen">|; s|<line>NOG INVULLEN[^<]*</line>|<line>Zonnepark Emmen</line>|' "$I"
run "check (cover small)" 0 check "$I"
check "check: cover size hint" said "supply at least 2551 x 3579 px (width x height)"
mkimg issues/2027-01/images/omslag.jpg 2551 3579
run "check (ready)" 0 check "$I"
check "check: ok" said "issues/2027-01/issue.xml: ok ("

# --- 6. preview and build
run "html" 0 html "$I" -o out/2027-01
check "preview copy with local pictures" grep -qE 'src="web/images/(mail/)?zonnepark-emmen-1(-[0-9]+)?\.jpg"' out/2027-01/newsletter-preview.html
check "typographic quotes on the story page" grep -qF "“zo’n twintig”" out/2027-01/web/zonnepark-emmen.html
run "build" 0 build "$I" -o out/2027-01
check "the print PDF" [ -s out/2027-01/techzine-2027-01.pdf ]

# --- 7. a test send to a local test server (as in the guide)
port=$(free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" >"$TZ_TMP/sink" 2>&1 &
TZ_PIDS+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
run "test send without --insecure-no-tls" 3 send "$I" --test redactie@example.nl --smtp "smtp://127.0.0.1:$port"
check "test send: the next step" said "add --insecure-no-tls"
run "test send" 0 send "$I" --test redactie@example.nl --smtp "smtp://127.0.0.1:$port" --insecure-no-tls
for _ in $(seq 100); do grep -q 'END MESSAGE' "$TZ_TMP/sink" && break; sleep 0.1; done
check "the test arrived" grep -q 'Zonnepark' "$TZ_TMP/sink"

# --- 8. subscribers: a Dutch export, twice
printf 'E-mailadres;Naam;Gemeente;Datum toestemming\r\nanne@example.nl;Anne Bakker;Emmen;12-01-2027\r\nfout-adres;Piet;Emmen;12-01-2027\r\n' >export.csv
run "import" 1 subscribers import subscribers/leden.csv export.csv
check "import: the bad row with its line" grep -qE "^export.csv:3: " "$TZ_TMP/out"
run "import again" 1 subscribers import subscribers/leden.csv export.csv
check "import again: the unchanged row reported" grep -qE "^export.csv:2: unchanged: 'anne@example.nl' is already on the list" "$TZ_TMP/out"

# --- 9. the real send, as a dry run
run "dry run" 0 send "$I" --list subscribers/leden.csv --dry-run

# --- every message: FILE:LINE and a next step
bad=0
while IFS= read -r line; do
	msg=${line#\[*\] }
	case "$msg" in
	*": error: "* | *": warning: "*) ;;
	*) continue ;;
	esac
	if ! grep -qE '^[^ :]+:[0-9]+: (error|warning): ' <<<"$msg"; then
		echo "no file:line: $line" >&2; bad=$((bad + 1)); continue
	fi
	if ! grep -qiE '\b(write|add|remove|put|replace|use|run|change|set|take|choose|supply|move|delete|save|type|correct|describe|fill|start|give|finish|keep|shorten|fix|check)\b' <<<"$msg"; then
		echo "no next step: $line" >&2; bad=$((bad + 1))
	fi
done <"$LOG"
check "every error and warning has file:line and a next step" [ "$bad" -eq 0 ]
check "the messages were looked at" [ "$(grep -cE ': (error|warning): ' "$LOG")" -ge 8 ]
finish
