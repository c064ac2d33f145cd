#!/usr/bin/python3
"""Fixtures for the import tests, made at test time by real programs.

  make_fixtures.py OUTDIR [small]      (small: 48 x 32 photos, for fuzz seeds)

writes into OUTDIR:
  photo1.jpg, photo2.png     two photos (Pillow)
  story.fodt                 the story as LibreOffice flat XML: title, subtitle,
                             headings, nested bullet and numbered lists, links, a
                             quote with attribution, a two-column table of
                             numbers, a text table, footnotes, tracked changes
                             (one insertion, one deletion), a comment, hidden
                             text and two photos with alt text and captions
  story.md                   the same story in Markdown (images beside it)
  story.html, story.txt      the same story as HTML and plain text
  word-nl.docx               Word features through python-docx and hand-made
                             OOXML: Dutch style names (Titel, Kop 1, Citaat,
                             Lijstalinea, Bijschrift), numbering with levels,
                             comments, tracked changes (w:ins/w:del), a
                             HYPERLINK field code, a footnote, hidden text and
                             two captioned photos with alt text (docPr descr)
The caller converts story.fodt with LibreOffice (lo.docx, lo.odt).
"""
import base64, copy, io, os, sys

from PIL import Image, ImageDraw

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def photo(path, w, h, fmt):
    img = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(img)
    for y in range(0, h, 4):
        d.rectangle([0, y, w, y + 3], fill=(30 + y * 200 // h, 90, 160 - y * 100 // h))
    for x in range(0, w, 97):
        d.ellipse([x, h // 3, x + 80, h // 3 + 80], fill=(240, 120, 40))
    img.save(path, fmt, **({"quality": 90, "dpi": (300, 300)} if fmt == "JPEG" else {"dpi": (300, 300)}))


small = len(sys.argv) > 2 and sys.argv[2] == "small"  # fuzz seeds: tiny photos
photo(os.path.join(out, "photo1.jpg"), *((48, 32) if small else (1800, 1200)), "JPEG")
photo(os.path.join(out, "photo2.png"), *((48, 32) if small else (1500, 1000)), "PNG")

HEAD = "Composiet uit het Vechtdal verovert Europa"
LEAD = "Een familiebedrijf in Hardenberg levert lichte panelen aan treinbouwers in vijf landen."
P1 = "Het bedrijf groeide in tien jaar van twaalf naar honderdtwintig medewerkers."
P2 = "De nieuwe hal aan de Haven-Oost opent in het voorjaar van 2027."
Q = "We bouwen hier wat elders niemand meer maakt."
QBY = "Anna de Vries, directeur"
CAP1 = "De productiehal in Hardenberg. Foto: Jan Bakker"
CAP2 = "Een paneel in de testbank. Foto: Lisa Smit"
ALT1 = "Medewerkers bij een pers in een lichte fabriekshal"
ALT2 = "Een grijs composietpaneel in een stalen testopstelling"
NOTE = "Cijfers van de Kamer van Koophandel, oktober 2026."
INS = "sinds kort"
DEL = "vroeger alleen"
COMMENT = "Klopt dit aantal medewerkers?"
HIDDEN = "Interne notitie niet publiceren"
FIG = [("Medewerkers", "120"), ("Omzet in miljoen euro", "18,5"), ("Landen", "5")]
TXT = [("Opgericht", "1987"), ("Plaats", "Hardenberg")]
BUL = ["treinen", "bussen", "schepen"]
SUB = ["lichte panelen", "isolatie"]
NUM = ["ontwerp", "productie", "test"]
NSUB = ["mallen", "persen"]  # numbered, nested under NUM[1] (a. b.)
THEN = "Daarna volgt nog een stap:"
LATER = ["levering"]  # a numbered list that starts at 4

# ---- LibreOffice flat ODT -------------------------------------------------
def b64(path):
    return base64.b64encode(open(path, "rb").read()).decode()


NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"')


def frame(name, path, mime, alt, w, h):
    return (f'<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="{w}cm" svg:height="{h}cm">'
            f'<draw:image draw:mime-type="{mime}"><office:binary-data>{b64(path)}</office:binary-data></draw:image>'
            f'<svg:title>{name}</svg:title><svg:desc>{alt}</svg:desc></draw:frame>')


def cells(rows):
    return "".join('<table:table-row>' + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>' for c in r)
        + '</table:table-row>' for r in rows)


fodt = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{HEAD}</dc:title><meta:initial-creator>Piet Pieters</meta:initial-creator><dc:creator>Piet Pieters</dc:creator><meta:creation-date>2026-11-20T10:00:00</meta:creation-date></office:meta>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard"/>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter"><style:text-properties fo:font-size="28pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter"><style:text-properties fo:font-size="18pt"/></style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="1"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Quotations" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-left="1cm"/></style:style>
 <style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:text-properties fo:font-style="italic"/></style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="T3" style:family="text"><style:text-properties text:display="none"/></style:style>
 <text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/><text:list-level-style-bullet text:level="2" text:bullet-char="◦"/></text:list-style>
 <text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/><text:list-level-style-number text:level="2" style:num-format="a" style:num-suffix="."/></text:list-style>
 <text:list-style style:name="L3"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="." text:start-value="4"/></text:list-style>
</office:automatic-styles>
<office:body><office:text>
<text:tracked-changes>
 <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Redactie</dc:creator><dc:date>2026-11-21T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
 <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Redactie</dc:creator><dc:date>2026-11-21T09:01:00</dc:date></office:change-info><text:p>{DEL} </text:p></text:deletion></text:changed-region>
</text:tracked-changes>
<text:p text:style-name="Title">{HEAD}</text:p>
<text:p text:style-name="Subtitle">{LEAD}</text:p>
<text:p text:style-name="Text_20_body">{P1.split(' in tien')[0]} <text:change-start text:change-id="ct1"/>{INS} <text:change-end text:change-id="ct1"/><text:change text:change-id="ct2"/>in tien jaar van <text:span text:style-name="T1">twaalf</text:span> naar <text:span text:style-name="T2">honderdtwintig</text:span> medewerkers.<office:annotation><dc:creator>Redactie</dc:creator><dc:date>2026-11-21T09:02:00</dc:date><text:p>{COMMENT}</text:p></office:annotation><text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>{NOTE}</text:p></text:note-body></text:note><text:span text:style-name="T3"> {HIDDEN}</text:span></text:p>
<text:p text:style-name="Text_20_body">Meer op <text:a xlink:type="simple" xlink:href="https://www.dutchtechzone.nl/parels">de website van Dutch TechZone</text:a>. {P2}</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">Markten</text:h>
<text:list text:style-name="L1">
 <text:list-item><text:p>{BUL[0]}</text:p></text:list-item>
 <text:list-item><text:p>{BUL[1]}</text:p><text:list><text:list-item><text:p>{SUB[0]}</text:p></text:list-item><text:list-item><text:p>{SUB[1]}</text:p></text:list-item></text:list></text:list-item>
 <text:list-item><text:p>{BUL[2]}</text:p></text:list-item>
</text:list>
<text:list text:style-name="L2">
 <text:list-item><text:p>{NUM[0]}</text:p></text:list-item>
 <text:list-item><text:p>{NUM[1]}</text:p><text:list>{"".join(f"<text:list-item><text:p>{x}</text:p></text:list-item>" for x in NSUB)}</text:list></text:list-item>
 <text:list-item><text:p>{NUM[2]}</text:p></text:list-item>
</text:list>
<text:p text:style-name="Text_20_body">{THEN}</text:p>
<text:list text:style-name="L3">{"".join(f"<text:list-item><text:p>{x}</text:p></text:list-item>" for x in LATER)}</text:list>
<text:p text:style-name="Quotations">{Q}</text:p>
<text:p text:style-name="Quotations">— {QBY}</text:p>
<text:p text:style-name="Text_20_body">{frame("Foto1", os.path.join(out, "photo1.jpg"), "image/jpeg", ALT1, 15, 10)}</text:p>
<text:p text:style-name="Caption">{CAP1}</text:p>
<text:h text:style-name="Heading_20_1" text:outline-level="1">In cijfers</text:h>
<table:table table:name="Cijfers"><table:table-column table:number-columns-repeated="2"/>{cells(FIG)}</table:table>
<table:table table:name="Feiten"><table:table-column table:number-columns-repeated="2"/>{cells(TXT)}</table:table>
<text:p text:style-name="Text_20_body">{frame("Foto2", os.path.join(out, "photo2.png"), "image/png", ALT2, 15, 10)}</text:p>
<text:p text:style-name="Caption">{CAP2}</text:p>
<text:p text:style-name="Text_20_body">Het bedrijf zoekt nog vijf monteurs.</text:p>
</office:text></office:body></office:document>
'''
open(os.path.join(out, "story.fodt"), "w", encoding="utf-8").write(fodt)

# ---- Markdown, HTML, text -------------------------------------------------
md = f"""---
title: "{HEAD}"
author: Piet Pieters
date: 2026-11-20
---
# {HEAD}

*{LEAD}*

{P1}[^1]

Meer op [de website van Dutch TechZone](https://www.dutchtechzone.nl/parels). {P2}

## Markten

- {BUL[0]}
- {BUL[1]}
  - {SUB[0]}
  - {SUB[1]}
- {BUL[2]}

1. {NUM[0]}
2. {NUM[1]}
   1. {NSUB[0]}
   2. {NSUB[1]}
3. {NUM[2]}

{THEN}

4. {LATER[0]}

> {Q}
>
> — {QBY}

![{ALT1}](photo1.jpg)

*{CAP1}*

## In cijfers

![{ALT2}](photo2.png "{CAP2}")

Het bedrijf zoekt nog vijf monteurs.
"""
# CommonMark has no footnotes; pandoc's Markdown does: keep the marker plain
md = md.replace("[^1]", "")
open(os.path.join(out, "story.md"), "w", encoding="utf-8").write(md)

html = f"""<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{HEAD}</title>
<meta name="author" content="Piet Pieters"></head><body>
<h1>{HEAD}</h1><p><strong>{LEAD}</strong></p><p>{P1}</p>
<p>Meer op <a href="https://www.dutchtechzone.nl/parels">de website van Dutch TechZone</a>. {P2}</p>
<h2>Markten</h2><ul><li>{BUL[0]}</li><li>{BUL[1]}<ul><li>{SUB[0]}</li><li>{SUB[1]}</li></ul></li><li>{BUL[2]}</li></ul>
<ol><li>{NUM[0]}</li><li>{NUM[1]}<ol><li>{NSUB[0]}</li><li>{NSUB[1]}</li></ol></li><li>{NUM[2]}</li></ol>
<p>{THEN}</p><ol start="4"><li>{LATER[0]}</li></ol>
<blockquote><p>{Q}</p><p>— {QBY}</p></blockquote>
<p>Het bedrijf zoekt nog vijf monteurs.</p></body></html>
"""
open(os.path.join(out, "story.html"), "w", encoding="utf-8").write(html)
txt = f"{HEAD}\n\n{LEAD}\n\n{P1}\n{P2}\n\nMarkten\n\n- {BUL[0]}\n- {BUL[1]}\n- {BUL[2]}\n\n> {Q}\n\nHet bedrijf zoekt nog vijf monteurs.\n"
open(os.path.join(out, "story.txt"), "w", encoding="utf-8").write(txt)

# ---- Word features through python-docx and hand-made OOXML ----------------
import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn, nsdecls
from docx.shared import Cm

doc = docx.Document()
doc.core_properties.author = "Piet Pieters"
doc.core_properties.title = HEAD
st = doc.styles
base = {"Titel": "Title", "Ondertitel": "Subtitle", "Kop 1": "Heading 1", "Citaat": "Quote",
        "Lijstalinea": "List Paragraph", "Bijschrift": "Caption"}
for nl, en in base.items():
    s = st.add_style(nl, WD_STYLE_TYPE.PARAGRAPH)  # w:name = the Dutch name, as in a Dutch Word
    s.base_style = st["Normal"]
doc.add_paragraph(HEAD, style="Titel")
doc.add_paragraph(LEAD, style="Ondertitel")

W = nsdecls("w")
p = doc.add_paragraph(P1.split(" in tien")[0] + " ")
p._p.append(parse_xml(f'<w:ins {W} w:id="101" w:author="Redactie" w:date="2026-11-21T09:00:00Z"><w:r><w:t xml:space="preserve">{INS} </w:t></w:r></w:ins>'))
p._p.append(parse_xml(f'<w:del {W} w:id="102" w:author="Redactie" w:date="2026-11-21T09:01:00Z"><w:r><w:delText xml:space="preserve">{DEL} </w:delText></w:r></w:del>'))
p._p.append(parse_xml(f'<w:commentRangeStart {W} w:id="0"/>'))
p.add_run("in tien jaar van ")
p.add_run("twaalf").bold = True
p.add_run(" naar ")
p.add_run("honderdtwintig").italic = True
p.add_run(" medewerkers.")
p._p.append(parse_xml(f'<w:commentRangeEnd {W} w:id="0"/>'))
p._p.append(parse_xml(f'<w:r {W}><w:commentReference w:id="0"/></w:r>'))
p._p.append(parse_xml(f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'))
h = p.add_run(" " + HIDDEN)
h.font.hidden = True

p = doc.add_paragraph("Meer op ")
for x in [f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>',
          f'<w:r {W}><w:instrText xml:space="preserve"> HYPERLINK "https://www.dutchtechzone.nl/parels" </w:instrText></w:r>',
          f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>',
          f'<w:r {W}><w:t>de website van Dutch TechZone</w:t></w:r>',
          f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>']:
    p._p.append(parse_xml(x))
p.add_run(". " + P2)
doc.add_paragraph("Markten", style="Kop 1")


def numbered(text, num_id, lvl):
    q = doc.add_paragraph(text, style="Lijstalinea")
    q._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{lvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


numbering = doc.part.numbering_part.element
numbering.append(parse_xml(f'<w:abstractNum {W} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>'))
numbering.append(parse_xml(f'<w:abstractNum {W} w:abstractNumId="91"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'))
numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
numbering.append(parse_xml(f'<w:num {W} w:numId="91"><w:abstractNumId w:val="91"/></w:num>'))
# the same numbering again, restarted at 4 by an override (as Word writes "Set numbering value")
numbering.append(parse_xml(f'<w:num {W} w:numId="92"><w:abstractNumId w:val="91"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'))
numbered(BUL[0], 90, 0)
numbered(BUL[1], 90, 0)
numbered(SUB[0], 90, 1)
numbered(SUB[1], 90, 1)
numbered(BUL[2], 90, 0)
numbered(NUM[0], 91, 0)
numbered(NUM[1], 91, 0)
for x in NSUB:
    numbered(x, 91, 1)
numbered(NUM[2], 91, 0)
doc.add_paragraph(THEN)
for x in LATER:
    numbered(x, 92, 0)
doc.add_paragraph(Q, style="Citaat")
doc.add_paragraph("— " + QBY, style="Citaat")


def picture(path, alt, cap):
    doc.add_picture(path, width=Cm(15))
    pic = doc.paragraphs[-1]
    for dp in pic._p.iter(qn("wp:docPr")):
        dp.set("descr", alt)
    doc.add_paragraph(cap, style="Bijschrift")


picture(os.path.join(out, "photo1.jpg"), ALT1, CAP1)
doc.add_paragraph("In cijfers", style="Kop 1")
for rows in (FIG, TXT):
    t = doc.add_table(rows=len(rows), cols=2)
    for i, (a, b) in enumerate(rows):
        t.cell(i, 0).text = a
        t.cell(i, 1).text = b
picture(os.path.join(out, "photo2.png"), ALT2, CAP2)
doc.add_paragraph("Het bedrijf zoekt nog vijf monteurs.")

# comments.xml and footnotes.xml: python-docx 0.8 writes neither
comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments {W}>'
            f'<w:comment w:id="0" w:author="Redactie" w:date="2026-11-21T09:02:00Z" w:initials="R">'
            f'<w:p><w:r><w:t>{COMMENT}</w:t></w:r></w:p></w:comment></w:comments>')
footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W}>'
             f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
             f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {NOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>')
pkg = doc.part.package
cpart = Part(PackURI("/word/comments.xml"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
             comments.encode(), pkg)
fpart = Part(PackURI("/word/footnotes.xml"),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
             footnotes.encode(), pkg)
doc.part.relate_to(cpart, RT.COMMENTS)
doc.part.relate_to(fpart, RT.FOOTNOTES)
doc.save(os.path.join(out, "word-nl.docx"))
print("fixtures in", out)
