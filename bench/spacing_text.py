#!/usr/bin/python3
"""bench/spacing_text.py - the texts for the spacing comparison, in the three
input forms: plain text for bench/colset (one paragraph per line, an empty
line between stories), LaTeX (multicol, babel dutch, Charter; plain and
with microtype's protrusion and expansion) and HTML for
weasyprint (CSS columns, hyphens: auto, lang nl, Charis SIL).

The geometry is layouts/magazine-a4.xml's: A4, margins top 18, bottom 20,
inner 17, outer 14 mm, 3 columns with a 4.5 mm gutter (56.67 mm each), body
9.5 pt on 12 pt, paragraphs indented 1 em except a story's first.

usage: spacing_text.py demo|long|issue SRC_DIR OUTDIR
  demo: every <p> of issues/2026-12/stories/*.xml (SRC_DIR = repo root)
  issue: every <p> of SRC_DIR/stories/*.xml (any issue folder)
  long: a generated Dutch text of at least 40,000 words: the demo's and
        /work/shared/seeds' sentences regrouped into new paragraphs and
        stories with a fixed random seed (reproducible)
"""
import glob
import html
import os
import random
import re
import sys
import xml.etree.ElementTree as ET


def demo_stories(root):
    return issue_stories(os.path.join(root, "issues/2026-12"))


def issue_stories(issue_dir):
    stories = []
    for path in sorted(glob.glob(os.path.join(issue_dir, "stories/*.xml"))):
        tree = ET.parse(path)
        paras = []
        for body in tree.iter("body"):
            for p in body.iter("p"):
                text = " ".join("".join(p.itertext()).split())
                if text:
                    paras.append(text)
        if paras:
            stories.append(paras)
    return stories


SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\u2018\"'(0-9])")


def seed_paragraphs(seed_dir):
    paras = []
    for path in sorted(glob.glob(os.path.join(seed_dir, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for block in re.split(r"\n\s*\n", f.read()):
                text = " ".join(block.split())
                # headings and name lines are short; keep prose only
                if len(text.split()) >= 12 and text[-1:] in ".!?\u201d":
                    paras.append(text)
    return paras


def long_stories(root, seed_dir, words=40000):
    sentences = []
    for paras in demo_stories(root):
        for p in paras:
            sentences += SENTENCE.split(p)
    for p in seed_paragraphs(seed_dir):
        sentences += SENTENCE.split(p)
    sentences = [s for s in sentences if len(s.split()) >= 3]
    rng = random.Random(20261201)
    stories, count = [], 0
    while count < words:
        story = []
        for _ in range(rng.randint(4, 9)):
            para = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 7)))
            story.append(para)
            count += len(para.split())
        stories.append(story)
    return stories


def write_txt(stories, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join("\n".join(s) for s in stories) + "\n")


TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}", "\u00a0": "~", "\u202f": r"\,",
    "\u0133": "ij", "\u0132": "IJ", "\u00ad": r"\-", "\u200b": r"\hspace{0pt}",
}


def tex_escape(s):
    return "".join(TEX_SPECIAL.get(c, c) for c in s)


def write_tex(stories, path, microtype=False):
    out = [r"""\documentclass[twoside]{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage{textcomp}
\usepackage[dutch]{babel}
\usepackage{charter}
\usepackage[a4paper,top=18mm,bottom=20mm,inner=17mm,outer=14mm]{geometry}
\usepackage{multicol}
%MICROTYPE%
\setlength{\columnsep}{4.5mm}
\setlength{\parindent}{9.5pt}
\setlength{\parskip}{0pt}
\pagestyle{empty}
\begin{document}
\fontsize{9.5}{12}\selectfont
\begin{multicols*}{3}
"""]
    for i, story in enumerate(stories):
        if i:
            out.append("\\vspace{12pt}\n")
        for j, p in enumerate(story):
            out.append(("\\noindent " if j == 0 else "") + tex_escape(p) + "\n\n")
    out.append("\\end{multicols*}\n\\end{document}\n")
    out[0] = out[0].replace("%MICROTYPE%", r"\usepackage{microtype}" if microtype else "")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def write_html(stories, path):
    out = ["""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>spacing</title>
<style>
@page { size: A4; margin: 18mm 14mm 20mm 17mm; }
@page :left { margin: 18mm 17mm 20mm 14mm; }
body { margin: 0; columns: 3; column-gap: 4.5mm; column-fill: auto;
       font-family: "Charis SIL"; font-size: 9.5pt; line-height: 12pt;
       text-align: justify; hyphens: auto; }
p { margin: 0; text-indent: 9.5pt; orphans: 1; widows: 1; }
p.first { text-indent: 0; }
section + section { margin-top: 12pt; }
</style></head><body>
"""]
    for story in stories:
        out.append("<section>\n")
        for j, p in enumerate(story):
            cls = ' class="first"' if j == 0 else ""
            out.append("<p%s>%s</p>\n" % (cls, html.escape(p, quote=False)))
        out.append("</section>\n")
    out.append("</body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("demo", "long", "issue"):
        sys.stderr.write(__doc__)
        return 2
    kind, root, outdir = sys.argv[1:]
    if kind == "demo":
        stories = demo_stories(root)
    elif kind == "issue":
        stories = issue_stories(root)
    else:
        stories = long_stories(root, os.environ.get("TZ_SEEDS", "/work/shared/seeds"))
    os.makedirs(outdir, exist_ok=True)
    write_txt(stories, os.path.join(outdir, kind + ".txt"))
    write_tex(stories, os.path.join(outdir, kind + ".tex"))
    write_tex(stories, os.path.join(outdir, kind + "-microtype.tex"), microtype=True)
    write_html(stories, os.path.join(outdir, kind + ".html"))
    words = sum(len(p.split()) for s in stories for p in s)
    print("%s: %d stories, %d paragraphs, %d words" %
          (kind, len(stories), sum(len(s) for s in stories), words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
