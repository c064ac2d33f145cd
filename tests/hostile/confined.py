#!/usr/bin/python3
"""Check an strace log (strace -f -e trace=%file) for file access outside
the folders a command may touch.

usage: confined.py LOG --read DIR... --write DIR...

Every path that an open/openat/execve names, or that a call which creates,
changes or removes files names, is resolved (relative to --cwd, default the
first --read) and must be inside one of the --write folders when the call
can create, change or remove it, or inside a --read or --write folder (or a
system folder: /usr, /lib, /etc/fonts, ...) when it only reads. Metadata
calls (stat, readlink, access: realpath() does those on the way to refusing
a link) read no content and are not counted. Prints each offending call and
exits 1 when there is one.
"""
import os
import re
import sys

SYSTEM = ("/usr/", "/lib/", "/lib64/", "/etc/ld.so.", "/etc/fonts/", "/etc/localtime",
          "/proc/", "/sys/", "/dev/null", "/dev/urandom", "/dev/tty", "/etc/gnutls/",
          "/etc/ssl/", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/hosts",
          "/etc/resolv.conf", "/etc/gai.conf", "/etc/services",
          "/var/cache/fontconfig/", "/etc/mime.types", "/root/.cache/fontconfig",
          "/etc/xml/catalog", "/usr/share/", "/etc/pki/", "/etc/ca-certificates")
WRITE_CALLS = {"mkdir", "mkdirat", "rename", "renameat", "renameat2", "unlink", "unlinkat",
               "rmdir", "link", "linkat", "symlink", "symlinkat", "creat", "truncate",
               "chmod", "fchmodat", "chown", "fchownat", "lchown", "utimensat", "mknod",
               "mknodat"}
READ_CALLS = {"open", "openat", "openat2", "execve", "execveat"}
CALL = re.compile(r'^(?:\[pid\s+)?(\d+)\]?\s*([a-z0-9_]+)\((.*)$')


def inside(path, dirs):
    return any(path == d or path.startswith(d.rstrip("/") + "/") for d in dirs)


def main(argv):
    log, reads, writes, cwd, mode = argv[0], [], [], None, None
    for a in argv[1:]:
        if a in ("--read", "--write", "--cwd"):
            mode = a
        elif mode == "--read":
            reads.append(os.path.realpath(a))
        elif mode == "--write":
            writes.append(os.path.realpath(a))
        elif mode == "--cwd":
            cwd = os.path.realpath(a)
    cwd = cwd or (reads[0] if reads else os.getcwd())
    bad = []
    for line in open(log, errors="replace"):
        m = CALL.match(line.strip())
        if not m:
            continue
        call, args = m.group(2), m.group(3)
        if "ENOENT" in line and call not in WRITE_CALLS and "O_CREAT" not in args:
            continue  # looking for a file that is not there reads nothing
        if call.startswith("mkdir") and "EEXIST" in line:
            continue  # mkdir -p walking down existing parents changes nothing
        writing = call in WRITE_CALLS or re.search(r"O_(WRONLY|RDWR|CREAT|TRUNC|APPEND)", args)
        if not writing and call not in READ_CALLS:
            continue
        paths = re.findall(r'"((?:[^"\\]|\\.)*)"', args)
        if call.startswith("execve"):
            paths = paths[:1]  # the program; the rest are its arguments
        for p in paths:
            if not p or p.startswith("\\"):
                continue
            path = os.path.normpath(p if p.startswith("/") else os.path.join(cwd, p))
            if writing:
                if not inside(path, writes) and not path.startswith("/dev/null"):
                    bad.append("write outside: " + line.strip())
            elif not (inside(path, reads) or inside(path, writes) or path.startswith(SYSTEM)
                      or path in ("/", "/etc", "/tmp", "/usr", "/dev")):
                bad.append("read outside: " + line.strip())
    for b in bad[:20]:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
