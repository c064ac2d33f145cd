#!/usr/bin/python3
"""tests/dkim/verify.py ZONE MSG... - verify every DKIM-Signature of every
message with python3-dkim (dkimpy), the public keys taken from ZONE (the
TXT lines `techzine dkim keygen` / `check --mail` print) instead of DNS.

Messages may have LF line ends (Maildir); they are turned into CRLF first,
as an MTA does. Prints one line per signature: "FILE a=ALG s=SEL pass|fail".
Exit 0 only when every message has at least --min signatures and all pass.
"""
import argparse
import re
import sys

import dkim


def load_zone(path):
    keys = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r'^(\S+)\.\s+IN\s+TXT\s+\((.*)\)\s*$', line.strip())
        if m:
            keys[m.group(1).lower()] = "".join(re.findall(r'"([^"]*)"', m.group(2))).encode()
    return keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zone")
    ap.add_argument("msgs", nargs="+")
    ap.add_argument("--min", type=int, default=1, help="signatures each message needs")
    a = ap.parse_args()
    keys = load_zone(a.zone)

    def dnsfunc(name, timeout=5):
        if isinstance(name, bytes):
            name = name.decode()
        return keys.get(name.rstrip(".").lower())

    bad = 0
    for path in a.msgs:
        raw = open(path, "rb").read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        d = dkim.DKIM(raw)
        n = sum(1 for h in d.headers if h[0].lower() == b"dkim-signature")
        if n < a.min:
            print(f"{path}: {n} signature(s), {a.min} needed")
            bad += 1
        for i in range(n):
            try:
                ok = d.verify(idx=i, dnsfunc=dnsfunc)
            except dkim.DKIMException as e:
                print(f"{path}: {e}")
                ok = False
            sig = dkim.util.parse_tag_value(d.headers[[k for k, h in enumerate(d.headers)
                                                      if h[0].lower() == b"dkim-signature"][i]][1])
            print(f"{path} a={sig[b'a'].decode()} s={sig[b's'].decode()} {'pass' if ok else 'fail'}")
            bad += not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
