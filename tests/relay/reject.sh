#!/usr/bin/env bash
# relay/reject.sh - whole-message rejections from a private Postfix relay
# stop the send (exit 3) with nobody marked and a message that says what to
# change: 552 5.3.4 (message_size_limit below the --images embed message),
# 553 5.7.1 (reject_sender_login_mismatch against the VERP sender). Then
# the fixes: --images link; a regexp in smtpd_sender_login_maps that lets
# the login send as bounce+...@; --envelope-from (no VERP).
. "$(dirname "$0")/../e2e/lib.bash"
. "$(dirname "$0")/../e2e/send_lib.bash"
. "$(dirname "$0")/relay.bash"

relay_start 50 || exit $?
send_make_issue "$TZ_TMP/mini"
cd "$TZ_TMP"
{
	echo "email,name,language,status"
	for i in $(seq 1 20); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
} > list.csv
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
export TECHZINE_SMTP_USER=$RELAY_USER TECHZINE_SMTP_PASSWORD=$RELAY_PASSWORD
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$RELAY_SUB"
	--cacert "$RELAY_CERT" --retry-base 0.2s)

# 1. message_size_limit between the linked and the embedded message
link=$("$TECHZINE" send mini/issue.xml --list list.csv --dry-run 2>/dev/null | wc -c)
embed=$("$TECHZINE" send mini/issue.xml --list list.csv --dry-run --images embed 2>/dev/null | wc -c)
limit=$(((link + embed) / 2))
check "the embedded message is much bigger ($link vs $embed bytes)" test "$embed" -gt $((link * 3))
relay_set "message_size_limit=$limit"
relay_mark
"${SEND[@]}" --images embed --journal size.journal > size.out 2> size.err; rc=$?
check "552 size: exit 3 (got $rc; $(grep -m1 refuses size.err))" test "$rc" -eq 3
check "552 size: the relay's words are shown" grep -q "refuses the message itself: 552 5.3.4 Message size exceeds fixed limit" size.err
check "552 size: says --images link" grep -q -- "--images link" size.err
check "552 size: nobody marked" bash -c '! grep -q "^[SFD] " size.journal'
check "552 size: the journal has the recipient set" test "$(grep -c '^R ' size.journal)" -eq 20
check "552 size: nothing delivered" test "$(relay_delivered)" -eq 0
check "552 size: stopped at once: at most one refusal per connection ($(relay_log | grep -c 'Message size exceeds'))" \
	test "$(relay_log | grep -ci 'size exceeds\|exceeds.*size')" -le 4
# the fix: the same send (it resumes) with linked images
"${SEND[@]}" --images link --journal size.journal > size2.out 2> size2.err; rc=$?
check "552 size, then --images link: exit 0 (got $rc; $(tail -1 size2.err))" test "$rc" -eq 0
check "552 size, then --images link: 20 S records" test "$(grep -c '^S ' size.journal)" -eq 20
relay_wait_delivered 20
relay_set "message_size_limit=10240000"

# 2. the relay checks that the login owns the sender: the VERP sender is
# refused (553 5.7.1 at RCPT, smtpd_delay_reject)
relay_set "relay_submission_sender_restrictions=reject_sender_login_mismatch"
relay_mark
before=$(relay_delivered)
"${SEND[@]}" --journal verp.journal > verp.out 2> verp.err; rc=$?
check "553 sender: exit 3 (got $rc; $(grep -m1 refuses verp.err))" test "$rc" -eq 3
check "553 sender: the relay's words are shown" grep -q "refuses the envelope sender <bounce+.*553 5.7.1 .*Sender address rejected: not owned by user $RELAY_USER" verp.err
check "553 sender: says what to change" grep -q "smtpd_sender_login_maps" verp.err
check "553 sender: nobody marked" bash -c '! grep -q "^[SFD] " verp.journal'
check "553 sender: nothing delivered" test "$(relay_delivered)" -eq "$before"
# the fix, as docs/send.md gives it: the login may send as bounce+...@
echo "/^bounce\+[A-Za-z0-9_-]+@bounces\.dutchtechzone\.example\$/ $RELAY_USER" > "$RELAY_CONF/sender_logins"
relay_set "relay_submission_sender_restrictions=reject_sender_login_mismatch"
"${SEND[@]}" --journal verp.journal > verp2.out 2> verp2.err; rc=$?
check "553 sender, then a sender map: exit 0 (got $rc; $(tail -1 verp2.err))" test "$rc" -eq 0
check "553 sender, then a sender map: 20 S records" test "$(grep -c '^S ' verp.journal)" -eq 20
relay_wait_delivered $((before + 20))
msg=$(ls -t "$RELAY_MAIL"/example.nl/lezer3/new/* | head -1)
check "sender map: the Return-Path is the VERP sender" grep -q '^Return-Path: <bounce+[A-Za-z0-9_-]*@bounces.dutchtechzone.example>' "$msg"

# 3. or no VERP: --envelope-from with an address the login owns
echo "/^nieuwsbrief@dutchtechzone\.example\$/ $RELAY_USER" > "$RELAY_CONF/sender_logins"
relay_set "relay_submission_sender_restrictions=reject_sender_login_mismatch"
before=$(relay_delivered)
"${SEND[@]}" --journal fixed.journal --envelope-from nieuwsbrief@dutchtechzone.example \
	> fixed.out 2> fixed.err; rc=$?
check "--envelope-from: exit 0 (got $rc; $(tail -1 fixed.err))" test "$rc" -eq 0
relay_wait_delivered $((before + 20))
msg=$(ls -t "$RELAY_MAIL"/example.nl/lezer3/new/* | head -1)
check "--envelope-from: the Return-Path is the fixed sender" grep -q '^Return-Path: <nieuwsbrief@dutchtechzone.example>' "$msg"
"$TECHZINE" send mini/issue.xml --list list.csv --dry-run --envelope-from 'bad address' > /dev/null 2> bad.err; rc=$?
check "--envelope-from: a bad address is a usage error (got $rc)" test "$rc" -eq 2
finish
