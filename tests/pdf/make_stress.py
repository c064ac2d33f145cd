#!/usr/bin/python3
"""make_stress.py SRC_ISSUE_DIR OUT_DIR COPIES - a stress issue: the demo
issue's sections repeated COPIES times (stories copied under new ids), plus a
story of long Dutch compounds, a long URL and a long list, and a news section
of many short items. Used by the print tests and by bench/pdf (COPIES=3 gives
about 64 pages)."""
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET

XI = "{http://www.w3.org/2001/XInclude}include"

COMPOUNDS = ("arbeidsmarktcommunicatiemedewerkersvacature "
             "kunststofrecyclinginnovatieprogrammaleider "
             "waterstofinfrastructuurontwikkelingsplan "
             "hoogspanningsnetuitbreidingsvergunningsaanvraag "
             "zonneparkaansluitingswachtrijproblematiek ")

STRESS = """<?xml version="1.0" encoding="UTF-8"?>
<story id="stress-compound" kind="news" lang="nl">
  <kicker>Stresstest</kicker>
  <headline>Arbeidsmarktcommunicatiemedewerkersvacatures in Zuidoost-Drenthe</headline>
  <lead>Lange samenstellingen, lange adressen en lange lijsten: het zetwerk mag nergens buiten de kolom lopen.</lead>
  <municipality>Regio</municipality>
  <body>
    <p>{p1}</p>
    <p>Meer informatie staat op <a href="https://dutchtechzone.example/een/heel/lang/pad/naar/een/pagina/over/arbeidsmarktcommunicatie/en/vacatures?bron=techzine">https://dutchtechzone.example/een/heel/lang/pad/naar/een/pagina/over/arbeidsmarktcommunicatie/en/vacatures?bron=techzine</a> en bij medewerkersvacatures@arbeidsmarktcommunicatie.dutchtechzone.example.</p>
    <ul>{items}</ul>
    <p>{p2}</p>
  </body>
</story>
"""


def main():
    src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(os.path.join(out, "stories"))
    shutil.copytree(os.path.join(src, "images"), os.path.join(out, "images"))
    tree = ET.parse(os.path.join(src, "issue.xml"))
    root = tree.getroot()
    text = open(os.path.join(src, "issue.xml"), encoding="utf-8").read()
    head, rest = text.split("<section", 1)
    tail = "<colophon" + rest.split("<colophon", 1)[1]
    sections = []
    for k in range(copies):
        for sec in root.findall("section"):
            incs = []
            for inc in sec.iter(XI):
                name = inc.get("href").split("/")[-1][:-4]
                data = open(os.path.join(src, inc.get("href")), encoding="utf-8").read()
                new = "%s-%d" % (name, k)
                data = re.sub(r'(<story id=")[^"]+"', r'\g<1>%s"' % new, data, count=1)
                open(os.path.join(out, "stories", new + ".xml"), "w", encoding="utf-8").write(data)
                incs.append('    <xi:include href="stories/%s.xml"/>' % new)
            attrs = " ".join('%s="%s"' % (a, sec.get(a).replace("&", "&amp;").replace('"', "&quot;"))
                             for a in ("id", "title", "intro") if sec.get(a) is not None)
            attrs = attrs.replace('id="%s"' % sec.get("id"), 'id="%s-%d"' % (sec.get("id"), k))
            sections.append("  <section %s>\n%s\n  </section>" % (attrs, "\n".join(incs)))
    items = "".join("<li>Punt %d: %s</li>" % (i, COMPOUNDS.split()[i % 5]) for i in range(12))
    open(os.path.join(out, "stories", "stress-compound.xml"), "w", encoding="utf-8").write(
        STRESS.format(p1=(COMPOUNDS * 6).strip(), p2=(COMPOUNDS * 4).strip(), items=items))
    sections.append('  <section id="stress" title="Stresstest">\n'
                    '    <xi:include href="stories/stress-compound.xml"/>\n  </section>')
    open(os.path.join(out, "issue.xml"), "w", encoding="utf-8").write(
        head + "\n".join(sections) + "\n  " + tail)


main()
