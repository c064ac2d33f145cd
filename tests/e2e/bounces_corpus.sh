#!/usr/bin/env bash
# bounces_corpus.sh - the real bounce corpus (../shared/bounce-corpus beside
# the source folder, or TZ_BOUNCE_CORPUS: another corpus of the same shape,
# e.g. a held-out set) through `techzine bounces`, compared with sisimai's
# verdicts; prints the agreement figures and fails below the targets of
# issue 24 (tests/bounces/corpus.py says how). Skipped (77) without a corpus.
. "$(dirname "$0")/lib.bash"
corpus=${TZ_BOUNCE_CORPUS:-$TZ_SRC/../shared/bounce-corpus}
if [ ! -f "$corpus/expected.csv" ]; then
	echo "skipped: no bounce corpus at $corpus"
	exit 77
fi
check "agreement with sisimai at or above the targets" \
	/usr/bin/python3 "$TZ_SRC/tests/bounces/corpus.py" "$TECHZINE" "$corpus"
finish
