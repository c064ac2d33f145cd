#!/usr/bin/env bash
# relay/restart.sh - the relay is stopped (`postfix stop`) in the middle of a
# send over STARTTLS+AUTH and started again: the send waits and retries
# (connections refused, sessions cut mid-transaction or mid-STARTTLS) and
# finishes on its own, every recipient delivered; a second copy only for
# the messages in flight when the relay stopped (at most one per connection:
# Postfix may have queued a message whose 250 never reached us, the SMTP
# duplicate window of RFC 1047, which no client can close).
. "$(dirname "$0")/../e2e/lib.bash"
. "$(dirname "$0")/../e2e/send_lib.bash"
. "$(dirname "$0")/relay.bash"

N=300
relay_start $N || exit $?
send_make_issue "$TZ_TMP/mini"
cd "$TZ_TMP"
{
	echo "email,name,language,status"
	for i in $(seq 1 $N); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
} > list.csv
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
export TECHZINE_SMTP_USER=$RELAY_USER TECHZINE_SMTP_PASSWORD=$RELAY_PASSWORD
srecs() { if [ -f "$1" ]; then grep -c '^S ' "$1"; else echo 0; fi; }
sent_at_least() { [ "$(srecs r.journal)" -ge "$1" ]; }
# wait_for SECONDS COMMAND...: until the command succeeds
wait_for() {
	local secs=$1 i
	shift
	for ((i = 0; i < secs * 20; i++)); do "$@" && return 0; sleep 0.05; done
	return 1
}

"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$RELAY_SUB" \
	--cacert "$RELAY_CERT" --journal r.journal --rate 30/s --retry-base 1s --connections 4 \
	> r.out 2> r.err &
pid=$!
TZ_PIDS+=("$pid")
check "some messages went out before the stop" wait_for 60 sent_at_least 60
relay_pause
at_stop=$(srecs r.journal)
check "the send notices the relay is away" wait_for 60 grep -q "cannot be reached" r.err
check "the send is still running while the relay is away" kill -0 "$pid"
relay_resume
wait "$pid"; rc=$?
check "the send finished on its own: exit 0 (got $rc; $(tail -1 r.err))" test "$rc" -eq 0
check "it said the relay was back" grep -q "the SMTP server is back" r.err
check "the stop came mid-send ($at_stop of $N sent then)" test "$at_stop" -lt "$N"
check "$N S records" test "$(srecs r.journal)" -eq "$N"
check "the send completed" grep -q '^D ' r.journal
relay_wait_delivered $N
/usr/bin/python3 - "$RELAY_MAIL/example.nl" "$N" > verdict.txt <<'PY'
import os, sys
base, n = sys.argv[1], int(sys.argv[2])
missing, extra = [], 0
for i in range(1, n + 1):
    d = os.path.join(base, "lezer%d" % i, "new")
    k = len(os.listdir(d)) if os.path.isdir(d) else 0
    if k == 0:
        missing.append("lezer%d" % i)
    extra += max(k - 1, 0)
print("missing %d extra %d %s" % (len(missing), extra, " ".join(missing[:5])))
PY
read -r _ missing _ extra _ < verdict.txt
check "every recipient got the issue ($(cat verdict.txt))" test "$missing" -eq 0
check "second copies only for messages in flight at the stop: at most 4 (got $extra)" test "$extra" -le 4
finish
