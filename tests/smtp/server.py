#!/usr/bin/python3
"""tests/smtp/server.py - an SMTP server for the send tests (aiosmtpd).

Stores every accepted message as DIR/NNNNNN.eml and appends one line per
accepted recipient to DIR/received.log, so a test can count deliveries per
address. Options add STARTTLS (required) with a certificate, AUTH PLAIN/LOGIN
(required) with one user, and faults: a share of RCPTs answered 451 (random
per attempt) or 550 (fixed per address, so the same recipients always
fail), or the first N RCPTs answered 421. DIR/faults.log has one line per
refusal (code, address, time), DIR/times.log the arrival time of every
message.
--gate FILE lets a test stop the server at a chosen point instead of racing
the sender: while FILE says "hold N" and N messages have been accepted, every
further DATA waits unanswered (the message is in flight, as on a slow
server) until FILE changes; DIR/holding has the number of DATAs waiting now.
A held DATA whose client goes away is dropped (aiosmtpd cancels it).
Prints "ready" on stdout once listening.
"""
import argparse
import asyncio
import hashlib
import os
import random
import signal
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, args):
        self.dir = args.store
        self.fail451 = args.fail_451
        self.fail550 = args.fail_550
        self.busy = args.busy
        self.rand = random.Random(args.seed)
        self.n = 0
        self.lock = threading.Lock()
        self.log = open(os.path.join(self.dir, "received.log"), "a", buffering=1)
        self.faults = open(os.path.join(self.dir, "faults.log"), "a", buffering=1)
        self.times = open(os.path.join(self.dir, "times.log"), "a", buffering=1)
        self.gate = args.gate
        self.holding = 0
        if self.gate:
            self.write_holding()

    def gate_limit(self):
        """The N of a "hold N" in the gate file, or None when it is open."""
        try:
            with open(self.gate) as f:
                words = f.read().split()
        except FileNotFoundError:
            return None
        if len(words) == 2 and words[0] == "hold":
            return int(words[1])
        return None

    def write_holding(self):
        path = os.path.join(self.dir, "holding")
        with open(path + ".tmp", "w") as f:
            f.write("%d\n" % self.holding)
        os.rename(path + ".tmp", path)

    async def wait_at_gate(self):
        # runs on the event loop thread only: no await between the check and
        # the count in handle_DATA, so exactly N messages pass a "hold N"
        limit = self.gate_limit()
        if limit is None or self.n < limit:
            return
        self.holding += 1
        self.write_holding()
        try:
            while True:
                limit = self.gate_limit()
                if limit is None or self.n < limit:
                    return
                await asyncio.sleep(0.005)
        finally:
            self.holding -= 1
            self.write_holding()

    def is_550(self, addr):
        h = int(hashlib.sha256(addr.encode()).hexdigest()[:8], 16)
        return h % 10000 < self.fail550 * 10000

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.busy > 0:
            self.busy -= 1
            self.faults.write("421 %s %.6f\n" % (address, time.monotonic()))
            return "421 4.7.0 <%s>: too many messages, slow down" % address
        if self.fail550 and self.is_550(address):
            self.faults.write("550 %s %.6f\n" % (address, time.monotonic()))
            return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
        if self.fail451 and self.rand.random() < self.fail451:
            self.faults.write("451 %s %.6f\n" % (address, time.monotonic()))
            return "451 4.7.1 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.gate:
            await self.wait_at_gate()
        with self.lock:
            self.n += 1
            n = self.n
        path = os.path.join(self.dir, "%06d.eml" % n)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        for r in envelope.rcpt_tos:
            self.log.write("%s %s %s\n" % (r, envelope.mail_from, os.path.basename(path)))
            self.times.write("%.6f %s\n" % (time.monotonic(), r))
        return "250 2.0.0 Ok: queued as %06d" % n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--auth", help="user:password")
    ap.add_argument("--fail-451", type=float, default=0.0)
    ap.add_argument("--fail-550", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--busy", type=int, default=0,
                    help="answer the first N RCPTs with 421 (a provider's throttle)")
    ap.add_argument("--gate", help="hold DATA while this file says 'hold N' "
                    "and N messages have been accepted")
    args = ap.parse_args()
    os.makedirs(args.store, exist_ok=True)
    handler = Store(args)
    kw = {}
    if args.cert:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
        kw["tls_context"] = ctx
        kw["require_starttls"] = True
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd answers 535 itself (the default, True,
            # leaves the client waiting for a reply that never comes)
            return AuthResult(success=ok, handled=False)

        kw["authenticator"] = authenticator
        kw["auth_required"] = True
        kw["auth_require_tls"] = bool(args.cert)
    ctl = Controller(handler, hostname="127.0.0.1", port=args.port,
                     data_size_limit=64 * 1024 * 1024, **kw)
    ctl.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    stop.wait()
    ctl.stop()


if __name__ == "__main__":
    main()
