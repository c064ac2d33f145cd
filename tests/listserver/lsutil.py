"""lsutil.py - shared by the list server tests: a scratch folder with a
list and a configuration, the server started on a free 127.0.0.1 port and
stopped again, HTTP without surprises (no redirects followed, any method,
raw bytes), the signatures a client with the secret can make, and bounded
waits for conditions (never sleep-and-hope)."""
import base64
import email
import email.policy
import glob
import hashlib
import hmac
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

TECHZINE = os.environ["TECHZINE"]
SRC = os.environ["TZ_SRC"]
SECRET = "list-server-test-secret-0123456789"

passed = 0
failed = 0


def check(name, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + name, file=sys.stderr)


def finish():
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


def wait_for(cond, limit=60.0, what="condition"):
    """Poll cond() until true; fail after limit seconds (generous: a slow
    CI machine only makes this slower, never wrong)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def sign(purpose, *fields, secret=SECRET):
    msg = purpose.encode() + b"\0" + b"".join(f.encode() + b"\0" for f in fields)
    return base64.urlsafe_b64encode(hmac.new(secret.encode(), msg, hashlib.sha256).digest()).decode()[:22]


def token(addr, secret=SECRET):
    return base64.urlsafe_b64encode(hmac.new(secret.encode(), addr.lower().encode(), hashlib.sha256).digest()).decode()[:22]


def logtag(addr, secret=SECRET):
    return hmac.new(secret.encode(), b"log\0" + addr.lower().encode() + b"\0", hashlib.sha256).hexdigest()[:12]


def form_time(t):
    return "%d.%s" % (t, sign("form", str(t)))


def confirm_query(addr, name="", lang="nl", mun="", interests="", src="", version="2026-12", ts=None, secret=SECRET):
    ts = int(time.time()) if ts is None else ts
    x = ts + 7 * 86400
    s = sign("confirm", addr.lower(), name, lang, mun, interests, src, version, str(ts), str(x), secret=secret)
    return urllib.parse.urlencode([("e", addr), ("n", name), ("l", lang), ("m", mun), ("i", interests),
                                   ("src", src), ("v", version), ("ts", str(ts)), ("x", str(x)), ("s", s)])


CONFIG = """<?xml version="1.0" encoding="UTF-8"?>
<server public-url="http://127.0.0.1:{port}">
  <signup list="news.csv" form="website-formulier">
    <consent version="2026-12">
      <text lang="nl">Ik wil de TechZine-nieuwsbrief ontvangen.</text>
      <text lang="en">I want to receive the TechZine newsletter.</text>
    </consent>
    <languages><choice value="nl" nl="Nederlands" en="Dutch"/><choice value="en" nl="Engels" en="English"/></languages>
    <municipalities><choice value="Emmen"/><choice value="Coevorden"/><choice value="Hardenberg"/></municipalities>
    <interests><choice value="parels" nl="Parels" en="Gems"/><choice value="agenda"/><choice value="onderwijs"/></interests>
  </signup>
  <mail from="TechZine &lt;nieuwsbrief@dutchtechzone.example&gt;" {transport}/>
  <limits {limits}/>
  {proxies}
  <clicks track="yes" dir="clicks"/>
  <embed><frame-ancestor>https://partner.example</frame-ancestor></embed>
</server>
"""


class Server:
    def __init__(self, tmp, limits='per-client="1000" min-fill-seconds="2" write-wait="2"',
                 proxies="", transport='outbox="outbox"', args=(), env=None, config=True):
        self.tmp = tmp
        self.dir = os.path.join(tmp, "subscribers")
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        self.log = os.path.join(tmp, "server-%d.log" % self.port)
        self.outbox = os.path.join(self.dir, "outbox")
        cmd = [TECHZINE, "list-server", "--listen", "127.0.0.1:%d" % self.port, "--dir", self.dir]
        if config:
            cfg = os.path.join(self.dir, "server.xml")
            with open(cfg, "w") as f:
                f.write(CONFIG.format(port=self.port, limits=limits, proxies=proxies, transport=transport))
            cmd += ["--config", cfg]
        cmd += list(args)
        e = dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC)
        e.pop("TECHZINE_DEMO", None)
        if env:
            e.update(env)
        self.logf = open(self.log, "ab")
        self.proc = subprocess.Popen(cmd, stderr=self.logf, cwd=tmp, env=e)
        wait_for(lambda: self.proc.poll() is not None or "listening on" in self.logtext(), 60, "the server to listen")
        if self.proc.poll() is not None:
            raise AssertionError("server exited: " + self.logtext())

    def logtext(self):
        with open(self.log, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = {"Connection": "close"}
        if isinstance(body, (dict, list)):
            body = urllib.parse.urlencode(body, doseq=True)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if isinstance(body, str):
            body = body.encode()
        h.update(headers or {})
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in h.items():
            c.putheader(k, v)
        if body is not None:
            c.putheader("Content-Length", str(len(body)))
        c.endheaders(body)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data.decode("utf-8", "replace")

    def mails(self):
        """The outbox's messages in the order they were written. Maildir
        names are "SEC.MUSEC..." with the microseconds not zero-padded, so
        sorting the names puts .M86006 after .M561035 of the same second."""
        def written(p):
            m = re.match(r"(\d+)\.M(\d+)P(\d+)Q(\d+)", os.path.basename(p))
            return tuple(int(x) for x in m.groups()) if m else (os.stat(p).st_mtime_ns, 0, 0, 0)
        out = []
        for p in sorted(glob.glob(os.path.join(self.outbox, "new", "*")), key=written):
            with open(p, "rb") as f:
                out.append(email.message_from_binary_file(f, policy=email.policy.default))
        return out


def mail_to(msgs, addr):
    return [m for m in msgs if m["To"].addresses[0].addr_spec.lower() == addr.lower()]


def confirm_link(msg):
    text = msg.get_body(("plain",)).get_content()
    return re.search(r"(http://\S+/confirm\?\S+)", text).group(1)


def scratch():
    d = tempfile.mkdtemp(prefix="techzine-ls.")
    return d


def csv_rows(path):
    import csv
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(l for l in f if not l.startswith("#")))


SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy",
                    "cache-control"]


def has_security_headers(h, framed_ok=False):
    ok = all(k in h for k in SECURITY_HEADERS) and h.get("x-content-type-options") == "nosniff"
    if not framed_ok:
        ok = ok and h.get("x-frame-options") == "DENY" and "frame-ancestors 'none'" in h.get("content-security-policy", "")
    return ok
