#!/usr/bin/python3
"""check_grid.py PDF BASELINE_PT - body text sits on one baseline grid: the
bottom of every word of body size (the most common word height), on every
page, is at the same offset modulo the layout's baseline, so neighbouring
columns share their lines. Exits 1 and names the first words off the grid."""
import collections
import re
import subprocess
import sys


def main():
    pdf, b = sys.argv[1], float(sys.argv[2])
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("<page ")[1:]
    words, heights = [], collections.Counter()
    for n, p in enumerate(pages, 1):
        for a, y0, c, y1, t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                          r'yMax="([\d.]+)">([^<]*)</word>', p):
            h = round(float(y1) - float(y0), 1)
            heights[h] += 1
            words.append((n, h, float(y1), t))
    body = heights.most_common(1)[0][0]
    phase = collections.Counter(round(y % b, 1) for n, h, y, t in words if h == body)
    grid = phase.most_common(1)[0][0]
    off = [(n, y, t) for n, h, y, t in words
           if h == body and min(abs(y % b - grid), b - abs(y % b - grid)) > 0.15]
    total = sum(phase.values())
    print("%d body words, %d on the %.1f pt grid, %d off" % (total, total - len(off), b, len(off)))
    for n, y, t in off[:10]:
        print("  page %d: '%s' at y %.2f" % (n, t, y))
    sys.exit(1 if off else 0)


main()
