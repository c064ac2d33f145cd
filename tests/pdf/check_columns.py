#!/usr/bin/python3
"""check_columns.py PDF LAYOUT.xml [--marks] - no text drawn outside its
column. From pdftotext -bbox word boxes: on every page but the covers every
word lies inside the text area (margins mirrored for left and right pages),
and every word of body size lies inside one column of the layout's news
grid or its feature grid (hanging punctuation may reach half an em out).
Exits 1 and names the page and word on any violation.
"""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4


def layout(path):
    r = ET.parse(path).getroot()
    g = lambda tag: r.find(tag)
    page, mar, grid, typ = g("page"), g("margins"), g("grid"), g("type")
    return dict(w=float(page.get("width")) * MM, h=float(page.get("height")) * MM,
                bleed=float(page.get("bleed")) * MM, inner=float(mar.get("inner")) * MM,
                outer=float(mar.get("outer")) * MM, cols=int(grid.get("columns")),
                fcols=int(grid.get("feature-columns", grid.get("columns"))),
                gutter=float(grid.get("gutter")) * MM, body=float(typ.get("body")))


def main():
    pdf, lay = sys.argv[1], layout(sys.argv[2])
    off = lay["bleed"] + (12 * MM if "--marks" in sys.argv else 0)
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("<page ")[1:]
    text_w = lay["w"] - lay["inner"] - lay["outer"]
    heights = collections.Counter()
    parsed = []
    for p in pages:
        ws = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
              re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', p)]
        parsed.append(ws)
        for w in ws:
            heights[round(w[3] - w[1], 1)] += 1
    body_h = heights.most_common(1)[0][0]
    tol = lay["body"] * 0.5
    bad = checked = 0
    for n, ws in enumerate(parsed, 1):
        if n == 1 or n == len(parsed):
            continue  # covers are designed to the trim edge
        left = off + (lay["inner"] if n % 2 else lay["outer"])
        right = left + text_w
        grids = []
        for k in (lay["cols"], lay["fcols"]):
            cw = (text_w - (k - 1) * lay["gutter"]) / k
            grids.append([(left + i * (cw + lay["gutter"]), left + i * (cw + lay["gutter"]) + cw)
                          for i in range(k)])
        for x0, y0, x1, y1, t in ws:
            checked += 1
            if x0 < left - tol or x1 > right + tol:
                bad += 1
                print("page %d: '%s' outside the text area (%.1f..%.1f, area %.1f..%.1f)"
                      % (n, t, x0, x1, left, right))
                continue
            if abs((y1 - y0) - body_h) > 0.05:
                continue
            if not any(c0 - tol <= x0 and x1 <= c1 + tol for g in grids for c0, c1 in g):
                bad += 1
                print("page %d: body word '%s' (%.1f..%.1f) crosses a column edge" % (n, t, x0, x1))
    print("%d words on %d pages checked, %d outside their column" % (checked, len(parsed), bad))
    sys.exit(1 if bad else 0)


main()
