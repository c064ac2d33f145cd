#!/usr/bin/env bash
# send_faults.sh - how `techzine send` classifies server faults, against
# Postfix's smtp-sink on 127.0.0.1: -r RCPT (4xx: retried, then deferred),
# -f RCPT (5xx: permanent, recorded with the server text and enhanced
# code), -Q DATA (421 and disconnect), -q . (dropped after the message),
# an unreachable server (stop, journal intact), STARTTLS required.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"

send_make_issue "$TZ_TMP/mini"
{
	echo "email,name,language,status"
	for i in 1 2 3 4 5; do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
} > "$TZ_TMP/list.csv"
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
cd "$TZ_TMP"
FAST=(--insecure-no-tls --retry-for 1.5s --retry-base 0.2s)

# run_case NAME SINK-OPTIONS... : a fresh journal, a fresh sink; sets rc, J
run_case() {
	local name=$1
	shift
	local port
	port=$(free_port)
	send_start_sink "$port" "$@"
	J="$TZ_TMP/$name.journal"
	"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" \
		--journal "$J" "${FAST[@]}" > "$name.out" 2> "$name.err"
	rc=$?
	PORT=$port
}

# STARTTLS required: smtp-sink offers none, so nothing is sent
port=$(free_port)
send_start_sink "$port"
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" \
	--journal tls.journal 2> tls.err; rc=$?
check "no STARTTLS: exit 3 (got $rc)" test "$rc" -eq 3
check "no STARTTLS: no record" bash -c '! grep -q "^[SF] " tls.journal'

# a healthy sink: everything delivered
run_case ok
check "healthy sink: exit 0 (got $rc; $(tail -1 ok.err))" test "$rc" -eq 0
check "healthy sink: 5 S records" test "$(grep -c '^S ' "$J")" -eq 5

# 4xx on RCPT: retried until --retry-for, then deferred; no record, exit 4
run_case soft -r RCPT
check "4xx: exit 4 (got $rc)" test "$rc" -eq 4
check "4xx: summary says 5 deferred" grep -q "deferred 5" soft.err
check "4xx: no S or F record" bash -c "! grep -q '^[SF] ' '$J'"
check "4xx: not completed" bash -c "! grep -q '^D ' '$J'"
# ... and a resume against a healthy server delivers them
good=$(free_port)
send_start_sink "$good"
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$good" \
	--journal "$J" "${FAST[@]}" > soft2.out 2> soft2.err; rc=$?
check "4xx then resume: exit 0 (got $rc)" test "$rc" -eq 0
check "4xx then resume: 5 S records" test "$(grep -c '^S ' "$J")" -eq 5
check "4xx then resume: says resuming" grep -q "resuming" soft2.err

# 5xx on RCPT: permanent, recorded with code, enhanced code and text
run_case hard -f RCPT
check "5xx: exit 4 (got $rc)" test "$rc" -eq 4
check "5xx: 5 F records" test "$(grep -c '^F ' "$J")" -eq 5
check "5xx: record has 5xx code and enhanced status" grep -Eq '^F lezer1@example.nl [0-9]+ 5[0-9][0-9] 5\.[0-9]+\.[0-9]+ .*[A-Za-z]' "$J"
check "5xx: summary" grep -q "failed permanently 5" hard.err
# a permanent failure is final: the send is complete, a rerun is refused
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$good" \
	--journal "$J" "${FAST[@]}" 2> hard2.err; rc=$?
check "5xx then rerun: refused as complete (got $rc)" test "$rc" -eq 2

# 421 after DATA and disconnect: retried (rate halved), then deferred
q421_start=$EPOCHREALTIME
run_case q421 -Q DATA
q421_end=$EPOCHREALTIME
check "421: exit 4 (got $rc)" test "$rc" -eq 4
check "421: deferred" grep -q "deferred 5" q421.err
check "421: no record" bash -c "! grep -q '^[SF] ' '$J'"
check "421: the rate was slowed down" grep -q "answered 421 (too busy): slowing down" q421.err
# one burst halves the rate once (SLOWDOWN_HOLD, 2 s, src/mail/smtp.c): a
# bound from the time the run took as measured here, so a slow machine
# cannot fail it, while halving per reply (5 replies a burst) does
slowdowns=$(grep -c 'slowing down' q421.err)
allowed=$(awk -v a="$q421_start" -v b="$q421_end" 'BEGIN {printf "%d", 1 + (b - a) / 2}')
check "421: the rate is halved once per burst, not per reply ($slowdowns, allowed $allowed)" \
	test "$slowdowns" -le "$allowed"

# dropped after the final '.': no reply is not a success; retried, deferred
run_case drop -q .
check "dropped: exit 4 (got $rc)" test "$rc" -eq 4
check "dropped: deferred" grep -q "deferred 5" drop.err
check "dropped: no record" bash -c "! grep -q '^[SF] ' '$J'"

# unreachable: stop cleanly with the journal intact, exit 3
dead=$(free_port)
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$dead" \
	--journal dead.journal "${FAST[@]}" 2> dead.err; rc=$?
check "unreachable: exit 3 (got $rc)" test "$rc" -eq 3
check "unreachable: journal has the recipient set" test "$(grep -c '^R ' dead.journal)" -eq 5
check "unreachable: says how to resume" grep -q "resume" dead.err
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$good" \
	--journal dead.journal "${FAST[@]}" 2> dead2.err; rc=$?
check "unreachable then resume: exit 0 (got $rc)" test "$rc" -eq 0
finish
