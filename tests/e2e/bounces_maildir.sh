#!/usr/bin/env bash
# bounces_maildir.sh - `techzine bounces --maildir` on DSNs shaped like
# Postfix, Exchange and Gmail ones, Postfix delay notices (soft bounces),
# an ARF complaint, a reply to the unsubscribe address, an auto-reply and a
# DSN with a forged token (tests/fixtures/bounces, tokens made by an
# independent Python HMAC). Statuses and the suppression file change as
# README says; unrecognised messages stay unread in new/ and are reported;
# a second run changes nothing.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bounces_lib.bash"
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=bounces-e2e-secret-0123456789 TECHZINE_TODAY=2026-12-01
unset TECHZINE_DEMO
PY=/usr/bin/python3
bounces_maildir "$TZ_SRC"/tests/fixtures/bounces
# a second list holding one of them: a bounce is about a person
printf 'email,name,language,municipality,interests,status,consent_date,consent_source,last_change\r\njan-willem.ijzerman@example.nl,JW,nl,Hardenberg,,active,2025-01-01,x,2025-01-01\r\n' > subscribers/partners.csv

status() { bounces_status "$@"; }
"$TECHZINE" bounces --maildir mb > run1.out 2> run1.err; rc=$?
check "exit 0 (got $rc; $(tail -1 run1.err))" test "$rc" -eq 0
check "Postfix 5.1.1: bounced" test "$(status jan-willem.ijzerman@example.nl)" = "bounced 0"
check "... in the other list too" test "$(status jan-willem.ijzerman@example.nl partners)" = "bounced 0"
check "Exchange 5.1.10: bounced" test "$(status a.bakker-oosting@example.org)" = "bounced 0"
check "Gmail 5.1.1: bounced" test "$(status t.brunink@example.nl)" = "bounced 0"
check "three delay notices a month apart: bounced" test "$(status maarten.kuiper@example.nl)" = "bounced 3"
check "one delay notice: still active, counted" test "$(status femke.zwiers@example.nl)" = "active 1"
check "ARF complaint: complained" test "$(status s.oconnor@example.org)" = "complained 0"
check "unsubscribe reply: unsubscribed" test "$(status chloe.van.t.hek@example.org)" = "unsubscribed 0"
check "forged token: nothing changed" test "$(status noor.el.idrissi@example.nl)" = "active 0"
check "the others untouched" test "$(status renee.devries@example.nl) $(status lars.hoffmann@example.org)" = "active 0 active 0"
check "suppression has the six, as hashes only" $PY -c "
import csv, hashlib
rows = list(csv.DictReader(open('subscribers/suppressed.csv', encoding='utf-8')))
h = lambda a: 'sha256:' + hashlib.sha256(a.encode()).hexdigest()
got = {r['address']: r['reason'] for r in rows}
want = {h('jan-willem.ijzerman@example.nl'): 'bounced 5.1.1', h('a.bakker-oosting@example.org'): 'bounced 5.1.10',
        h('t.brunink@example.nl'): 'bounced 5.1.1', h('maarten.kuiper@example.nl'): 'bounced 3 soft bounces',
        h('s.oconnor@example.org'): 'complained', h('chloe.van.t.hek@example.org'): 'unsubscribed'}
assert got == want, got
assert '@' not in open('subscribers/suppressed.csv').read()
"
check "unrecognised messages are left in new/" test "$(ls mb/new | sort | tr '\n' ' ')" = "autoreply forged-dsn "
check "handled ones are in cur/ marked seen" test "$(ls mb/cur | grep -c ':2,S$')" -eq 9
check "the report names what was left and why" sh -c "grep -q '^new/autoreply: not recognised, left in place (an auto-reply' run1.out && grep -q '^new/forged-dsn: not recognised, left in place (the token' run1.out"
check "the summary" grep -q "11 messages: 3 hard bounces, 4 soft bounces (1 reached the limit of 3), 1 complaints, 1 unsubscribe replies, 0 delivery notices; 2 not recognised (left unread for a person); 0 rejections of the sender.s own making" run1.out
check "no address in clear in the report" sh -c "! grep -E '[a-z0-9.-]+@example\.(nl|org)' run1.out"
check "rows nobody touched are written back byte for byte (columns were added)" $PY -c "
before = open('$TZ_SRC/subscribers/demo.csv', 'rb').read().split(b'\\r\\n')[1:]
after = open('subscribers/demo.csv', 'rb').read()
changed = [b'jan-willem.ijzerman@', b'a.bakker-oosting@', b't.brunink@', b'maarten.kuiper@',
           b'femke.zwiers@', b's.oconnor@', b'chloe.van.t.hek@']
assert b'soft_bounces,last_bounce' in after.split(b'\\r\\n')[0]
kept = [l for l in before if l and not any(l.startswith(c) for c in changed)]
assert kept and all(b'\\r\\n' + l + b'\\r\\n' in after for l in kept), 'a row was rewritten'
"
cp subscribers/demo.csv demo.after1
"$TECHZINE" bounces --maildir mb > run2.out 2>&1
check "a second run: the two unread ones reported again" grep -q "2 messages: .* 2 not recognised" run2.out
check "a second run changes nothing" cmp -s subscribers/demo.csv demo.after1
# the same delay notice again on the same day counts once
cp "mb/cur/postfix-delayed-once:2,S" mb/new/again
"$TECHZINE" bounces --maildir mb > run3.out 2>&1
check "the same send reported twice counts once" test "$(status femke.zwiers@example.nl)" = "active 1"
# a soft bounce long after the last one starts the count again
sed -e 's/Date: .*/Date: Tue, 01 Dec 2026 10:15:00 +0000/' "mb/cur/postfix-delayed-once:2,S" > mb/new/later
"$TECHZINE" bounces --maildir mb > run4.out 2>&1
check "a gap over --soft-window starts a new row" test "$(status femke.zwiers@example.nl)" = "active 1"
check "... with the new date" grep -q "^femke.zwiers@example.nl,.*,1,2026-12-01" subscribers/demo.csv
# --dry-run changes nothing and marks nothing
sed -e 's/Date: .*/Date: Wed, 02 Dec 2026 10:15:00 +0000/' "mb/cur/postfix-delayed-once:2,S" > mb/new/dry
cp subscribers/demo.csv demo.before-dry
"$TECHZINE" bounces --maildir mb --dry-run > dry.out 2>&1
check "dry run: reported as what it would be" grep -q "^new/dry: soft bounce f\*\*\*@e\*\*\*.nl (mailboxfull 4.2.2: soft bounce 2 of 3)" dry.out
check "dry run: the list is not changed" cmp -s subscribers/demo.csv demo.before-dry
check "dry run: the message is still unread" test -e mb/new/dry
# no secret: refused
unset TECHZINE_TOKEN_SECRET
"$TECHZINE" bounces --maildir mb > /dev/null 2> nosecret.err; rc=$?
check "no token secret: exit 2 (got $rc)" test "$rc" -eq 2
TECHZINE_TOKEN_SECRET=long-enough-secret-123 "$TECHZINE" bounces --maildir nowhere > /dev/null 2> nomd.err; rc=$?
check "not a Maildir: exit 2 or 3 with a message (got $rc)" sh -c "[ $rc -ne 0 ] && grep -q 'not a Maildir' nomd.err"
finish
