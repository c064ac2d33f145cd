#!/usr/bin/python3
"""check_hyphen.py - line ends of a print PDF, judged from its text
(pdftotext -raw) against the issue's sources, independent of techzine:

  1. every URL and e-mail address the PDF shows is there intact: it breaks
     only after / . - _ ? with no hyphen added, and never right after a
     leading "www." (no line ends in "www.");
  2. words inside <span lang="en"> break only where the English dictionary
     (pyphen with hyphen-en-us) allows, never at a Dutch-only point;
  3. names in the exception list (one a line, '-' marks the only points)
     break only there.

usage: check_hyphen.py FILE.pdf ISSUE.xml NAMES.txt [--text FILE]
(--text: judge this pdftotext -raw output instead, for control cases)
Prints one line per failure and "N passed, N failed"; exit 1 on any.
"""
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pyphen

passed = failed = 0
URL_CHARS = "/.-_?"


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def sources(issue):
    """(urls, english words) from the issue and its story files"""
    folder = os.path.dirname(os.path.abspath(issue))
    urls, english = set(), set()
    files = [issue] + glob.glob(os.path.join(folder, "stories", "*.xml"))
    url_re = re.compile(r"(?:https?://|mailto:)?(?:www\.)?[\w.-]+@[\w-]+(?:\.[\w-]+)+"
                        r"|(?:https?://|www\.)[^\s<>\"]+"
                        r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:nl|example|org|com|eu|de)(?:/[^\s<>\"]*)?")
    for f in files:
        root = ET.parse(f).getroot()
        for el in root.iter():
            for k in ("registration", "website", "href"):
                if k in el.attrib:
                    urls.add(el.attrib[k])
            for t in (el.text, el.tail):
                for m in url_re.findall(t or ""):
                    urls.add(m.rstrip(".,;:)"))
            if el.tag == "span" and el.get("lang") == "en":
                for w in re.findall(r"[A-Za-z]{4,}", "".join(el.itertext())):
                    english.add(w)
    shown = set()
    for u in urls:
        u = re.sub(r"^(https?://|mailto:)", "", u).rstrip("/")
        if len(u) >= 6:
            shown.add(u)
    return shown, english


def check_urls(text, urls):
    low = text.lower()
    checked = 0
    for u in sorted(urls):
        lu = u.lower()
        # printed at all: the URL's characters with line ends, with or
        # without a hyphen before them, between any two
        loose = "(?:-?\n)?".join(re.escape(ch) for ch in lu)
        if not re.search(loose, low):
            continue  # not printed (a link target, not its text)
        checked += 1
        m = re.search("\n?".join(re.escape(ch) for ch in lu), low)
        check("URL %s is printed intact (no hyphen added)" % u, m is not None)
        if not m:
            continue
        s = m.group(0)
        for i, ch in enumerate(s):
            if ch != "\n":
                continue
            before = s[:i].replace("\n", "")
            check("URL %s breaks only after / . - _ ? (after %r)" % (u, before[-12:]),
                  before[-1:] in URL_CHARS and before.lower() != "www.")
    print("urls printed and checked: %d" % checked)
    lines = text.split("\n")
    bad = [l for l in lines if l.lower().endswith("www.")]
    check("no line ends in 'www.'", not bad, bad[:3])


def splits(text, word):
    """the positions where word is split over a line with a hyphen"""
    out = []
    for k in range(2, len(word) - 1):
        if re.search(r"\b%s-\n%s" % (re.escape(word[:k]), re.escape(word[k:])), text,
                     re.IGNORECASE):
            out.append(k)
    return out


def check_english(text, words):
    en = pyphen.Pyphen(filename="/usr/share/hyphen/hyph_en_US.dic")
    n = 0
    for w in sorted(words):
        ok_points = set(en.positions(w))
        for k in splits(text, w):
            n += 1
            check("English word %r split as %s-%s at an English point" % (w, w[:k], w[k:]),
                  k in ok_points)
    print("english words: %d, split over lines: %d" % (len(words), n))


def check_names(text, names_file):
    n = 0
    for line in open(names_file, encoding="utf-8"):
        line = line.split("#")[0].strip()
        for pat in line.split():
            word = pat.replace("-", "")
            allowed, k = set(), 0
            for ch in pat:
                if ch == "-":
                    allowed.add(k)
                else:
                    k += 1
            for pos in splits(text, word):
                n += 1
                check("name %r split as %s-%s only at its own points" % (word, word[:pos], word[pos:]),
                      pos in allowed)
    print("names split over lines: %d" % n)


def main():
    args = sys.argv[1:]
    pdf, issue, names = args[0], args[1], args[2]
    if "--text" in args:
        text = open(args[args.index("--text") + 1], encoding="utf-8").read()
    else:
        text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True,
                              text=True, check=True).stdout
    urls, english = sources(issue)
    check_urls(text, urls)
    check_english(text, english)
    check_names(text, names)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
