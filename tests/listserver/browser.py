#!/usr/bin/python3
"""browser.py - a reader's whole life in a real browser: headless Chromium
(/usr/bin/chromium, never downloaded) driven over the DevTools protocol
with python3-websocket. The reader types into the sign-up form and
submits it; the confirmation mail is read from an SMTP test server
(aiosmtpd, tests/smtp/server.py) the list server delivers to; the reader
opens the link, presses the button, and the row with its consent is in the
CSV; then changes preferences on the page the newsletter footer links to.
Two bots are refused: one fills the honeypot, one submits faster than the
minimum fill-in time (a server with min-fill-seconds=600)."""
import json
import os
import shutil
import subprocess
import time
import urllib.request

import websocket

from lsutil import *


class Chrome:
    def __init__(self, tmp):
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=%d" % self.port, "--user-data-dir=" + os.path.join(tmp, "chrome"),
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def targets():
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/json" % self.port, timeout=5) as r:
                    return [t for t in json.load(r) if t["type"] == "page"]
            except OSError:
                return None
        t = wait_for(targets, 120, "chromium's DevTools")
        self.ws = websocket.create_connection(t[0]["webSocketDebuggerUrl"], timeout=120)
        self.n = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.n += 1
        me = self.n
        self.ws.send(json.dumps({"id": me, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == me:
                if "error" in msg:
                    raise AssertionError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})

    # What Chromium answers when the page is between two documents (a form
    # was submitted, a link followed): no value yet, not a failure; the
    # callers poll with wait_for until the new page is there.
    NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed",
                  "Cannot find context with specified id")

    def js(self, expr):
        try:
            r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        except AssertionError as e:
            if any(m in str(e) for m in self.NAVIGATING):
                return None
            raise
        return r.get("result", {}).get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        self.wait_page(url.split("?")[0])

    def wait_page(self, prefix=None):
        wait_for(lambda: self.js("document.readyState") == "complete" and
                 (prefix is None or (self.js("location.href") or "").startswith(prefix)), 60, "page load")

    def type_into(self, selector, text):
        self.js("document.querySelector(%s).focus()" % json.dumps(selector))
        self.call("Input.insertText", text=text)

    def click(self, selector):
        box = self.js("(function(){var r=document.querySelector(%s).getBoundingClientRect();"
                      "return [r.x+r.width/2, r.y+r.height/2]})()" % json.dumps(selector))
        self.js("document.querySelector(%s).scrollIntoView()" % json.dumps(selector))
        box = self.js("(function(){var r=document.querySelector(%s).getBoundingClientRect();"
                      "return [r.x+r.width/2, r.y+r.height/2]})()" % json.dumps(selector))
        for t in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=t, x=box[0], y=box[1], button="left", clickCount=1)

    def text(self):
        return self.js("document.body.innerText") or ""

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


tmp = scratch()
smtp = chrome = srv = slow = None
try:
    store = os.path.join(tmp, "smtp")
    os.makedirs(store)
    sport = free_port()
    smtp = subprocess.Popen(["/usr/bin/python3", os.path.join(SRC, "tests", "smtp", "server.py"),
                             "--port", str(sport), "--store", store], stdout=subprocess.PIPE, text=True)
    check("smtp test server ready", smtp.stdout.readline().strip() == "ready")
    srv = Server(tmp, transport='smtp="smtp://127.0.0.1:%d" insecure-no-tls="yes"' % sport,
                 limits='per-client="1000" min-fill-seconds="2"')
    news = os.path.join(srv.dir, "news.csv")

    def received(addr):
        out = []
        for f in sorted(glob.glob(os.path.join(store, "*.eml"))):
            with open(f, "rb") as fp:
                m = email.message_from_binary_file(fp, policy=email.policy.default)
            if m["To"].addresses[0].addr_spec.lower() == addr:
                out.append(m)
        return out

    chrome = Chrome(tmp)
    # --- the reader signs up ---
    chrome.goto(srv.base + "/subscribe")
    shown = time.monotonic()
    check("the form is there", chrome.js("!!document.querySelector('#signup')") is True)
    check("the honeypot is out of sight", chrome.js("document.querySelector('.hp').getBoundingClientRect().right < 0") is True)
    chrome.type_into("#email", "Lezer@Example.NL")
    chrome.type_into("#name", "Lea de Lezer")
    chrome.js("document.querySelector('#language').value='en'")
    chrome.js("document.querySelector('#municipality').value='Hardenberg'")
    chrome.click("input[name=interests][value=agenda]")
    chrome.click("input[name=consent]")
    check("the boxes are ticked", chrome.js("document.querySelector('input[value=agenda]').checked && document.querySelector('input[name=consent]').checked") is True)
    # a person needs more than the minimum fill-in time (2 s): wait until it has passed
    wait_for(lambda: time.monotonic() - shown > 3, 10, "the fill-in time")
    chrome.click("#signup button[type=submit]")
    wait_for(lambda: "Kijk in uw mailbox" in chrome.text(), 60, "the answer page")
    check("the answer: check your inbox", "check your inbox" in chrome.text())
    mails = wait_for(lambda: received("lezer@example.nl"), 60, "the confirmation mail over SMTP")
    m = mails[0]
    check("one confirmation mail, in English (the chosen language)", len(mails) == 1 and "Confirm your" in str(m["Subject"]))
    link = confirm_link(m)
    # --- opens the link, presses the button ---
    chrome.goto(link)
    check("the confirmation page shows a button and changes nothing yet",
          chrome.js("!!document.querySelector('#confirm')") is True and
          not any(r["email"].lower() == "lezer@example.nl" for r in (csv_rows(news) if os.path.exists(news) else [])))
    chrome.click("#confirm")
    wait_for(lambda: "Welkom" in chrome.text(), 60, "the confirmed page")
    rows = [r for r in csv_rows(news) if r["email"].lower() == "lezer@example.nl"]
    check("the row is in the CSV", len(rows) == 1)
    r = rows[0]
    check("with its consent", r["status"] == "active" and r["consent_date"] == time.strftime("%Y-%m-%d", time.gmtime())
          and r["consent_source"].startswith("website-formulier consent 2026-12"))
    check("and the reader's choices", r["name"] == "Lea de Lezer" and r["language"] == "en" and r["municipality"] == "Hardenberg" and r["interests"] == "agenda")
    # --- preferences, from the newsletter footer link ---
    chrome.goto(srv.base + "/p/?e=" + urllib.parse.quote("Lezer@example.nl") + "&t=" + token("lezer@example.nl"))
    check("preferences page, address masked", "L***@e***.nl" in chrome.text() and "Lezer@" not in chrome.text())
    chrome.js("document.querySelector('#municipality').value='Coevorden'")
    chrome.click("input[name=interests][value=onderwijs]")
    chrome.click("#save")
    wait_for(lambda: "opgeslagen" in chrome.text(), 60, "the saved page")
    r = [r for r in csv_rows(news) if r["email"].lower() == "lezer@example.nl"][0]
    check("preferences changed in the CSV", r["municipality"] == "Coevorden" and r["interests"] == "agenda;onderwijs")
    chrome.click("#unsubscribe")
    wait_for(lambda: "afgemeld" in chrome.text(), 60, "the unsubscribed page")
    r = [r for r in csv_rows(news) if r["email"].lower() == "lezer@example.nl"][0]
    check("unsubscribed from the page", r["status"] == "unsubscribed")

    # --- a bot that fills every field, the honeypot too ---
    chrome.goto(srv.base + "/subscribe")
    shown = time.monotonic()
    chrome.js("for (const i of document.querySelectorAll('input[type=text],input[type=email]')) i.value='bot@example.nl'")
    chrome.click("input[name=consent]")
    wait_for(lambda: time.monotonic() - shown > 3, 10, "the fill-in time")
    chrome.click("#signup button[type=submit]")
    wait_for(lambda: "Kijk in uw mailbox" in chrome.text(), 60, "the bot's answer page")
    # --- a bot that is too fast ---
    slow = Server(tmp, limits='per-client="1000" min-fill-seconds="600"')
    chrome.goto(slow.base + "/subscribe")
    chrome.type_into("#email", "fastbot@example.nl")
    chrome.click("input[name=consent]")
    chrome.click("#signup button[type=submit]")
    wait_for(lambda: "Kijk in uw mailbox" in chrome.text(), 60, "the fast bot's answer page")
    # a real sign-up after both: its mail arriving means theirs would have
    chrome.goto(srv.base + "/subscribe")
    shown = time.monotonic()
    chrome.type_into("#email", "second@example.nl")
    chrome.click("input[name=consent]")
    wait_for(lambda: time.monotonic() - shown > 3, 10, "the fill-in time")
    chrome.click("#signup button[type=submit]")
    wait_for(lambda: received("second@example.nl"), 60, "the second reader's mail")
    check("the honeypot bot got no mail", not received("bot@example.nl"))
    check("the server says why", "refused: honeypot" in srv.logtext())
    wait_for(lambda: "refused: form time" in slow.logtext(), 30, "the fast bot in the log")
    check("the fast bot got nothing", not glob.glob(os.path.join(slow.outbox, "new", "*")))
finally:
    for x in (chrome,):
        if x:
            x.close()
    for s in (srv, slow):
        if s:
            s.stop()
    if smtp:
        smtp.terminate()
        smtp.wait()
    shutil.rmtree(tmp, ignore_errors=True)
finish()
