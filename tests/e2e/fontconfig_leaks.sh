#!/usr/bin/env bash
# fontconfig_leaks.sh - debug builds call FcFini() at exit, so a leak report
# is clean without tests/lsan.supp or the valgrind suppression: the print
# commands (which load fonts through fontconfig) run under LeakSanitizer
# with no suppressions at all and must report nothing. Only an ASan build
# can tell (scripts/test builds one); a release build skips with a note.
. "$(dirname "$0")/lib.bash"
if ! grep -q __asan_init "$TECHZINE" 2>/dev/null; then
	echo "SKIP: $TECHZINE is not an AddressSanitizer build" >&2
	finish
	exit
fi
cd "$TZ_TMP"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export LSAN_OPTIONS="print_suppressions=0" # no suppressions file
"$TECHZINE" pdf "$TZ_SRC/tests/fixtures/mini/issue.xml" -o mini.pdf > pdf.out 2>&1; rc=$?
check "pdf without leak suppressions: exit 0 (got $rc)" test "$rc" -eq 0
check "pdf: no leak reported ($(grep -m1 'SUMMARY' pdf.out))" bash -c "! grep -q LeakSanitizer pdf.out"
"$TECHZINE" check --print "$TZ_SRC/tests/fixtures/mini/issue.xml" > check.out 2>&1; rc=$?
check "check --print without leak suppressions: exit 0 (got $rc)" test "$rc" -eq 0
check "check --print: no leak reported ($(grep -m1 'SUMMARY' check.out))" bash -c "! grep -q LeakSanitizer check.out"
finish
