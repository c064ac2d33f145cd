#!/usr/bin/python3
"""bench/import_docs.py OUTDIR - the documents bench/import converts:
  long.docx     about 40 pages (python-docx): headings, 400 paragraphs with
                bold and italic runs, lists, and 20 photos of 1200 x 800 px
  big.md        about 2 MB of Markdown (the project's docs, repeated)
  small/        50 small documents: 20 .docx, 15 .md, 15 .txt
"""
import glob, io, os, random, sys

import docx
from docx.shared import Cm
from PIL import Image, ImageDraw

out = sys.argv[1]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
os.makedirs(os.path.join(out, "small"), exist_ok=True)
rnd = random.Random(42)
words = open(os.path.join(src, "docs", "print.md"), encoding="utf-8").read().split()


def sentence(n):
    return " ".join(rnd.choice(words) for _ in range(n)).replace("#", "") + "."


def photo(k):
    img = Image.new("RGB", (1200, 800), (20 + k * 9, 80, 140))
    d = ImageDraw.Draw(img)
    for x in range(0, 1200, 60):
        d.line([x, 0, 1200 - x, 800], fill=(240, 120 + k, 40), width=7)
    b = io.BytesIO()
    img.save(b, "JPEG", quality=85)
    b.seek(0)
    return b


doc = docx.Document()
doc.add_paragraph("Een lang document voor de bench", style="Title")
for page in range(40):
    doc.add_paragraph(f"Hoofdstuk {page + 1}", style="Heading 1")
    for k in range(10):
        p = doc.add_paragraph(sentence(30) + " ")
        p.add_run(sentence(6)).bold = True
        p.add_run(" " + sentence(10)).italic = True
    if page % 2 == 0:
        doc.add_picture(photo(page // 2), width=Cm(14))
        doc.add_paragraph(f"Foto {page // 2 + 1}. Foto: Bench", style="Caption")
    doc.add_paragraph(sentence(5), style="List Bullet")
    doc.add_paragraph(sentence(5), style="List Bullet")
doc.save(os.path.join(out, "long.docx"))

md = ""
docs = sorted(glob.glob(os.path.join(src, "docs", "*.md")))
while len(md) < 2 * 1024 * 1024:
    for f in docs:
        md += open(f, encoding="utf-8").read() + "\n\n"
open(os.path.join(out, "big.md"), "w", encoding="utf-8").write("# Bench\n\n" + md[: 2 * 1024 * 1024])

for i in range(50):
    base = os.path.join(out, "small", f"doc{i:02d}")
    if i < 20:
        d = docx.Document()
        d.add_paragraph(f"Bericht {i}", style="Title")
        for _ in range(6):
            d.add_paragraph(sentence(40))
        d.save(base + ".docx")
    elif i < 35:
        open(base + ".md", "w").write(f"# Bericht {i}\n\n" + "\n\n".join(sentence(40) for _ in range(6)) + "\n")
    else:
        open(base + ".txt", "w").write(f"Bericht {i}\n\n" + "\n\n".join(sentence(40) for _ in range(6)) + "\n")
print("bench documents in", out)
