#!/usr/bin/python3
"""colour.py - a prepress operator's colour checks of a print PDF, with
pikepdf and PIL only (independent of techzine's code):

  1. the OutputIntent's embedded profile describes itself (ICC 'desc' tag)
     as the condition the OutputConditionIdentifier names;
  2. grey is K only: no CMYK image whose pixels are all neutral C=M=Y
     (a grey source separated into four inks), DeviceGray images are fine;
  3. type: rich black (K 100 with C, M or Y) only from 18 pt up; type under
     9 pt in at most N inks (--small-inks, default 2);
  4. overprint: 100 K type and 100 K stroked rules are drawn with /op or
     /OP true (and OPM 1) from an ExtGState.

usage: colour.py FILE.pdf [--small-inks N]
Prints one line per failure, the counts, and "N passed, N failed"; exit 1
on any failure.
"""
import io
import struct
import sys

import pikepdf
from PIL import Image

passed = failed = 0
ALIASES = {"FOGRA39": ["ISOCOATEDV2"], "FOGRA51": ["PSOCOATEDV3"],
           "FOGRA52": ["PSOUNCOATEDV3"], "FOGRA29": ["ISOUNCOATED"]}


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def norm(s):
    return "".join(ch for ch in s.upper() if ch.isalnum())


def icc_desc(data):
    """the profile description: v2 textDescriptionType or v4 mluc"""
    n = struct.unpack(">I", data[128:132])[0]
    for i in range(n):
        sig, off, size = struct.unpack(">4sII", data[132 + 12 * i:144 + 12 * i])
        if sig != b"desc":
            continue
        body = data[off:off + size]
        if body[:4] == b"desc":
            ln = struct.unpack(">I", body[8:12])[0]
            return body[12:12 + ln].split(b"\0")[0].decode("latin-1")
        if body[:4] == b"mluc":
            ln, o = struct.unpack(">II", body[20:28])
            return body[o:o + ln].decode("utf-16-be")
    return ""


def check_intent(pdf):
    oi = pdf.Root.OutputIntents[0]
    ident = str(oi.get("/OutputConditionIdentifier", ""))
    desc = icc_desc(oi.DestOutputProfile.read_bytes())
    names = [ident] + ALIASES.get(norm(ident), [])
    ok = ident == "Custom" or any(norm(n) in norm(desc) for n in names)
    check("output intent %r matches its profile %r" % (ident, desc), ok)
    print("output intent: %s, profile: %s" % (ident, desc))


def neutral_cmyk(xo):
    """a CMYK image whose every pixel has C = M = Y (within JPEG noise)
    and some of them: a grey source separated into four inks"""
    im = pikepdf.PdfImage(xo).as_pil_image()
    if im.mode != "CMYK":
        return False
    im = im.resize((min(im.width, 200), min(im.height, 200)))
    spread = cmy = 0
    px = list(im.getdata())
    for c, m, y, k in px:
        spread = max(spread, max(c, m, y) - min(c, m, y))
        cmy += c + m + y
    return spread <= 12 and cmy / len(px) > 6


def check_images(pdf):
    seen = set()
    grey = 0
    for n, page in enumerate(pdf.pages, 1):
        for name, xo in page.images.items():
            if xo.objgen in seen:
                continue
            seen.add(xo.objgen)
            cs = xo.get("/ColorSpace")
            check("page %d image %s: DeviceCMYK or DeviceGray" % (n, name),
                  cs in ("/DeviceCMYK", "/DeviceGray"), str(cs))
            if cs == "/DeviceGray":
                grey += 1
            elif cs == "/DeviceCMYK":
                check("page %d image %s: not a grey in C, M and Y" % (n, name),
                      not neutral_cmyk(xo))
    print("images: %d, of which %d DeviceGray (K only)" % (len(seen), grey))


def ext_op(page, name):
    res = page.obj.get("/Resources", {})
    gs = res.get("/ExtGState", {}).get(name)
    if gs is None:
        return None
    return (bool(gs.get("/op", gs.get("/OP", False))), bool(gs.get("/OP", False)),
            int(gs.get("/OPM", 0)))


def inks(c):
    return sum(1 for v in c if v > 0.005)


def check_type(pdf, small_inks):
    runs = rich_small = many_small = k_no_op = rules_no_op = k_runs = 0
    for n, page in enumerate(pdf.pages, 1):
        fill = (0, 0, 0, 1)
        stroke = (0, 0, 0, 1)
        op = OP = False
        opm = 0
        size = 0
        stack = []
        for operands, oper in pikepdf.parse_content_stream(page):
            o = str(oper)
            if o == "q":
                stack.append((fill, stroke, op, OP, opm))
            elif o == "Q" and stack:
                fill, stroke, op, OP, opm = stack.pop()
            elif o == "k":
                fill = tuple(float(v) for v in operands)
            elif o == "g":
                fill = (0, 0, 0, 1 - float(operands[0]))
            elif o == "K":
                stroke = tuple(float(v) for v in operands)
            elif o == "G":
                stroke = (0, 0, 0, 1 - float(operands[0]))
            elif o == "gs":
                st = ext_op(page, operands[0])
                if st:
                    op, OP, opm = st
            elif o == "Tf":
                size = float(operands[1])
            elif o in ("Tj", "TJ", "'", '"'):
                runs += 1
                black = fill[3] > 0.995
                if black and inks(fill) > 1 and size < 18:
                    rich_small += 1
                    if rich_small <= 3:
                        print("page %d: rich black %s at %.1f pt" % (n, fill, size))
                if size < 9 and inks(fill) > small_inks:
                    many_small += 1
                    if many_small <= 3:
                        print("page %d: %d inks %s at %.1f pt" % (n, inks(fill), fill, size))
                if black and inks(fill) == 1:
                    k_runs += 1
                    if not (op and opm == 1):
                        k_no_op += 1
                        if k_no_op <= 3:
                            print("page %d: 100 K type without overprint" % n)
            elif o in ("S", "s") and stroke[3] > 0.995 and inks(stroke) == 1 and not OP:
                rules_no_op += 1
    print("type runs: %d, 100 K: %d" % (runs, k_runs))
    check("no rich black under 18 pt (%d runs)" % rich_small, rich_small == 0)
    check("type under 9 pt in at most %d inks (%d runs)" % (small_inks, many_small),
          many_small == 0)
    check("100 K type overprints (%d of %d do not)" % (k_no_op, k_runs), k_no_op == 0)
    check("100 K rules overprint (%d do not)" % rules_no_op, rules_no_op == 0)


def main():
    args = sys.argv[1:]
    small = int(args[args.index("--small-inks") + 1]) if "--small-inks" in args else 2
    pdf = pikepdf.open(args[0])
    check_intent(pdf)
    check_images(pdf)
    check_type(pdf, small)


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
