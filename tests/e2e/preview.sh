#!/usr/bin/env bash
# preview.sh - `techzine preview` in a real browser (headless Chromium over
# the DevTools protocol: tests/preview/devtools.py) and attacked with curl:
# a foreign Origin, a missing CSRF token, a wrong Host, path traversal in
# every parameter, oversized requests, a non-loopback bind without
# --allow-remote, and the token a remote preview asks for.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"
PY=/usr/bin/python3
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=preview-e2e-secret-0123456789
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD TECHZINE_DEMO
mkdir -p issues
send_make_issue issues/2026-12
ART="${TZ_ARTIFACTS:-$TZ_SRC/tests/artifacts}/preview"
mkdir -p "$ART"

# wait_line FILE PATTERN: until the file has the line (bounded: a cold ASan
# build of the first pages can take a while on a loaded machine)
wait_line() {
	for _ in $(seq 3000); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
	return 1
}

# the publication's own layouts (as `techzine init` makes): the builds read
# these, so the preview watches them
cp -r "$TZ_SRC/layouts" layouts
port=$(free_port)
"$TECHZINE" preview issues/2026-12/issue.xml --listen "127.0.0.1:$port" \
	--test-to redactie-test@example.nl > preview.log 2>&1 &
ppid=$!
TZ_PIDS+=($ppid)
check "the preview starts and builds ($(tail -1 preview.log))" wait_line preview.log "first build"
check "it says where it listens" grep -q "on http://127.0.0.1:$port/" preview.log
B=http://127.0.0.1:$port
code() { curl -s -o body.out -w '%{http_code}' "$@"; }

CHROME=$(command -v chromium || true)
if [ -n "$CHROME" ]; then
	dport=$(free_port)
	"$CHROME" --headless --no-sandbox --disable-gpu --no-first-run --disable-sync \
		--disable-background-networking --remote-debugging-port="$dport" \
		--remote-allow-origins="*" --user-data-dir="$TZ_TMP/chrome" about:blank \
		> chrome.log 2>&1 &
	TZ_PIDS+=($!)
	for _ in $(seq 300); do curl -s "http://127.0.0.1:$dport/json/version" > /dev/null && break; sleep 0.1; done
	$PY "$TZ_SRC/tests/preview/devtools.py" "$dport" "$B/" "$TZ_TMP/issues/2026-12" \
		"$TZ_TMP/out/2026-12/preview" "$ART/preview-1280.png" > devtools.out 2>&1
	while read -r verdict name; do
		case $verdict in
		ok) ok ;;
		FAIL) fail "browser: $name" ;;
		info:) echo "preview: $name" ;;
		*) fail "browser: $verdict $name" ;;
		esac
	done < devtools.out
	check "the browser run ran its checks" grep -q "^ok" devtools.out
else
	fail "chromium not installed (run scripts/test)"
fi
kids=$(pgrep -P "$ppid" | wc -l)
check "the build steps are forked by one fork server, no other child stays (got $kids)" test "$kids" = 1
fsrv=$(pgrep -P "$ppid")
check "the fork server runs the same binary" sh -c "[ \"\$(readlink /proc/$fsrv/exe)\" = \"\$(readlink /proc/$ppid/exe)\" ]"
check "the test send went into the outbox" sh -c "ls out/2026-12/outbox/new | grep -q ."
check "nothing was written under issues/ but the edits" sh -c \
	"[ -z \"\$(find issues -newer preview.log -type f ! -name een.xml)\" ]"

# a print layout alone rebuilds only the PDF, a newsletter theme only the
# newsletter (the root element says which)
state() { curl -s "$B/state.json" | $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
resave() { cp "$1" "$1.new" && mv "$1.new" "$1"; }
wait_generation() {
	for _ in $(seq 3000); do [ "$(state 'd["generation"]')" -gt "$1" ] 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
gen=$(state 'd["generation"]')
resave layouts/magazine-a4.xml
check "a saved print layout starts a build" wait_generation "$gen"
check "a print layout alone: the PDF is rebuilt, the newsletter not ($(state 'd["phases"]'))" \
	test "$(state 'd["phases"]["ran_pdf"], d["phases"]["ran_html"], d["ok"], d["pages_rendered"] == len(d["pages"])')" = "True False True True"
gen=$(state 'd["generation"]')
resave layouts/newsletter.xml
check "a saved newsletter theme starts a build" wait_generation "$gen"
check "a newsletter theme alone: the newsletter is rebuilt, the PDF not ($(state 'd["phases"]'))" \
	test "$(state 'd["phases"]["ran_pdf"], d["phases"]["ran_html"], d["ok"], d["newsletter"]["nl"]')" = "False True True True"

# the inbox line follows the issue file (read again only when it changes)
gen=$(state 'd["generation"]')
sed 's|<subject>[^<]*</subject>|<subject>Nieuw onderwerp zonder omweg</subject>|' \
	issues/2026-12/issue.xml > issues/2026-12/issue.xml.new
mv issues/2026-12/issue.xml.new issues/2026-12/issue.xml
check "a saved issue file starts a build" wait_generation "$gen"
check "the new subject is in the inbox line ($(state 'd["subject"]'))" \
	test "$(state 'd["subject"]')" = "Nieuw onderwerp zonder omweg"

# security: only the page's own origin with its CSRF token may send
csrf=$(curl -s "$B/state.json" | $PY -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
check "a foreign Origin cannot send: 403" test "$(code -X POST -H 'Origin: http://evil.example' -H "X-CSRF-Token: $csrf" "$B/send")" = 403
check "no Origin: 403" test "$(code -X POST -H "X-CSRF-Token: $csrf" "$B/send")" = 403
check "no CSRF token: 403" test "$(code -X POST -H "Origin: $B" "$B/send")" = 403
check "a wrong CSRF token: 403" test "$(code -X POST -H "Origin: $B" -H 'X-CSRF-Token: 0000' "$B/send")" = 403
check "GET /send: 405" test "$(code "$B/send")" = 405
check "a POST with a body: 413" test "$(code -X POST -H "Origin: $B" -H "X-CSRF-Token: $csrf" --data x "$B/send")" = 413
check "a rebinding Host: 421" test "$(code -H 'Host: evil.example' "$B/")" = 421
for u in "/page/../../../etc/passwd" "/page/0.png" "/page/9999.png" "/page/1.png/../../../x" \
	"/nl/../../../../etc/passwd" "/nl/web/../../../../../../etc/passwd" \
	"/nl/web/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd" "/en/..%2f..%2f..%2fetc%2fpasswd" \
	"/source?file=../../../../etc/passwd&line=1" "/source?file=/etc/passwd&line=1" \
	"/source?file=stories/../../../../../etc/passwd&line=1"; do
	c=$(code --path-as-is "$B$u")
	check "traversal $u refused (got $c)" sh -c "[ $c = 404 ] || [ $c = 400 ]"
	check "traversal $u shows nothing of /etc/passwd" sh -c "! grep -q 'root:' body.out"
done
c=$(code "$B/source?file=stories/een.xml&line=2")
check "the source of a story file is served escaped (got $c)" sh -c "[ $c = 200 ] && grep -q '&lt;' body.out"
long=$(head -c 70000 /dev/zero | tr '\0' a)
c=$(code "$B/?x=$long")
check "an oversized URL is refused (got $c)" sh -c "[ $c = 414 ] || [ $c = 431 ] || [ $c = 000 ]"
c=$(code -H "X-Big: $long" "$B/")
check "an oversized header is refused (got $c)" sh -c "[ $c = 431 ] || [ $c = 413 ] || [ $c = 000 ]"
check "every answer has the security headers" sh -c \
	"curl -sI '$B/page/9999.png' | grep -qi '^content-security-policy:' && curl -sI '$B/' | grep -qi '^x-content-type-options: nosniff'"

# the cold start's helper process renders the pages it is given, beside the PDF
mkdir -p helper
cp out/2026-12/preview/print.pdf helper/
"$TECHZINE" preview --render-pages 1,2 helper/print.pdf > helper.out 2>&1; rc=$?
check "the render helper writes the pages it is given (exit $rc)" sh -c \
	"[ $rc -eq 0 ] && file helper/pages/p001.png helper/pages/p002.png | grep -c 'PNG image data' | grep -qx 2 && [ ! -e helper/pages/p003.png ]"
"$TECHZINE" preview --render-pages 1,0 helper/print.pdf > helper.out 2>&1; rc=$?
check "the render helper refuses a page that is not there (exit $rc)" sh -c \
	"[ $rc -eq 2 ] && grep -q 'wants page numbers' helper.out"
"$TECHZINE" preview --render-pages 1 helper/none.pdf > helper.out 2>&1; rc=$?
check "the render helper says when the PDF is missing (exit $rc)" sh -c \
	"[ $rc -ne 0 ] && grep -q \"cannot find the PDF 'helper/none.pdf'\" helper.out"

# a non-loopback address needs --allow-remote, and then a token
"$TECHZINE" preview issues/2026-12/issue.xml --listen 0.0.0.0:1 > remote.out 2>&1; rc=$?
check "a non-loopback bind without --allow-remote: exit 2 (got $rc)" sh -c \
	"[ $rc -eq 2 ] && grep -q 'not a loopback address.*--allow-remote' remote.out"
rport=$(free_port)
"$TECHZINE" preview issues/2026-12/issue.xml --listen "0.0.0.0:$rport" --allow-remote \
	> remote.log 2>&1 &
TZ_PIDS+=($!)
check "the remote preview starts" wait_line remote.log "first build"
token=$(sed -n 's/.*?token=\([0-9a-f]*\).*/\1/p' remote.log | head -1)
R=http://127.0.0.1:$rport
check "the remote preview prints its token" test -n "$token"
check "without the token: 401" test "$(code "$R/")" = 401
check "without the token even the state: 401" test "$(code "$R/state.json")" = 401
check "a wrong token: 401" test "$(code "$R/?token=0123")" = 401
check "the token sets a cookie and redirects" sh -c \
	"curl -s -D - -o /dev/null '$R/?token=$token' | grep -qi '^set-cookie: tz_preview=$token; HttpOnly; SameSite=Strict'"
check "with the cookie: 200" test "$(code -b "tz_preview=$token" "$R/")" = 200

# stopping the preview stops its fork server too
kill "$ppid"
for _ in $(seq 300); do kill -0 "$fsrv" 2>/dev/null || break; sleep 0.1; done
check "the fork server ends with the preview" sh -c "! kill -0 $fsrv 2>/dev/null"
finish
