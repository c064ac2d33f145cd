#!/usr/bin/env bash
# tests/valgrind/import_smoke.sh - `techzine import` under valgrind (run by
# tests/valgrind/run only): every reader on the fixtures of e2e/import
# (python-docx's Word document, LibreOffice's .docx and .odt of the same
# story, Markdown with its photos, HTML, text) and the refusals that stop
# early (zip bombs, traversal, symlink, DOCTYPE, truncated, OLE). The
# 5,000-page document and the build of the imported stories run under ASan
# in e2e/import.
. "$(dirname "$0")/../e2e/lib.bash"
PY=/usr/bin/python3
FX="$TZ_TMP/fx"
$PY "$TZ_SRC/tests/import/make_fixtures.py" "$FX" small >/dev/null || fail "fixtures"
export HOME="$TZ_TMP/home"
mkdir -p "$HOME"
for to in 'docx:MS Word 2007 XML' odt; do
	soffice --headless --norestore "-env:UserInstallation=file://$TZ_TMP/lo" --convert-to "$to" \
		--outdir "$FX/lo" "$FX/story.fodt" >/dev/null 2>&1
done
n=0
for f in "$FX/word-nl.docx" "$FX/lo/story.docx" "$FX/lo/story.odt" "$FX/story.md" "$FX/story.html" "$FX/story.txt"; do
	n=$((n + 1))
	"$TECHZINE" import "$f" -o "$TZ_TMP/out$n" --municipality Emmen >/dev/null 2>&1
	check "$(basename "$f"): imported under valgrind" [ $? -eq 0 ]
done
$PY "$TZ_SRC/tests/import/make_bad.py" "$FX/word-nl.docx" "$TZ_TMP/bad" >/dev/null || fail "bad documents"
for f in bomb-ratio.docx many.docx dotdot.docx symlink.docx doctype.docx doctype-styles.docx \
	truncated.docx encrypted.docx old.doc story.rtf bad-image.docx macro.docm; do
	"$TECHZINE" import "$TZ_TMP/bad/$f" -o "$TZ_TMP/bad-out/$f" >/dev/null 2>&1
	rc=$?
	check "$f: a clear verdict under valgrind (rc $rc)" test "$rc" -eq 0 -o "$rc" -eq 1
done
finish
