#!/usr/bin/python3
"""tests/html/axe_check.py [--dark] URL... - run axe-core (npm axe-core in
tests/html/node_modules, injected over DevTools into Debian's headless
chromium: no browser download) on every page with all its default rules
(WCAG 2.0/2.1 A and AA plus best practices such as one main landmark and
heading order), at 600 px light (and dark with --dark). Prints every
violation with its nodes; exit 1 when there is any.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cdp import Browser  # noqa: E402

AXE = os.path.join(HERE, "node_modules", "axe-core", "axe.min.js")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dark", action="store_true")
    ap.add_argument("urls", nargs="+")
    a = ap.parse_args()
    src = open(AXE, encoding="utf-8").read()
    bad = 0
    b = Browser()
    try:
        for url in a.urls:
            for dark in ((False, True) if a.dark else (False,)):
                b.open(url, 600, dark=dark)
                b.eval(src)
                r = json.loads(b.eval(
                    "axe.run(document, {resultTypes: ['violations']})"
                    ".then(r => JSON.stringify({v: r.violations, n: r.passes.length}))",
                    await_promise=True))
                tag = f"{url}{' (dark)' if dark else ''}"
                for v in r["v"]:
                    bad += 1
                    print(f"FAIL {tag}: {v['id']} ({v['impact']}): {v['help']}")
                    for node in v["nodes"][:5]:
                        print(f"    {node['target']}: {node['failureSummary'][:300]!r}")
                print(f"{tag}: {len(r['v'])} violation(s), {r['n']} rules passed")
    finally:
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
