#!/usr/bin/env bash
# send_operator.sh - what the operator sees and controls, against aiosmtpd
# on 127.0.0.1: SIGINT stops after the messages in flight (exit 5, journal
# flushed, how to resume); recipients who joined the list after the send
# started are reported on resume and not sent to; 421 replies slow the rate
# down; --retry-for bounds the exponential backoff; the progress bar on a
# terminal (run under script(1)) and plain log lines otherwise.
# No timing luck: where the test must act while a send runs, the server
# holds DATA at a chosen count (tests/smtp/server.py --gate) until the
# test has acted; rate and backoff checks are lower bounds, which a slow
# machine cannot break.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"

send_make_issue "$TZ_TMP/mini"
mklist() { # mklist FILE N [FIRST]
	local first=${3:-1}
	{
		echo "email,name,language,status"
		for ((i = first; i < first + $2; i++)); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
	} > "$1"
}
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
cd "$TZ_TMP"
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
# gate STORE WORDS...: tell the server of STORE to "hold N" or "open"
gate() { echo "${*:2}" > "$1.gate.tmp" && mv "$1.gate.tmp" "$1.gate"; }
# held STORE PID: a DATA waits at STORE's gate, or the sender has exited
# (the test then reports what it did)
held() { [ "$(cat "$1/holding" 2>/dev/null || echo 0)" -ge 1 ] || ! kill -0 "$2" 2>/dev/null; }
# wait_until COMMAND...: poll a condition, bounded so that a broken run
# fails instead of hanging; a working run never reaches the bound
wait_until() {
	for _ in $(seq 12000); do "$@" && return 0; sleep 0.01; done
	return 1
}
# once_each LOG FIRST LAST: "problems N ..." - lezerFIRST..LAST each received
# exactly once, and nobody else at all
once_each() {
	/usr/bin/python3 - "$@" <<'PY'
import collections, sys
log, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
got = collections.Counter(l.split()[0] for l in open(log))
want = ["lezer%d@example.nl" % i for i in range(first, last + 1)]
bad = [a for a in want if got[a] != 1] + [a for a in got if a not in want]
print("problems %d %s" % (len(bad), " ".join(bad[:5])))
PY
}

# 1. SIGINT mid-send: in-flight messages finish, exit 5, resumable; then
# three subscribers join and the resume reports them without sending
port=$(free_port)
send_start_server "$port" recv-int --gate recv-int.gate
gate recv-int hold 5
mklist list.csv 40
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --journal int.journal)
"${SEND[@]}" > int.out 2> int.err &
pid=$!
wait_until held recv-int "$pid"
kill -INT "$pid"
gate recv-int open # the messages in flight may finish now
wait "$pid"; rc=$?
check "SIGINT: exit 5 (got $rc; $(tail -1 int.err))" test "$rc" -eq 5
check "SIGINT: says how to resume" grep -q "run the same command again to resume" int.err
got=$(lines recv-int/received.log)
srec=$(grep -c '^S ' int.journal)
check "SIGINT: stopped early ($got of 40 received)" test "$got" -lt 40
check "SIGINT: every message received is journaled ($srec S records, $got received)" test "$srec" -eq "$got"
check "SIGINT: summary counts the stopped ones" grep -Eq "not sent \(stopped\) [1-9]" int.err
mklist extra.csv 3 41
tail -n +2 extra.csv >> list.csv
"${SEND[@]}" > res.out 2> res.err; rc=$?
check "resume after SIGINT: exit 0 (got $rc; $(tail -1 res.err))" test "$rc" -eq 0
check "resume: says it resumes" grep -q "resuming the send started at" res.err
check "resume: the newcomers are reported by name" grep -q "'lezer41@example.nl' joined the list after this send started" res.err
check "resume: the newcomers are counted" grep -q "3 recipient(s) joined the list after this send started" res.err
check "resume: summary counts them" grep -q "3 joined after the send started" res.err
once_each recv-int/received.log 1 40 > int-verdict.txt
check "the 40 got the issue exactly once, the newcomers not at all ($(cat int-verdict.txt))" grep -q "^problems 0" int-verdict.txt
"${SEND[@]}" --resume 2> res2.err; rc=$?
check "--resume of a completed send: refused (got $rc)" test "$rc" -eq 2
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--journal none.journal --resume 2> res3.err; rc=$?
check "--resume without an interrupted send: usage error (got $rc)" test "$rc" -eq 2
check "--resume without an interrupted send: says so" grep -q "no interrupted send to resume" res3.err

# 2. 421 from a throttling provider halves the rate (once per burst)
port=$(free_port)
send_start_server "$port" recv-busy --busy 4
mklist busy.csv 60
"$TECHZINE" send mini/issue.xml --list busy.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--journal busy.journal --rate 40/s --retry-base 0.05s > busy.out 2> busy.err; rc=$?
check "421: everyone delivered in the end (got $rc; $(tail -1 busy.err))" test "$rc" -eq 0
check "421: the operator is told the rate went down to 20/s" grep -q "answered 421 (too busy): slowing down to 20.00 msg/s" busy.err
check "421: one burst counts once" test "$(grep -c 'slowing down' busy.err)" -eq 1
/usr/bin/python3 - > busy-verdict.txt <<'PY'
t = sorted(float(l.split()[0]) for l in open("recv-busy/times.log"))
# after the slowdown the bucket refills at 20/s: 50 messages need >= 2.4 s
span = t[-1] - t[-51]
print("last 50 messages in %.2f s" % span)
raise SystemExit(0 if len(t) == 60 and span >= 2.2 else 1)
PY
check "421: the last 50 arrived at no more than 20/s ($(cat busy-verdict.txt))" test $? -eq 0

# 3. --retry-for: a 451 on every attempt, exponential backoff with jitter,
# given up after the deadline as deferred (exit 4, no journal record)
port=$(free_port)
send_start_server "$port" recv-soft --fail-451 1.0
mklist soft.csv 3
"$TECHZINE" send mini/issue.xml --list soft.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--journal soft.journal --retry-base 0.1s --retry-for 2.5s > soft.out 2> soft.err; rc=$?
check "--retry-for: deferred, exit 4 (got $rc)" test "$rc" -eq 4
check "--retry-for: summary says deferred 3" grep -q "deferred 3" soft.err
check "--retry-for: no S or F record" bash -c "! grep -q '^[SF] ' soft.journal"
/usr/bin/python3 - > soft-verdict.txt <<'PY'
import collections
at = collections.defaultdict(list)
for l in open("recv-soft/faults.log"):
    code, addr, when = l.split()
    at[addr].append(float(when))
bad = []
for a, ts in at.items():
    gaps = [b - x for x, b in zip(ts, ts[1:])]
    # base 0.1 s doubling, jitter 0.5-1.5: gap k is at least 0.05 * 2^k s
    # (a slow machine only lengthens it); the shortest backoffs that fit
    # in --retry-for 2.5 s allow at most 6 attempts (0.05+0.1+0.2+0.4+0.8
    # = 1.55 s, the next 1.6 s is past the deadline), so more attempts
    # mean the deadline did not bound the retries
    short = [k for k, g in enumerate(gaps) if g < 0.05 * 2 ** k - 0.001]
    if len(ts) < 4 or len(ts) > 6 or short:
        bad.append("%s: %s" % (a, " ".join("%.2f" % g for g in gaps)))
print("%d recipients, attempts %s, problems %d %s" % (len(at), [len(v) for v in at.values()], len(bad), bad[:2]))
raise SystemExit(0 if len(at) == 3 and not bad else 1)
PY
check "--retry-for: retried with doubling delays, at most the attempts the deadline allows ($(cat soft-verdict.txt))" test $? -eq 0

# 4. progress: a bar redrawn in place on a terminal, plain lines otherwise
port=$(free_port)
send_start_server "$port" recv-tty
mklist tty.csv 30
script -qec "'$TECHZINE' send mini/issue.xml --list tty.csv --smtp smtp://127.0.0.1:$port --insecure-no-tls --journal tty.journal --rate 25/s" \
	/dev/null < /dev/null > tty.out 2>&1; rc=$?
check "terminal: exit 0 (got $rc)" test "$rc" -eq 0
check "terminal: the bar is redrawn in place" grep -aq $'\r\e\[K\[#*\.*\] *[0-9]*% sent [0-9]* failed 0 deferred 0 remaining [0-9]* [0-9]*/s ETA' tty.out
check "terminal: several redraws" test "$(grep -ao $'\r\e\[K\[' tty.out | wc -l)" -ge 3
check "terminal: the bar ends full" grep -aq '\[##*\] 100% sent 30 failed 0 deferred 0 remaining 0' tty.out
check "terminal: summary on its own line" grep -aq $'^techzine: send summary: sent 30' tty.out
mklist log.csv 30 100
"$TECHZINE" send mini/issue.xml --list log.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls \
	--journal log.journal --rate 25/s > log.out 2> log.err; rc=$?
check "log: exit 0 (got $rc)" test "$rc" -eq 0
check "log: no control characters" bash -c "! grep -q \$'[\r\e]' log.err"
check "log: a plain progress line" grep -Eq '^techzine: send: sent 30, failed 0, deferred 0, remaining 0, [0-9.]+ msg/s, ETA 0:00$' log.err
check "log: the summary" grep -q '^techzine: send summary: sent 30, failed permanently 0, deferred 0' log.err
# 5. the list changes while a send runs: a techzine write (a new file
# renamed into place) does not change who is in the send, but an
# unsubscribe (suppressed.csv) is honoured for the messages not yet sent;
# an edit in place of the file the send is reading stops it cleanly,
# nobody gets a wrong message
port=$(free_port)
send_start_server "$port" recv-chg --gate recv-chg.gate
gate recv-chg hold 3
mklist chg.csv 60
CHG=("$TECHZINE" send mini/issue.xml --list chg.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --journal chg.journal --connections 1)
"${CHG[@]}" > chg.out 2> chg.err &
pid=$!
wait_until held recv-chg "$pid"
"$TECHZINE" subscribers unsubscribe chg.csv lezer60@example.nl > unsub.out 2>&1
at_unsub=$(lines recv-chg/received.log)
"$TECHZINE" subscribers add chg.csv nieuw@example.nl --consent-source test > add.out 2>&1
# the sender looks at suppressed.csv again at most every 0.25 s
# (SUPP_RECHECK, src/mail/recipients.c); its last look was before the
# hold, so once 0.3 s have passed its next message must look again: a
# lower bound that holds on any machine, not a hope
sleep 0.3
gate recv-chg open
wait "$pid"; rc=$?
check "list changed mid-send: the unsubscribe came well before lezer60's turn ($at_unsub received then)" test "$at_unsub" -lt 50
check "list changed mid-send: the send goes on, exit 0 (got $rc; $(tail -1 chg.err))" test "$rc" -eq 0
check "list changed mid-send: the changes were written" grep -q "nieuw@example.nl" chg.csv
check "list changed mid-send: the unsubscribe was counted" grep -q "1 unsubscribed during the send" chg.err
check "list changed mid-send: the send is complete" grep -q "^D " chg.journal
once_each recv-chg/received.log 1 59 > chg-verdict.txt
check "list changed mid-send: lezer1-59 got it once; lezer60 (unsubscribed) and the newcomer not ($(cat chg-verdict.txt))" grep -q "^problems 0" chg-verdict.txt

before=$(grep -c '^lezer' recv-chg/received.log)
mklist inplace.csv 30
INPL=("$TECHZINE" send mini/issue.xml --list inplace.csv --smtp "smtp://127.0.0.1:$port"
	--insecure-no-tls --journal inplace.journal --connections 1)
gate recv-chg hold $((before + 3))
"${INPL[@]}" > inpl.out 2> inpl.err &
pid=$!
wait_until held recv-chg "$pid"
# an editor that writes into the same file: lezer29 becomes lezer92
/usr/bin/python3 -c '
import sys
with open("inplace.csv", "r+b") as f:
    d = f.read(); i = d.index(b"lezer29@"); f.seek(i); f.write(b"lezer92@")
'
gate recv-chg open
wait "$pid"; rc=$?
check "list edited in place mid-send: stopped with an error (got $rc)" test "$rc" -eq 3
check "list edited in place mid-send: says so and how to go on" \
	grep -q "the list 'inplace.csv' was edited in place while the send ran.*run the same command again" inpl.err
check "list edited in place mid-send: lezer92 got nothing" bash -c "! grep -q '^lezer92@' recv-chg/received.log"
check "list edited in place mid-send: every S record was received" \
	test "$(grep -c '^S ' inplace.journal)" -eq "$(($(grep -c '^lezer' recv-chg/received.log) - before))"
finish
