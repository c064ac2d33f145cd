#!/usr/bin/env bash
# dkim_demo.sh - the demo is signed: the demo issue's <mail> names the keys
# scripts/demo-key makes (ctest fixture setup/demo-key); every outbox
# message of a demo send verifies with python3-dkim and opendkim-testmsg
# against the TXT records `techzine check --mail issues/2026-12/issue.xml`
# prints; SpamAssassin with local rules only (-L, no network) scores the
# demo message under 1.0 and none of the rules that flag the HTML fire.
. "$(dirname "$0")/lib.bash"
V=$TZ_SRC/tests/dkim
export TECHZINE_DEMO=1
cd "$TZ_TMP"
issue=$TZ_SRC/issues/2026-12/issue.xml
check "demo keys exist (scripts/demo-key)" test -f "$TZ_SRC/keys/techzine-rsa.dutchtechzone.example.pem" -a -f "$TZ_SRC/keys/techzine-ed.dutchtechzone.example.pem"
check "demo keys are not tracked by git" bash -c "cd '$TZ_SRC' && [ -z \"\$(git ls-files keys 2>/dev/null)\" ] && git check-ignore -q keys/techzine-rsa.dutchtechzone.example.pem"
"$TECHZINE" check --mail "$issue" > zone.txt 2> check.err; rc=$?
check "check --mail on the demo exits 0 (got $rc: $(cat check.err))" test "$rc" -eq 0
check "check --mail prints the demo's two DKIM TXT records" test "$(grep -c '._domainkey.dutchtechzone.example. IN TXT' zone.txt)" -eq 2
"$TECHZINE" send "$issue" --list "$TZ_SRC/subscribers/demo.csv" --outbox ob 2> send.err; rc=$?
check "demo send exits 0 (got $rc: $(tail -1 send.err))" test "$rc" -eq 0
msgs=(ob/new/*)
check "demo outbox has messages (${#msgs[@]})" test "${#msgs[@]}" -ge 5
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${msgs[@]}" > py.txt 2>&1; rc=$?
check "demo: python3-dkim passes every signature ($(grep -v ' pass$' py.txt | head -2))" test "$rc" -eq 0
bash "$V/opendkim_verify.sh" zone.txt "${msgs[@]}" > od.txt 2>&1; rc=$?
check "demo: opendkim-testmsg passes every signature ($(grep -v ' pass$' od.txt | head -2))" test "$rc" -eq 0
check "demo: both verifiers saw 2 signatures per message" test "$(grep -c ' pass$' od.txt)" -eq $((2 * ${#msgs[@]}))

# SpamAssassin, local tests only; its own home so nothing is written to ~
mkdir -p sa-home
HOME=$TZ_TMP/sa-home spamassassin -L -t < "${msgs[0]}" > sa.txt 2> sa.err; rc=$?
score=$(sed -n 's/^X-Spam-Status: [A-Za-z]*, score=\([-0-9.]*\) .*/\1/p' sa.txt)
check "spamassassin ran (rc $rc, score '$score': $(tail -1 sa.err))" test -n "$score"
check "spamassassin score $score < 1.0" awk -v s="$score" 'BEGIN { exit !(s < 1.0) }'
rules=$(sed -n '/^X-Spam-Status:/,/^[^ \t]/p' sa.txt | tr -d '\n\t ' | sed 's/.*tests=//; s/autolearn.*//')
echo "spamassassin: score $score, rules $rules"
for r in HTML_FONT_LOW_CONTRAST HTML_IMAGE_ONLY MIME_HTML_ONLY HTML_SHORT_LINK_IMG MISSING_MID MISSING_DATE; do
	check "spamassassin rule $r does not fire" bash -c "! grep -qw '$r' <<< '${rules//,/ }'"
done
finish
