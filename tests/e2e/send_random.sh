#!/usr/bin/env bash
# send_random.sh - 1,000 recipients against an aiosmtpd handler that
# answers a random 10 % of RCPTs with 451 (per attempt) and a fixed 2 % of
# addresses with 550. Afterwards: every recipient that was not refused with
# 550 was delivered exactly once (including all that saw a 451), and every
# 550 recipient has a permanent-failure record in the journal.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"

N=1000
send_make_issue "$TZ_TMP/mini"
{
	echo "email,name,language,status"
	for i in $(seq -w 1 $N); do echo "lezer$i@example.nl,Lezer $i,nl,active"; done
} > "$TZ_TMP/list.csv"
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv" --fail-451 0.10 --fail-550 0.02 --seed 7
cd "$TZ_TMP"
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" \
	--insecure-no-tls --journal j.journal --retry-base 0.05s --retry-for 120s \
	--connections 4 > out.txt 2> err.txt; rc=$?
check "exit 4 because of the 550s (got $rc; $(tail -1 err.txt))" test "$rc" -eq 4

/usr/bin/python3 - "$N" > verdict.txt <<'PY'
import collections, sys
n = int(sys.argv[1])
got = collections.Counter(l.split()[0] for l in open("recv/received.log"))
f550 = {l.split()[1] for l in open("recv/faults.log") if l.startswith("550 ")}
f451 = {l.split()[1] for l in open("recv/faults.log") if l.startswith("451 ")}
recs = {}
for l in open("j.journal"):
    if l[:2] in ("S ", "F "):
        parts = l.split()
        recs[parts[1]] = (l[0], parts[3] if l[0] == "F" else "250")
bad = []
everyone = ["lezer%0*d@example.nl" % (len(str(n)), i) for i in range(1, n + 1)]
for a in everyone:
    if a in f550:
        if got[a] != 0 or recs.get(a, ("", ""))[0] != "F" or recs[a][1] != "550":
            bad.append("550 %s: received %d, record %r" % (a, got[a], recs.get(a)))
    elif got[a] != 1 or recs.get(a, ("",))[0] != "S":
        bad.append("%s: received %d, record %r" % (a, got[a], recs.get(a)))
print("451 seen by %d recipients, 550 by %d" % (len(f451 - f550), len(f550)))
for b in bad[:10]:
    print(b)
print("problems %d" % len(bad))
PY
check "verdict computed" test -s verdict.txt
check "some 451s happened ($(head -1 verdict.txt))" grep -Eq "^451 seen by [1-9][0-9]+ " verdict.txt
check "every 451 recipient delivered exactly once, every 550 recorded ($(tail -3 verdict.txt | tr '\n' ' '))" grep -q "^problems 0$" verdict.txt
check "summary counts the 550s" grep -Eq "failed permanently [1-9]" err.txt
check "summary: nothing deferred" grep -q "deferred 0" err.txt
finish
