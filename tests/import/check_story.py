#!/usr/bin/python3
"""check_story.py STORY.xml FEATURES...

Asserts what the imported fixture story must hold. FEATURES: any of
headline lead byline figures quote lists keyfigures factbox link notes
h2 emphasis. Prints one line per failed expectation; exit 1 if any.
"""
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
want = sys.argv[2:]
body = root.find("body")
bad = []


def expect(cond, what):
    if not cond:
        bad.append(what)


text = lambda el: "".join(el.itertext()) if el is not None else ""
if "headline" in want:
    expect(text(root.find("headline")) == "Composiet uit het Vechtdal verovert Europa", "headline")
if "lead" in want:
    expect(text(root.find("lead")).startswith("Een familiebedrijf in Hardenberg"), "lead from the subtitle/first paragraph")
if "byline" in want:
    expect(text(root.find("byline")) == "Tekst: Piet Pieters", "byline from the metadata author")
if "figures" in want:
    figs = body.findall("figure")
    expect(len(figs) == 2, f"two figures (got {len(figs)})")
    if len(figs) == 2:
        expect(text(figs[0].find("alt")).startswith("Medewerkers bij een pers"), "alt text of photo 1")
        expect(text(figs[0].find("caption")) == "De productiehal in Hardenberg.", "caption of photo 1")
        expect(text(figs[0].find("credit")) == "Jan Bakker", "credit of photo 1")
        expect(text(figs[1].find("alt")).startswith("Een grijs composietpaneel"), "alt text of photo 2")
        expect(text(figs[1].find("caption")) == "Een paneel in de testbank.", "caption of photo 2")
        expect(figs[0].get("src").endswith("-1.jpg") and figs[1].get("src").endswith("-2.png"), "image names")
if "quote" in want:
    q = body.find("quote")
    expect(q is not None and q.get("by") == "Anna de Vries, directeur" and text(q).startswith("We bouwen"), "quote with attribution")
def shape(lst):
    """(kind, start, [(own text, nested shape or None)]) of a <ul>/<ol>."""
    items = []
    for li in lst.findall("li"):
        sub = [c for c in li if c.tag in ("ul", "ol")]
        own = (li.text or "") + "".join(text(c) + (c.tail or "") for c in li if c.tag not in ("ul", "ol"))
        items.append((own.strip(), shape(sub[0]) if sub else None))
    return (lst.tag, lst.get("start", "1"), items)


if "lists" in want:
    got = [shape(el) for el in body if el.tag in ("ul", "ol")]
    expect(got == [("ul", "1", [("treinen", None),
                                ("bussen", ("ul", "1", [("lichte panelen", None), ("isolatie", None)])),
                                ("schepen", None)]),
                   ("ol", "1", [("ontwerp", None),
                                ("productie", ("ol", "1", [("mallen", None), ("persen", None)])),
                                ("test", None)]),
                   ("ol", "4", [("levering", None)])],
           f"a bullet list with a nested one, a numbered list with a nested numbered one, a list from 4 ({got})")
if "keyfigures" in want:
    kf = body.findall("keyfigures/kf")
    expect([(k.get("label"), k.get("value")) for k in kf] ==
           [("Medewerkers", "120"), ("Omzet in miljoen euro", "18.5"), ("Landen", "5")], "key figures")
if "factbox" in want:
    expect(text(body.find("factbox")).replace("  ", " ") == "Opgericht 1987Plaats Hardenberg", "fact box")
if "link" in want:
    a = body.find(".//a")
    expect(a is not None and a.get("href") == "https://www.dutchtechzone.nl/parels" and text(a) == "de website van Dutch TechZone", "hyperlink")
if "notes" in want:
    ps = [text(p) for p in body.findall("p")]
    expect(any(p.startswith("[1] Cijfers van de Kamer") for p in ps), "footnote appended")
    expect(any(p.endswith("medewerkers.[1]") for p in ps), "footnote marker")
if "changes" in want:
    ps = [text(p) for p in body.findall("p")]
    expect(any("groeide sinds kort in tien jaar" in p for p in ps), "tracked insertion accepted")
    expect(not any("vroeger" in p for p in ps), "tracked deletion dropped")
    expect(not any("Interne notitie" in "".join(root.itertext()) for _ in [0]), "hidden text dropped")
if "h2" in want:
    expect([text(h) for h in body.findall("h2")][:2] == ["Markten", "In cijfers"], "subheadings")
if "emphasis" in want:
    expect(body.find(".//strong") is not None and text(body.find(".//strong")) == "twaalf", "bold run")
    expect(body.find("p/em") is not None and text(body.find("p/em")) == "honderdtwintig", "italic run")
for b in bad:
    print(f"{sys.argv[1]}: missing {b}")
sys.exit(1 if bad else 0)
