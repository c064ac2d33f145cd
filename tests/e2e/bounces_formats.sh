#!/usr/bin/env bash
# bounces_formats.sh - `techzine bounces` on the non-RFC-3464 shapes of
# tests/fixtures/bounces/formats (tokens by the independent Python HMAC of
# fill.py): an Exim bounce naming two recipients (each its own status), a
# qmail bounce, an AOL DSN with two recipients in one block (the
# subscriber's own status, not the other's), an Amazon SES JSON
# notification, a Hotmail JMRP complaint, and an Office 365 DMARC rejection:
# the sender's own problem, which changes nobody, is reported per receiving
# domain with what to fix, and makes the exit status 4. Then `--explain`.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/bounces_lib.bash"
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=bounces-e2e-secret-0123456789 TECHZINE_TODAY=2026-12-01
unset TECHZINE_DEMO
PY=/usr/bin/python3
bounces_maildir "$TZ_SRC"/tests/fixtures/bounces/formats
status() { bounces_status "$@"; }
"$TECHZINE" bounces --maildir mb > run.out 2> run.err; rc=$?
check "a sender-side rejection makes the exit status 4 (got $rc)" test "$rc" -eq 4
check "Exim, two recipients: the token's own (user unknown) is bounced" test "$(status lars.hoffmann@example.org)" = "bounced 0"
check "AOL, two in one block: the other recipient (5.1.1) is not touched without their token" test "$(status a.bakker-oosting@example.org)" = "active 0"
check "qmail: bounced" test "$(status noor.el.idrissi@example.nl)" = "bounced 0"
check "AOL, two in one block: her own 5.2.2 (a soft bounce), not the other's 5.1.1" test "$(status femke.zwiers@example.nl)" = "active 1"
check "Amazon SES JSON: bounced" test "$(status s.oconnor@example.org)" = "bounced 0"
check "Hotmail JMRP: complained" test "$(status chloe.van.t.hek@example.org)" = "complained 0"
check "DMARC rejection: the subscriber is not touched (nor counted by the Exim report's other recipient)" test "$(status renee.devries@example.nl)" = "active 0"
check "... reported per receiving domain with what to fix" grep -q "^bounces: 1 rejection by example.nl for authfailure: fix the sending domain's SPF/DKIM/DMARC" run.out
check "... also on stderr" grep -q "1 rejection by example.nl for authfailure" run.err
check "the summary counts it" grep -q "1 rejections of the sender's own making" run.out
check "the message with no token is left unread" test -e mb/new/qp-soft-break-end
check "suppression holds the four, as hashes" $PY -c "
import csv
rows = list(csv.DictReader(open('subscribers/suppressed.csv', encoding='utf-8')))
assert len(rows) == 4, rows
assert '@' not in open('subscribers/suppressed.csv').read()
"
# --explain: what one message is, no token needed, nothing changed
cp subscribers/demo.csv before-explain.csv
"$TECHZINE" bounces --explain "$TZ_SRC/tests/fixtures/bounces/formats/exim-two-recipients.eml" \
	"$TZ_SRC/tests/fixtures/bounces/formats/office365-dmarc.eml" > explain.out 2>&1; rc=$?
check "--explain exits 0 (got $rc)" test "$rc" -eq 0
check "--explain names the server" grep -q "exim-two-recipients.eml: bounce (Exim)" explain.out
check "--explain lists each recipient with its reason" sh -c "grep -q '  recipient: lars.hoffmann@example.org' explain.out && grep -q '    reason: userunknown' explain.out && grep -q '    reason: mailboxfull' explain.out"
check "--explain says status and reply" grep -q "action: failed  status: 5.1.1  reply: 550" explain.out
check "--explain says what a sender-side verdict means and what to fix" sh -c "grep -q 'verdict: sender' explain.out && grep -q 'fix: fix the sending domain' explain.out"
check "--explain changes nothing" cmp -s subscribers/demo.csv before-explain.csv
"$TECHZINE" bounces --explain > /dev/null 2> noargs.err; rc=$?
check "--explain without a file: usage, exit 2 (got $rc)" test "$rc" -eq 2
"$TECHZINE" bounces --explain nowhere.eml > /dev/null 2> nofile.err; rc=$?
check "--explain on a missing file: exit 3 with its name (got $rc)" sh -c "[ $rc -eq 3 ] && grep -q nowhere.eml nofile.err"
finish
