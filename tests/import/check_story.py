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
if "lists" in want:
    uls = body.findall("ul")
    items = [text(li) for ul in uls for li in ul.findall("li")]
    expect("lichte panelen" in items and "treinen" in items, f"bullet list with the nested items ({items})")
    expect("1. ontwerp" in items and "3. test" in items, f"numbered list with numbers ({items})")
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
