#!/usr/bin/env bash
# unsubscribe_server.sh - `techzine unsubscribe-server` (the old name of
# list-server, kept as an alias) tested with curl:
# a valid token POST unsubscribes (list and suppression), a forged token is
# 403 and changes no byte, GET never changes anything, the token-in-path
# form, a missing One-Click body, the rate limit (429), no address in clear
# in the log, SIGTERM stops it with exit 0; the links `send` writes work.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=server-e2e-secret-0123456789 TECHZINE_TODAY=2026-12-01
unset TECHZINE_DEMO
PY=/usr/bin/python3
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
token() {
	$PY -c "import base64,hashlib,hmac,sys; print(base64.urlsafe_b64encode(hmac.new(sys.argv[1].encode(), sys.argv[2].lower().encode(), hashlib.sha256).digest()).decode()[:22])" "$TECHZINE_TOKEN_SECRET" "$1"
}
state() { sha256sum subscribers/*.csv | sha256sum; }
port=$(free_port)
"$TECHZINE" unsubscribe-server --listen "127.0.0.1:$port" --rate 40/m 2> server.log &
srv=$!
TZ_PIDS+=($srv)
for _ in $(seq 1200); do grep -q listening server.log 2>/dev/null && break; kill -0 $srv 2>/dev/null || break; sleep 0.05; done
check "server says where it listens" grep -q "listening on 127.0.0.1:$port" server.log
B=http://127.0.0.1:$port
code() { curl -s -o body.html -w '%{http_code}' "$@"; }

renee=$(token renee.devries@example.nl)
s0=$(state)
check "GET with a valid token: 200" test "$(code "$B/u/?e=renee.devries%40example.nl&t=$renee")" = 200
check "GET shows a Dutch and English page with a POST button" sh -c "grep -q 'Wilt u zich afmelden' body.html && grep -q 'Do you want to unsubscribe' body.html && grep -q '<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">' body.html"
check "the page masks the address" sh -c "grep -q 'r\*\*\*@e\*\*\*.nl' body.html && ! grep -q renee.devries body.html"
check "GET changed nothing" test "$(state)" = "$s0"
code -I "$B/u/$renee" > /dev/null
code "$B/u/$renee" > /dev/null
check "GET and HEAD of /u/TOKEN changed nothing" test "$(state)" = "$s0"

# forged tokens: 403, not a byte changed
check "forged token POST: 403" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl&t=AAAAAAAAAAAAAAAAAAAAAA")" = 403
check "token of another address: 403" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl&t=$(token femke.zwiers@example.nl)")" = 403
check "token of another secret: 403" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl&t=$(TECHZINE_TOKEN_SECRET=other-secret-0123456789 token renee.devries@example.nl)")" = 403
check "no token: 403" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl")" = 403
check "a token path of an unknown person: 403" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/$(token nobody@example.nl)")" = 403
check "nothing changed by any of them" test "$(state)" = "$s0"
check "no suppression file appeared" test ! -e subscribers/suppressed.csv
check "POST without the One-Click body: 400, nothing changed" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x=y '$B/u/?e=renee.devries%40example.nl&t=$renee')\" = 400 ] && [ \"\$(sha256sum subscribers/*.csv | sha256sum)\" = '$s0' ]"
# the request body limit (1 KiB): at the limit still read, past it refused
pad1=$(printf 'List-Unsubscribe=One-Click&x=%0*d' 995 0)   # 1024 bytes
pad2="${pad1}0"                                           # 1025 bytes
check "a body of 1024 bytes is read (forged token: 403)" test "$(code -X POST --data-raw "$pad1" "$B/u/?e=renee.devries%40example.nl&t=AAAAAAAAAAAAAAAAAAAAAA")" = 403
check "a body of 1025 bytes is refused: 413" test "$(code -X POST --data-raw "$pad2" "$B/u/?e=renee.devries%40example.nl&t=$renee")" = 413
check "nothing changed by the oversized request" test "$(state)" = "$s0"
check "other paths: 404" test "$(code "$B/etc/passwd")" = 404
check "other methods: 405" test "$(code -X DELETE "$B/u/$renee")" = 405

# the real thing: RFC 8058 one-click POST
check "valid POST: 200" test "$(code -X POST -H 'Content-Type: application/x-www-form-urlencoded' -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl&t=$renee")" = 200
check "the page says so" grep -q "U bent afgemeld" body.html
check "renee is unsubscribed in the list" grep -q "^renee.devries@example.nl,Renée de Vries,nl,Emmen,parels;onderwijs;agenda,unsubscribed,2025-03-14,website-formulier,2026-12-01" subscribers/demo.csv
check "and suppressed (hash only)" grep -q "^sha256:$(printf %s renee.devries@example.nl | sha256sum | cut -d' ' -f1),unsubscribed,2026-12-01,one-click" subscribers/suppressed.csv
check "only her row changed" test "$(diff <(sed 1,1d "$TZ_SRC/subscribers/demo.csv") <(sed 1,1d subscribers/demo.csv) | grep -c '^[<>]')" -eq 2
check "a second POST: 200 again, idempotent" test "$(code -X POST -d List-Unsubscribe=One-Click "$B/u/?e=renee.devries%40example.nl&t=$renee")" = 200
# the token in the path, multipart/form-data body (RFC 8058 allows both)
femke=$(token femke.zwiers@example.nl)
check "POST /u/TOKEN multipart: 200" test "$(code -F List-Unsubscribe=One-Click "$B/u/$femke")" = 200
check "femke unsubscribed" grep -q "^femke.zwiers@example.nl,.*,unsubscribed," subscribers/demo.csv

# the link send writes into List-Unsubscribe works as it is
mkdir issue
cp -r "$TZ_SRC/tests/fixtures/mini/." issue/
sed -i "s|<mail [^>]*/>|<mail from=\"TechZine \&lt;nieuwsbrief@dutchtechzone.example\&gt;\" base-url=\"https://dutchtechzone.example/techzine/mini\" unsubscribe-url=\"https://dutchtechzone.example/u/\" unsubscribe-mailto=\"afmelden@dutchtechzone.example\"/>|" issue/issue.xml
"$TECHZINE" send issue/issue.xml --list subscribers/demo.csv --outbox ob > /dev/null 2> send.err
url=$($PY -c "
import email, email.policy, glob, re
for f in glob.glob('ob/new/*'):
    m = email.message_from_binary_file(open(f, 'rb'), policy=email.policy.default)
    if m['To'].addresses[0].addr_spec == 'lars.hoffmann@example.org':
        print(re.search(r'<(https://[^>]+)>', str(m['List-Unsubscribe'])).group(1))")
check "send wrote a List-Unsubscribe URL for lars ($url)" test -n "$url"
check "its one-click POST works on the server" test "$(code -X POST -d List-Unsubscribe=One-Click "$B${url#https://dutchtechzone.example}")" = 200
check "lars unsubscribed" grep -q "^lars.hoffmann@example.org,.*,unsubscribed," subscribers/demo.csv

# the log: every request, no address in clear, no token
check "the log has the requests" test "$(grep -c ' POST \| GET \| HEAD ' server.log)" -ge 14
check "no address in clear in the log" sh -c "! grep -q '@' server.log"
check "no token in the log" sh -c "! grep -q -e '$renee' -e '$femke' server.log"
# the tag is keyed (HMAC with the server's secret, not a bare SHA-256 that
# anyone with the list could recompute)
logtag() { $PY -c "import hmac,hashlib,sys; print(hmac.new(sys.argv[1].encode(), b'log\0'+sys.argv[2].lower().encode()+b'\0', hashlib.sha256).hexdigest()[:12])" "$TECHZINE_TOKEN_SECRET" "$1"; }
check "people named by a keyed tag" grep -q "POST /u/ 200 unsubscribed addr=$(logtag renee.devries@example.nl)" server.log
check "not by the unkeyed hash" sh -c "! grep -q 'addr=$(printf %s renee.devries@example.nl | sha256sum | cut -c1-12)' server.log"

# rate limit: 40 a minute per client. No timing luck: ask until five 429s
# came (a bucket refilling at 40/m cannot keep up with curl on any
# machine), and bound the answers allowed from the time the loop took as
# measured here: at most the full bucket plus what refilled meanwhile.
n429=0 nretry=0 nok=0 i=0
t0=$EPOCHREALTIME
while [ "$n429" -lt 5 ] && [ "$i" -lt 400 ]; do
	i=$((i + 1))
	c=$(curl -s -D "rate-$i.hdr" -o /dev/null -w '%{http_code}' "$B/u/$renee")
	if [ "$c" = 429 ]; then
		n429=$((n429 + 1))
		grep -qi '^Retry-After: [0-9]' "rate-$i.hdr" && nretry=$((nretry + 1))
	else
		nok=$((nok + 1))
	fi
done
allowed=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%d", 40 + (b - a) * 40 / 60 + 1}')
check "past the rate: 429 ($n429 after $i requests)" test "$n429" -ge 5
check "at most the bucket and its refill answered ($nok, allowed $allowed)" test "$nok" -le "$allowed"
# every 429 says when to come back (checked on the 429s themselves: a
# request after the loop may find a token refilled on a slow machine)
check "429 carries Retry-After ($nretry of $n429)" test "$nretry" -eq "$n429"
kill -TERM $srv
wait $srv; rc=$?
check "SIGTERM: exit 0 (got $rc)" test "$rc" -eq 0
check "stopped cleanly" grep -q "list-server: stopped" server.log
# --trusted-proxy: behind it, each forwarded client has its own bucket
# (15 requests against a burst of 5 refilled every 12 s: a 429 whatever
# the speed of the machine, unless it takes two minutes)
port=$(free_port)
"$TECHZINE" list-server --listen "[::1]:$port" --trusted-proxy ::1 --rate 5/m 2> proxy.log &
srv=$!
TZ_PIDS+=($srv)
for _ in $(seq 100); do grep -q listening proxy.log 2>/dev/null && break; sleep 0.1; done
P=http://[::1]:$port
codes=$(for i in $(seq 15); do curl -s -g -o /dev/null -w '%{http_code} ' -H 'X-Forwarded-For: 198.51.100.7' "$P/u/$renee"; done)
check "IPv6 listen, one forwarded client limited ($codes)" sh -c "echo '$codes' | grep -q 429"
check "another forwarded client is not" test "$(curl -s -g -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 198.51.100.8' "$P/u/$renee")" = 200
check "Forwarded: for= as well" test "$(curl -s -g -o /dev/null -w '%{http_code}' -H 'Forwarded: for=198.51.100.9;proto=https' "$P/u/$renee")" = 200
kill -TERM $srv; wait $srv
"$TECHZINE" list-server --listen 127.0.0.1:1 --trusted-proxy not-an-address > /dev/null 2> bad.err; rc=$?
check "bad --trusted-proxy: exit 2 (got $rc)" test "$rc" -eq 2
"$TECHZINE" unsubscribe-server --listen nonsense > /dev/null 2> bad.err; rc=$?
check "bad --listen: exit 2 (got $rc)" test "$rc" -eq 2
finish
