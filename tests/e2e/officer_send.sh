#!/bin/bash
# tests/e2e/officer_send.sh - issue 21, point 6: test sending as the guide
# describes it. The token secret comes from a 0600 file made once by
# `techzine secret init` (and stays the same between sends); a local test
# server without STARTTLS gets "--insecure-no-tls" as the next step, not
# "run the same command again"; an unreachable server says to start it.
. "$(dirname "$0")/lib.bash"
unset TECHZINE_TOKEN_SECRET TECHZINE_TOKEN_SECRET_FILE TECHZINE_DEMO XDG_CONFIG_HOME
export HOME="$TZ_TMP/home"
mkdir -p "$HOME"
cd "$TZ_TMP" || exit 1
ISSUE="$TZ_SRC/issues/2026-12/issue.xml"
LIST="$TZ_SRC/subscribers/demo.csv"
SECRET="$HOME/.config/techzine/token-secret"

# --- no secret yet: the message says where it is read from and how to make it
"$TECHZINE" send "$ISSUE" --list "$LIST" --dry-run >/dev/null 2>nosecret.err; rc=$?
check "no secret: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "no secret: names the file and the command" grep -qF \
	"there is no secret file '$SECRET'; run 'techzine secret init' once to create it, and keep it" nosecret.err

"$TECHZINE" secret init >init.out 2>&1; rc=$?
check "secret init: exit 0" [ "$rc" -eq 0 ]
check "secret init: says where" grep -qF "created $SECRET (mode 0600)" init.out
check "secret init: mode 0600" [ "$(stat -c %a "$SECRET")" = 600 ]
check "secret init: 43 characters and a newline" [ "$(wc -c <"$SECRET")" -eq 45 ]
check "secret init: never printed" bash -c "! grep -qF -- \"\$(cat '$SECRET')\" init.out"
cp "$SECRET" secret.before
"$TECHZINE" secret init >init2.out 2>&1; rc=$?
check "second secret init: refused, exit 1 (got $rc)" [ "$rc" -eq 1 ]
check "second secret init: says to keep it" grep -qF "already exists; keep it: a new secret would break the unsubscribe links" init2.out
check "second secret init: file unchanged" cmp -s "$SECRET" secret.before
check "secret path" [ "$("$TECHZINE" secret path)" = "$SECRET" ]

token() { grep -o 't=[A-Za-z0-9_-]\{22\}' "$1" | head -1; }
"$TECHZINE" send "$ISSUE" --list "$LIST" --dry-run >dry1.out 2>dry1.err; rc=$?
check "dry run with the secret file: exit 0 (got $rc)" [ "$rc" -eq 0 ]
"$TECHZINE" send "$ISSUE" --list "$LIST" --dry-run >dry2.out 2>&1
check "the same token in two runs" [ -n "$(token dry1.out)" ] && [ "$(token dry1.out)" = "$(token dry2.out)" ]

chmod 644 "$SECRET"
"$TECHZINE" send "$ISSUE" --list "$LIST" --dry-run >/dev/null 2>open.err; rc=$?
check "readable by others: refused (got $rc)" [ "$rc" -eq 2 ]
check "readable by others: says chmod 600" grep -qF "run 'chmod 600 $SECRET'" open.err
chmod 600 "$SECRET"

# --- a local test server without STARTTLS (aiosmtpd, as in the guide)
port=$(free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" >sink.out 2>sink.err &
TZ_PIDS+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
"$TECHZINE" send "$ISSUE" --test redactie@example.nl --smtp "smtp://127.0.0.1:$port" >tls.out 2>tls.err; rc=$?
check "no STARTTLS: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "no STARTTLS: says so" grep -qF "STARTTLS not supported" tls.err
check "no STARTTLS: next step is --insecure-no-tls or the TLS port" grep -qF \
	"techzine: next: the server offers no encryption (STARTTLS). For a local test server (the README's guide, 'Test sending') add --insecure-no-tls; for the relay use its TLS port, --smtp smtps://HOST:465" tls.err
check "no STARTTLS: not told to run the same command again" bash -c "! grep -q 'run the same command again to resume' tls.err"
"$TECHZINE" send "$ISSUE" --test redactie@example.nl --smtp "smtp://127.0.0.1:$port" --insecure-no-tls >ok.out 2>ok.err; rc=$?
check "--insecure-no-tls: exit 0 (got $rc)" [ "$rc" -eq 0 ]
for _ in $(seq 100); do grep -q 'END MESSAGE' sink.out && break; sleep 0.1; done
check "the test message arrived" grep -q '^Subject: =?UTF-8?Q?=5BTEST=5D' sink.out

# --- nothing listening
dead=$(free_port)
"$TECHZINE" send "$ISSUE" --test redactie@example.nl --smtp "smtp://127.0.0.1:$dead" --insecure-no-tls >dead.out 2>dead.err; rc=$?
check "no server: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "no server: says to start it" grep -qF "techzine: next: check that the SMTP server runs at that address and port (for a local test server, start it first" dead.err
finish
