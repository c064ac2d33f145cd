#!/usr/bin/python3
"""tests/smtp/check_messages.py STORE [options] - assert that every message
the test server stored parses with Python's email package (policy=default)
without defects and has the newsletter's shape and headers. Exit 1 with a
reason per problem."""
import argparse
import email
import email.policy
import glob
import os
import re
import sys


def jpeg_sof(data):
    """(marker, width, height) of a JPEG's frame header, or None."""
    i = 2
    while i + 9 <= len(data) and data[i] == 0xFF:
        m, n = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if m in (0xC0, 0xC1, 0xC2):
            return m, int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + n
    return None


def mail_copy_ok(data, shown, originals):
    """An e-mail-sized copy (web/mailimage.h): progressive JPEG, twice the
    width the HTML shows it at (less only when the original is smaller),
    the aspect ratio of one of the issue's images."""
    sof = jpeg_sof(data)
    if not sof or sof[0] != 0xC2 or not shown or not (shown <= sof[1] <= 2 * shown):
        return False
    aspect = sof[1] / sof[2]
    for orig in originals:
        o = jpeg_sof(orig)
        if o is None and orig[:8] == b"\x89PNG\r\n\x1a\n":
            o = (0, int.from_bytes(orig[16:20], "big"), int.from_bytes(orig[20:24], "big"))
        if o and o[2] and abs(o[1] / o[2] - aspect) < 0.02 * aspect and (sof[1] == 2 * shown or sof[1] == o[1]):
            return True
    return False


def check_related(where, rel, originals):
    """multipart/related: text/html first, then images whose Content-IDs
    are exactly the cid: URLs of the HTML, bytes equal to an original or an
    e-mail-sized copy of one."""
    problems = []
    kids = list(rel.iter_parts())
    if rel.get_param("type") != "text/html" or not kids or kids[0].get_content_type() != "text/html":
        return ["%s: related root is not text/html" % where]
    html = kids[0].get_content()
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    ids = {}
    for k in kids[1:]:
        if k.get_content_maintype() != "image" or k["Content-Transfer-Encoding"] != "base64":
            problems.append("%s: related part %s" % (where, k.get_content_type()))
            continue
        if k.get_content_disposition() != "inline":
            problems.append("%s: image not inline" % where)
        cid = str(k["Content-ID"] or "")
        if not (cid.startswith("<") and cid.endswith(">")):
            problems.append("%s: Content-ID %r" % (where, cid))
        ids[cid[1:-1]] = k.get_content()
    if not cids:
        problems.append("%s: no cid: image in the HTML" % where)
    if cids != set(ids):
        problems.append("%s: cid URLs %r != Content-IDs %r" % (where, sorted(cids), sorted(ids)))
    widths = dict(re.findall(r'<img src="cid:([^"]+)" width="(\d+)"', html))
    for cid, data in ids.items():
        if data not in originals and not mail_copy_ok(data, int(widths.get(cid, 0)), originals):
            problems.append("%s: image %s is neither an issue image nor its e-mail copy" % (where, cid))
    if re.search(r'<img[^>]+src="https?://[^"]*/images/', html):
        problems.append("%s: an issue image is still linked" % where)
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("store")
    ap.add_argument("--subject")
    ap.add_argument("--dot-line")
    ap.add_argument("--count", type=int)
    ap.add_argument("--bounce-domain")
    ap.add_argument("--embedded", metavar="IMAGES_DIR",
                    help="the HTML is multipart/related with its images, which must be "
                    "byte-identical to files in IMAGES_DIR")
    a = ap.parse_args()
    originals = {}
    if a.embedded:
        for f in os.listdir(a.embedded):
            originals[open(os.path.join(a.embedded, f), "rb").read()] = f
    problems = []
    files = sorted(glob.glob(os.path.join(a.store, "*.eml")))
    if a.count is not None and len(files) != a.count:
        problems.append("expected %d messages, got %d" % (a.count, len(files)))
    envelope = {}
    log = os.path.join(a.store, "received.log")
    if os.path.exists(log):
        for line in open(log):
            rcpt, sender, name = line.split()
            envelope[name] = (rcpt, sender)
    ids = set()
    for f in files:
        raw = open(f, "rb").read()
        m = email.message_from_bytes(raw, policy=email.policy.default)
        where = os.path.basename(f)
        defects = list(m.defects) + [d for p in m.walk() for d in p.defects]
        if defects:
            problems.append("%s: defects %r" % (where, defects))
        if m.get_content_type() != "multipart/alternative":
            problems.append("%s: top type %s" % (where, m.get_content_type()))
        parts = [p.get_content_type() for p in m.iter_parts()]
        want = ["text/plain", "multipart/related" if a.embedded else "text/html"]
        if parts != want:
            problems.append("%s: parts %r" % (where, parts))
        if a.embedded and parts == want:
            problems += check_related(where, list(m.iter_parts())[1], originals)
        for p in m.walk():
            if p.get_content_maintype() != "text":
                continue
            if p["Content-Transfer-Encoding"] != "quoted-printable":
                problems.append("%s: %s not QP" % (where, p.get_content_type()))
            if p.get_content_charset() != "utf-8":
                problems.append("%s: charset %s" % (where, p.get_content_charset()))
        if a.subject and str(m["Subject"]) != a.subject and str(m["Subject"]) != "[TEST] " + a.subject:
            problems.append("%s: subject %r" % (where, str(m["Subject"])))
        text = m.get_body(("plain",)).get_content()
        html = m.get_body(("html",)).get_content()
        if a.dot_line:
            lines = text.splitlines()
            if a.dot_line not in lines:
                problems.append("%s: line %r missing from text part" % (where, a.dot_line))
            if "." not in lines:
                problems.append("%s: a line with a lone '.' is missing" % where)
        if "<html" not in html.lower() or "</html>" not in html.lower():
            problems.append("%s: html part not whole" % where)
        for h in ("From", "To", "Date", "Message-ID", "List-Id", "List-Unsubscribe",
                  "List-Unsubscribe-Post", "Precedence", "MIME-Version", "Reply-To"):
            if m[h] is None:
                problems.append("%s: no %s" % (where, h))
        lu = str(m["List-Unsubscribe"] or "")
        urls = re.findall(r"<([^>]+)>", lu)
        if len(urls) != 2 or not urls[0].startswith("https://") or not urls[1].startswith("mailto:"):
            problems.append("%s: List-Unsubscribe %r" % (where, lu))
        elif "subject=unsubscribe-" not in urls[1]:
            problems.append("%s: mailto without token %r" % (where, urls[1]))
        if str(m["List-Unsubscribe-Post"]) != "List-Unsubscribe=One-Click":
            problems.append("%s: List-Unsubscribe-Post %r" % (where, m["List-Unsubscribe-Post"]))
        if str(m["Precedence"]) != "bulk":
            problems.append("%s: Precedence %r" % (where, m["Precedence"]))
        mid = str(m["Message-ID"])
        if mid in ids or not re.match(r"^<[^@<>]+@dutchtechzone\.example>$", mid):
            problems.append("%s: Message-ID %r" % (where, mid))
        ids.add(mid)
        rcpt = m["To"].addresses[0].addr_spec
        if where in envelope:
            env_rcpt, sender = envelope[where]
            if env_rcpt != rcpt:
                problems.append("%s: envelope %s != To %s" % (where, env_rcpt, rcpt))
            token = urls[0].split("t=")[-1].split("&")[0] if urls else ""
            if a.bounce_domain and sender != "bounce+%s@%s" % (token, a.bounce_domain):
                problems.append("%s: envelope sender %s" % (where, sender))
        for raw_line in raw.split(b"\r\n" if b"\r\n" in raw else b"\n"):
            if len(raw_line) > 998:
                problems.append("%s: line over 998 octets" % where)
                break
    for p in problems:
        print(p)
    print("%d messages checked, %d problems" % (len(files), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
