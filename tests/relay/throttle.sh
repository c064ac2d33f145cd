#!/usr/bin/env bash
# relay/throttle.sh - a private Postfix relay that throttles:
# smtpd_client_message_rate_limit (450 4.7.1 "too much mail") slows the
# send down without a reconnect storm (a few new sessions a second at
# most, few refusals), and once the limit is lifted the rate comes back
# step by step, said on the terminal; smtpd_client_connection_count_limit
# (421 4.7.0 "too many connections") lowers the sessions used at once.
. "$(dirname "$0")/../e2e/lib.bash"
. "$(dirname "$0")/../e2e/send_lib.bash"
. "$(dirname "$0")/relay.bash"

N=150
relay_start $N || exit $?
send_make_issue "$TZ_TMP/mini"
cd "$TZ_TMP"
mklist() { # mklist FILE N
	{
		echo "email,name,language,status"
		for ((i = 1; i <= $2; i++)); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
	} > "$1"
}
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
export TECHZINE_SMTP_USER=$RELAY_USER TECHZINE_SMTP_PASSWORD=$RELAY_PASSWORD
wait_for() {
	local secs=$1 i
	shift
	for ((i = 0; i < secs * 20; i++)); do "$@" && return 0; sleep 0.05; done
	return 1
}
# most_connects_per_second: the most sessions the relay saw begin in one
# second of its log (relay_wait_port's probes included: none after start)
most_connects_per_second() {
	relay_log | grep -E 'postfix/(submission/)?smtpd\[[0-9]+\]: connect from' |
		awk '{print $3}' | sort | uniq -c | sort -rn | awk 'NR == 1 {print $1} END {if (!NR) print 0}'
}
# once_each N: every lezer1..N has exactly one message
once_each() {
	/usr/bin/python3 - "$RELAY_MAIL/example.nl" "$1" <<'PY'
import os, sys
base, n = sys.argv[1], int(sys.argv[2])
bad = [i for i in range(1, n + 1)
       if len(os.listdir(os.path.join(base, "lezer%d" % i, "new"))) != 1]
print("problems %d %s" % (len(bad), bad[:5]))
PY
}

# 1. a message rate limit of 3/s (30 per 10 s) against --rate 10/s
relay_set anvil_rate_time_unit=10s smtpd_client_message_rate_limit=30
mklist rate.csv $N
relay_mark
"$TECHZINE" send mini/issue.xml --list rate.csv --smtp "smtp://127.0.0.1:$RELAY_SUB" \
	--cacert "$RELAY_CERT" --journal rate.journal --rate 10/s --retry-base 0.5s \
	> rate.out 2> rate.err &
pid=$!
TZ_PIDS+=("$pid")
check "rate limit: the send slows down" wait_for 120 grep -q "answered 450 (too busy): slowing down to" rate.err
relay_set smtpd_client_message_rate_limit=0
wait "$pid"; rc=$?
check "rate limit: exit 0 (got $rc; $(tail -1 rate.err))" test "$rc" -eq 0
check "rate limit: $N S records" test "$(grep -c '^S ' rate.journal)" -eq $N
relay_wait_delivered $N
check "rate limit: everyone once ($(once_each $N))" bash -c "[[ '$(once_each $N)' == 'problems 0 '* ]]"
sessions=$(relay_sessions submission/smtpd | wc -l)
refusals=$(relay_log | grep -c 'Message delivery request rate limit exceeded')
check "rate limit: the relay refused a few times, not once per message ($refusals refusals)" \
	test "$refusals" -ge 1 -a "$refusals" -le 25
check "rate limit: no reconnect storm ($sessions sessions for $N messages)" test "$sessions" -le 30
# the first second holds the --connections sessions (4); after that at
# most 2 a second are opened again after a refusal
check "rate limit: at most 6 new sessions in any second ($(most_connects_per_second))" \
	test "$(most_connects_per_second)" -le 6
# the rate comes back once the relay stops throttling: additive steps,
# each said on the terminal after the last slowdown
/usr/bin/python3 - rate.err > aimd.txt <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
last_slow = max(i for i, l in enumerate(lines) if "slowing down to" in l)
ups = [float(m.group(1)) for l in lines[last_slow:] for m in [re.search(r"speeding up to ([0-9.]+) msg/s", l)] if m]
print("speed-ups after the last slowdown: %s" % ups)
raise SystemExit(0 if len(ups) >= 2 and ups == sorted(ups) else 1)
PY
check "rate limit: the rate recovers step by step ($(cat aimd.txt))" test $? -eq 0
echo "rate limit: $sessions sessions, $refusals refusals, $(most_connects_per_second) new sessions in the busiest second; $(cat aimd.txt)"

# 2. at most 2 sessions at once from one client, 4 connections asked
relay_set smtpd_client_connection_count_limit=2
mklist conn.csv 60
relay_mark
"$TECHZINE" send mini/issue.xml --list conn.csv --smtp "smtp://127.0.0.1:$RELAY_SUB" \
	--cacert "$RELAY_CERT" --journal conn.journal --connections 4 --retry-base 0.5s \
	> conn.out 2> conn.err; rc=$?
check "connection limit: exit 0 (got $rc; $(tail -1 conn.err))" test "$rc" -eq 0
check "connection limit: 60 S records" test "$(grep -c '^S ' conn.journal)" -eq 60
check "connection limit: the sessions were lowered ($(grep -m1 'limits connections' conn.err))" \
	grep -Eq "the server limits connections: now [12] at once" conn.err
refused=$(relay_log | grep -c 'Connection concurrency limit exceeded')
check "connection limit: few refused sessions ($refused)" test "$refused" -le 4
echo "connection limit: $refused sessions refused; $(grep -m1 'limits connections' conn.err)"
finish
