#!/usr/bin/env bash
# relay/sessions.sh - `techzine send` through a private Postfix relay's
# submission port (STARTTLS required, AUTH via Dovecot SASL): --per-connection
# counts messages per SMTP session (the relay's "disconnect ... mail=N"
# lines); a wrong password is tried on one connection only; unknown
# recipients are journaled with the reply code once; the EHLO name is the
# FQDN or --helo; --insecure-no-tls still uses STARTTLS when it is offered.
. "$(dirname "$0")/../e2e/lib.bash"
. "$(dirname "$0")/../e2e/send_lib.bash"
. "$(dirname "$0")/relay.bash"

relay_start 300 || exit $?
send_make_issue "$TZ_TMP/mini"
cd "$TZ_TMP"
mklist() { # mklist FILE FIRST LAST [UNKNOWN...]
	local f=$1 a=$2 b=$3 i
	shift 3
	{
		echo "email,name,language,status"
		for ((i = a; i <= b; i++)); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
		for u in "$@"; do echo "$u,Onbekend,nl,active"; done
	} > "$f"
}
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
export TECHZINE_SMTP_USER=$RELAY_USER TECHZINE_SMTP_PASSWORD=$RELAY_PASSWORD
SUB=(--smtp "smtp://127.0.0.1:$RELAY_SUB" --cacert "$RELAY_CERT")

# 1. --per-connection 40, 4 connections, 300 recipients: every session of
# the relay carries at most 40 messages, and all but the last of each
# connection exactly 40
mklist list.csv 1 300
relay_mark
"$TECHZINE" send mini/issue.xml --list list.csv "${SUB[@]}" --journal pc.journal \
	--per-connection 40 --connections 4 --helo tz-test.example.org > pc.out 2> pc.err; rc=$?
check "per-connection: exit 0 (got $rc; $(tail -1 pc.err))" test "$rc" -eq 0
relay_wait_delivered 300
relay_wait_log 'submission/smtpd.*disconnect from' 8
relay_sessions submission/smtpd > pc.sessions
check "per-connection: the relay's sessions carried 300 messages ($(paste -sd+ pc.sessions))" \
	test "$(paste -sd+ pc.sessions | bc)" -eq 300
check "per-connection: no session over 40 ($(sort -n pc.sessions | tail -1))" \
	test "$(sort -n pc.sessions | tail -1)" -le 40
check "per-connection: at most one short session per connection ($(grep -vcx 40 pc.sessions) short)" \
	test "$(grep -vcx 40 pc.sessions)" -le 4
check "per-connection: every session used STARTTLS and AUTH" \
	test "$(relay_log | grep -c 'submission/smtpd.*disconnect from.* starttls=1 auth=1 mail=')" -eq "$(wc -l < pc.sessions)"
check "per-connection: TLS 1.3" relay_has 'TLS connection established from .*TLSv1.3'
check "per-connection: no relay warnings ($(relay_warnings | head -2))" test -z "$(relay_warnings)"
check "per-connection: 300 S records" test "$(grep -c '^S ' pc.journal)" -eq 300
# --helo names the client in the relay's Received header
msg=$(find "$RELAY_MAIL/example.nl/lezer1/new" -type f | head -1)
check "--helo: the Received header names tz-test.example.org" \
	grep -q '^Received: from tz-test.example.org (localhost \[127.0.0.1\])' "$msg"

# 2. without --helo: this host's FQDN, or else an address literal
mklist fq.csv 301 300 lezer1@example.nl
want=$(hostname -f 2>/dev/null)
case $want in *.*) ;; *) want='[127.0.0.1]' ;; esac
"$TECHZINE" send mini/issue.xml --list fq.csv "${SUB[@]}" --journal fq.journal > fq.out 2> fq.err; rc=$?
check "EHLO default: exit 0 (got $rc; $(tail -1 fq.err))" test "$rc" -eq 0
relay_wait_delivered 301
msg=$(ls -t "$RELAY_MAIL"/example.nl/lezer1/new/* | head -1)
check "EHLO default: the Received header names $want ($(grep -m1 '^Received: from' "$msg"))" \
	grep -qF "Received: from $want (localhost [127.0.0.1])" "$msg"

# 3. unknown recipients: journaled failed, the code once on screen and in
# the journal ("550 5.1.1 <x>: ...", not "550 550 5.1.1")
mklist unk.csv 1 5 nobody1@example.nl nobody2@example.nl
"$TECHZINE" send mini/issue.xml --list unk.csv "${SUB[@]}" --journal unk.journal > unk.out 2> unk.err; rc=$?
check "unknown recipients: exit 4 (got $rc)" test "$rc" -eq 4
check "unknown recipients: 2 F records" test "$(grep -c '^F ' unk.journal)" -eq 2
check "unknown recipients: journal has the code once ($(grep -m1 '^F ' unk.journal))" \
	grep -Eq '^F nobody1@example.nl [0-9]+ 550 5\.1\.1 <nobody1@example.nl>: Recipient address rejected' unk.journal
check "unknown recipients: the screen has the code once ($(grep -m1 nobody1 unk.err))" \
	grep -q "failed permanently 'nobody1@example.nl': 550 5.1.1 <nobody1@example.nl>: Recipient" unk.err
check "unknown recipients: no '550 550'" bash -c '! grep -q "550 550" unk.err unk.journal'
check "unknown recipients: the 5 known delivered" test "$(grep -c '^S ' unk.journal)" -eq 5

# 4. a wrong password: one AUTH attempt on one connection, the server's
# reply on screen, nobody marked
mklist pw.csv 1 50
relay_mark
TECHZINE_SMTP_PASSWORD=wrong-password "$TECHZINE" send mini/issue.xml --list pw.csv "${SUB[@]}" \
	--journal pw.journal --connections 4 > pw.out 2> pw.err; rc=$?
check "wrong password: exit 3 (got $rc)" test "$rc" -eq 3
check "wrong password: the server's reply is shown ($(grep -m1 refused pw.err))" \
	grep -q "refused the session: 535 5.7.8 Error: authentication failed" pw.err
check "wrong password: no hint to set credentials that are set" bash -c '! grep -q "set TECHZINE_SMTP_USER" pw.err'
check "wrong password: nobody marked" bash -c '! grep -q "^[SF] " pw.journal'
relay_wait_log 'submission/smtpd.*disconnect from' $(($(grep -c 'submission/smtpd.*disconnect from' "$RELAY_LOG")))
relay_log > pw.log
check "wrong password: one failed AUTH in the relay's log ($(grep -c 'authentication failed' pw.log))" \
	test "$(grep -c 'SASL PLAIN authentication failed' pw.log)" -eq 1
check "wrong password: one session ($(grep -c 'submission/smtpd.*connect from' pw.log) connects)" \
	test "$(grep -c 'submission/smtpd\[[0-9]*\]: connect from' pw.log)" -eq 1

# 5. --insecure-no-tls against a server that offers STARTTLS: used anyway
mklist tls.csv 6 10
relay_mark
"$TECHZINE" send mini/issue.xml --list tls.csv --smtp "smtp://127.0.0.1:$RELAY_SUB" \
	--cacert "$RELAY_CERT" --insecure-no-tls --journal tls.journal > tls.out 2> tls.err; rc=$?
check "--insecure-no-tls with STARTTLS offered: exit 0 (got $rc; $(tail -1 tls.err))" test "$rc" -eq 0
relay_wait_log 'submission/smtpd.*disconnect from.*starttls=1' 1
check "--insecure-no-tls with STARTTLS offered: STARTTLS was used" \
	relay_has 'submission/smtpd.*disconnect from.* starttls=1 auth=1'
# ... and plain where STARTTLS is not offered (the relay's port for
# 127.0.0.1: no TLS, no AUTH)
relay_mark
env -u TECHZINE_SMTP_USER -u TECHZINE_SMTP_PASSWORD "$TECHZINE" send mini/issue.xml --list tls.csv \
	--smtp "smtp://127.0.0.1:$RELAY_PORT" --insecure-no-tls --journal plain.journal > plain.out 2> plain.err; rc=$?
check "--insecure-no-tls, no STARTTLS offered: exit 0 (got $rc; $(tail -1 plain.err))" test "$rc" -eq 0
relay_wait_log 'postfix/smtpd.*disconnect from.*mail=' 1
check "--insecure-no-tls, no STARTTLS offered: plain SMTP" relay_has 'postfix/smtpd.*disconnect from.* ehlo=1 mail=[1-5] '
check "--insecure-no-tls, no STARTTLS offered: never STARTTLS" bash -c "! grep -q 'postfix/smtpd.*starttls=' <(tail -n +$((RELAY_MARK + 1)) '$RELAY_LOG')"
finish
