#!/usr/bin/env bash
# report.sh - `techzine report` after real sends: an earlier issue sent in
# full, this issue sent to the aiosmtpd test server with injected 550s
# (fixed per address) and 451s (random, left deferred), then three one-click
# unsubscribes through the running server, two delivery reports through
# `techzine bounces`. Every figure of the report is checked against what
# was injected, counted independently from the server's own logs; the JSON
# is validated against docs/report.schema.json; the HTML is parsed, holds
# no address and is rendered by headless Chromium. Finally a send that is
# interrupted (SIGTERM) and resumed gives the same totals as one that ran
# through.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"
PY=/usr/bin/python3
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=report-e2e-secret-0123456789
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD TECHZINE_DEMO TECHZINE_TODAY
mkdir -p issues subscribers mb/new mb/cur mb/tmp
for i in 2026-11 2026-12 2027-01 2027-02; do send_make_issue "issues/$i"; done

# 120 readers over five municipalities, two languages and interests; three
# unsubscribed, two bounced and one complained before the send; one active
# reader suppressed (an old entry)
$PY - <<'PY'
import csv
towns = ["Emmen", "Coevorden", "Hardenberg", "Hoogeveen", "Borger-Odoorn"]
with open("subscribers/leden.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow("email name language municipality interests status consent_date consent_source last_change".split())
    for i in range(1, 121):
        st = "active"
        if i in (5, 6, 7): st = "unsubscribed"
        if i in (8, 9): st = "bounced"
        if i == 10: st = "complained"
        w.writerow(["lezer%03d@example.nl" % i, "Lezer %d" % i, "en" if i % 4 == 0 else "nl",
                    towns[i % 5], "parels;onderwijs" if i % 3 == 0 else "agenda", st,
                    "2026-01-15", "website-formulier", "2026-01-15"])
PY
printf 'address,reason,date,source\nlezer011@example.nl,unsubscribed,2026-01-20,officer\n' > subscribers/suppressed.csv

send() { # send ISSUE STORE [server options] -> exit code in $send_rc
	local issue=$1 store=$2 port
	shift 2
	port=$(free_port)
	send_start_server "$port" "$store" "$@"
	"$TECHZINE" send "issues/$issue/issue.xml" --list subscribers/leden.csv \
		--smtp "smtp://127.0.0.1:$port" --insecure-no-tls --connections 2 \
		--retry-for 1s --retry-base 1s > "$issue.out" 2> "$issue.err"
	send_rc=$?
}
send 2026-11 recv11
check "the earlier issue was sent in full (exit $send_rc; $(tail -1 2026-11.err))" test "$send_rc" -eq 0
send 2026-12 recv12 --fail-550 0.08 --fail-451 0.1 --seed 3
check "this issue's send ends with undelivered recipients (exit 4, got $send_rc)" test "$send_rc" -eq 4

# what the server saw, counted independently of techzine
read -r sent nfail < <($PY - <<'PY'
got = {l.split()[0] for l in open("recv12/received.log")}
refused = {l.split()[1] for l in open("recv12/faults.log") if l.startswith("550 ")}
print(len(got), len(refused - got))
PY
)
recipients=113 # 120 - 3 unsubscribed - 2 bounced - 1 complained - 1 suppressed
deferred=$((recipients - sent - nfail))
check "faults were injected ($sent sent, $nfail failed, $deferred deferred)" \
	sh -c "[ $nfail -gt 0 ] && [ $deferred -gt 0 ]"

# afterwards: three one-click unsubscribes through the server, two bounces
token() {
	$PY -c "import base64,hashlib,hmac,sys; print(base64.urlsafe_b64encode(hmac.new(sys.argv[1].encode(), sys.argv[2].lower().encode(), hashlib.sha256).digest()).decode()[:22])" "$TECHZINE_TOKEN_SECRET" "$1"
}
delivered=($($PY -c "print(' '.join(sorted({l.split()[0] for l in open('recv12/received.log')})))"))
uport=$(free_port)
# the list server with click counting (its own configuration, this port)
sed -e "s|public-url=\"[^\"]*\"|public-url=\"http://127.0.0.1:$uport\"|" \
	-e 's|list="demo.csv"|list="leden.csv"|' "$TZ_SRC/subscribers/server.xml" > subscribers/server.xml
"$TECHZINE" list-server --listen "127.0.0.1:$uport" --config subscribers/server.xml 2> unsub.log &
TZ_PIDS+=($!)
for _ in $(seq 300); do grep -q listening unsub.log 2>/dev/null && break; sleep 0.1; done
check "the list server runs ($(tail -1 unsub.log))" grep -q listening unsub.log
# clicks: 3 on story een's web page, 2 on twee's, 1 on a link of no story
click() { # click URL N: follow the signed counting link N times (302 each)
	local link c
	link=$("$TECHZINE" list-server --config subscribers/server.xml --click-url 2026-12 "$1")
	for _ in $(seq "$2"); do
		c=$(curl -s -o /dev/null -w '%{http_code}' "${link/https:\/\/127.0.0.1/http://127.0.0.1}")
		check "a counted link answers 302 (got $c)" test "$c" = 302
	done
}
W=https://dutchtechzone.example/techzine/mini
click "$W/een.html" 3
click "$W/twee.html" 2
click "https://www.dutchtechzone.example/agenda" 1
for a in "${delivered[0]}" "${delivered[1]}" "${delivered[2]}"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -d List-Unsubscribe=One-Click \
		"http://127.0.0.1:$uport/u/?e=${a/@/%40}&t=$(token "$a")")
	check "one-click unsubscribe of a reader: 200 (got $code)" test "$code" = 200
done
for i in 3 4; do
	a=${delivered[$i]}
	cat > "mb/new/dsn$i" <<EOF
From: MAILER-DAEMON@mx.example.nl
To: bounce+$(token "$a")@bounces.dutchtechzone.example
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn$i@mx.example.nl>
Date: Mon, 07 Dec 2026 10:00:00 +0100
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b$i"

--b$i
Content-Type: text/plain

The mail system: <$a>: host mx.example.nl said: 550 5.1.1 no such user

--b$i
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.nl

Final-Recipient: rfc822; $a
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <$a>: Recipient address rejected: User unknown

--b$i--
EOF
done
"$TECHZINE" bounces --maildir mb > bounces.out 2>&1
check "bounces read the two reports ($(tail -1 bounces.out))" grep -q "2 messages" bounces.out

# the report
"$TECHZINE" report issues/2026-12/issue.xml --list leden > report.out 2> report.err; rc=$?
check "report exits 0 (got $rc; $(cat report.err))" test "$rc" -eq 0
check "report writes out/2026-12/report.html" test -s out/2026-12/report.html
check "the summary names sent, failed and deferred" \
	grep -q "delivery: $recipients recipients, $sent sent (.*), $nfail failed, $deferred deferred" report.out
"$TECHZINE" report 2026-12 --list leden --json -o report.json > /dev/null 2>&1
check "--json -o writes the JSON" test -s report.json
check "every figure matches what was injected" $PY - "$recipients" "$sent" "$nfail" "$deferred" <<'PY'
import collections, csv, json, sys
rcpt, sent, failed, deferred = map(int, sys.argv[1:])
r = json.load(open("report.json"))
d = r["delivery"]
assert (d["recipients"], d["sent"], d["failed"], d["deferred"]) == (rcpt, sent, failed, deferred), d
assert d["complete"] is False and d["outbox_only"] is False
codes = {c["code"]: c["count"] for c in d["failures_by_code"]}
assert codes == {"550 5.1.1": failed}, codes
assert sum(d["per_minute"]) == sent + failed, d["per_minute"]
s = r["skipped"]
assert (s["unsubscribed"], s["bounced"], s["complained"], s["suppressed"]) == (3, 2, 1, 1), s
a = r["afterwards"]
assert a["unsubscribes"] == 3 and a["bounces_address_bad"] == 2 and a["complaints"] == 0, a
assert sum(x["unsubscribes"] for x in a["days"]) == 3
# segments: recipients per municipality and language from the list itself
rows = {x["email"]: x for x in csv.DictReader(open("subscribers/leden.csv", encoding="utf-8"))}
journal = [l.split()[1] for l in open("out/2026-12/send-leden.journal") if l.startswith("R ")]
want = collections.Counter(rows[e]["municipality"] for e in journal)
got = {x["value"]: x["recipients"] for x in r["segments"] if x["dimension"] == "municipality"}
assert got == dict(want), (got, want)
lang = {x["value"]: x["recipients"] for x in r["segments"] if x["dimension"] == "language"}
assert lang == dict(collections.Counter(rows[e]["language"] for e in journal)), lang
unsub = sum(x["unsubscribed"] for x in r["segments"] if x["dimension"] == "municipality"
            if isinstance(x["unsubscribed"], int))
assert unsub <= 3
t = r["trend"]
assert [x["issue"] for x in t] == ["2026-11"], t
assert t[0]["sent"] == len({l.split()[0] for l in open("recv11/received.log")}) == rcpt, t
assert any("bounce rate" in w for w in r["warnings"]), r["warnings"]
assert a["event_log"] is True and {x["reason"]: x["count"] for x in a["bounce_reasons"]} == {"userunknown": 2}, a
c = r["clicks"]
assert c["counted"] and c["total"] == 6, c
assert {x["story"]: x["count"] for x in c["stories"]} == {".": 3, "Cijfers": 2, "(other link)": 1}, c
assert sum(x["clicks"] for x in a["days"]) == 6
assert any("not delivered yet" in w for w in r["warnings"]), r["warnings"]
PY
check "the JSON follows docs/report.schema.json" $PY -c "
import json, jsonschema
jsonschema.validate(json.load(open('report.json')), json.load(open('$TZ_SRC/docs/report.schema.json')))"
check "small segments show '< 5', never a count under 5" $PY -c "
import json
for s in json.load(open('report.json'))['segments']:
    for k in ('recipients', 'delivered', 'failed', 'bounced', 'complained', 'unsubscribed'):
        v = s[k]
        assert v == '<5' or v == 0 or v >= 5, (s, k)
"
check "the page holds no address and no script" sh -c \
	"! grep -qE '[a-z0-9.]+@example\.nl|<script' out/2026-12/report.html"
check "the page is well-formed HTML with inline SVG charts and numbers beside them" $PY - <<'PY'
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []; self.svg = 0; self.titles = 0; self.external = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg": self.svg += 1
        if tag in ("img", "link", "script", "iframe") or ("src" in a): self.external.append(tag)
        if tag not in ("meta", "br", "rect", "line", "circle", "polyline", "input"): self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        if tag == "svg": self.svg += 1
    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        if tag == "title" and "svg" in self.stack: self.titles += 1
        self.stack.pop()
p = P(); p.feed(open("out/2026-12/report.html", encoding="utf-8").read())
assert p.stack == [], p.stack
assert p.svg >= 4 and p.titles >= 4, (p.svg, p.titles)
assert not p.external, p.external
PY

CHROME=$(command -v chromium || true)
if [ -n "$CHROME" ]; then
	ART="${TZ_ARTIFACTS:-$TZ_SRC/tests/artifacts}/report"
	mkdir -p "$ART"
	for scheme in light dark; do
		flag=()
		[ $scheme = dark ] && flag=(--force-dark-mode --blink-settings=preferredColorScheme=0)
		timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
			--user-data-dir="$(mktemp -d "$TZ_TMP/profile.XXXXXX")" --window-size=1000,2400 \
			"${flag[@]}" --screenshot="$ART/report-$scheme.png" \
			"file://$TZ_TMP/out/2026-12/report.html" > /dev/null 2>&1
		check "chromium renders the report ($scheme)" test -s "$ART/report-$scheme.png"
	done
else
	fail "chromium not installed (run scripts/test)"
fi

# an interrupted and resumed send gives the same totals as one that ran
# through (550s fixed per address; the rate keeps the send running while
# it is stopped, whatever the machine's speed)
port=$(free_port)
send_start_server "$port" recv01 --fail-550 0.08 --seed 3
S=("$TECHZINE" send issues/2027-01/issue.xml --list subscribers/leden.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --connections 2 --rate 20/s)
"${S[@]}" > s1.out 2> s1.err &
pid=$!
for _ in $(seq 600); do [ "$(wc -l < recv01/received.log)" -ge 20 ] && break; sleep 0.05; done
kill -TERM "$pid"
wait "$pid"; rc=$?
check "the first send was stopped by SIGTERM (exit 5, got $rc)" test "$rc" -eq 5
"${S[@]}" > s2.out 2> s2.err; rc=$?
check "the resumed send completes, the 550s undelivered (exit 4, got $rc)" test "$rc" -eq 4
check "the resumed journal is complete" grep -q "^D " out/2027-01/send-leden.journal
send 2027-02 recv02 --fail-550 0.08 --seed 3
"$TECHZINE" report 2027-01 --list leden --json > r01.json
"$TECHZINE" report 2027-02 --list leden --json > r02.json
check "interrupted+resumed and uninterrupted sends report the same totals" $PY -c "
import json
a, b = (json.load(open(f))['delivery'] for f in ('r01.json', 'r02.json'))
k = ('recipients', 'sent', 'failed', 'deferred', 'complete', 'failures_by_code')
assert [a[x] for x in k] == [b[x] for x in k], (a, b)
"

# usage and missing data
"$TECHZINE" report 1999-01 > none.out 2> none.err; rc=$?
check "an issue never sent: exit 1 with what to do (got $rc)" sh -c \
	"[ $rc -eq 1 ] && grep -q \"no send journal for issue '1999-01'.*send it first\" none.err"
"$TECHZINE" report > /dev/null 2> usage.err; rc=$?
check "no issue: usage error (exit 2, got $rc)" test "$rc" -eq 2
finish
