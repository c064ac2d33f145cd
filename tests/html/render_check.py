#!/usr/bin/python3
"""tests/html/render_check.py --url URL --name NAME [--shots DIR] - render
one newsletter in headless chromium at 600 and 375 px, light and dark
(emulated prefers-color-scheme), with and without its <style> block (a copy
at URL with <style> removed must be served as URL minus .html plus
.nostyle.html), and check what a reader sees:

  - no horizontal overflow (scrollWidth <= viewport width);
  - no visible text under 14 px outside the footer (.tz-footer);
  - WCAG AA contrast of every visible text run against the background it
    is painted on (composited up the tree): 4.5:1, 3:1 for large text
    (>= 24 px, or >= 18.67 px bold);
  - links outside running text are at least 24 px high (WCAG 2.5.8).

Prints every finding and a summary line per render; exit 1 on any finding.
Screenshots go to DIR as NAME-WIDTH-MODE.png for a human to look at.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

CHECK_JS = r"""
(() => {
  const parse = c => { const m = /rgba?\(([^)]+)\)/.exec(c); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lin = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let r = canvas && canvas.a > 0 ? canvas : (matchMedia('(prefers-color-scheme: dark)').matches ? {r: 18, g: 18, b: 18} : {r: 255, g: 255, b: 255});
    for (let i = layers.length - 1; i >= 0; i--) { const c = layers[i];
      r = {r: c.r * c.a + r.r * (1 - c.a), g: c.g * c.a + r.g * (1 - c.a), b: c.b * c.a + r.b * (1 - c.a)}; }
    return r;
  };
  const hex = c => '#' + [c.r, c.g, c.b].map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
  const out = {overflow: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - VIEWPORT_WIDTH, runs: 0, findings: []};
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.replace(/[\s\u00a0\u200c]+/g, ' ').trim();
    if (!text) continue;
    const el = n.parentElement;
    const rects = el.getClientRects();
    if (!rects.length) continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden (screen readers only)
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) continue;
    out.runs++;
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const what = text.slice(0, 40);
    if (size < 14 && !el.closest('.tz-footer'))
      out.findings.push(`text under 14 px (${size} px): "${what}"`);
    const fg = parse(cs.color), bg = background(el);
    const r = ratio(fg, bg), large = size >= 24 || (size >= 18.66 && bold);
    const need = large ? 3 : 4.5;
    const key = hex(fg) + hex(bg) + what;
    if (r < need && !seen.has(key)) {
      seen.add(key);
      out.findings.push(`contrast ${r.toFixed(2)}:1 < ${need}:1 (${hex(fg)} on ${hex(bg)}, ${size} px${bold ? ' bold' : ''}): "${what}"`);
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (a.closest('p.tz-t') && !a.closest('h3')) continue;  // links inside running text
    const b = a.getBoundingClientRect();
    if (b.width > 1 && b.height > 1 && b.height < 24)
      out.findings.push(`link target ${Math.round(b.width)}x${Math.round(b.height)} px < 24 px high: "${a.textContent.trim().slice(0, 40)}"`);
  }
  return JSON.stringify(out);
})()
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True, help="the newsletter (a .nostyle.html copy beside it)")
    ap.add_argument("--name", required=True)
    ap.add_argument("--shots")
    ap.add_argument("--widths", default="600,375")
    ap.add_argument("--modes", default="light,dark,nostyle,nostyle-dark")
    a = ap.parse_args()
    widths = [int(w) for w in a.widths.split(",")]
    modes = a.modes.split(",")
    stripped = a.url[:-len(".html")] + ".nostyle.html"
    bad = 0
    b = Browser()
    try:
        for width in widths:
            for mode, url, dark in (("light", a.url, False), ("dark", a.url, True),
                                    ("nostyle", stripped, False), ("nostyle-dark", stripped, True)):
                if mode not in modes:
                    continue
                b.open(url, width, dark=dark)
                # the set width, not innerWidth: a phone zooms out to a too-wide page
                r = json.loads(b.eval(CHECK_JS.replace("VIEWPORT_WIDTH", str(width))))
                problems = list(r["findings"])
                if r["overflow"] > 0:
                    problems.insert(0, f"horizontal overflow of {r['overflow']} px")
                if r["runs"] < 50:
                    problems.insert(0, f"only {r['runs']} text runs seen: page did not render?")
                tag = f"{a.name} {width}px {mode}"
                for p in problems:
                    print(f"FAIL {tag}: {p}")
                print(f"{tag}: {r['runs']} text runs, {len(problems)} finding(s)")
                bad += len(problems)
                if a.shots:
                    b.screenshot(os.path.join(a.shots, f"{a.name}-{width}-{mode}.png"), width)
    finally:
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
