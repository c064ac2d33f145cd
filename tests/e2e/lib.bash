# tests/e2e/lib.bash - sourced by the end-to-end scripts: a scratch folder
# removed on exit, pass/fail counters and the closing "N passed, N failed".
set -u
: "${TECHZINE:?set TECHZINE to the built binary}"
: "${TZ_SRC:?set TZ_SRC to the source folder}"
export TECHZINE_DATA="${TECHZINE_DATA:-$TZ_SRC}"
TZ_TMP=$(mktemp -d "${TMPDIR:-/tmp}/techzine-test.XXXXXX")
TZ_PIDS=()
tz_cleanup() {
	for p in "${TZ_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$TZ_TMP"
}
trap tz_cleanup EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# check NAME CONDITION-COMMAND...: pass when the command succeeds
check() {
	local name=$1; shift
	if "$@"; then ok; else fail "$name"; fi
}
# a free TCP port on 127.0.0.1
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
