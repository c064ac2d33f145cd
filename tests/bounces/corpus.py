#!/usr/bin/python3
"""corpus.py TECHZINE CORPUS_DIR - run `techzine bounces` over a corpus of
real bounce mails with a reference verdict per recipient (expected.csv:
file,recipient,reason,hard,status,reply,feedback_type, as sisimai reports
them) and print how often techzine agrees; exit 1 below the targets.

Each row becomes one message in a Maildir: the bounce as the server wrote
it with a `Delivered-To: bounce+TOKEN@...` line on top (the VERP address
techzine would have used for that recipient, as a delivering MDA writes
it; tokens made here by an independent HMAC). The subscribers list holds
every recipient of the batch; a batch holds each address once, so what
happens to a subscriber comes from the one message about them. Then:

  recipient found   `bounces --explain` names the recipient (every row
                    that is a bounce)
  hard verdict      sisimai hard=1 rows end `bounced`
  hard=0 suppressed hard=0 bounces (temporary, the sender's own making)
                    that end bounced or complained after one message
  complaints        feedback rows end `complained`
  never acted on    auto-replies and delivery notices leave the row as it was

Targets (issue 24): found >= 97 %, hard >= 97 %, hard=0 suppressed <= 2 %,
complaints >= 95 %, never acted on 100 %. TZ_CORPUS_REPORT=1 lists every
disagreement.
"""
import base64, collections, csv, hashlib, hmac, os, re, shutil, subprocess, sys, tempfile

TARGETS = {"found": 97.0, "hard": 97.0, "soft_suppressed": 2.0, "complaints": 95.0}
SECRET = "bounce-corpus-secret-0123456789"
NOT_BOUNCES = {"vacation", "delivered"}


def token(address):
    mac = hmac.new(SECRET.encode(), address.lower().encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode()[:22]


def listable(address):
    """what a techzine list accepts (src/list/address.h): plain ASCII local
    part, a domain with a dot"""
    return re.fullmatch(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+",
                        address) is not None


def main():
    techzine, corpus = sys.argv[1], sys.argv[2]
    verbose = os.environ.get("TZ_CORPUS_REPORT") == "1"
    rows = list(csv.DictReader(open(os.path.join(corpus, "expected.csv"), encoding="utf-8")))
    env = dict(os.environ, TECHZINE_TOKEN_SECRET=SECRET)
    env.pop("TECHZINE_DEMO", None)
    mail = os.path.join(corpus, "mail")

    # what --explain names per file
    files = sorted({r["file"] for r in rows})
    out = subprocess.run([techzine, "bounces", "--explain"] +
                         [os.path.join(mail, f + ".eml") for f in files],
                         capture_output=True, env=env).stdout.decode("utf-8", "replace")
    named = collections.defaultdict(set)
    cur = None
    for line in out.splitlines():
        if not line.startswith(" "):
            cur = os.path.basename(line.split(": ")[0])[:-4]
        elif line.startswith("  recipient: ") and cur:
            named[cur].add(line.split(": ", 1)[1].strip().lower())

    # batches: each address at most once
    batches = []
    for i, r in enumerate(rows):
        a = r["recipient"].lower()
        for b in batches:
            if a not in b:
                b[a] = i
                break
        else:
            batches.append({a: i})

    final = {}
    tmp = tempfile.mkdtemp(prefix="tz-corpus.")
    try:
        for n, batch in enumerate(batches):
            d = os.path.join(tmp, str(n))
            for sub in ("mb/new", "mb/cur", "mb/tmp", "subscribers"):
                os.makedirs(os.path.join(d, sub))
            with open(os.path.join(d, "subscribers", "corpus.csv"), "w", encoding="utf-8") as f:
                f.write("email,name,language,municipality,interests,status,consent_date,"
                        "consent_source,last_change\r\n")
                for a in batch:
                    if listable(a):
                        f.write("%s,x,nl,x,,active,2025-01-01,corpus,2025-01-01\r\n" % a)
            for a, i in batch.items():
                r = rows[i]
                body = open(os.path.join(mail, r["file"] + ".eml"), "rb").read()
                with open(os.path.join(d, "mb", "new", "%d.%s" % (i, r["file"])), "wb") as f:
                    f.write(b"Delivered-To: bounce+%s@bounces.techzine.example\n" %
                            token(a).encode())
                    f.write(body)
            p = subprocess.run([techzine, "bounces", "--maildir", os.path.join(d, "mb"),
                                "--dir", os.path.join(d, "subscribers")],
                               capture_output=True, env=env)
            if p.returncode not in (0, 4):
                sys.stderr.write(p.stderr.decode("utf-8", "replace"))
                print("FAIL: techzine bounces exited %d on batch %d" % (p.returncode, n))
                return 1
            for s in csv.DictReader(open(os.path.join(d, "subscribers", "corpus.csv"),
                                         encoding="utf-8")):
                final[(n, s["email"].lower())] = (s["status"], s.get("soft_bounces") or "0")
    finally:
        shutil.rmtree(tmp)

    where = {}
    for n, batch in enumerate(batches):
        for a, i in batch.items():
            where[i] = (n, a)

    c = collections.Counter()
    bad = []
    for i, r in enumerate(rows):
        a = r["recipient"].lower()
        st, soft = final.get(where[i], ("not listable", "0"))
        if st == "not listable":
            c["unlistable"] += 1
            continue
        if r["reason"] == "feedback":
            c["complaints"] += 1
            c["complaints_ok"] += st == "complained"
            if st != "complained":
                bad.append("complaint missed: %s %s -> %s" % (r["file"], a, st))
            continue
        if r["reason"] in NOT_BOUNCES:
            c["notices"] += 1
            c["notices_ok"] += st == "active" and soft == "0"
            if not (st == "active" and soft == "0"):
                bad.append("acted on a %s: %s -> %s %s" % (r["reason"], r["file"], st, soft))
            continue
        c["bounces"] += 1
        c["found"] += a in named[r["file"]]
        if a not in named[r["file"]]:
            bad.append("recipient not found: %s %s (named: %s)" %
                       (r["file"], a, ", ".join(sorted(named[r["file"]])) or "none"))
        if r["hard"] == "1":
            c["hard"] += 1
            c["hard_ok"] += st == "bounced"
            if st != "bounced":
                bad.append("hard missed: %s %s (%s %s) -> %s" % (r["file"], a, r["reason"],
                                                               r["status"], st))
        else:
            c["soft"] += 1
            c["soft_suppressed"] += st in ("bounced", "complained")
            if st in ("bounced", "complained"):
                bad.append("suppressed after one: %s %s (%s %s)" % (r["file"], a, r["reason"],
                                                                  r["status"]))

    def pct(a, b):
        return 100.0 * a / b if b else 100.0

    fig = {"found": pct(c["found"], c["bounces"]), "hard": pct(c["hard_ok"], c["hard"]),
           "soft_suppressed": pct(c["soft_suppressed"], c["soft"]),
           "complaints": pct(c["complaints_ok"], c["complaints"]),
           "notices": pct(c["notices_ok"], c["notices"])}
    if verbose:
        for b in bad:
            print("  " + b)
    print("bounce corpus: %d messages, %d rows (%d addresses no list accepts, left out)" %
          (len(files), len(rows), c["unlistable"]))
    print("  recipient found     %5.1f %%  (%d of %d bounces; target >= %.0f %%)" %
          (fig["found"], c["found"], c["bounces"], TARGETS["found"]))
    print("  hard verdict        %5.1f %%  (%d of %d hard=1 bounced; target >= %.0f %%)" %
          (fig["hard"], c["hard_ok"], c["hard"], TARGETS["hard"]))
    print("  hard=0 suppressed   %5.1f %%  (%d of %d after one message; target <= %.0f %%)" %
          (fig["soft_suppressed"], c["soft_suppressed"], c["soft"], TARGETS["soft_suppressed"]))
    print("  complaints          %5.1f %%  (%d of %d complained; target >= %.0f %%)" %
          (fig["complaints"], c["complaints_ok"], c["complaints"], TARGETS["complaints"]))
    print("  never acted on      %5.1f %%  (%d of %d auto-replies and delivery notices)" %
          (fig["notices"], c["notices_ok"], c["notices"]))
    ok = (fig["found"] >= TARGETS["found"] and fig["hard"] >= TARGETS["hard"] and
          fig["soft_suppressed"] <= TARGETS["soft_suppressed"] and
          fig["complaints"] >= TARGETS["complaints"] and fig["notices"] == 100.0)
    print("bounce corpus: %s" % ("all targets met" if ok else "BELOW TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
