#!/usr/bin/env bash
# install.sh - `cmake --install` into a temporary prefix, then the installed
# techzine run from a folder outside the checkout with TECHZINE_DATA unset:
# it finds its data beside itself (--version says where), init, new and
# build work; --data-dir, TECHZINE_DATA and a project folder come first, in
# that order; one manual page per command, each naming every option that
# `techzine help CMD` names; the bash completion completes commands,
# options, issue files and lists.
. "$(dirname "$0")/lib.bash"
: "${TZ_BUILD:?set TZ_BUILD to the build folder}"
P="$TZ_TMP/prefix"
cmake --install "$TZ_BUILD" --prefix "$P" > "$TZ_TMP/install.log" 2>&1; rc=$?
check "cmake --install: exit 0 (got $rc; $(tail -1 "$TZ_TMP/install.log"))" test "$rc" -eq 0
for f in bin/techzine share/techzine/schema/issue.rng share/techzine/schema/layout.rng \
	share/techzine/layouts/magazine-a4.xml share/techzine/layouts/newsletter.xml \
	share/techzine/templates/publication/issue.xml share/techzine/docs/README.md \
	share/techzine/docs/LICENSE share/techzine/docs/send.md share/doc/techzine/copyright \
	share/man/man1/techzine.1.gz share/bash-completion/completions/techzine; do
	check "installed $f" test -s "$P/$f"
done
tz="$P/bin/techzine"
unset TECHZINE_DATA TECHZINE_TOKEN_SECRET TECHZINE_DEMO
mkdir "$TZ_TMP/away" && cd "$TZ_TMP/away"
"$tz" --version > version.txt 2>&1; rc=$?
check "--version: exit 0 (got $rc)" test "$rc" -eq 0
check "--version: the installed data folder ($(sed -n 2p version.txt))" grep -q "^data *$P/share/techzine (installed)$" version.txt
for lib in libxml2 libcurl libharu libetpan lcms2 libhyphen; do
	check "--version names $lib with a version" grep -qE "^$lib +[0-9]+\.[0-9]+" version.txt
done
check "--version: libcurl's own version" grep -q "^libcurl *$(/usr/bin/python3 -c 'import ctypes,ctypes.util; l=ctypes.CDLL(ctypes.util.find_library("curl-gnutls") or "libcurl-gnutls.so.4"); l.curl_version.restype=ctypes.c_char_p; print(l.curl_version().decode().split()[0].split("/")[1])')" version.txt

# the search order: --data-dir, TECHZINE_DATA, the project folder, installed
"$tz" --data-dir "$TZ_SRC" --version | sed -n 2p > dd.txt
check "--data-dir comes first" grep -q "^data *$TZ_SRC (--data-dir)" dd.txt
TECHZINE_DATA="$TZ_SRC" "$tz" --version | sed -n 2p > env.txt
check "then TECHZINE_DATA" grep -q "^data *$TZ_SRC (TECHZINE_DATA)" env.txt
(cd "$TZ_SRC/schema" && "$tz" --version | sed -n 2p) > proj.txt
check "then the project folder (a parent with schema/)" grep -q "^data *$TZ_SRC (project folder)" proj.txt
"$tz" --data-dir > ddbad.txt 2>&1; rc=$?
check "--data-dir without a folder: usage error (got $rc)" test "$rc" -eq 2

# a publication without the checkout
"$tz" init pub --month 2026-11 > init.out 2>&1; rc=$?
check "installed init (got $rc; $(tail -1 init.out))" test "$rc" -eq 0
cd pub
"$tz" new 2026-12 > new.out 2>&1; rc=$?
check "installed new (got $rc; $(tail -1 new.out))" test "$rc" -eq 0
"$tz" build issues/2026-12/issue.xml > build.out 2>&1; rc=$?
check "installed build (got $rc; $(tail -1 build.out))" test "$rc" -eq 0
check "installed build wrote the PDF" test -s out/2026-12/techzine-2026-12.pdf
cd ..

# the manual: one page per command, the same text as techzine help
cmds=$("$tz" help | awk '/^commands:/ {f = 1; next} f && /^  [a-z]/ {print $1} f && /^$/ {exit}')
check "help lists the commands ($(echo $cmds))" test "$(wc -w <<<"$cmds")" -ge 10
for c in $cmds; do
	page="$P/share/man/man1/techzine-$c.1.gz"
	if [ ! -s "$page" ]; then fail "no manual page for $c"; continue; fi
	MANWIDTH=200 man -l "$page" 2>/dev/null > "man-$c.txt"
	missing=""
	for o in $("$tz" help "$c" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
		grep -q -- "$o" "man-$c.txt" || missing="$missing $o"
	done
	check "man techzine-$c names every option of techzine help $c (missing:${missing:- none})" test -z "$missing"
	summary=$("$tz" help | awk -v c="$c" '$1 == c {$1 = ""; sub(/^ +/, ""); print}')
	check "man techzine-$c: the summary of the command table" grep -qF "techzine-$c - $summary" "man-$c.txt"
done
MANWIDTH=200 man -l "$P/share/man/man1/techzine-send.1.gz" > send.txt 2>/dev/null
check "man techzine-send shows the send reference (--rate, exit 4 and 5)" \
	bash -c "grep -q -- '--rate R' send.txt && grep -q 'Exit 4 when a recipient was not delivered' send.txt"
MANWIDTH=200 man -l "$P/share/man/man1/techzine.1.gz" > techzine.txt 2>/dev/null
check "man techzine lists every command" bash -c 'for c in $1; do grep -q "techzine-$c(1)" "$2" || exit 1; done' _ "$cmds" techzine.txt

# bash completion, as bash would call it
complete_words() { # complete_words WORD... : the completions of the last word
	PATH="$P/bin:$PATH" bash -c '
		. /usr/share/bash-completion/bash_completion
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_techzine techzine "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$P/share/bash-completion/completions/techzine" "$@"
}
if [ -r /usr/share/bash-completion/bash_completion ]; then
	check "completion: techzine se -> send" grep -qx send <(complete_words techzine se)
	check "completion: techzine in -> init" grep -qx init <(complete_words techzine in)
	check "completion: send --li -> --list" grep -qx -- --list <(complete_words techzine send mini.xml --li)
	check "completion: pdf --la -> --layout" grep -qx -- --layout <(complete_words techzine pdf --la)
	(cd pub && complete_words techzine build iss) > issues.txt
	check "completion: build iss -> the issue files ($(tr '\n' ' ' < issues.txt))" grep -qx issues/2026-12/issue.xml issues.txt
	(cd pub && complete_words techzine send issues/2026-12/issue.xml --list sub) > lists.txt
	check "completion: --list -> the lists ($(tr '\n' ' ' < lists.txt))" grep -qx subscribers/nieuwsbrief.csv lists.txt
else
	fail "bash-completion is not installed (scripts/setup installs it): completion not checked"
fi
finish
