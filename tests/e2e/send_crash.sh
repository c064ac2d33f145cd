#!/usr/bin/env bash
# send_crash.sh - SIGKILL the sender at random points during a 2,000
# recipient send, five times, resuming each time; then finish the send.
# Every recipient must have been received at least once, and the
# duplicates must be at most the messages in flight (the connections)
# per crash. Also: SIGTERM stops cleanly with exit 5 and resumes.
# No timing luck: the test server holds every DATA after a random count
# of messages (tests/smtp/server.py --gate), so each kill lands while
# messages are in flight however fast or slow the machine is.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"

N=2000
CONN=4
send_make_issue "$TZ_TMP/mini"
{
	echo "email,name,language,status"
	for i in $(seq -w 1 $N); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
} > "$TZ_TMP/list.csv"
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv" --gate "$TZ_TMP/gate"
cd "$TZ_TMP"
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --journal j.journal --connections $CONN --per-connection 50)

RECV=recv
# hold_soon: let 1 to 150 more messages through, then hold the rest
hold_soon() { gate hold $(($(lines recv/received.log) + 1 + RANDOM % 150)); }

crashes=0
for round in 1 2 3 4 5; do
	hold_soon
	"${SEND[@]}" > "run$round.out" 2> "run$round.err" &
	pid=$!
	wait_until held "$pid"
	if kill -KILL "$pid" 2>/dev/null; then crashes=$((crashes + 1)); fi
	wait "$pid" 2>/dev/null
	wait_until released # the killed connections' held messages are dropped
done
check "the sender was killed mid-send 5 times (got $crashes)" test "$crashes" -eq 5
partial=$(lines recv/received.log)
check "the crashes left work to do ($partial of $N received)" test "$partial" -lt "$N"

# SIGTERM: in-flight messages finish, journal flushed, exit 5, resumable.
# The signal arrives while messages wait at the gate; the handler runs
# before the sender can read another reply, so opening the gate lets the
# in-flight messages finish and the sender stop.
hold_soon
term_at_gate term.out term.err; rc=$?
check "SIGTERM exits 5 (got $rc)" test "$rc" -eq 5
check "SIGTERM says how to resume" grep -q "run the same command again to resume" term.err
check "SIGTERM let the held messages finish ($(holding) still held)" released
check "SIGTERM left work to do" test "$(lines recv/received.log)" -lt "$N"

"${SEND[@]}" > final.out 2> final.err; rc=$?
check "final resume completes (got $rc; $(tail -1 final.err))" test "$rc" -eq 0
check "journal completed" grep -q "^D " j.journal

/usr/bin/python3 - "$N" "$((5 * CONN))" > verdict.txt <<'PY'
import collections, sys
n, window = int(sys.argv[1]), int(sys.argv[2])
got = collections.Counter(l.split()[0] for l in open("recv/received.log"))
everyone = ["lezer%0*d@example.nl" % (len(str(n)), i) for i in range(1, n + 1)]
missing = [a for a in everyone if got[a] == 0]
dups = sum(c - 1 for c in got.values() if c > 1)
strangers = [a for a in got if a not in set(everyone)]
print("missing %d duplicates %d window %d strangers %d" % (len(missing), dups, window, len(strangers)))
sys.exit(0 if not missing and dups <= window and not strangers else 1)
PY
rc=$?
check "everyone received, duplicates within the in-flight window ($(cat verdict.txt))" test "$rc" -eq 0
finish
