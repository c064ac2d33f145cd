#!/usr/bin/env bash
# subscribers_concurrency.sh - two techzine processes change one list at
# the same time, 1,000 changes each: all 2,000 arrive (the folder lock).
# A writer killed in the middle of a write (SIGKILL injected by strace at
# the write(2) of the temp file, at the rename(2), and at random moments)
# leaves the old or the new file, never a mix, and the next write cleans up.
# (The list is written with one write(2), so the injected kills fall before
# the data, between data and fsync, and between fsync and rename. An
# unsubscribe writes suppressed.csv first (folder.c: a kill between the two
# files must never leave an unsubscribed row without its suppression
# entry), so the list's write, fsync and rename are the second of each, and
# a kill there leaves the suppression entry already in place.)
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_TODAY=2026-12-01
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
PY=/usr/bin/python3

writer() { # writer NAME: 1,000 adds, one process each
	local i
	# 2,000 runs: the leak check at each exit is covered by the other suites
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0"
	for i in $(seq 1 1000); do
		"$TECHZINE" subscribers add subscribers/demo.csv "$1-$i@example.org" \
			--consent-source "test $1" > /dev/null 2>> "$1.err" || echo "$i" >> "$1.failed"
	done
}
start=$(date +%s)
writer a & pa=$!
writer b & pb=$!
wait $pa $pb
echo "2 x 1,000 concurrent adds: $(( $(date +%s) - start )) s"
check "no add failed (a: $(cat a.failed 2>/dev/null | wc -l), b: $(cat b.failed 2>/dev/null | wc -l))" sh -c "[ ! -s a.failed ] && [ ! -s b.failed ]"
check "all 2,000 changes are in the list" $PY -c "
import csv
rows = [r['email'] for r in csv.DictReader(open('subscribers/demo.csv', encoding='utf-8', newline=''))]
want = {'%s-%d@example.org' % (w, i) for w in 'ab' for i in range(1, 1001)}
assert want <= set(rows), len(want - set(rows))
assert len(rows) == 12 + 2000, len(rows)
"
check "the demo subscribers are untouched" test "$(head -13 subscribers/demo.csv | sha256sum)" = "$(sha256sum < "$TZ_SRC/subscribers/demo.csv")"

# a big list makes a write take a while
$PY - > subscribers/big.csv <<'PY'
print("email,name,language,municipality,interests,status,consent_date,consent_source,last_change\r")
for i in range(100000):
    print("lid%06d@bedrijf.example,Lid %d,nl,Emmen,onderwijs;agenda,active,2025-01-01,test,2025-01-01\r" % (i, i))
PY
valid() { # valid FILE: parses, and is exactly the old or the new version
	$PY - "$1" <<'PY'
import csv, hashlib, sys
data = open(sys.argv[1], "rb").read()
rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
assert len(rows) == 100000, len(rows)
st = {r["email"]: r["status"] for r in rows}
old = all(s == "active" for s in st.values())
new = st["lid050000@bedrijf.example"] == "unsubscribed" and sum(s != "active" for s in st.values()) == 1
assert old or new, "a mix"
print("old" if old else "new")
PY
}
cp subscribers/big.csv big.orig
if command -v strace > /dev/null && strace -f -o /dev/null true 2>/dev/null; then
	for inject in "write:signal=SIGKILL:when=2" "fsync:signal=SIGKILL:when=3" "rename:signal=SIGKILL:when=2"; do
		cp big.orig subscribers/big.csv
		rm -f subscribers/suppressed.csv
		strace -f -o /dev/null -e trace="${inject%%:*}" -e inject="$inject" \
			"$TECHZINE" subscribers unsubscribe subscribers/big.csv lid050000@bedrijf.example \
			> /dev/null 2>&1
		state=$(valid subscribers/big.csv 2>&1)
		check "killed at $inject: the old file, whole ($state)" test "$state" = old
		check "killed at $inject: a temp file was left (the kill hit mid-write)" \
			sh -c 'ls subscribers/ | grep -q "big.csv.tmp."'
		check "killed at $inject: the suppression entry is already there" \
			grep -q "^sha256:$(printf %s lid050000@bedrijf.example | sha256sum | cut -d' ' -f1)," subscribers/suppressed.csv
	done
	# killed after the rename, at the fsync of the folder: the new file
	cp big.orig subscribers/big.csv
	rm -f subscribers/suppressed.csv
	strace -f -o /dev/null -e trace=fsync -e inject=fsync:signal=SIGKILL:when=4 \
		"$TECHZINE" subscribers unsubscribe subscribers/big.csv lid050000@bedrijf.example \
		> /dev/null 2>&1
	state=$(valid subscribers/big.csv 2>&1)
	check "killed after the rename: the new file, whole ($state)" test "$state" = new
	cp big.orig subscribers/big.csv
	: > subscribers/big.csv.tmp.999999
	"$TECHZINE" subscribers unsubscribe subscribers/big.csv lid050000@bedrijf.example > /dev/null 2>&1
	state=$(valid subscribers/big.csv 2>&1)
	check "the next write succeeds ($state)" test "$state" = new
	check "and removes the stale temp files" sh -c '! ls subscribers/ | grep -q "\.tmp\."'
else
	echo "SKIP: strace cannot trace here; only random kills" >&2
fi
# random moments: whatever happens, the file is whole
mixes=0
for i in $(seq 1 12); do
	cp big.orig subscribers/big.csv
	"$TECHZINE" subscribers unsubscribe subscribers/big.csv lid050000@bedrijf.example > /dev/null 2>&1 &
	p=$!
	sleep "0.0$((i * 7 % 10))$((i % 10))"
	kill -9 $p 2>/dev/null
	wait $p 2>/dev/null
	state=$(valid subscribers/big.csv 2>&1) || { mixes=$((mixes + 1)); echo "kill $i: $state" >&2; }
done
check "12 random kills: never a broken or mixed file ($mixes)" test "$mixes" -eq 0
finish
