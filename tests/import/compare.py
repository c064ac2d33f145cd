#!/usr/bin/python3
"""compare.py DOCUMENT STORY.xml [MIN] [REPORT]

How many of pandoc's words (`pandoc -t plain DOCUMENT`) techzine kept, in
order: the longest common subsequence of the two word lists over pandoc's
word count. Words are compared in lower case with punctuation removed
("118.000" and "118000" are one word). Prints the figure; exits 1 below MIN
(default 0.99) and names the first words that went missing.

Two differences are by design and taken out before counting: text the
import report says it dropped as hidden ("hidden text dropped ... starting
'...'", REPORT is the import's output), which pandoc keeps; and the label of
a photo credit ("Foto: Jan Bakker" becomes <credit>Jan Bakker</credit>; the
layouts print the label), counted as the word "foto" before the credit; and
the numbers of numbered lists ("1.", "a.", "iv." opening a line of pandoc's
output), which a story keeps as <ol start> and the layouts number in their
own style (check_story.py asserts the lists' structure).
"""
import re, subprocess, sys
import xml.etree.ElementTree as ET

doc, story = sys.argv[1], sys.argv[2]
minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0.99
report = open(sys.argv[4], encoding="utf-8").read() if len(sys.argv) > 4 else ""
fmt = {"md": "commonmark", "markdown": "commonmark", "txt": "plain"}.get(doc.rsplit(".", 1)[-1])
args = ["pandoc", "-t", "plain", "--wrap=none"]
if fmt == "commonmark":
    args += ["-f", "commonmark+yaml_metadata_block"]
elif fmt == "plain":
    args += ["-f", "markdown"]
ref = subprocess.run(args + [doc], capture_output=True, text=True, check=True).stdout


def words(text):
    out = []
    for w in text.split():
        w = re.sub(r"[^\w]", "", w.lower())
        if w:
            out.append(w)
    return out


def story_text(path):
    parts = []

    def walk(el):
        for a in ("title", "label", "value", "unit"):
            if el.get(a):
                parts.append(el.get(a))
        if el.tag == "credit":
            parts.append("foto")
        if el.text:
            parts.append(el.text)
        for c in el:
            walk(c)
            if c.tail:
                parts.append(c.tail)
        if el.get("by"):  # the attribution follows the quote
            parts.append(el.get("by"))

    walk(ET.parse(path).getroot())
    return " ".join(parts)


ref = re.sub(r"(?m)^[ \t]*(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)][ \t]+", "", ref)
a, b = words(ref), words(story_text(story))
for hidden in re.findall(r"hidden text dropped [^\n]*starting '([^'\n]*)'", report):
    h = words(hidden)
    for i in range(len(a) - len(h) + 1):
        if h and a[i:i + len(h)] == h:
            del a[i:i + len(h)]
            break
# LCS by rows (pandoc x techzine), memory O(len(b))
prev = [0] * (len(b) + 1)
for x in a:
    cur = [0] * (len(b) + 1)
    for j, y in enumerate(b, 1):
        cur[j] = prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1])
    prev = cur
kept = prev[-1]
ratio = kept / len(a) if a else 1.0
print(f"{doc}: {kept} of pandoc's {len(a)} words kept in order ({ratio:.2%})")
if ratio < minimum:
    bset = set(b)
    print("missing (first 20):", [w for w in a if w not in bset][:20])
    sys.exit(1)
