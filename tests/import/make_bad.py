#!/usr/bin/python3
"""make_bad.py GOOD.docx OUTDIR - hostile and broken documents, each built
from a real one (GOOD.docx, written by LibreOffice or python-docx):

  bomb-ratio.docx     an entry of 200 MiB of zeros (ratio far over 100)
  bomb-total.docx     300 entries of 1 MiB, 50:1 each (over 256 MiB in total)
  many.docx           10,001 entries
  dotdot.docx         an entry named ../../evil.txt
  absolute.docx       an entry named /tmp/evil.txt
  symlink.docx        a symlink entry (unix mode 0120777)
  doctype.docx        document.xml with a DOCTYPE and an entity
  doctype-styles.docx styles.xml with a DOCTYPE (a part other than the body)
  encrypted.docx      an OLE compound file holding an EncryptedPackage stream
  old.doc             an OLE compound file (Word 97)
  macro.docm          the document with a vbaProject.bin and the macro content type
  truncated.docx      the first half of the file
  pages5000.docx      5,000 pages of text (40 paragraphs a page)
  big-image.docx      a 50-megapixel PNG (8000 x 6250)
  bad-image.docx      a PNG cut after 20 bytes
  story.rtf, story.pdf, story.pages, empty.docx, binary.txt
"""
import io, os, struct, sys, zipfile, zlib

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
src = zipfile.ZipFile(good)
entries = [(i, src.read(i.filename)) for i in src.infolist()]


def rebuild(name, change=None, extra=(), raw_names=()):
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if change:
                data = change(info.filename, data)
            if data is None:
                continue
            z.writestr(info.filename, data)
        for n, data in extra:
            z.writestr(n, data)
        for zi, data in raw_names:
            z.writestr(zi, data)


# an entry of 200 MiB of zeros, streamed so the generator stays small
with zipfile.ZipFile(os.path.join(out, "bomb-ratio.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in entries:
        z.writestr(info.filename, data)
    with z.open("word/media/zeros.bin", "w", force_zip64=True) as f:
        chunk = bytes(1 << 20)
        for _ in range(200):
            f.write(chunk)
with zipfile.ZipFile(os.path.join(out, "bomb-total.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    for info, data in entries:
        z.writestr(info.filename, data)
    # 1 MiB entries that expand about 50 times: under the ratio limit each,
    # 300 MiB together
    blob = (os.urandom(20000) * 53)[: 1 << 20]
    for k in range(300):
        z.writestr(f"word/media/x{k}.bin", blob)
rebuild("many.docx", extra=[(f"extra/item{k}.xml", b"<a/>") for k in range(10001)])
rebuild("dotdot.docx", extra=[("../../evil.txt", b"evil")])
rebuild("absolute.docx", extra=[("/tmp/evil.txt", b"evil")])
zi = zipfile.ZipInfo("word/media/link.png")
zi.create_system = 3
zi.external_attr = (0o120777 << 16)
rebuild("symlink.docx", raw_names=[(zi, b"/etc/passwd")])
rebuild("doctype.docx", lambda n, d: d.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "xx">]>', 1)
        if n == "word/document.xml" else d)
rebuild("doctype-styles.docx", lambda n, d: d.replace(b"?>", b'?><!DOCTYPE w:styles SYSTEM "file:///etc/passwd">', 1)
        if n == "word/styles.xml" else d)


def ole(streams):
    """A minimal OLE2 header and a directory sector naming the streams (enough
    for anything that looks at the signature and the stream names)."""
    head = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    head = head.ljust(512, b"\0")
    dirs = b""
    for s in ["Root Entry"] + streams:
        n = s.encode("utf-16-le")
        dirs += (n + bytes(64 - len(n)) + struct.pack("<H", len(n) + 2)).ljust(128, b"\0")
    return head + dirs.ljust(4096, b"\0")


open(os.path.join(out, "encrypted.docx"), "wb").write(ole(["EncryptionInfo", "EncryptedPackage"]))
open(os.path.join(out, "old.doc"), "wb").write(ole(["WordDocument", "1Table"]))
rebuild("macro.docm", lambda n, d: d.replace(
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml") if n == "[Content_Types].xml" else d,
        extra=[("word/vbaProject.bin", b"\xD0\xCF\x11\xE0 not really macros")])
data = open(good, "rb").read()
open(os.path.join(out, "truncated.docx"), "wb").write(data[: len(data) // 2])

import random
rnd = random.Random(17)
vocab = ("regio bedrijf techniek onderwijs haven fabriek energie water zorg data "
         "Emmen Hardenberg Coevorden Hoogeveen werk jaar mensen nieuwe groei").split()


def huge(n, d):
    if n != "word/document.xml":
        return d
    parts = []
    for page in range(5000):
        for k in range(40):  # varied text: compresses like prose, not like a bomb
            words = " ".join(rnd.choice(vocab) for _ in range(12))
            parts.append(f"<w:p><w:r><w:t>{page}.{k} {words}</w:t></w:r></w:p>")
        parts.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
    start = d.index(b"<w:body>") + len(b"<w:body>")
    return d[:start] + "".join(parts).encode() + d[start:]


rebuild("pages5000.docx", huge)


def png(w, h, truncate=None):
    raw = b"".join(b"\0" + bytes(w * 3) for _ in range(h))
    def chunk(t, b):
        return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xFFFFFFFF)
    p = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return p[:truncate] if truncate else p


def swap_media(blob):
    def change(n, d):
        return blob if n.startswith("word/media/") else d
    return change


rebuild("big-image.docx", swap_media(png(8000, 6250)))
rebuild("bad-image.docx", swap_media(png(100, 100, truncate=20)))
open(os.path.join(out, "story.rtf"), "w").write("{\\rtf1\\ansi Hallo}")
open(os.path.join(out, "story.pdf"), "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
with zipfile.ZipFile(os.path.join(out, "story.pages"), "w") as z:
    z.writestr("Index/Document.iwa", b"\0\1\2")
open(os.path.join(out, "empty.docx"), "wb").write(b"")
open(os.path.join(out, "binary.txt"), "wb").write(bytes(range(256)) * 4)
print("bad documents in", out)
