#!/usr/bin/python3
"""Hostile images for tests/hostile (run by the cases' prepare scripts).

usage: mkimage.py KIND OUT [ARGS]
  png W H [RAW_BYTES]  a grey 8-bit PNG whose header says W x H; its IDAT
                       inflates to RAW_BYTES zero bytes (default: exactly
                       what W x H needs), so a tiny file can claim or carry
                       an enormous image (a "zip bomb")
  jpeg W H             a JPEG whose frame header says W x H (no real scan)
  cut IN FRACTION      the first FRACTION of file IN (a truncated image)
"""
import struct
import sys
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(out, w, h, raw=None):
    if raw is None:
        raw = (w + 1) * h
    z = zlib.compressobj(9)
    body = bytearray()
    block = b"\0" * (1 << 20)
    left = raw
    while left > 0:
        n = min(left, len(block))
        body += z.compress(block[:n])
        left -= n
    body += z.flush()
    with open(out, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)))
        f.write(chunk(b"IDAT", bytes(body)))
        f.write(chunk(b"IEND", b""))


def jpeg(out, w, h):
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3) + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    with open(out, "wb") as f:
        f.write(b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00" + sof +
                b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00" + b"\x00" * 64 + b"\xff\xd9")


def cut(src, out, fraction):
    data = open(src, "rb").read()
    open(out, "wb").write(data[: int(len(data) * fraction)])


kind, out = sys.argv[1], sys.argv[2]
if kind == "png":
    png(out, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) > 5 else None)
elif kind == "jpeg":
    jpeg(out, int(sys.argv[3]), int(sys.argv[4]))
elif kind == "cut":
    cut(sys.argv[3], out, float(sys.argv[4]))
else:
    sys.exit("unknown kind " + kind)
