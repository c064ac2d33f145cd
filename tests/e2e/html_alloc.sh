#!/usr/bin/env bash
# html_alloc.sh - fault injection for `techzine html`: fail the Nth
# allocation for every N until the command succeeds; each failing run must
# end with a clean "out of memory" report and exit status 3, never a crash
# (ASan builds catch leaks and bad frees on these paths too) and never a
# half-written newsletter.html (files are replaced atomically).
. "$(dirname "$0")/lib.bash"
issue="$TZ_SRC/tests/fixtures/mini/issue.xml"
out_dir="$TZ_TMP/out"
n=1
while :; do
	rm -rf "$out_dir"
	out=$(TECHZINE_FAIL_ALLOC=$n timeout 20 "$TECHZINE" html "$issue" -o "$out_dir" 2>&1); rc=$?
	if [ $rc -eq 0 ]; then
		check "html succeeds once allocation $n is past the last one" test -s "$out_dir/newsletter.html"
		break
	fi
	if [ $rc -ne 3 ] || ! grep -q "out of memory" <<<"$out"; then
		fail "allocation $n: exit $rc, output: $out"
	elif [ -e "$out_dir/newsletter.html" ] && ! grep -q "</html>" "$out_dir/newsletter.html"; then
		fail "allocation $n: truncated newsletter.html"
	else
		ok
	fi
	n=$((n + 1))
	[ $n -le 20000 ] || { fail "no success after 20000 allocations"; break; }
done
echo "allocation failures injected: $((n - 1))"
finish
