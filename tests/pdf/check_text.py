#!/usr/bin/python3
"""check_text.py PDF ISSUE.xml - every word of every story's running text
(headline, lead, paragraphs, subheads, quotes, list items) appears in the
PDF's text in reading order (pdftotext -raw: the order the page content
draws it, which techzine makes the reading order), hyphenated words rejoined;
boxes that may float (pull quotes, captions, fact boxes, key figures) must
appear somewhere. Prints per story the words found and exits 1 on any miss.
"""
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

XI = "{http://www.w3.org/2001/XInclude}include"


def words(text):
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "")
    out = []
    for w in re.split(r"\s+", text):
        w = re.sub(r"[^\w]", "", w.lower())  # punctuation and hyphens out
        if w:
            out.append(w)
    return out


def itertext(el):
    return "".join(el.itertext())


def story_texts(path):
    root = ET.parse(path).getroot()
    flow, loose = [], []
    for tag in ("kicker", "headline"):
        el = root.find(tag)
        if el is not None:
            flow += words(itertext(el))
    lead = root.find("lead")
    if lead is not None:
        flow += words(itertext(lead))
    body = root.find("body")
    for el in list(body) if body is not None else []:
        if el.tag in ("p", "h2"):
            flow += words(itertext(el))
        elif el.tag == "quote":
            flow += words(itertext(el))
        elif el.tag in ("ul", "ol"):
            for li in el:
                flow += words(itertext(li))
        elif el.tag == "pullquote":
            loose += words(itertext(el))
        elif el.tag == "figure":
            for t in ("caption", "credit"):
                c = el.find(t)
                if c is not None:
                    loose += words(itertext(c))
        elif el.tag == "factbox":
            loose += words(" ".join(itertext(c) for c in el))
            if el.get("title"):
                loose += words(el.get("title"))
    return root.get("id"), flow, loose


def pdf_words(pdf):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                         text=True, check=True)
    if out.stderr.strip():
        print("pdftotext warnings:", out.stderr.strip()[:500])
        sys.exit(1)
    text = out.stdout
    # a line ending in a hyphen continues on the next line: rejoin
    text = re.sub(r"-\n(?=\w)", "", text)
    return words(text), text


def main():
    pdf, issue = sys.argv[1], sys.argv[2]
    base = issue.rsplit("/", 1)[0]
    tree = ET.parse(issue).getroot()
    stories = [base + "/" + inc.get("href") for inc in tree.iter(XI)]
    toks, _ = pdf_words(pdf)
    joined = "".join(toks)  # words broken at their own points (URLs) rejoin here
    bad = 0
    total = 0
    for path in stories:
        sid, flow, loose = story_texts(path)
        total += len(flow)
        # start where the story's first words of text are, try every place
        best = (0, None)
        head = flow[:3]
        starts = [i for i in range(len(toks)) if toks[i:i + len(head)] == head] or [0]
        for s in starts:
            k, i = 0, s
            while i < len(toks) and k < len(flow):
                w = flow[k]
                if toks[i] == w:
                    k += 1
                elif w.startswith(toks[i]):
                    # a URL broken at its own points comes out in pieces
                    j, acc = i, toks[i]
                    while len(acc) < len(w) and j + 1 < len(toks) and w.startswith(acc):
                        j += 1
                        acc += toks[j]
                    if acc == w:
                        k += 1
                        i = j
                    else:
                        # a hyphenated word whose line went on in the next
                        # column under a float drawn at that column's top
                        # (a pull quote): the rest follows the float
                        rest = w[len(toks[i]):]
                        nxt = next((j for j in range(i + 1, min(i + 80, len(toks)))
                                    if toks[j] == rest), None)
                        if nxt is not None:
                            k += 1
                            i = nxt
                i += 1
            if k > best[0]:
                best = (k, s)
        missing_loose = [w for w in loose if w not in joined]
        ok = best[0] == len(flow) and not missing_loose
        print("%-34s %5d/%-5d words in order%s" % (sid, best[0], len(flow),
              "" if ok else "  MISSING from: %r %r" % (flow[best[0]:best[0] + 6],
                                                       missing_loose[:6])))
        bad += not ok
    print("%d stories, %d words, %d stories with missing words" % (len(stories), total, bad))
    sys.exit(1 if bad else 0)


main()
