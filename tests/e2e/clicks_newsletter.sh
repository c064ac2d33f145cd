#!/usr/bin/env bash
# clicks_newsletter.sh - <mail track-clicks="yes">: every http(s) link of
# the e-mail edition (HTML and the text's numbered links) is the list
# server's signed counting link, byte for byte what `list-server
# --click-url` prints, and leads to the original through a running list
# server (302, counted per day in subscribers/clicks/<issue>.clicks). The
# merge slots (web version, unsubscribe, preferences) stay as they were;
# without track-clicks no link changes; the links of `send` are the same.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=clicks-e2e-secret-0123456789 TECHZINE_TODAY=2026-12-01
unset TECHZINE_DEMO
PY=/usr/bin/python3
port=$(free_port)
B=http://127.0.0.1:$port
mkdir -p issues subscribers
cp -r "$TZ_SRC/issues/2026-12" issues/
ln -s "$TZ_SRC/keys" keys # the demo issue's DKIM keys (setup/demo-key)
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
"$TECHZINE" html issues/2026-12/issue.xml -o plain > plain.log 2>&1
check "without track-clicks: html exit 0" test $? -eq 0
sed -i "s|<mail |<mail track-clicks=\"yes\" click-base=\"$B\" |" issues/2026-12/issue.xml
"$TECHZINE" check issues/2026-12/issue.xml > check.log 2>&1
check "techzine check accepts track-clicks and click-base" test $? -eq 0
"$TECHZINE" html issues/2026-12/issue.xml -o counted > counted.log 2>&1
check "with track-clicks: html exit 0" test $? -eq 0
(unset TECHZINE_TOKEN_SECRET; "$TECHZINE" html issues/2026-12/issue.xml -o nosecret > nosecret.log 2>&1)
check "with track-clicks but no secret: exit 2, says which variable" sh -c "[ $? -eq 2 ] && grep -q TECHZINE_TOKEN_SECRET nosecret.log"

# The links of both editions, as (original, counted) pairs; the script
# fails loudly when a link is neither a slot, a mailto nor a counting link.
cat > links.py <<'PYEOF'
import base64, html.parser, re, sys
kind, plain, counted, base = sys.argv[1:5]
slots = ("/index.html", "/u/VOORBEELD", "/p/VOORBEELD")
def html_links(path):
    out = []
    class P(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if tag == "a" and k == "href":
                    out.append(v)
    P().feed(open(path, encoding="utf-8").read())
    return out
def text_links(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out = []
    for i, l in enumerate(lines):
        m = re.fullmatch(r"\[\d+\] (\S+)", l)
        if m:
            out.append(m.group(1))
        elif re.fullmatch(r"\[\d+\]", l):
            out.append(lines[i + 1])
    return out
get = html_links if kind == "html" else text_links
def story(u):  # not a merge slot nor a mailto
    return u.startswith("http") and not u.endswith(slots)
p = [u for u in get(plain) if story(u)]
c = [u for u in get(counted) if u.startswith("http") and not u.endswith(slots)]
assert len(p) >= 10 and len(p) == len(c), (len(p), len(c))
assert [u for u in get(plain) if not story(u)] == [u for u in get(counted) if not u.startswith("http") or u.endswith(slots)], "slots or mailto changed"
for a, b in zip(p, c):
    m = re.fullmatch(re.escape(base) + r"/r/2026-12/([A-Za-z0-9_-]+)\?s=[A-Za-z0-9_-]{22}", b)
    assert m, "not a counting link: " + b
    s = m.group(1)
    assert base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)).decode() == a, (a, b)
    assert "@" not in b and "e=" not in b, "a reader in a link: " + b
    print(a + "\t" + b)
PYEOF
$PY links.py html plain/newsletter.html counted/newsletter.html "$B" > html.pairs 2> html.err
check "every story link of newsletter.html is a counting link of its original ($(tail -1 html.err))" test -s html.pairs
$PY links.py text plain/newsletter.txt counted/newsletter.txt "$B" > text.pairs 2> text.err
check "every numbered link of newsletter.txt is a counting link of its original ($(tail -1 text.err))" test -s text.pairs
check "the links include story pages and outside pages" sh -c "grep -q '^https://dutchtechzone.example/techzine/2026-12/[a-z-]*.html	' html.pairs && grep -qv '^https://dutchtechzone.example/techzine/' html.pairs"
check "no counting link without track-clicks" sh -c "! grep -q '/r/2026-12/' plain/newsletter.html plain/newsletter.txt"

sed -e "s|public-url=\"[^\"]*\"|public-url=\"$B\"|" "$TZ_SRC/subscribers/server.xml" > subscribers/server.xml
check "the server configuration counts clicks" grep -q '<clicks track="yes" dir="clicks"/>' subscribers/server.xml
same=0 differ=0
while IFS=$'\t' read -r orig link; do
	if [ "$("$TECHZINE" list-server --config subscribers/server.xml --click-url 2026-12 "$orig")" = "$link" ]; then
		same=$((same + 1))
	else
		differ=$((differ + 1)); echo "differs: $orig $link" >&2
	fi
done < <(sort -u html.pairs text.pairs)
check "every link is what list-server --click-url prints ($same same, $differ differ)" test "$same" -ge 10 -a "$differ" -eq 0

"$TECHZINE" list-server --listen "127.0.0.1:$port" --config subscribers/server.xml 2> server.log &
srv=$!
TZ_PIDS+=($srv)
for _ in $(seq 1200); do grep -q listening server.log 2>/dev/null && break; kill -0 $srv 2>/dev/null || break; sleep 0.05; done
check "the list server runs" grep -q "listening on 127.0.0.1:$port" server.log
one=$(sed -n 1p html.pairs) two=$(grep -v '^https://dutchtechzone.example/techzine/' html.pairs | sed -n 1p)
follow() { curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "${1#*	}"; }
check "story link: 302 to its page" test "$(follow "$one")" = "302 ${one%%	*}"
check "again: 302" test "$(follow "$one")" = "302 ${one%%	*}"
check "outside link: 302 to it" test "$(follow "$two")" = "302 ${two%%	*}"
tampered="${two#*	}"
tampered="${tampered%%\?s=*}?s=AAAAAAAAAAAAAAAAAAAAAA"
check "a forged signature: 403" test "$(curl -s -o /dev/null -w '%{http_code}' "$tampered")" = 403
f=subscribers/clicks/2026-12.clicks
day=$(date -u +%F)
check "the counter file has the three clicks" test "$(wc -l < "$f")" -eq 3
check "two on the story page, today" test "$(grep -cxF "$day	${one%%	*}" "$f")" -eq 2
check "one on the outside link" test "$(grep -cxF "$day	${two%%	*}" "$f")" -eq 1
kill -TERM $srv; wait $srv

# send writes the same links into the mail it composes
"$TECHZINE" send issues/2026-12/issue.xml --list subscribers/demo.csv --outbox ob > send.log 2>&1
check "send with track-clicks: exit 0" test $? -eq 0
$PY - "$B" > send.check 2>&1 <<'PYEOF'
import email, email.policy, glob, re, sys
base = sys.argv[1]
html_links = [l.rstrip("\n").split("\t")[1] for l in open("html.pairs")]
text_links = [l.rstrip("\n").split("\t")[1] for l in open("text.pairs")]
seen = 0
for f in sorted(glob.glob("ob/new/*")):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    h = m.get_body(("html",)).get_content()
    t = m.get_body(("plain",)).get_content()
    if not re.search(r'<html[^>]* lang="nl"', h):
        continue  # the English edition has its own pages
    seen += 1
    # a reader's mail may leave out stories (segments): every counting
    # link in it is one of the edition's, and there are enough of them
    hr = re.findall(r'href="(' + re.escape(base) + r'/r/[^"]*)"', h)
    tr = re.findall(re.escape(base) + r'/r/\S*', t)
    assert len(hr) >= 8 and set(hr) <= set(html_links), "html part: %s" % sorted(set(hr) - set(html_links))
    assert len(tr) >= 5 and set(tr) <= set(text_links), "text part: %s" % sorted(set(tr) - set(text_links))
    left = [u for u in re.findall(r'href="(https://dutchtechzone\.example/techzine/[^"]*)"', h)
            if not u.endswith("/index.html")]  # the web version's slot stays
    assert left == [], "story pages not counted: %s" % left
    assert re.search(r'href="https://dutchtechzone\.example/p/\?e=[^"&]+&amp;t=[A-Za-z0-9_-]{22}"', h), "preferences link"
    assert "p=1" not in h and "p=1" not in t, "old preferences link"
assert seen >= 2, seen
print("ok")
PYEOF
check "send's mails carry the counting links and the /p/ preferences link ($(tail -1 send.check))" test "$(tail -1 send.check)" = ok
finish
