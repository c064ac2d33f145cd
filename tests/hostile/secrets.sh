#!/usr/bin/env bash
# tests/hostile/secrets.sh - secrets stay secret: a real send with STARTTLS
# and AUTH against aiosmtpd (tests/smtp/server.py), with the protocol trace
# on (--verbose), must not show the SMTP password or the token secret, in
# clear or in the base64 of AUTH PLAIN / AUTH LOGIN, on stdout, stderr, in
# the journal or in any message. A password on the command line is refused.
. "$TZ_SRC/tests/e2e/lib.bash"
. "$TZ_SRC/tests/e2e/send_lib.bash"
send_make_issue "$TZ_TMP/mini"
printf 'email,name,language,status\nrenee@example.nl,Renée,nl,active\n' >"$TZ_TMP/list.csv"
send_make_cert "$TZ_TMP/tls"
port=$(free_port)
user=nieuws pass="Geheim-Wachtwoord-42"
send_start_server "$port" "$TZ_TMP/recv" --cert "$TZ_TMP/tls/cert.pem" --key "$TZ_TMP/tls/key.pem" --auth "$user:$pass"
export TECHZINE_TOKEN_SECRET="token-secret-never-shown-0123456789"
export TECHZINE_SMTP_USER=$user TECHZINE_SMTP_PASSWORD=$pass
cd "$TZ_TMP"
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" --cacert tls/cert.pem \
	--verbose >out.txt 2>err.txt
rc=$?
check "verbose send exits 0 (got $rc: $(tail -n 2 err.txt))" [ "$rc" -eq 0 ]
check "the trace is on (SMTP commands on stderr)" grep -qi "^> MAIL FROM" err.txt
check "the AUTH exchange is shown as hidden" grep -qF "> [credentials hidden]" err.txt
b64() { printf '%b' "$1" | base64 -w0; }
forms=("$pass" "$TECHZINE_TOKEN_SECRET" "$(b64 "\\0$user\\0$pass")" "$(b64 "$user\\0$user\\0$pass")" "$(b64 "$pass")")
files=(out.txt err.txt out/mini/*.journal recv/*)
for f in "${forms[@]}"; do
	hit=$(grep -rlF -- "$f" "${files[@]}" 2>/dev/null | head -n 3)
	check "secret form '${f:0:6}…' appears nowhere (found in: $hit)" [ -z "$hit" ]
done
"$TECHZINE" send mini/issue.xml --list list.csv --password "$pass" >/dev/null 2>err2.txt
rc=$?
check "a password option does not exist (exit 2, got $rc)" [ "$rc" -eq 2 ]
finish
