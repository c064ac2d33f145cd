#!/usr/bin/env bash
# init.sh - `techzine init`: the publication folder it makes (every file,
# the secret's mode, the header-only lists, the .gitignore), that `check`,
# `new`, `build` and a dry-run `send` work inside it, that the token secret
# file is what signs the unsubscribe links, and its refusals: a folder that
# is not empty (nothing changed), bad options, a secret others can read.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
unset TECHZINE_TOKEN_SECRET TECHZINE_DEMO
"$TECHZINE" init pub --name 'Zuid & Oost <Magazine>' --month 2026-11 > init.out 2>&1; rc=$?
check "init: exit 0 (got $rc; $(tail -1 init.out))" test "$rc" -eq 0
for f in README.md .gitignore issues/sources.xml issues/2026-11/issue.xml issues/2026-11/stories/welkom.xml \
	issues/2026-11/images/cover.jpg issues/inbox/voorbeeld.xml layouts/README.md layouts/magazine-a4.xml \
	layouts/magazine-a5.xml layouts/newsletter.xml subscribers/nieuwsbrief.csv subscribers/suppressed.csv \
	.techzine/token-secret; do
	check "init made $f" test -s "pub/$f"
done
check "the layouts are the defaults, byte for byte" cmp -s pub/layouts/magazine-a4.xml "$TZ_SRC/layouts/magazine-a4.xml"
check "the layouts note says they are copies to customise" grep -q "copies of techzine's default layouts" pub/layouts/README.md
check "the list is header only" test "$(cat pub/subscribers/nieuwsbrief.csv)" = "email,name,language,municipality,interests,status,consent_date,consent_source,last_change"
check "suppressed.csv is header only" test "$(cat pub/subscribers/suppressed.csv)" = "address,reason,date,source"
check ".gitignore keeps out/ and the secret out of git" bash -c "grep -qx 'out/' pub/.gitignore && grep -qx '.techzine/' pub/.gitignore"
check "the secret file is 0600" test "$(stat -c %a pub/.techzine/token-secret)" = 600
check "its folder is 0700" test "$(stat -c %a pub/.techzine)" = 700
check "the secret is long and random (43+ characters)" test "$(head -1 pub/.techzine/token-secret | tr -d '\n' | wc -c)" -ge 43
check "the README has the monthly routine in order" /usr/bin/python3 - pub/README.md <<'PY'
import re, sys
t = open(sys.argv[1]).read()
steps = ["Gather", "Compose", "Preview", "Build", "Test send", "Send", "Bounces", "Report"]
pos = [t.find("**" + s) for s in steps]
sys.exit(0 if all(p >= 0 for p in pos) and pos == sorted(pos) else 1)
PY
check "the name is escaped in the XML" grep -q '<title>Zuid &amp; Oost &lt;Magazine&gt;</title>' pub/issues/2026-11/issue.xml
check "sources.xml has commented examples" grep -q '<!--' pub/issues/sources.xml
check "no temporary folder left" bash -c "! ls -a | grep -q init-"

cd pub
"$TECHZINE" check issues/2026-11/issue.xml > check.out 2>&1; rc=$?
check "the first issue checks ok (got $rc; $(tail -1 check.out))" test "$rc" -eq 0
"$TECHZINE" gather > gather.out 2>&1; rc=$?
check "gather reads the empty feed list (got $rc; $(tail -1 gather.out))" test "$rc" -eq 0
"$TECHZINE" new 2026-12 --all-drafts > new.out 2>&1; rc=$?
check "new --all-drafts takes the example draft (got $rc; $(tail -1 new.out))" test "$rc" -eq 0
check "new moved the draft" test -f issues/2026-12/stories/voorbeeld.xml -a ! -e issues/inbox/voorbeeld.xml
"$TECHZINE" build issues/2026-12/issue.xml > build.out 2>&1; rc=$?
check "build inside the publication (got $rc; $(tail -1 build.out))" test "$rc" -eq 0
check "build wrote the PDF with the publication's layouts" test -s out/2026-12/techzine-2026-12.pdf
check "build wrote the newsletter" test -s out/2026-12/newsletter.html
# the new issue still has new's placeholders (the cover): build made proofs,
# check refuses it; the officer finishes it before sending
check "build says the output is proofs of an unfinished issue" grep -q "PROOFS ONLY" build.out
"$TECHZINE" check issues/2026-12/issue.xml > unready.out 2>&1; rc=$?
check "check refuses the unfinished issue (got $rc)" test "$rc" -eq 1
sed -i 's/NOG INVULLEN[^"<]*/De nieuwe omslag/g; s/status="concept"/status="klaar"/' issues/2026-12/issue.xml issues/2026-12/stories/*.xml
"$TECHZINE" check issues/2026-12/issue.xml > ready.out 2>&1; rc=$?
check "once finished it checks ok (got $rc; $(tail -1 ready.out))" test "$rc" -eq 0

# the token secret file signs the links when TECHZINE_TOKEN_SECRET is unset
"$TECHZINE" subscribers add nieuwsbrief lezer@example.nl --consent-source test > add.out 2>&1
"$TECHZINE" send issues/2026-12/issue.xml --list subscribers/nieuwsbrief.csv --outbox ob > send.out 2>&1; rc=$?
check "send with the secret file: exit 0 (got $rc; $(tail -1 send.out))" test "$rc" -eq 0
want=$(/usr/bin/python3 -c "import base64,hashlib,hmac,sys; print(base64.urlsafe_b64encode(hmac.new(sys.argv[1].encode(), b'lezer@example.nl', hashlib.sha256).digest()).decode()[:22])" "$(head -1 .techzine/token-secret)")
check "the unsubscribe token is the file secret's HMAC ($want)" grep -rq "t=$want" ob/new
# a subfolder finds the file too (as git finds .git)
mkdir -p sub && (cd sub && "$TECHZINE" send ../issues/2026-12/issue.xml --list ../subscribers/nieuwsbrief.csv --dry-run > ../dry.out 2>&1); rc=$?
check "from a subfolder: the secret file is found (got $rc; $(tail -1 dry.out))" test "$rc" -eq 0
# the environment wins over the file
TECHZINE_TOKEN_SECRET=env-secret-0123456789abcdef "$TECHZINE" send issues/2026-12/issue.xml \
	--list subscribers/nieuwsbrief.csv --outbox ob2 --force-resend > env.out 2>&1
check "TECHZINE_TOKEN_SECRET comes first" bash -c "! grep -rq 't=$want' ob2/new && ls ob2/new | grep -q ."
chmod 640 .techzine/token-secret
"$TECHZINE" send issues/2026-12/issue.xml --list subscribers/nieuwsbrief.csv --dry-run > perm.out 2>&1; rc=$?
check "a secret file others may read: refused, exit 2 (got $rc)" test "$rc" -eq 2
check "a secret file others may read: says chmod 600" grep -qE "chmod 600 '?[^ ]*\.techzine/token-secret" perm.out
chmod 600 .techzine/token-secret
cd ..

# refusals: a folder with something in it is not touched
mkdir busy && echo keep > busy/notes.txt
"$TECHZINE" init busy > busy.out 2>&1; rc=$?
check "init into a non-empty folder: exit 2 (got $rc)" test "$rc" -eq 2
check "init into a non-empty folder: says so" grep -q "'busy' is not empty" busy.out
check "init into a non-empty folder: nothing changed" test "$(ls -A busy)" = notes.txt
mkdir empty
"$TECHZINE" init empty --lang en --list leden > empty.out 2>&1; rc=$?
check "init into an empty folder: exit 0 (got $rc)" test "$rc" -eq 0
check "--list names the first list" test -f empty/subscribers/leden.csv
check "--lang en: the first issue is English" grep -q 'lang="en"' empty/issues/*/issue.xml
"$TECHZINE" init x --lang de > lang.out 2>&1; rc=$?
check "--lang de: usage error (got $rc)" test "$rc" -eq 2
"$TECHZINE" init y --month 2026-13 > month.out 2>&1; rc=$?
check "--month 2026-13: usage error (got $rc)" test "$rc" -eq 2
"$TECHZINE" init > none.out 2>&1; rc=$?
check "no folder: usage error (got $rc)" test "$rc" -eq 2
check "no half-made folders after the refusals" bash -c "! ls -A | grep -qE '^(x|y)$|init-'"
finish
