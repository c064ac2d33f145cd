#!/usr/bin/env bash
# Fault injection (SQLite/curl style): fail the Nth allocation for every N
# until the command succeeds; each run must end with a clean "out of memory"
# report and exit status 3, or succeed -- never crash, hang or print garbage.
. "$(dirname "$0")/lib.bash"
issue="$TZ_SRC/tests/fixtures/mini/issue.xml"
n=1
while :; do
	out=$(TECHZINE_FAIL_ALLOC=$n timeout 20 "$TECHZINE" check "$issue" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then
		check "check succeeds once allocation $n is past the last one" grep -q ": ok (" <<<"$out"
		break
	fi
	if [ $rc -ne 3 ] || ! grep -q "out of memory" <<<"$out"; then
		fail "allocation $n: exit $rc, output: $out"
	else
		ok
	fi
	n=$((n + 1))
	[ $n -le 5000 ] || { fail "no success after 5000 allocations"; break; }
done
echo "allocation failures injected: $((n - 1))"
finish
