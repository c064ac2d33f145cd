#!/usr/bin/python3
"""confirm_dkim.py - the list server signs its confirmation mails with DKIM when
<mail> names a key (<dkim domain selector key/>, the key made by `techzine
dkim keygen`): a sign-up's mail in the outbox verifies with python3-dkim
against the TXT record keygen printed (RSA and Ed25519), a tampered copy
does not; without <dkim> the mail is unsigned; a key others may read or a
missing key stops the server at start with the file and line."""
import glob
import os
import re
import subprocess
import time

import dkim

import lsutil
from lsutil import *

DOMAIN = "dutchtechzone.example"
PLAIN = lsutil.CONFIG


def keygen(tmp, sel, typ):
    key = os.path.join(tmp, "subscribers", sel + ".pem")
    out = subprocess.run([TECHZINE, "dkim", "keygen", "--domain", DOMAIN, "--selector", sel,
                          "--type", typ, "-o", key], capture_output=True, text=True)
    check("keygen %s: exit 0 (%s)" % (typ, out.stderr.strip()), out.returncode == 0)
    m = re.search(r'^(\S+)\.\s+IN\s+TXT\s+\((.*)\)\s*$', out.stdout, re.M)
    return m.group(1).lower(), "".join(re.findall(r'"([^"]*)"', m.group(2))).encode()


def with_dkim(sel):
    return PLAIN.replace(
        "{transport}/>", '{transport}><dkim domain="%s" selector="%s" key="%s.pem"/></mail>' % (DOMAIN, sel, sel))


def signup(srv, addr):
    body = [("email", addr), ("name", "Anne"), ("language", "nl"), ("municipality", "Emmen"),
            ("interests", "parels"), ("consent", "2026-12"),
            ("ft", form_time(int(time.time()) - 60)), ("website", "")]
    st, h, page = srv.request("POST", "/subscribe", body)
    check("sign-up %s: 200" % addr, st == 200)
    return wait_for(lambda: [p for p in glob.glob(os.path.join(srv.outbox, "new", "*"))
                             if addr.encode() in open(p, "rb").read()], 60, "the mail to " + addr)[0]


def verify(path, records):
    raw = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        return records.get(name.rstrip(".").lower())
    try:
        return dkim.verify(raw, dnsfunc=dnsfunc), raw
    except dkim.DKIMException:
        return False, raw


tmp = scratch()
try:
    os.makedirs(os.path.join(tmp, "subscribers"))
    records = dict([keygen(tmp, "ls-rsa", "rsa"), keygen(tmp, "ls-ed", "ed25519")])
    for sel in ("ls-rsa", "ls-ed"):
        lsutil.CONFIG = with_dkim(sel)
        srv = Server(tmp)
        path = signup(srv, "anne.%s@example.nl" % sel)
        ok, raw = verify(path, records)
        check("%s: the confirmation mail verifies with python3-dkim" % sel, ok)
        sigs = [dkim.util.parse_tag_value(re.sub(rb"\s+", b"", v)) for k, v in dkim.DKIM(raw).headers
                if k.lower() == b"dkim-signature"]
        check("%s: one signature, d=%s s=%s" % (sel, DOMAIN, sel),
              len(sigs) == 1 and sigs[0][b"d"] == DOMAIN.encode() and sigs[0][b"s"] == sel.encode())
        bad = raw.replace(b"Bevestig", b"Bevestiq", 1)
        check("%s: a changed mail does not verify" % sel, bad != raw and not dkim.verify(
            bad, dnsfunc=lambda n, timeout=5: records.get((n.decode() if isinstance(n, bytes) else n).rstrip(".").lower())))
        check("%s: server stops with 0" % sel, srv.stop() == 0)
    lsutil.CONFIG = PLAIN
    srv = Server(tmp)
    path = signup(srv, "bert@example.nl")
    check("without <dkim>: not signed", b"DKIM-Signature" not in open(path, "rb").read())
    srv.stop()
    # key rules as for send: a key others may read, or none, stops the start
    key = os.path.join(tmp, "subscribers", "ls-rsa.pem")
    os.chmod(key, 0o644)
    lsutil.CONFIG = with_dkim("ls-rsa")
    try:
        Server(tmp).stop()
        started = True
    except AssertionError as e:
        started = False
        msg = str(e)
    check("a key others may read: the server does not start", not started)
    check("and says which file and where it is named (%s)" % (msg.strip()[-160:] if not started else ""),
          not started and "ls-rsa.pem" in msg and "server.xml:" in msg)
    os.chmod(key, 0o600)
    lsutil.CONFIG = with_dkim("missing")
    try:
        Server(tmp).stop()
        started = True
    except AssertionError as e:
        started = False
        msg = str(e)
    check("a missing key: the server does not start (%s)" % (msg.strip()[-120:] if not started else ""),
          not started and "missing.pem" in msg)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish()
