#!/usr/bin/python3
"""check_pdfx.py - what a printer's preflight checks for PDF/X-1a:2001,
asserted with pikepdf (independent of techzine's own PDF code).

usage: check_pdfx.py FILE.pdf [--screen]
Prints one line per failed check and "N passed, N failed"; exit 1 on any
failure. With --screen only the checks that apply to the screen edition run
(/ID, fonts embedded, no begincidrange CMap).
"""
import sys

import pikepdf

passed = failed = 0


def check(name, cond):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name)


def main():
    path = sys.argv[1]
    screen = "--screen" in sys.argv[2:]
    pdf = pikepdf.open(path)
    tr = pdf.trailer
    check("trailer /ID with two 16-byte strings",
          "/ID" in tr and len(tr.ID) == 2 and len(bytes(tr.ID[0])) == 16)

    fonts = [o for o in pdf.objects
             if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"]
    for fd in fonts:
        check("font %s embedded" % fd.FontName,
              any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    for o in pdf.objects:
        if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font" and "/ToUnicode" in o:
            cm = o.ToUnicode.read_bytes()
            check("ToUnicode of %s uses bfchar/bfrange" % o.get("/BaseFont"),
                  b"begincidrange" not in cm and (b"beginbfrange" in cm or b"beginbfchar" in cm))
    if screen:
        return

    check("PDF version <= 1.4", float(pdf.pdf_version) <= 1.4)
    info = tr.Info
    check("GTS_PDFXVersion", str(info.get("/GTS_PDFXVersion")) == "PDF/X-1:2001")
    check("GTS_PDFXConformance", str(info.get("/GTS_PDFXConformance")) == "PDF/X-1a:2001")
    trapped = info.get("/Trapped")
    check("/Trapped is the name /False",
          isinstance(trapped, pikepdf.Name) and trapped == pikepdf.Name("/False"))
    check("Title", "/Title" in info and len(str(info.Title)) > 0)
    check("CreationDate and ModDate", "/CreationDate" in info and "/ModDate" in info)

    ois = pdf.Root.get("/OutputIntents")
    check("OutputIntents array", ois is not None and len(ois) >= 1)
    if ois is not None and len(ois) >= 1:
        oi = ois[0]
        check("OutputIntent /S /GTS_PDFX", oi.get("/S") == "/GTS_PDFX")
        check("OutputIntent /Type", oi.get("/Type") == "/OutputIntent")
        check("OutputConditionIdentifier", len(str(oi.get("/OutputConditionIdentifier", ""))) > 0)
        check("no key with a trailing space",
              all(not str(k).endswith(" ") for k in oi.keys()))
        prof = oi.get("/DestOutputProfile")
        check("DestOutputProfile with N 4", prof is not None and int(prof.get("/N", 0)) == 4)
        if prof is not None:
            data = prof.read_bytes()
            check("DestOutputProfile is a CMYK output ICC profile",
                  len(data) > 128 and data[16:20] == b"CMYK" and data[12:16] == b"prtr")
            check("DestOutputProfile is ICC version 2 (PDF 1.3)", len(data) > 128 and data[8] == 2)

    for n, page in enumerate(pdf.pages, 1):
        check("page %d: no annotations" % n, "/Annots" not in page.obj)
        check("page %d: TrimBox" % n, "/TrimBox" in page.obj)
        check("page %d: BleedBox" % n, "/BleedBox" in page.obj)
        check("page %d: no transparency group" % n, "/Group" not in page.obj)
        ops = set()
        for operands, op in pikepdf.parse_content_stream(page):
            ops.add(str(op))
        check("page %d: no rg/RG operators" % n, not ({"rg", "RG"} & ops))
        check("page %d: no sh operator" % n, "sh" not in ops)
        # gs only for overprint (OP, op, OPM): no transparency in an ExtGState
        for name, gs in page.obj.get("/Resources", {}).get("/ExtGState", {}).items():
            check("page %d ExtGState %s: no transparency" % (n, name),
                  float(gs.get("/CA", 1)) == 1 and float(gs.get("/ca", 1)) == 1 and
                  gs.get("/SMask", "/None") == "/None" and
                  gs.get("/BM", "/Normal") in ("/Normal", "/Compatible"))
        for name, xo in page.images.items():
            # DeviceGray prints on the K plate only (a grey source)
            check("page %d image %s: DeviceCMYK or DeviceGray" % (n, name),
                  xo.get("/ColorSpace") in ("/DeviceCMYK", "/DeviceGray"))
            check("page %d image %s: no SMask" % (n, name), "/SMask" not in xo and "/Mask" not in xo)
            # Adobe CMYK JPEGs (APP14 marker) hold inverted ink values and
            # need /Decode [1 0 1 0 1 0 1 0]; plain ones must have none
            raw = bytes(xo.read_raw_bytes()[:4096])
            adobe = b"\xff\xeeAdobe" in raw or b"Adobe" in raw[:200]
            dec = [float(v) for v in xo.get("/Decode", [])]
            check("page %d image %s: /Decode matches the JPEG (Adobe %s, Decode %s)"
                  % (n, name, adobe, dec),
                  dec == [1, 0] * 4 if adobe else not dec)
    for o in pdf.objects:
        if isinstance(o, pikepdf.Dictionary):
            check("object: no SMask in ExtGState", not (o.get("/Type") == "/ExtGState" and
                                                         o.get("/SMask", "/None") != "/None"))


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
