#!/usr/bin/python3
"""check_pages.py - a designer's page checks of a print PDF against the
issue's sources, independent of techzine (poppler text, PIL on pdftoppm):

  figures   every figure's caption is on one of its story's pages (from
            the page with the story's headline to the page with its last
            words);
  sections  no story's last lines stranded at the head of a page above the
            next section's title (a widow across a section break): fewer
            than 6 lines there fail;
  fillers   no two pages with the same text (a filler or advertisement used
            twice), no pull quote filler ("UIT: <headline>") twice;
  holes     (with --holes FILE) every page whose text area is emptier at the
            foot than --hole-percent (25) is listed in FILE, the
            preflight's warnings; prints each hole measured. With
            --max-hole N, a hole over N % of a column fails by itself
            (the layout must fill or avoid it, not only report it): each
            of the layout's columns is measured on its own, so one full
            column beside empty ones is a hole too.

usage: check_pages.py FILE.pdf ISSUE.xml LAYOUT.xml [--text RAW] [--holes WARNINGS]
                      [--hole-percent N] [--max-hole N]
RAW: pdftotext -raw output with form feeds between pages (control cases).
"""
import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from PIL import Image

passed = failed = 0
MM = 72 / 25.4
SECTION_TAIL_LINES = 6  # fewer lines of a story above a section title: a widow


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def norm(s):
    s = re.sub(r"-\n", "", s)
    return re.sub(r"\s+", " ", s).strip().lower()


def words(s, n, last=False):
    w = re.findall(r"[\w’'.,:;!?–-]+", s)
    return " ".join(w[-n:] if last else w[:n]).lower()


def stories(issue):
    folder = os.path.dirname(os.path.abspath(issue))
    out = []
    for f in sorted(glob.glob(os.path.join(folder, "stories", "*.xml"))):
        root = ET.parse(f).getroot()
        head = root.find("headline")
        body = root.find("body")
        if head is None or body is None:
            continue
        paras = [" ".join("".join(p.itertext()).split()) for p in body.findall("p")]
        caps = [" ".join("".join(c.itertext()).split()) for c in body.iter("caption")]
        out.append((os.path.basename(f), " ".join(head.text.split()), paras, caps))
    return out


def find_page(pages, text):
    """the first page with text, after the cover and the contents page
    (which repeats the headlines)"""
    t = norm(text)
    for i, p in enumerate(pages):
        if i >= 2 and t and t in p:
            return i
    return -1


def check_figures(pages, issue):
    n = 0
    for name, head, paras, caps in stories(issue):
        if not caps or not paras:
            continue
        first = find_page(pages, words(head, 4))
        last = find_page(pages, words(paras[-1], 5, last=True))
        for cap in caps:
            at = find_page(pages, words(cap, 6))
            if at < 0 or first < 0 or last < 0:
                continue
            n += 1
            check("figure '%s...' of %s on its story's pages (%d in %d-%d)"
                  % (cap[:30], name, at + 1, first + 1, last + 1), first <= at <= last)
    print("figures checked: %d" % n)


def check_sections(raw_pages, issue):
    root = ET.parse(issue).getroot()
    titles = [s.get("title") for s in root.iter("section") if s.get("title")]
    bad = 0
    for i, page in enumerate(raw_pages):
        lines = [l.strip() for l in page.split("\n") if l.strip()]
        for t in titles:
            if t not in lines:
                continue
            k = lines.index(t)
            # body lines above the section title: not the running head
            # (capitals, the folio, the issue line)
            body = [l for l in lines[:k] if not (l.isupper() or l.isdigit() or
                                                  l.upper().startswith("TECHZINE"))]
            if 0 < len(body) < SECTION_TAIL_LINES:
                bad += 1
                print("page %d: %d line(s) above section '%s': %r" % (i + 1, len(body), t, body))
    check("no widow across a section break", bad == 0)


def check_fillers(pages):
    seen = {}
    dup = 0
    for i, p in enumerate(pages):
        if len(p.split()) < 10:
            continue
        if p in seen:
            dup += 1
            print("page %d repeats page %d" % (i + 1, seen[p] + 1))
        seen.setdefault(p, i)
    check("no page repeated (fillers used once)", dup == 0)


def check_pull_quotes(raw_pages):
    """a pull quote filler: its last two lines and the line naming its
    story ("UIT: HEADLINE") under them; each such panel once"""
    seen = {}
    dup = 0
    for i, p in enumerate(raw_pages):
        lines = p.split("\n")
        for k, l in enumerate(lines):
            if not l.startswith("UIT: "):
                continue
            key = " ".join(lines[max(k - 2, 0):k + 1])
            if key in seen:
                dup += 1
                print("page %d repeats the pull quote filler of page %d (%s)"
                      % (i + 1, seen[key] + 1, key[:80]))
            seen.setdefault(key, i)
    print("pull quote fillers: %d" % len(seen))
    check("no pull quote filler used twice", dup == 0)


def layout_margins(path):
    root = ET.parse(path).getroot()
    page = root.find("page")
    m = root.find("margins")
    g = root.find("grid")
    return (float(page.get("width")), float(page.get("height")), float(page.get("bleed", 3)),
            float(m.get("top")), float(m.get("bottom")), float(m.get("inner")),
            float(m.get("outer")), int(g.get("columns")), float(g.get("gutter")))


def column_holes(px, y0, y1, xs):
    """share (0..100) of each column x-range in xs left empty at its foot"""
    out = []
    for a, b in xs:
        lowest = y0
        for y in range(y1 - 1, y0 - 1, -1):
            if any(px[x, y] < 200 for x in range(a, b)):
                lowest = y
                break
        out.append(100.0 * (y1 - lowest) / (y1 - y0))
    return out


def check_holes(pdf, layout, warnings, percent, first, max_hole=None):
    w, h, bleed, top, bottom, inner, outer, ncols, gutter = layout_margins(layout)
    reported = set()
    if warnings:
        reported = set(int(m) for m in re.findall(r"warning: page (\d+): \d+ % of the text area",
                                                  open(warnings, encoding="utf-8").read()))
    n = 0
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "24", "-gray", "-png", pdf, os.path.join(tmp, "p")],
                       check=True)
        files = sorted(glob.glob(os.path.join(tmp, "p-*.png")))
        for i, f in enumerate(files):
            if i < first or i >= len(files) - 2:
                continue  # cover, contents, colophon, back
            im = Image.open(f).convert("L")
            s = im.width / ((w + 2 * bleed) * MM)
            y0 = int((bleed + top) * MM * s)
            y1 = int((bleed + h - bottom) * MM * s)
            x0, x1 = int((bleed + 10) * MM * s), int((bleed + w - 10) * MM * s)
            lowest = y0
            px = im.load()
            for y in range(y0, y1):
                if any(px[x, y] < 200 for x in range(x0, x1)):
                    lowest = y
            if lowest == y0:
                continue  # an empty page (notes): a pad page
            hole = 100.0 * (y1 - lowest) / (y1 - y0)
            if warnings and hole > percent:
                n += 1
                print("page %d: %.0f %% empty at the foot" % (i + 1, hole))
                check("hole on page %d (%.0f %%) reported by the preflight" % (i + 1, hole),
                      i + 1 in reported)
            if max_hole is not None:
                # the columns of the grid, mirrored: odd pages are right-hand
                left = inner if (i + 1) % 2 else outer
                cw = (w - inner - outer - (ncols - 1) * gutter) / ncols
                xs = []
                for c in range(ncols):
                    a = bleed + left + c * (cw + gutter)
                    xs.append((int((a + 1) * MM * s), int((a + cw - 1) * MM * s)))
                cols = column_holes(px, y0, y1, xs)
                big = max(cols)
                worst = max(worst, big)
                if big > max_hole:
                    print("page %d: a column %.0f %% empty at its foot (columns: %s)"
                          % (i + 1, big, ", ".join("%.0f %%" % c for c in cols)))
                check("no column of page %d over %d %% empty (%.0f %%)" % (i + 1, max_hole, big),
                      big <= max_hole)
    if warnings:
        print("holes over %d %%: %d" % (percent, n))
    if max_hole is not None:
        print("largest hole in a column: %.0f %% (limit %d %%)" % (worst, max_hole))


def main():
    a = sys.argv[1:]
    pdf, issue, layout = a[0], a[1], a[2]
    if "--text" in a:
        raw = open(a[a.index("--text") + 1], encoding="utf-8").read()
    else:
        raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True,
                             check=True).stdout
    raw_pages = raw.split("\f")
    pages = [norm(p) for p in raw_pages]
    check_figures(pages, issue)
    check_sections(raw_pages, issue)
    check_fillers(pages)
    check_pull_quotes(raw_pages)
    if "--holes" in a or "--max-hole" in a:
        pct = int(a[a.index("--hole-percent") + 1]) if "--hole-percent" in a else 25
        mx = int(a[a.index("--max-hole") + 1]) if "--max-hole" in a else None
        warn = a[a.index("--holes") + 1] if "--holes" in a else None
        # story pages start with the first section's title
        root = ET.parse(issue).getroot()
        titles = [t.get("title") for t in root.iter("section") if t.get("title")]
        first = next((i for i, p in enumerate(raw_pages)
                      if any(t in [l.strip() for l in p.split("\n")] for t in titles)), 2)
        check_holes(pdf, layout, warn, pct, first, mx)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
