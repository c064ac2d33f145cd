#!/usr/bin/python3
"""flood.py - 10,000 sign-ups: from one client (the per-client limit
answers 429) and from 9,000 forwarded addresses behind the trusted proxy
(a botnet: the per-address and hourly mail limits hold the mails down).
The server stays up and answers, its memory stays bounded, only the
allowed number of confirmation mails goes out, the list stays valid, and a
real reader signs up and confirms in the middle of it all."""
import http.client
import os
import shutil
import subprocess
import threading
import time
import urllib.parse

from lsutil import *


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


tmp = scratch()
srv = None
try:
    # ASan's quarantine would keep freed memory to itself: measure the server, not ASan
    asan = os.environ.get("ASAN_OPTIONS", "")
    srv = Server(tmp, proxies="<trusted-proxies><proxy>127.0.0.1</proxy></trusted-proxies>",
                 limits='per-client="100000" signups-per-client="10" mails-per-address="3" mails-per-hour="200" min-fill-seconds="1"',
                 env={"ASAN_OPTIONS": (asan + ":" if asan else "") + "quarantine_size_mb=4:thread_local_quarantine_size_kb=64"})
    news = os.path.join(srv.dir, "news.csv")
    shutil.copy(os.path.join(SRC, "subscribers", "demo.csv"), news)
    # warm up, then measure
    for _ in range(50):
        srv.request("GET", "/subscribe")
    rss0 = rss_kb(srv.proc.pid)
    ft = form_time(int(time.time()) - 60)
    codes = {}
    lock = threading.Lock()

    def flood(first, count, forwarded):
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        local = {}
        for i in range(first, first + count):
            body = urllib.parse.urlencode([("email", "flood%05d@example.nl" % (i % 3000)), ("name", "F"), ("language", "nl"),
                                           ("consent", "2026-12"), ("ft", ft), ("website", "")])
            h = {"Content-Type": "application/x-www-form-urlencoded"}
            if forwarded:
                h["X-Forwarded-For"] = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
            for attempt in range(3):
                try:
                    c.request("POST", "/subscribe", body, h)
                    r = c.getresponse()
                    r.read()
                    local[r.status] = local.get(r.status, 0) + 1
                    break
                except (OSError, http.client.HTTPException):
                    c.close()
                    c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
        c.close()
        with lock:
            for k, v in local.items():
                codes[k] = codes.get(k, 0) + v

    t0 = time.monotonic()
    threads = [threading.Thread(target=flood, args=(0, 1000, False))]
    threads += [threading.Thread(target=flood, args=(1000 + k * 3000, 3000, True)) for k in range(3)]
    for t in threads:
        t.start()
    # a real reader in the middle of the flood
    st, h, body = srv.request("POST", "/subscribe", [("email", "echt@example.nl"), ("name", "Echt"), ("language", "nl"),
                                                     ("consent", "2026-12"), ("ft", form_time(int(time.time()) - 60)), ("website", "")],
                              {"X-Forwarded-For": "192.0.2.200"})
    check("a real reader during the flood: 200", st == 200)
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    total = sum(codes.values())
    print("10,000 sign-ups in %.1f s (%.0f/s): %s" % (took, total / took, codes))
    check("every request answered (%d)" % total, total == 10000)
    check("the single client was limited: 429s", codes.get(429, 0) >= 990)
    check("nothing but 200 and 429", set(codes) <= {200, 429})
    rss1 = rss_kb(srv.proc.pid)
    print("server RSS %d kB before, %d kB after (+%d kB)" % (rss0, rss1, rss1 - rss0))
    check("memory bounded (+%d kB)" % (rss1 - rss0), rss1 - rss0 < 64 * 1024)
    check("the server still answers", srv.request("GET", "/subscribe")[0] == 200)
    m = wait_for(lambda: mail_to(srv.mails(), "echt@example.nl"), 120, "the real reader's mail")
    # every mail that will be sent was queued before the flood ended; wait until the queue drained
    wait_for(lambda: srv.logtext().count("confirmation mail addr=") >= len(srv.mails()) and
             len(srv.mails()) == srv.logtext().count("in the outbox"), 120, "the mailer")
    n = len(srv.mails())
    print("confirmation mails sent: %d (hourly limit 200)" % n)
    check("at most the hourly mail limit went out (%d)" % n, n <= 200)
    st, h, body = srv.request("POST", confirm_link(m[0])[len(srv.base):], {"confirm": "yes"})
    check("the real reader confirms", st == 200)
    env = dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC)
    out = subprocess.run([TECHZINE, "subscribers", "validate", news], capture_output=True, text=True, env=env)
    check("the list is valid", out.returncode == 0)
    check("one new row: the real reader", sum(1 for r in csv_rows(news) if r["email"].startswith("flood")) == 0 and
          any(r["email"] == "echt@example.nl" for r in csv_rows(news)))
    check("the log stayed small (%d bytes)" % os.path.getsize(srv.log), os.path.getsize(srv.log) < 2 * 1024 * 1024)
    check("SIGTERM: exit 0", srv.stop() == 0)
finally:
    if srv:
        srv.stop()
    shutil.rmtree(tmp, ignore_errors=True)
finish()
