#!/usr/bin/python3
"""tests/html/mail_static.py OUTDIR LANG [ISSUE_LANG] - what the e-mail
HTML must hold for clients no browser test can run (Outlook for Windows)
and what a reader's client loads, checked on `techzine html` output:

  - Outlook: xmlns:o, <o:PixelsPerInch>96 in an [if mso] block, a fixed
    600 px ghost table around the paper, ghost tables around every
    fluid-hybrid column pair (as many [if mso] openings as closings);
  - lang on the wrapper div (webmail drops <html>), lang="nl" in the
    English edition on text that is Dutch;
  - one link per story: no story page linked twice, no linked image;
  - no empty spacer row, no kicker that repeats its section title;
  - a real <title> and preheader (not just the issue title);
  - under 100 KB, and under 60 KB (the aim);
  - the images the e-mail loads: each an e-mail copy in web/images/mail/,
    progressive JPEG (SOF2), twice its display width or the original's
    width, no ICC profile (sRGB), together under 400 KB;
  - the text edition: unsubscribe above the "-- " signature separator.
Exit 1 with every failure printed.
"""
import html.parser
import os
import re
import struct
import sys

out, lang = sys.argv[1], sys.argv[2]
issue_lang = sys.argv[3] if len(sys.argv) > 3 else "nl"
src = open(os.path.join(out, "newsletter.html"), encoding="utf-8").read()
text = open(os.path.join(out, "newsletter.txt"), encoding="utf-8").read()
fails = []


def need(ok, what):
    if not ok:
        fails.append(what)


need('xmlns:o="urn:schemas-microsoft-com:office:office"' in src, "xmlns:o on <html>")
need(re.search(r"<!--\[if mso\]>.*<o:PixelsPerInch>96</o:PixelsPerInch>.*<!\[endif\]-->", src, re.S),
     "Outlook DPI fix (<o:PixelsPerInch>96) in an [if mso] block")
need(re.search(r'<!--\[if mso\]><table role="presentation" width="600" align="center"', src),
     "fixed 600 px ghost table for Outlook")
opens, closes = src.count("<!--[if mso]>"), src.count("<![endif]-->")
need(opens == closes and opens >= 10, f"balanced [if mso] blocks ({opens} opened, {closes} closed)")
cols = src.count('class="tz-col"')
need(cols >= 4 and cols % 2 == 0, f"fluid-hybrid columns in pairs ({cols})")
need(src.count('<td width="') >= cols, "every column has its Outlook ghost cell")
need(re.search(r'<div role="main" [^>]*lang="%s"' % lang, src), f'lang="{lang}" on the wrapper')
if lang != issue_lang:
    need(f'lang="{issue_lang}"' in src, f'lang="{issue_lang}" on untranslated text in the {lang} edition')
need(not re.search(r'class="tz-pad"[^>]*>\s*(&nbsp;)?\s*</td>', src), "no empty spacer row")
need("font-size:12px" not in src and "font-size:13px" not in src, "no 12/13 px text")


class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.links, self.in_a, self.title, self.h2, self.kickers = [], [], None, "", [], []
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.in_a = a.get("href", "")
            self.links.append(self.in_a)
        if tag == "img" and self.in_a is not None:
            fails.append("an image is a link: " + a.get("src", ""))
        if tag in ("title", "h2") or (tag == "p" and "tz-a" in a.get("class", "")):
            self.cur = [tag, ""]

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_a = None
        if self.cur and tag == self.cur[0]:
            t = self.cur[1].strip()
            {"title": lambda: setattr(self, "title", t), "h2": lambda: self.h2.append(t),
             "p": lambda: self.kickers.append((t, self.h2[-1] if self.h2 else ""))}[tag]()
            self.cur = None

    def handle_data(self, d):
        if self.cur:
            self.cur[1] += d


p = P()
p.feed(src)
stories = [h for h in p.links if re.search(r"/[a-z0-9-]+\.html$", h) and "/u/" not in h]
dups = sorted({h for h in stories if stories.count(h) > 1})
need(not dups, f"one link per story (linked twice: {dups[:3]})")
need(len(stories) >= 5, f"story links found ({len(stories)})")
for k, h2 in p.kickers:
    need(k.lower() != h2.lower(), f"kicker '{k}' repeats its section title")
need(len(p.title) > 12 and p.title != "TechZine", f"a real <title> ('{p.title}')")
pre = re.search(r'<div style="display:none;[^"]*">(.*?)(&zwnj;|</div>)', src, re.S)
need(pre and len(pre.group(1).strip()) > 20, "a real preheader")
size = len(src.encode())
need(size < 100 * 1024, f"HTML under 100 KB ({size})")
need(size < 60 * 1024, f"HTML under 60 KB, the aim ({size})")


def jpeg_info(path):
    d = open(path, "rb").read()
    i, sof, icc = 2, None, False
    while i + 4 <= len(d) and d[i] == 0xFF:
        m, n = d[i + 1], struct.unpack(">H", d[i + 2:i + 4])[0]
        if m == 0xE2 and d[i + 4:i + 15] == b"ICC_PROFILE":
            icc = True
        if m in (0xC0, 0xC1, 0xC2):
            sof = m
            h, w = struct.unpack(">HH", d[i + 5:i + 9])
            return sof, w, h, icc, len(d)
        i += 2 + n
    return None, 0, 0, icc, len(d)


total = 0
seen = set()
for m in re.finditer(r'<img src="([^"]+)" width="(\d+)" height="(\d+)"', src):
    url, w = m.group(1), int(m.group(2))
    rel = url[url.find("/images/") + 1:] if "/images/" in url else url
    if rel in seen:
        continue
    seen.add(rel)
    path = os.path.join(out, "web", rel)
    if not rel.startswith("images/mail/") or not os.path.isfile(path):
        fails.append(f"image is not an e-mail copy in web/images/mail/: {url}")
        continue
    sof, pw, ph, icc, n = jpeg_info(path)
    total += n
    need(sof == 0xC2, f"{rel} is a progressive JPEG")
    need(not icc, f"{rel} carries no ICC profile (sRGB)")
    need(pw == 2 * w or (pw < 2 * w and pw >= w), f"{rel} is 2x its display width ({pw} for {w})")
need(len(seen) >= 3, f"the e-mail shows images ({len(seen)})")
need(total < 400 * 1024, f"images the e-mail loads under 400 KB ({total} bytes)")
sig = text.find("\n-- \n")
unsub = text.find("VOORBEELD") if "VOORBEELD" in text else text.find("/u/")
need(sig > 0 and 0 < unsub < sig, "the unsubscribe link stands above the '-- ' signature")
print(f"{out}: {size} bytes HTML, {len(seen)} images {total} bytes, {len(stories)} story links, "
      f"{opens} mso blocks, {len(fails)} failure(s)")
for f in fails:
    print("FAIL", f)
sys.exit(1 if fails else 0)
