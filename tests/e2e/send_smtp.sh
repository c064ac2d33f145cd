#!/usr/bin/env bash
# send_smtp.sh - `techzine send` against a real SMTP server (aiosmtpd on
# 127.0.0.1) with STARTTLS and AUTH and a self-signed certificate made here.
# Received messages are parsed with Python's email package: no defects,
# multipart/alternative text then html (or with --images embed the html
# inside multipart/related with its images by Content-ID), RFC 2047 subject
# with ë and €, a body line starting with "." intact, List-Unsubscribe
# headers, VERP sender.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"

send_make_issue "$TZ_TMP/mini"
cat > "$TZ_TMP/list.csv" <<'CSV'
email,name,language,municipality,interests,status,consent_date,consent_source,last_change
renee@example.nl,Renée de Vries,nl,Emmen,,active,2025-03-14,web,2026-09-02
chloe@example.org,Chloë van ’t Hek,nl,Emmen,,active,2025-03-14,web,2026-09-02
"lars@example.org","Hoffmann, Lars",nl,Emmen,,active,2025-03-14,web,2026-09-02
gone@example.nl,Weg,nl,Emmen,,unsubscribed,2025-03-14,web,2026-09-02
CSV
send_make_cert "$TZ_TMP/tls"
port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv" --cert "$TZ_TMP/tls/cert.pem" --key "$TZ_TMP/tls/key.pem" --auth "nieuws:geheim wachtwoord"
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
export TECHZINE_SMTP_USER=nieuws TECHZINE_SMTP_PASSWORD="geheim wachtwoord"
cd "$TZ_TMP"
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" --cacert tls/cert.pem)

# 1. wrong password: exit 3, nothing sent, no success records
TECHZINE_SMTP_PASSWORD=wrong "${SEND[@]}" 2>err.txt; rc=$?
check "wrong password exits 3 (got $rc)" test "$rc" -eq 3
check "wrong password: nothing received" test ! -s recv/received.log
check "wrong password: journal has no S record" bash -c '! grep -q "^S " out/mini/send-list.journal'

# 2. certificate not trusted: refused (no --cacert)
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" 2>err.txt; rc=$?
check "untrusted certificate exits 3 (got $rc)" test "$rc" -eq 3

# 3. the real send
"${SEND[@]}" 2>err.txt; rc=$?
check "send exits 0 (got $rc: $(tail -2 err.txt))" test "$rc" -eq 0
check "three messages received" test "$(wc -l < recv/received.log)" -eq 3
check "summary printed" grep -q "sent 3, failed permanently 0, deferred 0" err.txt
check "unsubscribed one skipped" grep -q "1 unsubscribed" err.txt
/usr/bin/python3 "$TZ_SRC/tests/smtp/check_messages.py" recv \
	--subject "TechZine mini: Drënthe investeert € 5 miljoen" \
	--dot-line ".punt aan het begin" --count 3 --bounce-domain bounces.dutchtechzone.example \
	> check.txt 2>&1; rc=$?
check "received messages parse cleanly ($(tail -3 check.txt))" test "$rc" -eq 0
check "journal complete" grep -q "^D " out/mini/send-list.journal
check "journal has 3 S records" test "$(grep -c '^S ' out/mini/send-list.journal)" -eq 3

# 4. a completed send refuses to run again; --force-resend sends again
"${SEND[@]}" 2>err.txt; rc=$?
check "second send refused (got $rc)" test "$rc" -eq 2
check "refusal mentions --force-resend" grep -q -- "--force-resend" err.txt
check "nothing more received" test "$(wc -l < recv/received.log)" -eq 3
"${SEND[@]}" --force-resend 2>err.txt; rc=$?
check "--force-resend sends again (got $rc)" test "$rc" -eq 0
check "six deliveries now" test "$(wc -l < recv/received.log)" -eq 6
check "old journal kept aside" bash -c 'ls out/mini/send-list.journal.* >/dev/null'

# 5. --test: one copy each, [TEST] in the subject, journal untouched
before=$(md5sum < out/mini/send-list.journal)
"${SEND[@]}" --test proef@example.nl --test tweede@example.nl 2>err.txt; rc=$?
check "--test exits 0 (got $rc)" test "$rc" -eq 0
check "two test copies" test "$(grep -c '@example.nl.*' <(tail -2 recv/received.log))" -eq 2
check "test copies to the test addresses" bash -c 'tail -2 recv/received.log | grep -q "^proef@example.nl " && tail -2 recv/received.log | grep -q "^tweede@example.nl "'
last=$(ls recv/*.eml | tail -1)
check "test subject has [TEST]" /usr/bin/python3 -c "
import email,email.policy,sys
m=email.message_from_binary_file(open('$last','rb'),policy=email.policy.default)
sys.exit(0 if m['Subject'].startswith('[TEST] TechZine mini') else 1)"
check "journal untouched by --test" test "$before" = "$(md5sum < out/mini/send-list.journal)"

# 6. --dry-run: counts and the first message on stdout, nothing sent
n=$(wc -l < recv/received.log)
"${SEND[@]}" --dry-run > dry.txt 2>err.txt; rc=$?
check "--dry-run exits 0" test "$rc" -eq 0
check "--dry-run prints the first message" grep -q "^Subject: =?UTF-8?" dry.txt
check "--dry-run counts" grep -q "3 recipients" err.txt
check "--dry-run sends nothing" test "$(wc -l < recv/received.log)" -eq "$n"

# 7. CR/LF in a name: refused before anything is sent
printf 'email,name,language,status\na@example.nl,Gewoon,nl,active\nb@example.nl,"Evil\r\nBcc: x@evil.example",nl,active\n' > evil.csv
"$TECHZINE" send mini/issue.xml --list evil.csv --smtp "smtp://127.0.0.1:$port" --cacert tls/cert.pem 2>err.txt; rc=$?
check "CR/LF in a name refused (got $rc)" test "$rc" -eq 1
check "CR/LF: nothing sent" test "$(wc -l < recv/received.log)" -eq "$n"

# 8. --images embed: the HTML inside multipart/related, every cid: URL a
# Content-ID of an image part whose bytes are the issue's own image file
eport=$(free_port)
send_start_server "$eport" "$TZ_TMP/recv-embed" --cert "$TZ_TMP/tls/cert.pem" --key "$TZ_TMP/tls/key.pem" --auth "nieuws:geheim wachtwoord"
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$eport" --cacert tls/cert.pem \
	--images embed --journal embed.journal 2>err.txt; rc=$?
check "--images embed exits 0 (got $rc: $(tail -1 err.txt))" test "$rc" -eq 0
/usr/bin/python3 "$TZ_SRC/tests/smtp/check_messages.py" recv-embed --embedded mini/images \
	--subject "TechZine mini: Drënthe investeert € 5 miljoen" \
	--dot-line ".punt aan het begin" --count 3 --bounce-domain bounces.dutchtechzone.example \
	> check-embed.txt 2>&1; rc=$?
check "embedded images: related structure, cid: URLs resolve, bytes intact ($(tail -3 check-embed.txt))" test "$rc" -eq 0
check "linked send had no related part" bash -c '! grep -l "multipart/related" recv/*.eml'
# credentials from ~/.netrc when the environment has none
mkdir -p home
printf 'machine 127.0.0.1\nlogin nieuws\npassword "geheim wachtwoord"\n' > home/.netrc
chmod 600 home/.netrc
before=$(wc -l < recv-embed/received.log)
HOME=$TZ_TMP/home env -u TECHZINE_SMTP_USER -u TECHZINE_SMTP_PASSWORD "$TECHZINE" send mini/issue.xml \
	--list list.csv --smtp "smtp://127.0.0.1:$eport" --cacert tls/cert.pem --journal netrc.journal 2>err.txt; rc=$?
check "~/.netrc credentials: exit 0 (got $rc: $(tail -1 err.txt))" test "$rc" -eq 0
check "~/.netrc credentials: three more received" test "$(wc -l < recv-embed/received.log)" -eq $((before + 3))
HOME=$TZ_TMP/nohome env -u TECHZINE_SMTP_USER -u TECHZINE_SMTP_PASSWORD "$TECHZINE" send mini/issue.xml \
	--list list.csv --smtp "smtp://127.0.0.1:$eport" --cacert tls/cert.pem --journal nonetrc.journal 2>err.txt; rc=$?
check "no credentials: 530 stops the send, exit 3 (got $rc)" test "$rc" -eq 3
check "no credentials: says authentication is wanted" grep -q "wants authentication" err.txt
check "no credentials: nobody recorded as failed" bash -c '! grep -q "^[SF] " nonetrc.journal'
"$TECHZINE" send mini/issue.xml --list list.csv --images inline --dry-run 2>err.txt; rc=$?
check "--images with a bad value is a usage error (got $rc)" test "$rc" -eq 2

# 9. credentials are not sent without TLS, smtps:// needs TLS too
"$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://u:p@127.0.0.1:$port" 2>err.txt; rc=$?
check "credentials in URL refused" test "$rc" -eq 2
finish
