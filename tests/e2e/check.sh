#!/usr/bin/env bash
# End-to-end: `techzine check` accepts the demo and mini issues and refuses
# every bad input in tests/bad/ with the exact file:line, message and exit
# status listed in the case's `expect` file, without opening any file
# outside the issue folder (verified with strace).
. "$(dirname "$0")/lib.bash"

# the good issues
for issue in "$TZ_SRC/issues/2026-12/issue.xml" "$TZ_SRC/tests/fixtures/mini/issue.xml"; do
	[ -f "$issue" ] || { fail "missing $issue"; continue; }
	out=$("$TECHZINE" check "$issue" 2>&1); rc=$?
	check "check $issue exits 0 (got $rc: $out)" [ "$rc" -eq 0 ]
	check "check $issue says ok" grep -q ": ok (" <<<"$out"
done

have_strace=0
command -v strace >/dev/null && have_strace=1

for dir in "$TZ_SRC"/tests/bad/*/; do
	name=$(basename "$dir")
	case_dir="$TZ_TMP/$name"
	cp -r "$TZ_SRC/tests/fixtures/mini" "$case_dir"
	cp -r "$dir/." "$case_dir/"
	rm -f "$case_dir/expect" "$case_dir/prepare"
	if [ -f "$dir/prepare" ]; then (cd "$case_dir" && bash "$dir/prepare"); fi
	want_rc=$(head -n 1 "$dir/expect")
	out=$(cd "$case_dir" && "$TECHZINE" check issue.xml 2>&1); rc=$?
	check "$name: exit $want_rc (got $rc)" [ "$rc" -eq "$want_rc" ]
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		if ! grep -qF -- "$line" <<<"$out"; then
			fail "$name: expected '$line' in output:"; echo "$out" >&2
		else ok; fi
	done < <(tail -n +2 "$dir/expect")
	if [ $have_strace = 1 ]; then
		trace="$TZ_TMP/$name.strace"
		(cd "$case_dir" && strace -f -qq -e trace=open,openat -o "$trace" "$TECHZINE" check issue.xml >/dev/null 2>&1)
		# every file opened is a system library/config, the schema, or inside the case folder
		bad=$(grep -oE '"[^"]+"' "$trace" | tr -d '"' | grep -vE '^(/usr/|/lib|/etc/ld\.so|/proc/|/sys/|/dev/|/etc/fonts/|/etc/localtime)' \
			| grep -vF "$TZ_SRC/schema/" | grep -vE '^[^/]' | grep -vF "$case_dir" || true)
		check "$name: opened nothing outside the issue folder ($bad)" [ -z "$bad" ]
	fi
done

# the XML size limit: a story of exactly 4 MiB is read, one byte more is refused
lim="$TZ_TMP/limit"
cp -r "$TZ_SRC/tests/fixtures/mini" "$lim"
/usr/bin/python3 - "$lim/stories/twee.xml" 4194304 <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
head = '<?xml version="1.0" encoding="UTF-8"?>\n<story id="twee" kind="news"><headline>Lang</headline><body><p>'
tail = '</p></body></story>\n'
para = '</p><p>' + 'woord ' * 100
body = (para * (size // len(para) + 1))[: size - len(head) - len(tail)]
body = body[: body.rfind('</p><p>')] + ' ' * (len(body) - body.rfind('</p><p>'))
open(path, 'w').write(head + body + tail)
PY
check "4 MiB story is exactly at the limit" [ "$(stat -c %s "$lim/stories/twee.xml")" -eq 4194304 ]
out=$(cd "$lim" && "$TECHZINE" check issue.xml 2>&1); rc=$?
check "story of exactly 4 MiB is accepted (rc $rc: $out)" [ "$rc" -eq 0 ]
printf ' ' >> "$lim/stories/twee.xml"
out=$(cd "$lim" && "$TECHZINE" check issue.xml 2>&1); rc=$?
check "story over 4 MiB is refused (rc $rc)" [ "$rc" -eq 1 ]
check "size error names the file and the limit" grep -qF "stories/twee.xml' is too large" <<<"$out"

# one block's text is limited to 1 MiB: a 2 MiB paragraph is refused at its line
/usr/bin/python3 - "$lim/stories/twee.xml" <<'PY'
import sys
open(sys.argv[1], 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n<story id="twee" kind="news">\n<headline>Lang</headline>\n<body>\n<p>' + 'x' * (2 << 20) + '</p></body></story>\n')
PY
out=$(cd "$lim" && "$TECHZINE" check issue.xml 2>&1); rc=$?
check "2 MiB paragraph is refused (rc $rc)" [ "$rc" -eq 1 ]
check "long paragraph error has file:line" grep -qF "stories/twee.xml:5: error: the text of <p> is longer than 1048576 bytes" <<<"$out"

# usage errors
"$TECHZINE" check >/dev/null 2>&1; rc=$?
check "check without arguments exits 2 (got $rc)" [ "$rc" -eq 2 ]
"$TECHZINE" frobnicate >/dev/null 2>&1; rc=$?
check "unknown command exits 2 (got $rc)" [ "$rc" -eq 2 ]
out=$("$TECHZINE" check "$TZ_TMP/nonexistent.xml" 2>&1); rc=$?
check "missing issue file exits 1 (got $rc)" [ "$rc" -eq 1 ]
check "missing issue names the file" grep -qF "nonexistent.xml" <<<"$out"
"$TECHZINE" --version | grep -qE '^techzine [0-9]'; check "--version" [ $? -eq 0 ]
"$TECHZINE" help check | grep -q "usage: techzine check"; check "help check" [ $? -eq 0 ]

finish
