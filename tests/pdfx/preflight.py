#!/usr/bin/python3
"""preflight.py - a printer's preflight of a print PDF with independent tools,
for any PDF (the test PDF of tests/e2e/pdfx.sh, the demo issue's PDF).

usage: preflight.py FILE.pdf [--ink-limit 300] [--dpi 150]

Runs: pdfimages -list (only cmyk or gray images, >= 300 ppi), check_pdfx.py
(pikepdf structure checks), Ghostscript tiff32nc rendering of every page and
the maximum C+M+Y+K (<= ink limit + 2 %), pdftotext and pdffonts with no
warnings, qpdf --check. Prints one line per failed check, the measured
numbers, and "N passed, N failed"; exit 1 on any failure.
"""
import glob
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # tests write only to their temp folder
sys.path.insert(0, HERE)
from ink import max_coverage  # noqa: E402

passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", name, detail)


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace")


def main():
    args = sys.argv[1:]
    path = args[0]
    limit = float(args[args.index("--ink-limit") + 1]) if "--ink-limit" in args else 300.0
    dpi = args[args.index("--dpi") + 1] if "--dpi" in args else "150"

    r = run("pdfimages", "-list", path)
    check("pdfimages runs without warnings", r.returncode == 0 and not r.stderr.strip(), r.stderr)
    rows = [l.split() for l in r.stdout.splitlines()[2:] if l.strip()]
    for row in rows:
        check("image %s on page %s is cmyk or gray" % (row[1], row[0]),
              row[5] in ("cmyk", "gray"), row[5])
        if row[2] == "image":
            check("image %s on page %s >= 300 ppi" % (row[1], row[0]),
                  int(row[12]) >= 300 and int(row[13]) >= 300, "%s x %s" % (row[12], row[13]))
    print("images: %d" % len(rows))

    r = run("/usr/bin/python3", os.path.join(HERE, "check_pdfx.py"), path)
    check("pikepdf PDF/X-1a structure", r.returncode == 0, r.stdout[-2000:])

    with tempfile.TemporaryDirectory() as tmp:
        r = run("pdfinfo", path)
        pages = int(next((l.split()[1] for l in r.stdout.splitlines() if l.startswith("Pages:")), "0"))
        r = run("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc",
                "-r" + dpi, "-o", os.path.join(tmp, "p%04d.tif"), path)
        tifs = sorted(glob.glob(os.path.join(tmp, "p*.tif")))
        check("ghostscript renders every page", r.returncode == 0 and len(tifs) == pages > 0,
              "%d of %d pages; %s" % (len(tifs), pages, r.stderr[-500:]))
        check("ghostscript prints no errors", not r.stderr.strip(), r.stderr[-500:])
        if tifs:
            ink = max_coverage(tifs)
            print("max ink coverage: %.1f %% (limit %.0f %%)" % (ink, limit))
            check("max C+M+Y+K <= limit + 2 %", ink <= limit + 2.0, "%.1f" % ink)

    r = run("pdftotext", path, "-")
    check("pdftotext prints no warnings", r.returncode == 0 and not r.stderr.strip(), r.stderr[:500])
    r = run("pdffonts", path)
    check("pdffonts prints no warnings", r.returncode == 0 and not r.stderr.strip(), r.stderr[:500])
    for l in r.stdout.splitlines()[2:]:
        f = l.split()
        if len(f) >= 7:
            check("font %s embedded" % f[0], f[-5] == "yes", l)
    r = run("qpdf", "--check", path)
    check("qpdf --check", r.returncode == 0, r.stdout[-500:])
    print("size: %d bytes" % os.path.getsize(path))


main()
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
