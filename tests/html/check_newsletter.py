#!/usr/bin/python3
"""check_newsletter.py - judge the output of `techzine html` against the issue.

usage: check_newsletter.py ISSUE.xml OUTDIR BASE_URL LANG

Reads the issue XML independently of techzine (xml.etree + XInclude) and
checks that every story headline and lead appears in newsletter.html and
newsletter.txt, and that the e-mail HTML follows the e-mail rules (no
script, no external CSS, no forms, every <img> with alt/width/height and a
public URL, only http(s)/mailto links, under 100 KB), and the text edition
(lines <= 78 code points, every [n] reference listed). Prints one
"PASS name" or "FAIL name: why" line per check.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
from xml.etree import ElementInclude
from html.parser import HTMLParser

issue_path, outdir, base, lang = sys.argv[1:5]


def result(ok, name, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))


def norm(s):
    # quotes typed straight are printed typographic (src/text/quotes.c):
    # compare the words, not the quote style
    s = re.sub("[\u201c\u201d\u201e]", '"', re.sub("[\u2018\u2019]", "'", s))
    return re.sub(r"\s+", " ", s).strip()


def loader(href, parse, encoding=None):
    path = os.path.join(os.path.dirname(issue_path), href)
    if parse == "xml":
        return ET.parse(path).getroot()
    with open(path, encoding=encoding or "utf-8") as f:
        return f.read()


root = ET.parse(issue_path).getroot()
ElementInclude.include(root, loader=loader)
issue_lang = root.get("lang", "nl")
stories = []
for st in root.iter("story"):
    src = st
    if lang != st.get("lang", issue_lang):
        for v in st.findall("variant"):
            if v.get("lang") == lang:
                src = v
    head = norm("".join(src.find("headline").itertext()))
    lead_el = src.find("lead")
    lead = norm("".join(lead_el.itertext())) if lead_el is not None else None
    stories.append((st.get("id"), st.get("kind"), head, lead))


class Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.tags = []
        self.in_style = False
        self.styles = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "style":
            self.in_style = True
            self.styles.append("")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles[-1] += data
        else:
            self.text.append(data)


html_path = os.path.join(outdir, "newsletter.html")
raw = open(html_path, "rb").read()
html = raw.decode("utf-8")
scan = Scan()
scan.feed(html)
text_html = norm("".join(scan.text))
tags = scan.tags

txt = open(os.path.join(outdir, "newsletter.txt"), "rb").read().decode("utf-8")
txt_flat = norm(re.sub(r" \[\d+\]", "", txt))

for sid, kind, head, lead in stories:
    result(head in text_html, "html headline " + sid, repr(head))
    result(head in txt_flat, "text headline " + sid, repr(head))
    if lead:
        result(lead in text_html, "html lead " + sid, repr(lead))
        result(lead in txt_flat, "text lead " + sid, repr(lead))
    link = base + "/" + ("" if lang == issue_lang else lang + "/") + sid + ".html"
    result(any(t == "a" and a.get("href") == link for t, a in tags), "read-more link " + sid, link)
    result(link in txt, "text link " + sid, link)

bad = [t for t, a in tags if t in ("script", "form", "input", "button", "iframe", "object", "embed", "link", "textarea", "select")]
result(not bad, "no script, forms, frames or external CSS", repr(bad))
result(re.search(r"<\s*script", html, re.I) is None, "no <script anywhere in the bytes")
result("javascript:" not in html.lower(), "no javascript: URLs")
result(not any(k.lower().startswith("on") for t, a in tags for k in a), "no event handler attributes")
result(len(scan.styles) <= 1 and all("@import" not in s and "url(" not in s for s in scan.styles),
       "at most one <style> block, nothing external")
imgs = [a for t, a in tags if t == "img"]
for a in imgs:
    ok = all(k in a for k in ("alt", "width", "height")) and a["width"].isdigit() and a["height"].isdigit()
    result(ok, "img has alt/width/height " + a.get("src", "?"), repr(a))
    result(a.get("src", "").startswith(base + "/images/"), "img src under base-url/images " + a.get("src", "?"))
    result(int(a.get("width", "9999")) <= 600, "img width fits 600 px")
for t, a in tags:
    if t == "a":
        h = a.get("href", "")
        result(re.match(r"^(https?://|mailto:)", h) is not None, "link scheme " + h[:60])
result(len(raw) < 100 * 1024, "html under 100 KB", "%d bytes" % len(raw))
greet = "Dear reader," if lang == "en" else "Beste lezer,"
result(greet in text_html and greet in txt, "greeting with neutral fallback")
result(any(t == "a" and a.get("href") == base + "/u/VOORBEELD" for t, a in tags) and
       base + "/u/VOORBEELD" in txt, "unsubscribe link (preview value)")
view = base + ("/index.html" if lang == issue_lang else "/" + lang + "/index.html")
result(any(t == "a" and a.get("href") == view for t, a in tags) and view in txt, "view in browser link")
pre = root.findtext("preheader")
hidden = re.search(r'<div style="display:none[^>]*>(.*?)</div>', html, re.S)
if pre and lang == issue_lang:
    result(hidden is not None and norm(pre) in hidden.group(1), "hidden preheader")
result(re.search(r"Raadhuisplein|[0-9]{4} ?[A-Z]{2}", text_html) is not None, "sender address in footer")

# the one exception: a URL longer than the line stands alone on its line
# (folding it would break the link), right after its "[n]" line
lines = txt.split("\n")
long = [l for i, l in enumerate(lines) if len(l) > 78 and not (
    re.match(r"^https?://\S+$", l) and i > 0 and re.match(r"^\[\d+\]$", lines[i - 1]))]
result(not long, "text lines <= 78 code points", repr(long[:3]))
result("\t" not in txt and "\r" not in txt, "text has no tabs or CR")
used = set(re.findall(r"\[(\d+)\]", re.sub(r"(?m)^\[\d+\]( .*)?$", "", txt)))
listed = set(re.findall(r"(?m)^\[(\d+)\](?: |\n)\S+", txt))
result(used and used <= listed, "every [n] reference is listed", repr(sorted(used - listed)))
