#!/usr/bin/python3
"""tests/preview/devtools.py - drive Debian's headless Chromium over the
DevTools protocol (python3-websocket) through the preview page, as the
officer would: open it, look at spreads, iframes and diagnostics, edit a
story and wait for the page to update itself, break a story and see the
errors while the last good pages stay, press the test-send button, and
take a screenshot. Prints one "ok"/"FAIL" line per check; exit 1 on a
failure. Usage: devtools.py DEBUG_PORT PREVIEW_URL ISSUE_DIR OUT_DIR SHOT.png
"""
import base64, json, os, re, subprocess, sys, time, urllib.request
import websocket

dport, url, issue, out, shot = sys.argv[1:6]
failures = 0


def check(name, cond):
    global failures
    print(("ok   " if cond else "FAIL ") + name, flush=True)
    if not cond:
        failures += 1


req = urllib.request.Request("http://127.0.0.1:%s/json/new?about:blank" % dport, method="PUT")
target = json.load(urllib.request.urlopen(req, timeout=30))
ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=120, suppress_origin=True)
mid = 0


def call(method, **params):
    global mid
    mid += 1
    ws.send(json.dumps({"id": mid, "method": method, "params": params}))
    while True:
        m = json.loads(ws.recv())
        if m.get("id") == mid:
            if "error" in m:
                raise RuntimeError("%s: %s" % (method, m["error"]))
            return m.get("result", {})


# What Chromium answers when the page is between two documents: no value
# yet, not a failure (the callers poll with wait_for).
NAVIGATING = ("Inspected target navigated or closed", "Execution context was destroyed",
              "Cannot find context with specified id")


def js(expr):
    try:
        r = call("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True)
    except RuntimeError as e:
        if any(m in str(e) for m in NAVIGATING):
            return None
        raise
    return r.get("result", {}).get("value")


def wait_for(expr, limit=300):
    """poll until expr is truthy; bounded, not a timing bet"""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        v = js(expr)
        if v:
            return v
        time.sleep(0.1)
    return None


call("Page.enable")
call("Runtime.enable")
call("Emulation.setDeviceMetricsOverride", width=1280, height=2000, deviceScaleFactor=1, mobile=False)
call("Page.navigate", url=url)
check("the page loads and shows a build",
      wait_for("document.body && document.body.dataset.generation && document.querySelectorAll('.pg img').length > 0"))
state = js("fetch('/state.json').then(r => r.json())")
n = len(state["pages"])
check("every page is an image (%d pages)" % n, js("document.querySelectorAll('.pg img').length") == n)
want_spreads = 1 + (n - 1 + 1) // 2
check("pages are in spreads 1 | 2-3 | ... (%d)" % want_spreads,
      js("document.querySelectorAll('.spread').length") == want_spreads
      and js("document.querySelectorAll('.spread')[1].querySelectorAll('.pg').length") == 2)
check("every page image loads", wait_for(
    "Array.from(document.querySelectorAll('.pg img')).every(i => i.complete && i.naturalWidth > 100)"))
check("the e-mail at 600 and 375 px in sandboxed iframes",
      js("Array.from(document.querySelectorAll('#mail-nl iframe')).map(f => f.width + ':' + f.hasAttribute('sandbox') + ':' + /newsletter.html/.test(f.src)).join()")
      == "602:true:true,377:true:true")
check("the text part is shown", wait_for("document.querySelector('#mail-nl pre').textContent.length > 100"))
check("the size against the 102 KB clip", "102 KB" in (js("document.querySelector('#mail-nl .size').textContent") or ""))
check("subject as an inbox shows it", js("document.querySelector('#inbox-subject').textContent") == state["subject"])
check("the trim toggle shows the trim boxes",
      js("document.querySelector('#t-trim').click(); getComputedStyle(document.querySelector('.trim')).display") == "block")

# the spreads get small images; one page large is drawn when it is clicked
large = os.path.join(out, "pages", "p002-large.png")
check("no large page is drawn before one is asked for", not os.path.exists(large))
small_w = js("document.querySelectorAll('.pg img')[1].naturalWidth")
js("document.querySelectorAll('.pg img')[1].click()")
check("a click shows the page large, drawn on demand",
      wait_for("document.querySelector('#large').style.display === 'block' && "
               "/\\/large\\/2\\.png/.test(document.querySelector('#large img').src) && "
               "document.querySelector('#large img').complete && "
               "document.querySelector('#large img').naturalWidth > 0"))
large_w = js("document.querySelector('#large img').naturalWidth")
check("the large page is sharper than the spread's (%s px against %s px)" % (large_w, small_w),
      bool(large_w) and bool(small_w) and large_w >= small_w * 1.4 and os.path.exists(large))
js("document.querySelector('#large').click()")

holes = [d for d in state["diags"] if "of the text area is empty" in d["msg"]]
check("a hole at the foot of a page is shown on that page (%d)" % len(holes),
      holes and all(d["page"] == int(d["msg"].split()[1].rstrip(":")) for d in holes)
      and js("document.querySelector('.pg[data-page=\"%d\"] .mark') !== null" % holes[0]["page"]))
def hole_lines(d):
    m = re.search(r"\((\d+) of (\d+) lines\)", d["msg"])
    return int(m.group(1)), int(m.group(2))
framed = [d for d in holes if d.get("box")]
check("every hole is framed at the foot of its page's text area (%s)" % [d.get("box") for d in holes],
      holes and len(framed) == len(holes)
      and len({round(d["box"][3] / hole_lines(d)[0], 2) for d in framed}) == 1  # one baseline
      and all(d["box"][1] + d["box"][3] > 0.7 * state["pages"][d["page"] - 1]["h"] for d in framed)
      and js("document.querySelectorAll('.pg[data-page=\"%d\"] .diagbox').length > 0" % framed[0]["page"]))
# a diagnostic that names an image by its size is drawn where the image is
pics = [d for d in state["diags"] if "px) prints at" in d["msg"] and d["page"]]
boxed = [d for d in pics if d.get("box")]
check("every image diagnostic has its place on the page (%d of %d)" % (len(boxed), len(pics)),
      pics and len(boxed) == len(pics))
if boxed:
    d = boxed[0]
    pw, ph = state["pages"][d["page"] - 1]["w"], state["pages"][d["page"] - 1]["h"]
    check("the place is inside the page (%s on %.0f x %.0f pt)" % (d["box"], pw, ph),
          0 <= d["box"][0] and d["box"][0] + d["box"][2] <= pw + 1 and 0 <= d["box"][1]
          and d["box"][1] + d["box"][3] <= ph + 1 and d["box"][2] > 10 and d["box"][3] > 10)
    drawn = js("(() => { const b = Array.from(document.querySelectorAll('.pg[data-page=\"%d\"] .diagbox'))"
               ".find(x => x.title.includes('px) prints at')); if (!b) return null;"
               " const r = b.getBoundingClientRect(), q = b.parentNode.getBoundingClientRect();"
               " return [(r.left - q.left) / q.width, (r.top - q.top) / q.height, r.width / q.width, b.title]; })()" % d["page"])
    check("the frame is drawn over the page where the image is (%s)" % (drawn[:3] if drawn else None),
          drawn is not None and abs(drawn[0] - d["box"][0] / pw) < 0.02
          and abs(drawn[1] - d["box"][1] / ph) < 0.02 and abs(drawn[2] - d["box"][2] / pw) < 0.02
          and drawn[3] == d["msg"])

# a one-word edit: the page updates itself (server-sent events), the new
# word is in the new PDF and in the newsletter
gen = int(js("document.body.dataset.generation"))
story = os.path.join(issue, "stories", "een.xml")
src = open(story, encoding="utf-8").read()
edited = re.sub(r"<lead>", "<lead>Zebrakwartier ", src, count=1)
with open(story + ".new", "w", encoding="utf-8") as f:
    f.write(edited)
os.rename(story + ".new", story)  # as an editor saves
t0 = time.monotonic()
check("the page updates itself after a save",
      wait_for("Number(document.body.dataset.generation) > %d" % gen))
print("info: edit to update event %.0f ms" % ((time.monotonic() - t0) * 1000))
check("the build after the edit is good", js("document.body.dataset.ok") == "true")
txt = subprocess.run(["pdftotext", os.path.join(out, "print.pdf"), "-"], capture_output=True, text=True).stdout
check("the new word is in the new PDF", "Zebrakwartier" in txt)
check("the new word is in the newsletter the iframe shows",
      js("fetch(document.querySelector('#mail-nl iframe').src).then(r => r.text()).then(t => t.includes('Zebrakwartier'))"))
st2 = js("fetch('/state.json').then(r => r.json())")
check("only changed pages were rendered again (%d of %d)" % (st2["pages_rendered"], n),
      0 < st2["pages_rendered"] < n)
check("the build says where its time went",
      all(k in st2["phases"] for k in ("debounce_ms", "pdf_ms", "html_ms", "render_ms", "pdf_cpu_ms"))
      and st2["phases"]["ran_pdf"] and st2["phases"]["ran_html"])
before_large = os.path.getmtime(large) if os.path.exists(large) else 0
changed2 = st2["pages"][1]["v"] != state["pages"][1]["v"]
status = js("fetch('/large/2.png').then(r => r.status)")
check("the large page is drawn again only when its page changed (page 2 %s)" %
      ("changed" if changed2 else "unchanged"),
      status == 200 and (os.path.getmtime(large) > before_large) == changed2)

# break the story: errors shown, the last good pages stay
gen = int(js("document.body.dataset.generation"))
with open(story + ".new", "w", encoding="utf-8") as f:
    f.write(edited.replace("</headline>", "", 1))
os.rename(story + ".new", story)
check("a broken story starts a build", wait_for("Number(document.body.dataset.generation) > %d" % gen))
check("the failed build is announced", js("document.body.dataset.ok") == "false"
      and js("!document.querySelector('#banner').hidden"))
diag = js("Array.from(document.querySelectorAll('#diags li')).map(l => l.textContent).join('\\n')") or ""
check("the error is listed with file:line (%s)" % diag.split("\n")[0][:80],
      re.search(r"stories/een\.xml:\d+: error", diag) is not None)
check("the last good pages stay", js("document.querySelectorAll('.pg img').length") == n
      and js("fetch('/page/1.png').then(r => r.status)") == 200)
js("document.querySelector('#diags li').click()")
check("clicking a diagnostic shows its source lines, escaped",
      wait_for("document.querySelector('#source .hit') && document.querySelector('#source').textContent.includes('<')"))
gen = int(js("document.body.dataset.generation"))
with open(story + ".new", "w", encoding="utf-8") as f:
    f.write(edited)
os.rename(story + ".new", story)
check("the mended story builds again",
      wait_for("Number(document.body.dataset.generation) > %d && document.body.dataset.ok === 'true'" % gen))
check("the newsletter's images load in the iframe's document",
      js("fetch(document.querySelector('#mail-nl iframe').src).then(r => r.text()).then(t => (t.match(/<img[^>]+src=\"([^\"]+)\"/) || [])[1]).then(u => u ? fetch(u).then(r => r.status) : 0)") == 200)

# the test-send button
js("document.querySelector('#send').click()")
check("the test send reports its result",
      wait_for("document.querySelector('#send-result').textContent.includes('test send done')"))

time.sleep(0)  # nothing to wait for: the screenshot is of the state now
shot_data = call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
open(shot, "wb").write(base64.b64decode(shot_data))
check("screenshot at 1280 px", os.path.getsize(shot) > 10000)
ws.close()
sys.exit(1 if failures else 0)
