#!/usr/bin/python3
"""check_rules.py - no rule (a stroked line) cuts through a word: stroked
segments from the content streams (pikepdf) against the word boxes of
poppler (pdftotext -bbox), each word box taken at its middle 60 % in
height so a rule under a heading or above a folio does not count.

usage: check_rules.py FILE.pdf
Prints one line per crossing (at most 10) and "N passed, N failed".
"""
import html
import re
import subprocess
import sys

import pikepdf

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def word_boxes(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            words.append((x0, y0, x1, y1, html.unescape(m.group(5))))
        pages.append(words)
    return pages


def segments(page):
    """stroked straight segments in page space (y from the top)"""
    h = float(page.obj.MediaBox[3])
    segs, path, cur = [], [], None
    for operands, op in pikepdf.parse_content_stream(page):
        o = str(op)
        if o == "m":
            cur = (float(operands[0]), float(operands[1]))
        elif o == "l" and cur:
            nxt = (float(operands[0]), float(operands[1]))
            path.append((cur, nxt))
            cur = nxt
        elif o in ("S", "s"):
            for (a, b) in path:
                segs.append((a[0], h - a[1], b[0], h - b[1]))
            path = []
        elif o in ("n", "f", "F", "f*", "B", "b", "re"):
            path = []
    return segs


def crosses(seg, box):
    x0, y0, x1, y1 = seg
    bx0, by0, bx1, by1 = box[:4]
    mid = (by1 - by0) * 0.2
    by0, by1 = by0 + mid, by1 - mid
    if abs(x0 - x1) < 0.01:  # vertical
        return bx0 + 0.3 < x0 < bx1 - 0.3 and min(y0, y1) < by1 and max(y0, y1) > by0
    if abs(y0 - y1) < 0.01:  # horizontal
        return by0 < y0 < by1 and min(x0, x1) < bx1 - 0.3 and max(x0, x1) > bx0 + 0.3
    return False


def main():
    path = sys.argv[1]
    pdf = pikepdf.open(path)
    words = word_boxes(path)
    n = 0
    total = 0
    for i, page in enumerate(pdf.pages):
        segs = segments(page)
        total += len(segs)
        for s in segs:
            for w in words[i] if i < len(words) else []:
                if crosses(s, w):
                    n += 1
                    if n <= 10:
                        print("page %d: rule %s crosses %r" % (i + 1,
                              tuple(round(v, 1) for v in s), w[4]))
    print("rules: %d, crossings: %d" % (total, n))
    check("no rule crosses a word", n == 0)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
