#!/usr/bin/env bash
# packaging/mkman.sh BIN OUTDIR - write techzine.1.gz and techzine-CMD.1.gz
# for every command `BIN help` lists, from `BIN help --man [CMD]` (the
# command table), gzip'd without a timestamp so the build is reproducible.
set -euo pipefail
bin=$1 out=$2
mkdir -p "$out"
rm -f "$out"/*.1.gz
"$bin" help --man > "$out/techzine.1"
for cmd in $("$bin" help | awk '/^commands:/ {f = 1; next} f && /^  [a-z]/ {print $1} f && /^$/ {exit}'); do
	"$bin" help --man "$cmd" > "$out/techzine-$cmd.1"
done
gzip -9nf "$out"/*.1
touch "$out/man.stamp"
