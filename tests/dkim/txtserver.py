#!/usr/bin/python3
"""tests/dkim/txtserver.py ZONE [--port 53] - a DNS server on 127.0.0.1 that
answers TXT queries from ZONE (the lines `techzine check --mail` prints) and
NXDOMAIN to everything else, for OpenDKIM's verifier, which can only ask
DNS. It runs inside the test's own network namespace (unshare -rn), so it
never touches the machine's resolver. Prints "ready" once listening.
"""
import argparse
import re
import socket
import sys

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


def load_zone(path):
    keys = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        m = re.match(r'^(\S+?)\.?\s+IN\s+TXT\s+\((.*)\)$', line) or \
            re.match(r'^(\S+?)\.?\s+IN\s+TXT\s+(".*")$', line)
        if m:
            keys[m.group(1).lower()] = re.findall(r'"([^"]*)"', m.group(2))
    return keys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("zone")
    ap.add_argument("--port", type=int, default=53)
    a = ap.parse_args()
    keys = load_zone(a.zone)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", a.port))
    print("ready", flush=True)
    while True:
        data, peer = s.recvfrom(4096)
        try:
            q = dns.message.from_wire(data)
        except Exception:
            continue
        r = dns.message.make_response(q)
        r.flags |= dns.flags.AA
        question = q.question[0]
        name = question.name.to_text().rstrip(".").lower()
        if question.rdtype == dns.rdatatype.TXT and name in keys:
            txt = " ".join('"%s"' % part for part in keys[name])
            r.answer.append(dns.rrset.from_text(question.name, 60, "IN", "TXT", txt))
        elif name not in keys:
            r.set_rcode(dns.rcode.NXDOMAIN)
        s.sendto(r.to_wire(), peer)


if __name__ == "__main__":
    sys.exit(main())
