#!/usr/bin/python3
"""crash.py - kill -9 in the middle of a burst of one-click unsubscribes:
nothing half-written (every file parses, the list validates), every POST
that got 200 is applied (row unsubscribed and its suppression entry there),
and a kill between writing suppressed.csv and the list (forced with the
test hook TECHZINE_TEST_KILL_AFTER_SUPPRESSION) never leaves an
unsubscribed row without its suppression entry."""
import hashlib
import os
import shutil
import signal
import subprocess
import threading

from lsutil import *

N = 400
tmp = scratch()
srv = crash = again = None
try:
    d = os.path.join(tmp, "subscribers")
    os.makedirs(d)
    news = os.path.join(d, "news.csv")
    addrs = ["reader%04d@example.nl" % i for i in range(N)]
    with open(news, "w") as f:
        f.write("email,name,language,municipality,interests,status,consent_date,consent_source,last_change\r\n")
        for a in addrs:
            f.write("%s,Reader,nl,Emmen,parels,active,2026-01-01,test,2026-01-01\r\n" % a)
    srv = Server(tmp, limits='per-client="100000" signed-per-client="100000"')
    ok = []
    lock = threading.Lock()
    started = threading.Event()

    def worker(part):
        for a in part:
            try:
                st, h, _ = srv.request("POST", "/u/?e=%s&t=%s" % (a.replace("@", "%40"), token(a)),
                                       "List-Unsubscribe=One-Click", {"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
            except OSError:
                return  # the server is gone
            if st == 200:
                with lock:
                    ok.append(a)
                    if len(ok) >= 40:
                        started.set()

    threads = [threading.Thread(target=worker, args=(addrs[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    wait_for(lambda: started.is_set(), 120, "40 unsubscribes")
    srv.proc.send_signal(signal.SIGKILL)
    for t in threads:
        t.join()
    srv.proc.wait()
    print("killed after %d answered unsubscribes of %d" % (len(ok), N))
    check("the burst was cut short", len(ok) < N)
    env = dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET, TECHZINE_DATA=SRC)
    out = subprocess.run([TECHZINE, "subscribers", "validate", news], capture_output=True, text=True, env=env)
    check("the list is whole and valid after kill -9 (%s)" % out.stderr.strip()[:200], out.returncode == 0)
    rows = {r["email"]: r for r in csv_rows(news)}
    check("no row lost", len(rows) == N)
    supp = open(os.path.join(d, "suppressed.csv")).read()
    def suppressed(a):
        return "sha256:" + hashlib.sha256(a.encode()).hexdigest() in supp
    check("every answered unsubscribe is in the list", all(rows[a]["status"] == "unsubscribed" for a in ok))
    check("and suppressed", all(suppressed(a) for a in ok))
    check("no unsubscribed row without its suppression entry",
          all(suppressed(a) for a, r in rows.items() if r["status"] == "unsubscribed"))

    # a kill exactly between the suppression file and the list
    # (not one the burst's kill left suppressed with its row still active:
    # suppressing it again changes nothing, so the forced kill would not come)
    victim = next(a for a in addrs if rows[a]["status"] == "active" and not suppressed(a))
    crash = Server(tmp, limits='per-client="100000"', env={"TECHZINE_TEST_KILL_AFTER_SUPPRESSION": "1"})
    try:
        crash.request("POST", "/u/?e=%s&t=%s" % (victim.replace("@", "%40"), token(victim)), "List-Unsubscribe=One-Click",
                      {"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
        answered = True
    except (OSError, http.client.HTTPException):
        answered = False
    crash.proc.wait(60)
    check("killed between the two renames, before answering", not answered and crash.proc.returncode == -signal.SIGKILL)
    rows = {r["email"]: r for r in csv_rows(news)}
    supp = open(os.path.join(d, "suppressed.csv")).read()
    check("the suppression entry was written first", suppressed(victim))
    check("the row still says active: never an unsubscribed row without suppression", rows[victim]["status"] == "active")
    again = Server(tmp, limits='per-client="100000"')
    st, h, _ = again.request("POST", "/u/?e=%s&t=%s" % (victim.replace("@", "%40"), token(victim)), "List-Unsubscribe=One-Click",
                             {"Content-Type": "application/x-www-form-urlencoded"})
    rows = {r["email"]: r for r in csv_rows(news)}
    check("the retry completes it", st == 200 and rows[victim]["status"] == "unsubscribed")
    again.stop()
finally:
    # every server this test started goes, whatever failed: a server left
    # running holds ctest's output pipe open until the test's timeout
    for s in (srv, crash, again):
        if s and s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()
    shutil.rmtree(tmp, ignore_errors=True)
finish()
