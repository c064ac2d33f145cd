#!/usr/bin/python3
"""slow.py - slow clients (slowloris) cannot keep the server from others.

8 loopback addresses (127.0.0.2-9) open 8 connections each and trickle a
header byte every half second (well inside libmicrohttpd's idle timeout,
so only the request deadline can stop them); each address tries a 9th
connection too. Meanwhile a reader from 127.0.0.10 must be served, and
every slow connection must be cut once the deadline (connection-timeout,
here 3 s) has passed. The figures (reader latency, how long slow
connections lived, idle connection lifetime) are printed."""
import shutil
import socket
import threading
import time

from lsutil import *

tmp = scratch()
srv = None
socks = []
try:
    srv = Server(tmp, limits='per-client="100000" connections="64" per-ip-connections="8" connection-timeout="3"')
    start = time.monotonic()
    closed_at = {}
    lock = threading.Lock()
    refused_9th = 0
    for a in range(2, 10):
        for k in range(9):
            s = socket.socket()
            s.bind(("127.0.0.%d" % a, 0))
            try:
                s.connect(("127.0.0.1", srv.port))
                s.sendall(b"GET /subscribe HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                refused_9th += 1
                continue
            socks.append((a, k, s))

    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            for a, k, s in socks:
                if s in closed_at:
                    continue
                try:
                    s.sendall(b"X")
                except OSError:
                    with lock:
                        closed_at.setdefault(s, time.monotonic() - start)
            time.sleep(0.5)

    t = threading.Thread(target=trickle, daemon=True)
    t.start()
    # the reader from elsewhere
    t0 = time.monotonic()
    rs = socket.socket()
    rs.bind(("127.0.0.10", 0))
    rs.settimeout(60)
    rs.connect(("127.0.0.1", srv.port))
    rs.sendall(b"GET /subscribe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    data = b""
    while True:
        chunk = rs.recv(65536)
        if not chunk:
            break
        data += chunk
    latency = time.monotonic() - t0
    rs.close()
    print("reader from another address served in %.3f s while %d slow connections were open" % (latency, len(socks)))
    check("the reader is served (200)", data.startswith(b"HTTP/1.1 200"))
    check("the reader did not wait for the slow clients (%.1f s)" % latency, latency < 30)

    # the 9th connection of each address: accepted by the kernel, closed by libmicrohttpd at once
    ninth_closed = 0
    for a, k, s in socks:
        if k == 8:
            s.settimeout(30)
            try:
                ninth_closed += s.recv(1) == b""
            except OSError:
                ninth_closed += 1
    check("the per-IP limit: every 9th connection was closed (%d of 8)" % (ninth_closed + refused_9th), ninth_closed + refused_9th == 8)

    # every slow connection is cut after the deadline, though it never went idle
    wait_for(lambda: all(s in closed_at for a, k, s in socks), 60, "the slow connections to be cut")
    stop.set()
    t.join()
    lived = sorted(v for s, v in closed_at.items() if any(s is x for a, k, x in socks if k < 8))
    print("slow connections cut after %.1f .. %.1f s (deadline 3 s, reaper every 0.2 s)" % (lived[0], lived[-1]))
    check("slow connections lived no longer than the deadline plus slack (%.1f s)" % lived[-1], lived[-1] < 20)
    check("and not much shorter than it (%.1f s)" % lived[0], lived[0] >= 2.5)
    check("the log says so", "did not send a whole request" in srv.logtext())

    # an idle connection (nothing sent at all) is closed too
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.settimeout(60)
    check("an idle connection is closed", s.recv(1) == b"")
    idle = time.monotonic() - t0
    print("an idle connection was closed after %.1f s" % idle)
    check("after about the timeout (%.1f s)" % idle, 2.5 <= idle < 20)
    s.close()
    # a slow body (R.U.D.Y.): headers at once, the body a byte at a time
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"POST /subscribe HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\n")
    t0 = time.monotonic()
    cut = None
    while time.monotonic() - t0 < 60:
        try:
            s.sendall(b"a")
        except OSError:
            cut = time.monotonic() - t0
            break
        time.sleep(0.3)
    print("a slow body was cut after %s s" % ("%.1f" % cut if cut else "never"))
    check("a slow body is cut too", cut is not None and cut < 20)
    s.close()
    check("the server is still up", srv.request("GET", "/subscribe")[0] == 200)
finally:
    for a, k, s in socks:
        s.close()
    if srv:
        srv.stop()
    shutil.rmtree(tmp, ignore_errors=True)
finish()
