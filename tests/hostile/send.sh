#!/usr/bin/env bash
# tests/hostile/send.sh - hostile mail header input through `techzine send`
# into a Maildir outbox: CR/LF, "Bcc:" lines, encoded-word look-alikes,
# quotes, bidi overrides and over-long names in the subscriber list, broken
# and smuggled addresses, and CR/LF in the issue's subject and sender. Every
# message must parse without defects, carry exactly one recipient and no
# injected header; refused input must be refused with a clear message
# before anything is written; nothing outside the work folder is written.
. "$TZ_SRC/tests/e2e/lib.bash"
HOSTILE="$TZ_SRC/tests/hostile"
export TECHZINE_DEMO=1
unset TECHZINE_TOKEN_SECRET
cd "$TZ_TMP"
cp -r "$TZ_SRC/tests/fixtures/mini" issue

trace_of() { # trace_of NAME: the strace prefix for a run, or nothing
	# LeakSanitizer cannot run under ptrace: leaks are the valgrind pass's
	strace -f -o /dev/null true 2>/dev/null &&
		echo "strace -f -qq -e trace=%file -o $TZ_TMP/$1.strace -E ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0"
}
confined() { # confined NAME WRITE_DIR...: the run touched nothing else
	local name=$1; shift
	[ -f "$TZ_TMP/$name.strace" ] || return 0
	local bad
	bad=$(/usr/bin/python3 "$HOSTILE/confined.py" "$TZ_TMP/$name.strace" --cwd "$TZ_TMP" \
		--read "$TZ_TMP" "$TZ_SRC/schema" "$TZ_SRC/layouts" \
		"$(dirname "$TECHZINE")" --write "$@")
	check "$name: touched nothing outside its folders: $bad" [ -z "$bad" ]
}

# write_list FILE EMAIL NAME ...: a subscriber CSV with these rows
write_list() {
	/usr/bin/python3 - "$@" <<'PY'
import csv, sys
out, args = sys.argv[1], sys.argv[2:]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["email", "name", "language", "municipality", "interests", "status",
                "consent_date", "consent_source", "last_change"])
    for email, name in zip(args[::2], args[1::2]):
        w.writerow([email, name, "nl", "Emmen", "", "active", "2026-01-01", "test", "2026-01-01"])
PY
}
# names and addresses that are odd but legal: delivered, correctly encoded
write_list list.csv ok@example.org "Gewone Lezer" \
	encoded@example.org "=?UTF-8?Q?Bcc=3A_everyone=40example=2Eorg?=" \
	quotes@example.org 'Vries, "R." \de\' \
	long@example.org "$(printf 'Zeer%.0s ' $(seq 300))lang" \
	accent@example.org "Renée Ĳzerman" \
	bidi@example.org "Lezer $(printf '\u202e')gnp.exe"

$(trace_of send) "$TECHZINE" send issue/issue.xml --list list.csv --outbox box --journal box.journal \
	>send.out 2>send.err
rc=$?
cat send.err
confined send "$TZ_TMP/box" "$TZ_TMP/box.journal" "$TZ_TMP/out"
check "send finishes with a clear status (exit $rc)" [ "$rc" -le 4 ]
v=$(/usr/bin/python3 - box <<'PY'
import email, email.policy, glob, os, sys
bad, seen = [], []
for f in sorted(glob.glob(os.path.join(sys.argv[1], "new", "*"))):
    raw = open(f, "rb").read()
    head = raw.split(b"\n\n", 1)[0]  # a Maildir file has LF line ends
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for line in head.split(b"\n"):
        if line[:1] not in (b" ", b"\t") and b":" not in line:
            bad.append("%s: header line without a name: %r" % (f, line[:60]))
        if len(line) > 998:
            bad.append("%s: header line over 998 bytes" % f)
    if b"\r" in head:
        bad.append("%s: a CR in the header" % f)
    names = [k.lower() for k in m.keys()]
    for h in ("bcc", "x-injected", "cc"):
        if h in names:
            bad.append("%s: injected %s header" % (f, h))
    if names.count("to") != 1 or len(m["To"].addresses) != 1:
        bad.append("%s: not exactly one recipient: %r" % (f, m.get_all("To")))
    d = list(m.defects) + [x for p in m.walk() for x in p.defects]
    if d:
        bad.append("%s: defects %r" % (f, d))
    seen.append(m["To"].addresses[0].addr_spec)
    if "everyone@example.org" in str(m["To"]):
        bad.append("%s: smuggled recipient" % f)
print("\n".join(bad) if bad else "ok " + " ".join(sorted(seen)))
PY
)
echo "$v"
check "every message clean, one recipient each ($v)" grep -q "^ok " <<<"$v"
check "the ordinary subscriber got the newsletter" grep -q "ok@example.org" <<<"$v"
for a in "evil@example.org>" "with space@example.org" "everyone@example.org"; do
	check "no message to '$a'" bash -c '! grep -qF -- "$1" <<<"$2"' _ " $a" "$v"
done
names=$(/usr/bin/python3 - box list.csv <<'PY'
# decode_header is RFC 2047 exact; policy.default's phrase parser puts a
# space between adjacent encoded words, which RFC 2047 6.2 says to drop
import csv, email, email.header, email.utils, glob, os, sys
want = {r["email"]: r["name"] for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
bad = []
for f in glob.glob(os.path.join(sys.argv[1], "new", "*")):
    m = email.message_from_binary_file(open(f, "rb"))
    name, addr = email.utils.parseaddr(m["To"])
    name = str(email.header.make_header(email.header.decode_header(name)))
    if name != want[addr]:
        bad.append("%s: %r != %r" % (addr, name[:40], want[addr][:40]))
print("\n".join(bad) if bad else "ok")
PY
)
check "every display name (quotes, backslashes, encoded-word look-alike, 1,500 bytes, bidi) decodes to exactly the list's name ($names)" [ "$names" = ok ]
check "the bidi override in a name is encoded, not sent raw" bash -c "! grep -rqF \$'\\u202e' box/new/"
check "the encoded-word look-alike is itself encoded" grep -rqF "=?UTF-8?Q?=3D=3FUTF-8=3FQ=3FBcc" box/new/

# each hostile row alone: the whole send is refused before anything is
# written, and the message names the row
i=0
while IFS='|' read -r addr name; do
	i=$((i + 1))
	addr=$(printf '%b' "$addr"); name=$(printf '%b' "$name")
	write_list "bad$i.csv" ok@example.org "Gewone Lezer" "$addr" "$name"
	"$TECHZINE" send issue/issue.xml --list "bad$i.csv" --outbox "box$i" --journal "box$i.journal" \
		>"bad$i.out" 2>"bad$i.err"
	rc=$?
	shown=$(printf '%q' "$addr / $name")
	check "hostile row $shown: refused with a usage or content error (exit $rc)" [ "$rc" -eq 1 -o "$rc" -eq 2 ]
	check "hostile row $shown: the error names the file and row ($(head -c 200 "bad$i.err"))" \
		grep -qE "^bad$i.csv:3: error: .*nothing was sent" "bad$i.err"
	check "hostile row $shown: no raw control character reaches the terminal" \
		bash -c "! LC_ALL=C grep -q \$'[\\x01-\\x08\\x0b-\\x1f\\x7f]' 'bad$i.err'"
	check "hostile row $shown: nothing written" [ -z "$(ls "box$i/new" 2>/dev/null)" ]
done <<'ROWS'
crlf-name@example.org|Eve\r\nBcc: everyone@example.org
lf-name@example.org|Eve\nX-Injected: yes
cr-name@example.org|Eve\rBcc: everyone@example.org
nul@example.org|Tab\tand\x01control
evil@example.org>, everyone@example.org|Komma
evil@example.org\r\nBcc: everyone@example.org|Adres met regeleinde
with space@example.org|Spatie
<angle@example.org>|Haken
two@at@example.org|Twee apenstaartjes
ROWS

# CR/LF smuggled into the issue's sender: refused before anything is written
cp -r issue issue-from
sed -i 's|from="[^"]*"|from="TechZine \&lt;a@example.org\&gt;\&#13;\&#10;Bcc: everyone@example.org"|' issue-from/issue.xml
"$TECHZINE" send issue-from/issue.xml --list list.csv --outbox box-from --journal box-from.journal \
	>from.out 2>from.err
rc=$?
check "CR/LF in the sender: exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "CR/LF in the sender: says why" grep -qF "mail from contains a line break" from.err
check "CR/LF in the sender: nothing written" [ ! -e box-from/new ] || [ -z "$(ls box-from/new)" ]

# CR/LF in the subject (a character reference): folded into one line
cp -r issue issue-subj
sed -i 's|<subject>[^<]*</subject>|<subject>Nieuws\&#13;\&#10;Bcc: everyone@example.org</subject>|' issue-subj/issue.xml
"$TECHZINE" send issue-subj/issue.xml --list list.csv --outbox box-subj --journal box-subj.journal \
	>subj.out 2>subj.err
rc=$?
check "CR/LF in the subject: send finishes (exit $rc)" [ "$rc" -le 4 ]
check "CR/LF in the subject: no Bcc header" bash -c '! grep -rqi "^Bcc:" box-subj/new/'
check "CR/LF in the subject: one Subject line per message" bash -c \
	'for f in box-subj/new/*; do [ "$(grep -c "^Subject:" "$f")" -eq 1 ] || exit 1; done'
finish
