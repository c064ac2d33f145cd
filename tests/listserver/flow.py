#!/usr/bin/python3
"""flow.py - the list server over HTTP (python http.client, no browser):
sign-up and double opt-in with the mail read from the outbox Maildir,
forged, expired and other-address links, replays, bots (honeypot, fill-in
time), CR/LF, HTML and invalid UTF-8 in every field (refused, or escaped on
every page and in the mail), preferences with CSRF, the one-click body
parsed properly, security headers on every response (error pages and
414/431 included), trusted proxies and the signed ceiling, clicks without
open redirect, the index following file changes, a folder lock held by
another process (reads go on, writes 503 + Retry-After), and a log that
escapes, samples and names nobody."""
import fcntl
import hashlib
import re
import socket
import os
import shutil
import subprocess
import time
import urllib.parse

from lsutil import *

tmp = scratch()
try:
    srv = Server(tmp, proxies="<trusted-proxies><proxy>127.0.0.1</proxy></trusted-proxies>",
                 limits='per-client="30" signed-per-client="600" signups-per-client="1000" '
                        'mails-per-address="3" min-fill-seconds="2" write-wait="2"')
    news = os.path.join(srv.dir, "news.csv")
    XFF = [0]

    def client():  # a fresh client address behind the trusted proxy
        XFF[0] += 1
        return {"X-Forwarded-For": "198.51.100.%d, 127.0.0.1" % (XFF[0] % 250 + 1) if XFF[0] < 250
                else "2001:db8:%x::1" % XFF[0]}

    def req(method, path, body=None, headers=None):
        h = client()
        h.update(headers or {})
        return srv.request(method, path, body, h)

    def signup(addr, name="", extra=None, ft=None, hdr=None):
        body = [("email", addr), ("name", name), ("language", "nl"), ("municipality", "Emmen"),
                ("interests", "parels"), ("interests", "agenda"), ("consent", "2026-12"),
                ("ft", ft if ft is not None else form_time(int(time.time()) - 60)), ("website", "")]
        for k, v in extra or []:
            body = [(a, v if a == k else b) for a, b in body]
        return req("POST", "/subscribe", body, hdr)

    def mails_for(addr, n):
        return wait_for(lambda: len(mail_to(srv.mails(), addr)) >= n and mail_to(srv.mails(), addr), 60,
                        "%d mail(s) to %s" % (n, addr))

    # --- the form ---
    st, h, body = req("GET", "/subscribe?src=partner-x")
    check("form: 200", st == 200)
    check("form: honeypot and signed time", 'name="website"' in body and 'name="ft"' in body)
    check("form: partner source kept", 'name="src" value="partner-x"' in body)
    check("form: security headers", has_security_headers(h, framed_ok=True))
    check("form: only the listed site may frame it", "frame-ancestors https://partner.example" in h.get("content-security-policy", "")
          and "x-frame-options" not in h)
    st, h, body = req("GET", "/p/?e=x%40y.nl&t=" + "A" * 22)
    check("other pages may not be framed", h.get("x-frame-options") == "DENY" and "frame-ancestors 'none'" in h.get("content-security-policy", ""))
    # the web version carries the form (techzine html --list-server)
    web = os.path.join(tmp, "html")
    out = subprocess.run([TECHZINE, "html", os.path.join(SRC, "tests", "fixtures", "mini", "issue.xml"), "-o", web,
                          "--list-server", os.path.join(srv.dir, "server.xml")], capture_output=True, text=True,
                         env=dict(os.environ, TECHZINE_DATA=SRC))
    idx = open(os.path.join(web, "web", "index.html"), encoding="utf-8").read() if out.returncode == 0 else ""
    check("html --list-server: the form in the web version", '<iframe src="%s/subscribe?src=web"' % srv.base in idx)
    check("html --list-server: and a page of its own", os.path.exists(os.path.join(web, "web", "aanmelden.html")))
    st, h, body = req("GET", "/subscribe?src=%3Cscript%3E")
    check("form: a bad source is dropped", "<script>" not in body and 'name="src" value=""' in body)

    # --- a sign-up, HTML in the name: escaped on every page and in the mail ---
    nasty = "<img src=x onerror=alert(1)> \"Ånne\" & 'Bo'"
    st, h, body = signup("Anne.Lid@Example.NL", nasty)
    check("sign-up: 200 check your inbox", st == 200 and "Kijk in uw mailbox" in body)
    m = mails_for("anne.lid@example.nl", 1)[0]
    check("mail: subject", "Bevestig uw aanmelding" in str(m["Subject"]))
    html = m.get_body(("html",)).get_content()
    text = m.get_body(("plain",)).get_content()
    check("mail: HTML escaped in the HTML part", "<img" not in html and "&lt;img src=x" in html)
    check("mail: text part has the name as text", nasty in text)
    check("mail: multipart/alternative", m.get_content_type() == "multipart/alternative")
    link = confirm_link(m)
    check("mail: link to the public url", link.startswith(srv.base + "/confirm?"))
    path = link[len(srv.base):]
    before = open(news, "rb").read() if os.path.exists(news) else b""
    st, h, body = req("GET", path)
    check("confirm GET: a page with a button", st == 200 and 'id="confirm"' in body and 'method="post"' in body)
    check("confirm GET: address masked", "anne.lid" not in body.lower() and "a***@e***.nl" in body.lower())
    check("confirm GET: changes nothing", (open(news, "rb").read() if os.path.exists(news) else b"") == before)
    st, h, body = req("POST", path, {"confirm": "yes"})
    check("confirm POST: 200", st == 200 and "bevestigd" in body)
    rows = [r for r in csv_rows(news) if r["email"].lower() == "anne.lid@example.nl"]
    check("confirm: one row", len(rows) == 1)
    r = rows[0] if rows else {}
    check("confirm: active", r.get("status") == "active")
    check("confirm: consent date", r.get("consent_date") == time.strftime("%Y-%m-%d", time.gmtime()))
    check("confirm: consent source names form and version and times",
          r.get("consent_source", "").startswith("website-formulier consent 2026-12 signed up ") and " confirmed " in r.get("consent_source", ""))
    check("confirm: fields", r.get("name") == nasty and r.get("municipality") == "Emmen" and r.get("interests") == "parels;agenda")
    # the next send includes her
    out = subprocess.run([TECHZINE, "send", os.path.join(SRC, "tests", "fixtures", "mini", "issue.xml"), "--list", news,
                          "--outbox", os.path.join(tmp, "send-ob")], capture_output=True, text=True, cwd=tmp,
                         env=dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC))
    sent = [email.message_from_binary_file(open(p_, "rb"), policy=email.policy.default)
            for p_ in glob.glob(os.path.join(tmp, "send-ob", "new", "*"))]
    check("the next send includes the confirmed reader (%s)" % out.stderr.strip()[-120:],
          out.returncode == 0 and [m_["To"].addresses[0].addr_spec.lower() for m_ in sent] == ["anne.lid@example.nl"])
    after = open(news, "rb").read()
    st, h, body = req("POST", path, {"confirm": "yes"})
    check("confirm replay: 200, idempotent", st == 200 and open(news, "rb").read() == after)
    check("journal: mailed and confirmed", wait_for(lambda: "confirmed\t" + logtag("anne.lid@example.nl") in open(os.path.join(srv.dir, "signups.log")).read(), 10, "journal"))

    # --- forged, expired, other-address links ---
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    def with_(k, v):
        q2 = dict((a, b[0]) for a, b in q.items())
        q2[k] = v
        return "/confirm?" + urllib.parse.urlencode(q2)
    check("confirm: another address with this signature: 403", req("POST", with_("e", "eve@example.nl"), {"confirm": "yes"})[0] == 403)
    check("confirm: another name: 403", req("GET", with_("n", "Eve"))[0] == 403)
    check("confirm: forged signature: 403", req("GET", with_("s", "A" * 22))[0] == 403)
    check("confirm: a longer expiry: 403", req("GET", with_("x", str(int(q["x"][0]) + 86400)))[0] == 403)
    old = confirm_query("late@example.nl", ts=int(time.time()) - 8 * 86400)
    st, h, body = req("GET", "/confirm?" + old)
    check("confirm: expired link: 410 with headers", st == 410 and has_security_headers(h))
    check("confirm: another secret: 403", req("GET", "/confirm?" + confirm_query("x@example.nl", secret="some-other-secret-123456"))[0] == 403)
    check("confirm POST without the button's field: 400", req("POST", path, {"x": "y"})[0] == 400)
    check("nobody was added by any of these", not any(r["email"] in ("eve@example.nl", "late@example.nl", "x@example.nl") for r in csv_rows(news)))

    # --- bots ---
    n0 = len(srv.mails())
    st, h, body = signup("bot1@example.nl", extra=[("website", "http://spam")])
    st2, h2, body2 = signup("bot2@example.nl", ft=form_time(int(time.time()) + 3600))
    st3, h3, body3 = signup("bot3@example.nl", ft="123.forgedforgedforgedforged")
    st4, h4, body4 = signup("bot4@example.nl", ft="")
    check("bots get the same answer", st == st2 == st3 == st4 == 200 and body == body2 == body3 == body4)
    # a real sign-up after them: once its mail is there, theirs would be too (one FIFO mailer)
    signup("after.bots@example.nl")
    mails_for("after.bots@example.nl", 1)
    check("no mail for any bot", not any(mail_to(srv.mails(), "bot%d@example.nl" % i) for i in range(1, 5)))
    check("the log says why", "refused: honeypot" in srv.logtext() and "refused: form time" in srv.logtext())

    # --- same answer whatever happened: subscribed already, limit reached ---
    st, h, b_sub = signup("renee.devries@example.nl")  # not on news.csv: a mail
    st, h, b_act = signup("anne.lid@example.nl")        # active: no mail
    check("already subscribed: same page", b_sub == b_act)
    for i in range(5):
        signup("flood.target@example.nl")
    signup("after.flood@example.nl")
    mails_for("after.flood@example.nl", 1)
    check("at most 3 confirmation mails per address and day", len(mail_to(srv.mails(), "flood.target@example.nl")) == 3)
    check("no mail to the already subscribed", len(mail_to(srv.mails(), "anne.lid@example.nl")) == 1)

    # --- CR/LF, HTML and invalid UTF-8 in every field ---
    bad_values = ["a\r\nBcc: victim@example.nl", "<script>alert(1)</script>", "\xff\xfe", "x\x1b[2J",
                  "=HYPERLINK(\"http://evil.example\")"]
    fields = ["email", "name", "language", "municipality", "interests", "consent", "src"]
    status_ok = True
    leaked = False
    for field in fields:
        for v in bad_values:
            body = [("email", "field.test@example.nl"), ("name", "F"), ("language", "nl"),
                    ("municipality", "Emmen"), ("interests", "parels"), ("consent", "2026-12"),
                    ("ft", form_time(int(time.time()) - 60)), ("website", "")]
            body = [(k, v if k == field else val) for k, val in body]
            raw = "&".join(k + "=" + urllib.parse.quote(val.encode("latin-1") if "\xff" in val else val) for k, val in body)
            st, h, page = req("POST", "/subscribe", raw, {"Content-Type": "application/x-www-form-urlencoded"})
            status_ok = status_ok and st in (200, 400) and has_security_headers(h, framed_ok=True)
            leaked = leaked or "<script>" in page or "\x1b" in page or "Bcc: victim" in page
    signup("after.fields@example.nl")
    mails_for("after.fields@example.nl", 1)
    check("hostile fields: 200 or 400, headers always", status_ok)
    check("hostile fields: nothing raw on any page", not leaked)
    fm = mail_to(srv.mails(), "field.test@example.nl")
    check("hostile fields: no mail with a hostile value (only src may differ: dropped)",
          all("Bcc" not in m.as_string() and "<script>" not in m.get_body(("html",)).get_content() for m in fm))
    check("hostile fields: no mail to the Bcc victim", not mail_to(srv.mails(), "victim@example.nl"))
    check("hostile fields: no spreadsheet formula as a name", all("HYPERLINK" not in m.as_string() for m in fm))
    for q_ in ["/p/?e=%0d%0a&t=x", "/u/?e=a%ff@b.nl&t=x", "/confirm?e=%3Cscript%3E&s=x", "/subscribe?src=%0d%0aX:%20y"]:
        st, h, page = req("GET", q_)
        check("hostile query %s: answered with headers, nothing raw" % q_, st in (200, 400, 403) and has_security_headers(h, True) and "<script>" not in page)

    # --- replays after an unsubscription ---
    old_link = "/confirm?" + confirm_query("renee.devries@example.nl", name="R", ts=int(time.time()) - 2 * 86400)
    t_anne = token("anne.lid@example.nl")
    st, h, body = req("POST", "/u/?e=anne.lid%40example.nl&t=" + t_anne, "List-Unsubscribe=One-Click",
                      {"Content-Type": "application/x-www-form-urlencoded"})
    check("one-click: 200", st == 200)
    supp = open(os.path.join(srv.dir, "suppressed.csv")).read()
    check("one-click: suppressed by hash", "sha256:" + hashlib.sha256(b"anne.lid@example.nl").hexdigest() in supp)
    # anne's own old link (signed before today's unsubscription)
    old_anne = "/confirm?" + confirm_query("anne.lid@example.nl", name="A", ts=int(time.time()) - 2 * 86400)
    st, h, body = req("POST", old_anne, {"confirm": "yes"})
    check("an old confirmation link after the unsubscription: 403", st == 403)
    check("still unsubscribed", [r["status"] for r in csv_rows(news) if r["email"].lower() == "anne.lid@example.nl"] == ["unsubscribed"])
    # a new sign-up (new consent) brings her back, and that is recorded
    # the new confirmation mail is the one not seen before (the first one
    # is in the same second when the run is fast)
    seen = {m_["Message-ID"] for m_ in mail_to(srv.mails(), "anne.lid@example.nl")}
    st, h, body = signup("anne.lid@example.nl", "Anne")
    m2 = [m_ for m_ in mails_for("anne.lid@example.nl", len(seen) + 1) if m_["Message-ID"] not in seen][-1]
    st, h, body = req("POST", confirm_link(m2)[len(srv.base):], {"confirm": "yes"})
    r = [r for r in csv_rows(news) if r["email"].lower() == "anne.lid@example.nl"][0]
    check("re-subscribed through the confirmed path", st == 200 and r["status"] == "active")
    check("and recorded", "re-subscribed after unsubscribed" in r["consent_source"])
    check("suppression entry gone", hashlib.sha256(b"anne.lid@example.nl").hexdigest() not in open(os.path.join(srv.dir, "suppressed.csv")).read())

    # --- preferences ---
    t = token("anne.lid@example.nl")
    st, h, body = req("GET", "/u/?e=anne.lid%40example.nl&t=" + t + "&p=1")
    check("old footer link /u/?p=1: 303 to /p/", st == 303 and h.get("location", "").startswith("/p/?e="))
    st, h, body = req("GET", "/p/?e=anne.lid%40example.nl&t=" + t)
    check("prefs: 200, masked", st == 200 and "a***@e***.nl" in body and "Anne" in body)
    check("prefs: security headers", has_security_headers(h))
    csrf = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
    base = [("e", "anne.lid@example.nl"), ("t", t), ("name", "Anne <b>B</b>"), ("language", "en"),
            ("municipality", "Coevorden"), ("interests", "onderwijs"), ("action", "save")]
    check("prefs POST without csrf: 403", req("POST", "/p/", base)[0] == 403)
    check("prefs POST csrf of another address: 403", req("POST", "/p/", base + [("csrf", csrf.split(".")[0] + "." + sign("csrf", "eve@example.nl", csrf.split(".")[0]))])[0] == 403)
    check("prefs POST expired csrf: 403", req("POST", "/p/", base + [("csrf", "1000." + sign("csrf", "anne.lid@example.nl", "1000"))])[0] == 403)
    check("prefs POST cross-site: 403", req("POST", "/p/", base + [("csrf", csrf)], {"Sec-Fetch-Site": "cross-site"})[0] == 403)
    check("prefs POST foreign Origin: 403", req("POST", "/p/", base + [("csrf", csrf)], {"Origin": "https://evil.example"})[0] == 403)
    check("prefs POST other token: 403", req("POST", "/p/", [(k, token("eve@example.nl") if k == "t" else v) for k, v in base] + [("csrf", csrf)])[0] == 403)
    st, h, body = req("POST", "/p/", base + [("csrf", csrf)], {"Origin": srv.base})
    r = [r for r in csv_rows(news) if r["email"].lower() == "anne.lid@example.nl"][0]
    check("prefs saved", st == 200 and r["language"] == "en" and r["municipality"] == "Coevorden" and r["interests"] == "onderwijs" and r["name"] == "Anne <b>B</b>")
    check("prefs page escapes the name", "Anne &lt;b&gt;B&lt;/b&gt;" in body and "<b>B" not in body)
    check("prefs: a value not configured: 400", req("POST", "/p/", [(k, "Atlantis" if k == "municipality" else v) for k, v in base] + [("csrf", csrf)])[0] == 400)
    st, h, body = req("POST", "/p/", [(k, "unsubscribe" if k == "action" else v) for k, v in base] + [("csrf", csrf)])
    r = [r for r in csv_rows(news) if r["email"].lower() == "anne.lid@example.nl"][0]
    check("prefs: unsubscribe from the page", st == 200 and r["status"] == "unsubscribed")

    # --- one-click body parsed properly (RFC 8058) ---
    t2 = token("after.bots@example.nl")
    # after.bots is not on a list yet: confirm first
    req("POST", confirm_link(mail_to(srv.mails(), "after.bots@example.nl")[0])[len(srv.base):], {"confirm": "yes"})
    u = "/u/?e=after.bots%40example.nl&t=" + t2
    for b in ["List-Unsubscribe=One-Clickxyz", "xList-Unsubscribe=One-Click", "List-Unsubscribe=One-Click&List-Unsubscribe=No",
              "List-Unsubscribe=one-click", "a=%zz&List-Unsubscribe=One-Click"]:
        check("one-click body %r: 400" % b, req("POST", u, b, {"Content-Type": "application/x-www-form-urlencoded"})[0] == 400)
    check("still active", [r["status"] for r in csv_rows(news) if r["email"] == "after.bots@example.nl"] == ["active"])
    mp = ("--B0\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--B0--\r\n")
    check("one-click multipart: 200", req("POST", u, mp, {"Content-Type": "multipart/form-data; boundary=B0"})[0] == 200)

    # --- security headers on every answer, libmicrohttpd's limits included ---
    for what, (st, h, _) in [
            ("404", req("GET", "/nothing")),
            ("405", req("DELETE", "/subscribe")),
            ("403", req("GET", "/u/?e=a%40b.nl&t=" + "A" * 22)),
            ("413", req("POST", "/subscribe", "x=" + "y" * 9000, {"Content-Type": "application/x-www-form-urlencoded"})),
            ("414", req("GET", "/u/?e=" + "a" * 5000)),
            ("431", req("GET", "/subscribe", None, {"X-Big": "z" * 12000})),
            ("414", req("GET", "/u/?e=" + "a" * 200000)),
            ("431", req("GET", "/subscribe", None, {"X-Big": "z" * 200000})),
            ("400", req("GET", "/p/?e=%zz"))]:
        check("%s answered (%d) with security headers" % (what, st), st == int(what) and has_security_headers(h))

    # --- trusted proxy: the client is the forwarded address; the signed ceiling ---
    # (100 requests against a burst of 30 refilled at 0.5/s: 429s however
    # slow the machine, unless it takes over two minutes)
    junk = {"X-Forwarded-For": "203.0.113.9"}
    answers = [srv.request("GET", "/nothing", None, junk) for _ in range(100)]
    limited = [h for st, h, _ in answers if st == 429]
    check("one forwarded client is limited (%d x 429)" % len(limited), len(limited) >= 1)
    check("every 429 carries Retry-After and the headers", all("retry-after" in h and has_security_headers(h) for h in limited))
    check("another forwarded client is not", srv.request("GET", "/nothing", None, {"X-Forwarded-For": "203.0.113.10"})[0] == 404)
    check("Forwarded: for= (RFC 7239) too", srv.request("GET", "/nothing", None, {"Forwarded": 'for="[2001:db8:cafe::17]:4711"'})[0] == 404)
    # the limited client still gets its valid one-click POST through
    signup("ceiling@example.nl")
    mc = mails_for("ceiling@example.nl", 1)[0]
    req("POST", confirm_link(mc)[len(srv.base):], {"confirm": "yes"})
    for _ in range(200):  # empty its bucket again
        if srv.request("GET", "/nothing", None, junk)[0] == 429:
            break
    st, h, _ = srv.request("POST", "/u/?e=ceiling%40example.nl&t=" + token("ceiling@example.nl"), "List-Unsubscribe=One-Click",
                           dict(junk, **{"Content-Type": "application/x-www-form-urlencoded"}))
    check("a signed one-click POST from a limited client: 200", st == 200)
    # a client-written address left of the proxy's own does not count
    spoof = [srv.request("GET", "/nothing", None, {"X-Forwarded-For": "10.9.%d.%d, 203.0.113.77" % (i // 250, i % 250)})[0]
             for i in range(100)]
    check("spoofed left-most addresses do not escape the limit (%d x 429)" % spoof.count(429), spoof.count(429) >= 1)

    # --- clicks: counted, no open redirect, nothing about the reader ---
    target = "https://dutchtechzone.example/agenda?x=1&y=é"
    out = subprocess.run([TECHZINE, "list-server", "--config", os.path.join(srv.dir, "server.xml"), "--dir", srv.dir,
                          "--click-url", "2026-12", target], capture_output=True, text=True,
                         env=dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC))
    click = out.stdout.strip()
    check("--click-url prints a /r/ link", out.returncode == 0 and click.startswith(srv.base + "/r/2026-12/"))
    cpath = click[len(srv.base):]
    for _ in range(3):
        st, h, _ = req("GET", cpath)
    check("click: 302 to the target", st == 302 and h.get("location", "").encode("latin-1").decode() == target)
    check("click: headers", has_security_headers(h) and h.get("referrer-policy") == "no-referrer")
    day = time.strftime("%Y-%m-%d", time.gmtime())
    lines = open(os.path.join(srv.dir, "clicks", "2026-12.clicks"), encoding="utf-8").read().splitlines()
    check("click: counted 3 times", lines.count(day + "\t" + target) == 3)
    other = "/r/2026-12/" + b64u(b"https://evil.example/") + "?s=" + cpath.split("?s=")[1]
    check("click: another target with this signature: 403", req("GET", other)[0] == 403)
    check("click: another issue: 403", req("GET", cpath.replace("/2026-12/", "/2026-11/"))[0] == 403)
    js = "/r/2026-12/" + b64u(b"javascript:alert(1)") + "?s=" + sign("click", "2026-12", "javascript:alert(1)")
    check("click: a signed non-http target is still refused", req("GET", js)[0] == 403)

    # --- the index follows changes made by other processes ---
    env = dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC)
    subprocess.run([TECHZINE, "subscribers", "add", news, "new.officer@example.nl", "--consent-date", "2026-11-01",
                    "--consent-source", "beurs"], check=True, env=env, capture_output=True)
    st, h, body = req("GET", "/u/" + token("new.officer@example.nl"))
    check("a row added by `subscribers add` is found by its bare token", st == 200 and "n***@e***.nl" in body)

    # --- a folder lock held by another process ---
    lockf = open(os.path.join(srv.dir, ".techzine.lock"), "a+")
    fcntl.flock(lockf, fcntl.LOCK_EX)
    t0 = time.monotonic()
    st_read = req("GET", "/u/" + token("new.officer@example.nl"))[0]
    st_prefs = req("GET", "/p/?e=new.officer%40example.nl&t=" + token("new.officer@example.nl"))[0]
    check("reads go on while another process holds the lock", st_read == 200 and st_prefs == 200)
    st, h, _ = req("POST", "/u/?e=new.officer%40example.nl&t=" + token("new.officer@example.nl"), "List-Unsubscribe=One-Click",
                   {"Content-Type": "application/x-www-form-urlencoded"})
    waited = time.monotonic() - t0
    check("a write answers 503 + Retry-After instead of hanging", st == 503 and int(h.get("retry-after", "0")) > 0)
    check("within the write wait (2 s) plus slack, not the 60 s lock wait (%.1f s)" % waited, waited < 30)
    fcntl.flock(lockf, fcntl.LOCK_UN)
    lockf.close()
    st, h, _ = req("POST", "/u/?e=new.officer%40example.nl&t=" + token("new.officer@example.nl"), "List-Unsubscribe=One-Click",
                   {"Content-Type": "application/x-www-form-urlencoded"})
    check("once released, the retry works", st == 200)

    # --- the log: escaped, sampled, nobody in clear ---
    size0 = os.path.getsize(srv.log)
    for i in range(300):  # raw: http.client refuses to send such a method
        with socket.create_connection(("127.0.0.1", srv.port), timeout=60) as sk:
            sk.sendall(b"X" * 1000 + b"\x1b[2J\x08 / HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 192.0.2.%d\r\n"
                       b"Connection: close\r\n\r\n" % (i % 200 + 1))
            while sk.recv(65536):
                pass
    logt = srv.logtext()
    check("no raw ESC, CR or backspace from a request in the log", "\x1b" not in logt and "\r" not in logt and "\x08" not in logt)
    check("refused requests are sampled (300 x 1 KB methods: %d bytes of log)" % (os.path.getsize(srv.log) - size0),
          os.path.getsize(srv.log) - size0 < 20000)
    check("no address in clear", "@" not in logt)
    check("no token in the log", token("anne.lid@example.nl") not in logt and token("ceiling@example.nl") not in logt)
    check("the keyed tag names the person", "addr=" + logtag("anne.lid@example.nl") in logt)
    check("SIGTERM: exit 0", srv.stop() == 0)
    check("a summary of what was not logged one by one", "not logged one by one" in srv.logtext())

    # --- `subscribers pending` ---
    out = subprocess.run([TECHZINE, "subscribers", "pending", news], capture_output=True, text=True, env=env)
    check("pending: exit 0", out.returncode == 0)
    check("pending: flood.target awaits (by tag)", logtag("flood.target@example.nl") in out.stdout and "@" not in out.stdout)
    check("pending: anne does not", logtag("anne.lid@example.nl") not in out.stdout.split("# last")[0])
    check("pending: conversion line", "confirmed (" in out.stdout)

    # --- the list is valid for send ---
    out = subprocess.run([TECHZINE, "subscribers", "validate", news], capture_output=True, text=True, env=env)
    check("the list validates (%s)" % out.stderr.strip()[:200], out.returncode == 0)

    # --- a bad configuration: exit 2 with file:line ---
    bad = os.path.join(tmp, "bad.xml")
    open(bad, "w").write('<server public-url="ftp://x"><nonsense/></server>')
    out = subprocess.run([TECHZINE, "list-server", "--listen", "127.0.0.1:1", "--config", bad], capture_output=True, text=True, env=env)
    check("bad config: exit 2 with file:line", out.returncode == 2 and "bad.xml:1" in out.stderr)
    out = subprocess.run([TECHZINE, "check", "--server", bad], capture_output=True, text=True, env=env)
    check("check --server: a bad file exits 1 with file:line", out.returncode == 1 and "bad.xml:1: error:" in out.stdout + out.stderr)
    out = subprocess.run([TECHZINE, "check", "--server", os.path.join(SRC, "subscribers", "server.xml")], capture_output=True, text=True, env=env)
    check("check --server: the shipped example is valid", out.returncode == 0 and "ok (sign-up on" in out.stdout)
    limits = os.path.join(tmp, "limits.xml")
    open(limits, "w").write('<server public-url="https://x.example"><limits max-body="10"/></server>')
    out = subprocess.run([TECHZINE, "check", "--server", limits], capture_output=True, text=True, env=env)
    check("check --server: a limit out of range, with its line", out.returncode == 1 and "limits.xml:1: error: max-body 10" in out.stdout + out.stderr)
finally:
    try:
        srv.stop()
    except Exception:
        pass
    shutil.rmtree(tmp, ignore_errors=True)
finish()
