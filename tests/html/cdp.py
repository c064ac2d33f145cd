"""tests/html/cdp.py - the smallest DevTools client the HTML tests need:
start Debian's headless chromium on a private profile, open a page, set the
viewport (any width: DevTools can go below the 500 px window minimum),
emulate prefers-color-scheme, evaluate JavaScript, take screenshots.
Uses python3-websocket; run with /usr/bin/python3.
"""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket

CHROME = shutil.which("chromium") or "/usr/bin/chromium"


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="tz-chrome.")
        self.proc = subprocess.Popen(
            [CHROME, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--mute-audio", "--remote-debugging-port=0",
             "--remote-allow-origins=*", "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(600):  # up to 60 s on a loaded machine
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            if self.proc.poll() is not None:
                raise RuntimeError("chromium exited at start")
            time.sleep(0.1)
        else:
            raise RuntimeError("chromium did not open its DevTools port")
        self.port = int(open(port_file).read().split("\n")[0])
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/json/new?about:blank",
                                     method="PUT")
        target = json.load(urllib.request.urlopen(req, timeout=30))
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=120,
                                              suppress_origin=True)
        self.n = 0
        self.send("Page.enable")
        self.send("Runtime.enable")

    def send(self, method, **params):
        self.n += 1
        mid = self.n
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if msg.get("method") == "Page.loadEventFired":
                self.loaded = True

    def open(self, url, width, dark=False, height=900):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 500)
        self.send("Emulation.setEmulatedMedia", features=[
            {"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
        self.loaded = False
        self.send("Page.navigate", url=url)
        for _ in range(1200):  # wait for the load event (bounded)
            if self.loaded:
                break
            msg = json.loads(self.ws.recv())
            if msg.get("method") == "Page.loadEventFired":
                self.loaded = True
        # images may still decode: wait until every <img> is complete
        self.eval("new Promise(r => { const t = () => [...document.images].every(i => i.complete)"
                  " ? r(1) : setTimeout(t, 50); t(); })", await_promise=True)

    def eval(self, expr, await_promise=False):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True,
                      awaitPromise=await_promise)
        if "exceptionDetails" in r:
            raise RuntimeError(f"script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, path, width):
        h = self.eval("Math.ceil(document.documentElement.scrollHeight)")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=min(int(h), 16000),
                  deviceScaleFactor=1, mobile=width < 500)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)
