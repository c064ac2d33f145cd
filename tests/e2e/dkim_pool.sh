#!/usr/bin/env bash
# dkim_pool.sh - DKIM signing ahead on threads (docs/dkim.md, "Signing
# ahead") in real sends to aiosmtpd on 127.0.0.1, RSA-2048 and Ed25519 at
# once, 4 connections, 2 signing threads:
#   - with random 451s on RCPT (retries: items asked for out of order are
#     signed on the spot), every message verifies with python3-dkim and
#     OpenDKIM, and each is the one of its envelope recipient (To, the
#     greeting, the Message-ID the journal recorded): no mix-ups;
#   - SIGKILL mid-send three times, SIGTERM once (exit 5), then resume:
#     everyone got the issue, duplicates at most the messages in flight,
#     every message verifies;
#   - --sign-threads 0 (sign in the send loop) still verifies;
#     --sign-threads 9 is a usage error.
# No timing luck: the kills wait for the server's gate (server.py --gate).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"
V=$TZ_SRC/tests/dkim
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
cd "$TZ_TMP"

mkdir keys
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector rsa -o keys/rsa.pem > zone.txt 2> err.txt ||
	fail "keygen rsa: $(cat err.txt)"
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector ed --type ed25519 -o keys/ed.pem >> zone.txt 2> err.txt ||
	fail "keygen ed25519: $(cat err.txt)"
send_make_issue "$TZ_TMP/mini"
sed -i 's|bounce-domain="bounces.dutchtechzone.example"/>|bounce-domain="bounces.dutchtechzone.example"><dkim domain="dutchtechzone.example" selector="rsa" key="../keys/rsa.pem"/><dkim domain="dutchtechzone.example" selector="ed" key="../keys/ed.pem"/></mail>|' mini/issue.xml
check "issue names both keys" grep -q 'selector="ed"' mini/issue.xml
make_list() { # N FILE
	{
		echo "email,name,language,status"
		for ((i = 1; i <= $1; i++)); do echo "lezer$i@example.nl,Lezer Nummer $i,nl,active"; done
	} > "$2"
}

# mixups.py STORE JOURNAL N: each stored message is its recipient's
mixups() {
	/usr/bin/python3 - "$@" <<'PY'
import email, email.policy, re, sys
store, journal, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = {}
for line in open(journal):
    p = line.split()
    if p and p[0] == "S":
        ids[p[1]] = p[3]
bad, seen = [], set()
for line in open(store + "/received.log"):
    rcpt, _, name = line.split()
    m = email.message_from_binary_file(open(store + "/" + name, "rb"), policy=email.policy.default)
    num = re.match(r"lezer(\d+)@example\.nl$", rcpt).group(1)
    text = m.get_body(("plain",)).get_content()
    if m["To"].addresses[0].addr_spec != rcpt:
        bad.append("%s: To %s" % (name, m["To"]))
    if "Lezer Nummer %s," % num not in text:
        bad.append("%s: not greeted as Lezer Nummer %s" % (name, num))
    if rcpt in ids and ids[rcpt] != m["Message-ID"] and rcpt not in seen:
        bad.append("%s: Message-ID %s, journal %s" % (name, m["Message-ID"], ids[rcpt]))
    seen.add(rcpt)
print("%d messages, %d problems: %s" % (len(seen), len(bad), "; ".join(bad[:3])))
sys.exit(1 if bad else 0)
PY
}

# --- 60 recipients, random 451s: retries mix with the pool
make_list 60 list60.csv
port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv" --fail-451 0.2 --seed 7
"$TECHZINE" send mini/issue.xml --list list60.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--connections 4 --sign-threads 2 --retry-base 0.1s --retry-for 60s --journal j60.journal \
	2> send60.err; rc=$?
check "send with 451s exits 0 (got $rc: $(tail -1 send60.err))" test "$rc" -eq 0
check "60 S records" test "$(grep -c '^S ' j60.journal)" -eq 60
check "the server answered 451 to some (retries happened)" test "$(grep -c '^451 ' recv/faults.log)" -gt 0
msgs=(recv/*.eml)
check "60 messages stored (got ${#msgs[@]})" test "${#msgs[@]}" -eq 60
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${msgs[@]}" > py.txt 2>&1; rc=$?
check "python3-dkim: every signature passes ($(grep -v ' pass$' py.txt | head -2))" test "$rc" -eq 0
check "python3-dkim checked 120 signatures" test "$(grep -c ' pass$' py.txt)" -eq 120
bash "$V/opendkim_verify.sh" zone.txt "${msgs[@]}" > od.txt 2>&1; rc=$?
check "opendkim-testmsg: every signature passes ($(grep -v ' pass$' od.txt | head -2))" test "$rc" -eq 0
check "opendkim-testmsg checked 120 signatures" test "$(grep -c ' pass$' od.txt)" -eq 120
mixups recv j60.journal 60 > mix.txt; rc=$?
check "each message is its recipient's ($(cat mix.txt))" test "$rc" -eq 0

# --- SIGKILL while messages are in flight, three times, then resume
N=300
CONN=4
make_list $N list.csv
port=$(free_port)
send_start_server "$port" "$TZ_TMP/crash" --gate "$TZ_TMP/gate"
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --journal j.journal --connections $CONN --sign-threads 2)
RECV=crash
crashes=0
for round in 1 2 3; do
	gate hold $(($(lines crash/received.log) + 20 + RANDOM % 40))
	"${SEND[@]}" > "run$round.out" 2> "run$round.err" &
	pid=$!
	wait_until held "$pid"
	if kill -KILL "$pid" 2>/dev/null; then crashes=$((crashes + 1)); fi
	wait "$pid" 2>/dev/null
	wait_until released
done
check "killed mid-send 3 times (got $crashes)" test "$crashes" -eq 3
check "the kills left work to do" test "$(lines crash/received.log)" -lt $N
# SIGTERM while messages wait at the gate and the threads sign ahead: the
# send thread gets it (the workers block signals), the held messages finish,
# exit 5, the journal intact
gate hold $(($(lines crash/received.log) + 20))
term_at_gate term.out term.err; rc=$?
check "SIGTERM exits 5 (got $rc; $(tail -1 term.err))" test "$rc" -eq 5
check "SIGTERM says how to resume" grep -q "run the same command again to resume" term.err
check "SIGTERM left work to do" test "$(lines crash/received.log)" -lt $N
"${SEND[@]}" > final.out 2> final.err; rc=$?
check "resume completes (got $rc; $(tail -1 final.err))" test "$rc" -eq 0
check "journal completed" grep -q "^D " j.journal
/usr/bin/python3 - "$N" "$((3 * CONN))" > verdict.txt <<'PY'
import collections, sys
n, window = int(sys.argv[1]), int(sys.argv[2])
got = collections.Counter(l.split()[0] for l in open("crash/received.log"))
everyone = ["lezer%d@example.nl" % i for i in range(1, n + 1)]
missing = [a for a in everyone if got[a] == 0]
dups = sum(c - 1 for c in got.values() if c > 1)
print("missing %d duplicates %d window %d" % (len(missing), dups, window))
sys.exit(0 if not missing and dups <= window and len(got) == n else 1)
PY
rc=$?
check "everyone received, duplicates within the in-flight window ($(cat verdict.txt))" test "$rc" -eq 0
cmsgs=(crash/*.eml)
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${cmsgs[@]}" > pyc.txt 2>&1; rc=$?
check "after kills and resume every message verifies (python3-dkim; $(grep -v ' pass$' pyc.txt | head -2))" test "$rc" -eq 0
mixups crash j.journal $N > mixc.txt; rc=$?
check "after kills: each message is its recipient's ($(cat mixc.txt))" test "$rc" -eq 0

# --- signing in the send loop still works; a bad thread count is refused
port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv0"
"$TECHZINE" send mini/issue.xml --list list60.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--connections 4 --sign-threads 0 --journal j0.journal 2> send0.err; rc=$?
check "--sign-threads 0 sends (got $rc)" test "$rc" -eq 0
m0=(recv0/*.eml)
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${m0[@]}" > py0.txt 2>&1; rc=$?
check "--sign-threads 0: every message verifies (${#m0[@]} messages)" test "$rc" -eq 0 -a "${#m0[@]}" -eq 60
"$TECHZINE" send mini/issue.xml --list list60.csv --outbox ob --sign-threads 9 2> bad.err; rc=$?
check "--sign-threads 9 is a usage error (got $rc)" test "$rc" -eq 2
check "the usage error names the range" grep -q "\-\-sign-threads wants 0..8" bad.err
finish
