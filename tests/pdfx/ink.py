#!/usr/bin/python3
"""ink.py - maximum total area coverage (C+M+Y+K, percent) over all pixels of
CMYK TIFF pages rendered by Ghostscript (-sDEVICE=tiff32nc), and the colour
of one pixel of an RGB rendering.

usage: ink.py max PAGE.tif...          prints the maximum coverage in percent
       ink.py pixel IMAGE X Y          prints "R G B" of the pixel
"""
import sys

from PIL import Image, ImageMath


def max_coverage(paths):
    best = 0
    for p in paths:
        im = Image.open(p)
        im.load()
        c, m, y, k = (ch.convert("I") for ch in im.split())
        total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                      c=c, m=m, y=y, k=k) \
            if hasattr(ImageMath, "lambda_eval") else ImageMath.eval("c+m+y+k", c=c, m=m, y=y, k=k)
        best = max(best, total.getextrema()[1])
    return best * 100.0 / 255.0


if __name__ == "__main__":
    if sys.argv[1] == "max":
        print("%.1f" % max_coverage(sys.argv[2:]))
    else:
        im = Image.open(sys.argv[2]).convert("RGB")
        print("%d %d %d" % im.getpixel((int(sys.argv[3]), int(sys.argv[4]))))
