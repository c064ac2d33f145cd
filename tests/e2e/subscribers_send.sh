#!/usr/bin/env bash
# subscribers_send.sh - suppressed addresses never receive a send, whatever
# the list says: an address suppressed by plain entry, one by hash, one
# unsubscribed through techzine; an old export imported again changes
# nothing. --where segments select exactly what README says (AND across
# keys, OR within one), checked against a Python reading of the list.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_DEMO=1 TECHZINE_TODAY=2026-12-01
unset TECHZINE_TOKEN_SECRET
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
PY=/usr/bin/python3
ISSUE=$TZ_SRC/issues/2026-12/issue.xml

recipients() { # recipients OUTBOX: the To addresses, sorted
	$PY - "$1" <<'PY'
import email, email.policy, glob, os, sys
for a in sorted(email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)["To"].addresses[0].addr_spec
                for f in glob.glob(os.path.join(sys.argv[1], "new", "*"))):
    print(a)
PY
}

# the list keeps them active; only the suppression file says no
hash=$(printf '%s' "maarten.kuiper@example.nl" | sha256sum | cut -d' ' -f1)
{
	echo "address,reason,date,source"
	echo "Femke.Zwiers@Example.NL,complained,2026-10-01,typed by hand"
	echo "sha256:$hash,unsubscribed,2026-10-02,old system"
} > subscribers/suppressed.csv
"$TECHZINE" subscribers unsubscribe subscribers/demo.csv lars.hoffmann@example.org > /dev/null 2>&1
# an old export says all of them are active again
printf 'email,name,consent_date\nlars.hoffmann@example.org,Lars,2025-01-01\nfemke.zwiers@example.nl,Femke,2025-01-01\nmaarten.kuiper@example.nl,Maarten,2025-01-01\n' > old-export.csv
"$TECHZINE" subscribers import subscribers/demo.csv old-export.csv > import.out 2>&1
check "the old export re-activates nobody" grep -q "3 rows: 0 added, 0 updated, 0 unchanged, 0 merged duplicates, 3 skipped" import.out
"$TECHZINE" send "$ISSUE" --list subscribers/demo.csv --outbox ob1 2> send1.err; rc=$?
check "send exit 0 (got $rc; $(tail -1 send1.err))" test "$rc" -eq 0
recipients ob1 > got1.txt
check "no suppressed address got a message" sh -c "! grep -E 'femke.zwiers|maarten.kuiper|lars.hoffmann' got1.txt"
expected=$($PY -c "
import csv
print('\n'.join(sorted(r['email'] for r in csv.DictReader(open('subscribers/demo.csv', encoding='utf-8'))
      if r['status'] == 'active' and r['email'] not in ('femke.zwiers@example.nl', 'maarten.kuiper@example.nl'))))")
check "everyone else active got exactly one" test "$(cat got1.txt)" = "$expected"
check "the summary counts the suppressed" grep -q "2 suppressed" send1.err
"$TECHZINE" send "$ISSUE" --list subscribers/demo.csv --dry-run > dry.out 2> dry.err
check "dry run counts them too" grep -q "2 suppressed" dry.err

# segments
seg() { # seg OUTBOX --where ...: recipients of a segment send
	local ob=$1
	shift
	"$TECHZINE" send "$ISSUE" --list subscribers/demo.csv --outbox "$ob" "$@" 2> "$ob.err" > /dev/null
	recipients "$ob"
}
want() { # want PYTHON-CONDITION on r: the active, unsuppressed subscribers matching it
	$PY -c "
import csv
sup = {'femke.zwiers@example.nl', 'maarten.kuiper@example.nl'}
rows = [r for r in csv.DictReader(open('subscribers/demo.csv', encoding='utf-8'))
        if r['status'] == 'active' and r['email'] not in sup]
ints = lambda r: [i.lower() for i in r['interests'].split(';')]
print('\n'.join(sorted(r['email'] for r in rows if $1)))"
}
got=$(seg ob2 --where municipality=Emmen)
check "--where municipality=Emmen" test "$got" = "$(want "r['municipality'] == 'Emmen'")"
got=$(seg ob3 --where municipality=Emmen --where interest=onderwijs)
check "different keys: AND" test "$got" = "$(want "r['municipality'] == 'Emmen' and 'onderwijs' in ints(r)")"
check "AND is not empty (a real test)" test -n "$got"
got=$(seg ob4 --where municipality=Emmen --where municipality=Coevorden)
check "one key twice: OR" test "$got" = "$(want "r['municipality'] in ('Emmen', 'Coevorden')")"
got=$(seg ob5 --where municipality=emmen,hoogeveen --where interest=agenda,parels)
check "A,B is OR; keys AND; case ignored" test "$got" = "$(want "r['municipality'] in ('Emmen', 'Hoogeveen') and ('agenda' in ints(r) or 'parels' in ints(r))")"
got=$(seg ob6 --where language=en)
check "language=en: the English edition's readers" test "$got" = "$(want "r['language'] == 'en'")"
check "they get the English edition (another subject than the Dutch readers)" $PY -c "
import email, email.policy, glob
subj = lambda d: {str(email.message_from_binary_file(open(f, 'rb'), policy=email.policy.default)['Subject'])
                  for f in glob.glob(d + '/new/*')}
en, nl = subj('ob6'), subj('ob3')
assert len(en) == 1 and len(nl) == 1 and en != nl, (en, nl)
"
"$TECHZINE" send "$ISSUE" --list subscribers/demo.csv --outbox ob7 --where colour=blue > /dev/null 2> bad.err; rc=$?
check "unknown --where key: exit 2 with the columns listed (got $rc)" sh -c "[ $rc -eq 2 ] && grep -q 'not a column of the list' bad.err"
check "and nothing was written" test ! -e ob7/new
# a list with an error is refused before anything is sent
cp subscribers/demo.csv subscribers/broken.csv
printf 'x@,X,nl,Emmen,,active,2025-01-01,x,2025-01-01\r\n' >> subscribers/broken.csv
"$TECHZINE" send "$ISSUE" --list subscribers/broken.csv --outbox ob8 > /dev/null 2> broken.err; rc=$?
check "a list with errors is refused (exit $rc)" sh -c "[ $rc -eq 1 ] && grep -q 'broken.csv:14: error: invalid address' broken.err && [ ! -e ob8/new ]"
finish
