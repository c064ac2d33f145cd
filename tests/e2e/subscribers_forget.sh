#!/usr/bin/env bash
# subscribers_forget.sh - `techzine subscribers forget EMAIL` after the
# person was in two lists, sent to (journal and outbox), bounced once and
# typed into the suppression file by hand: afterwards no file under
# subscribers/ or out/ contains the address in any case, the journals and
# the suppression file hold its hash instead, a resumed send still knows
# the person was handled, and an old export cannot bring the address back.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_DEMO=1 TECHZINE_TODAY=2026-12-01
unset TECHZINE_TOKEN_SECRET
PY=/usr/bin/python3
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
printf 'email,name,language,municipality,interests,status,consent_date,consent_source,last_change\r\nT.Brunink@example.nl,Thijs,nl,Coevorden,,active,2025-01-01,beurs,2025-01-01\r\nother@example.nl,O,nl,Emmen,,active,2025-01-01,x,2025-01-01\r\n' > subscribers/partners.csv
printf 'address,reason,date,source\nt.brunink@EXAMPLE.nl,complained,2026-01-01,typed by hand\n' > subscribers/suppressed.csv
# the suppression entry keeps him out of sends; take it away for the send
mv subscribers/suppressed.csv supp.keep
"$TECHZINE" send "$TZ_SRC/issues/2026-12/issue.xml" --list subscribers/demo.csv 2> send.err
"$TECHZINE" send "$TZ_SRC/issues/2026-12/issue.xml" --list subscribers/partners.csv --outbox out/2026-12/outbox-partners --journal out/2026-12/send-partners.journal 2>> send.err
mv supp.keep subscribers/suppressed.csv
check "before: the address is in lists, journals and outbox" test "$(grep -ril 't.brunink@example.nl' subscribers out | wc -l)" -ge 5
"$TECHZINE" subscribers forget T.BRUNINK@example.nl > forget.out 2> forget.err; rc=$?
check "forget: exit 0 (got $rc; $(cat forget.err))" test "$rc" -eq 0
check "forget reports what it did" grep -q "2 rows in 2 lists removed; suppression keeps only the hash sha256:$(printf %s t.brunink@example.nl | sha256sum | cut -c1-12)...; 2 journals rewritten" forget.out
check "no file mentions the address any more, in any case" sh -c "! grep -ril 't.brunink@example.nl' subscribers out"
h=sha256:$(printf %s t.brunink@example.nl | sha256sum | cut -d' ' -f1)
check "the journal keeps the hash instead" grep -q "^S $h " out/2026-12/send-demo-outbox.journal
check "the suppression file holds only the hash, one entry" sh -c "grep -q '^$h,complained,2026-01-01' subscribers/suppressed.csv && [ \$(grep -c . subscribers/suppressed.csv) -eq 2 ]"
check "the others stay" sh -c "grep -q '^other@example.nl' subscribers/partners.csv && [ \$(grep -c . subscribers/demo.csv) -eq 12 ]"
check "the outbox lost only his message" test "$(ls out/2026-12/outbox/new | wc -l)" -eq 9
check "... in both outboxes" test "$(ls out/2026-12/outbox-partners/new | wc -l)" -eq 1
# someone never suppressed before gets a "forgotten" entry
"$TECHZINE" subscribers forget femke.zwiers@example.nl > /dev/null 2>&1
check "a forgotten address is suppressed by hash" grep -q "^sha256:$(printf %s femke.zwiers@example.nl | sha256sum | cut -d' ' -f1),forgotten,2026-12-01,erasure request" subscribers/suppressed.csv
check "the journal still parses: a resend says complete" sh -c "'$TECHZINE' send '$TZ_SRC/issues/2026-12/issue.xml' --list subscribers/demo.csv 2>&1 | grep -q 'already in the outbox'"
printf 'email,name,consent_date\nt.brunink@example.nl,Thijs,2025-06-30\n' > old.csv
"$TECHZINE" subscribers import subscribers/demo.csv old.csv > old.out 2>&1
check "an old export cannot bring him back" grep -q "skipped: 't.brunink@example.nl' is suppressed (complained" old.out
check "and the import report does not write him into the list" sh -c "! grep -qi 't.brunink@example.nl' subscribers/demo.csv"
# a running send holds its journal: forget refuses before touching anything
exec 9>>out/2026-12/send-demo-outbox.journal
flock -n 9
cp subscribers/demo.csv demo.before
"$TECHZINE" subscribers forget renee.devries@example.nl > /dev/null 2> locked.err; rc=$?
check "journal locked by a send: exit 3, says so (got $rc)" sh -c "[ $rc -eq 3 ] && grep -q 'a send is running' locked.err"
check "... and no list was changed" cmp -s subscribers/demo.csv demo.before
exec 9>&-
"$TECHZINE" subscribers forget not-an-address > /dev/null 2>&1; rc=$?
check "forget of a non-address: exit 1 (got $rc)" test "$rc" -eq 1
finish
