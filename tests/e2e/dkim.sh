#!/usr/bin/env bash
# dkim.sh - DKIM signing (docs/dkim.md) checked by two independent verifiers:
# python3-dkim (tests/dkim/verify.py, keys from the TXT lines techzine
# prints, no DNS) and OpenDKIM's opendkim-testmsg (tests/dkim/opendkim_verify.sh,
# in a private network namespace with a loopback DNS server made from the
# same lines). Every message of sends to aiosmtpd on 127.0.0.1 (RSA-2048 and
# Ed25519 at once, UTF-8 names and subject, --images link and embed, a
# --test copy) and of an outbox send verifies; a changed body, a changed
# Subject and an added From fail. Key handling: keygen writes 0600 and never
# overwrites, send refuses a key others can read, an RSA-1024 key, a
# non-key; check --mail prints the records and warns on misalignment.
# The sends use 4 connections and sign ahead on 2 threads (e2e/dkim_pool
# has the larger sends, retries and kills).
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"
V=$TZ_SRC/tests/dkim
export TECHZINE_TOKEN_SECRET=test-secret-0123456789abcdef
unset TECHZINE_SMTP_USER TECHZINE_SMTP_PASSWORD
cd "$TZ_TMP"

# --- keygen
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector rsa2026 -o keys/rsa.pem > rsa.zone 2>err.txt; rc=$?
check "keygen into a missing folder fails cleanly (got $rc)" test "$rc" -eq 3
mkdir keys
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector rsa2026 -o keys/rsa.pem > rsa.zone 2>err.txt; rc=$?
check "keygen rsa exits 0 (got $rc: $(cat err.txt))" test "$rc" -eq 0
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector ed2026 --type ed25519 -o keys/ed.pem > ed.zone 2>err.txt; rc=$?
check "keygen ed25519 exits 0 (got $rc)" test "$rc" -eq 0
check "rsa key mode 0600" test "$(stat -c %a keys/rsa.pem)" = 600
check "ed25519 key mode 0600" test "$(stat -c %a keys/ed.pem)" = 600
check "rsa key is RSA-2048 (openssl)" bash -c 'openssl pkey -in keys/rsa.pem -noout -text | grep -q "2048 bit"'
check "ed25519 key is ED25519 (openssl)" bash -c 'openssl pkey -in keys/ed.pem -noout -text | grep -q "ED25519"'
check "rsa TXT printed" grep -q '^rsa2026._domainkey.dutchtechzone.example. IN TXT ( "v=DKIM1; k=rsa; p=MII' rsa.zone
check "ed25519 TXT printed" grep -q '^ed2026._domainkey.dutchtechzone.example. IN TXT ( "v=DKIM1; k=ed25519; p=' ed.zone
# the TXT p= is the key openssl derives from the private key
check "rsa p= matches openssl's public key" bash -c \
	'[ "$(openssl pkey -in keys/rsa.pem -pubout -outform DER | base64 -w0)" = "$(grep "^rsa2026" rsa.zone | grep -o "\"[^\"]*\"" | tr -d "\" " | sed "s/.*p=//" | tr -d "\n")" ]'
check "ed25519 p= matches openssl's public key" bash -c \
	'[ "$(openssl pkey -in keys/ed.pem -pubout -outform DER | tail -c 32 | base64 -w0)" = "$(grep "^ed2026" ed.zone | grep -o "p=[^\"]*" | sed "s/p=//")" ]'
before=$(sha256sum keys/rsa.pem)
"$TECHZINE" dkim keygen --domain dutchtechzone.example --selector rsa2026 -o keys/rsa.pem > /dev/null 2>err.txt; rc=$?
check "keygen never overwrites (got $rc)" test "$rc" -eq 2
check "existing key unchanged" test "$(sha256sum keys/rsa.pem)" = "$before"
"$TECHZINE" dkim keygen --domain 'bad domain' --selector s > /dev/null 2>&1; rc=$?
check "keygen refuses a bad domain (got $rc)" test "$rc" -eq 2
"$TECHZINE" dkim keygen --domain d.example --selector s --bits 1024 > /dev/null 2>&1; rc=$?
check "keygen refuses RSA-1024 (got $rc)" test "$rc" -eq 2

# --- the issue names both keys
send_make_issue "$TZ_TMP/mini"
sed -i 's|bounce-domain="bounces.dutchtechzone.example"/>|bounce-domain="bounces.dutchtechzone.example"><dkim domain="dutchtechzone.example" selector="rsa2026" key="../keys/rsa.pem"/><dkim domain="dutchtechzone.example" selector="ed2026" key="../keys/ed.pem"/></mail>|' mini/issue.xml
check "issue names the keys" grep -q 'selector="ed2026"' mini/issue.xml
cat > list.csv <<'CSV'
email,name,language,municipality,interests,status,consent_date,consent_source,last_change
renee@example.nl,Renée de Vries,nl,Emmen,,active,2025-03-14,web,2026-09-02
chloe@example.org,Chloë van ’t Hek – 日本,nl,Emmen,,active,2025-03-14,web,2026-09-02
"lars@example.org","Hoffmann, Lars",en,Emmen,,active,2025-03-14,web,2026-09-02
CSV
"$TECHZINE" check --mail --relay smtp.relay.example mini/issue.xml > zone.txt 2>err.txt; rc=$?
check "check --mail exits 0 (got $rc: $(cat err.txt))" test "$rc" -eq 0
check "check --mail prints the rsa TXT of keygen" grep -qF "$(grep '^rsa2026' rsa.zone)" zone.txt
check "check --mail prints the ed25519 TXT" grep -qF "$(grep '^ed2026' ed.zone)" zone.txt
check "check --mail prints SPF naming the relay" grep -q '^bounces.dutchtechzone.example. IN TXT "v=spf1 a:smtp.relay.example ~all"' zone.txt
check "check --mail prints DMARC p=none" grep -q '^_dmarc.dutchtechzone.example. IN TXT "v=DMARC1; p=none;' zone.txt
check "aligned domains: no alignment warning" bash -c '! grep -q "not aligned" err.txt'

port=$(free_port)
send_start_server "$port" "$TZ_TMP/recv"
# 4 connections, both keys signed ahead on 2 threads (docs/dkim.md, "Signing ahead")
SEND=("$TECHZINE" send mini/issue.xml --list list.csv --smtp "smtp://127.0.0.1:$port" --insecure-no-tls
	--connections 4 --sign-threads 2)
"${SEND[@]}" 2>err.txt; rc=$?
check "send (link) exits 0 (got $rc: $(tail -2 err.txt))" test "$rc" -eq 0
"${SEND[@]}" --images embed --force-resend 2>err.txt; rc=$?
check "send (embed) exits 0 (got $rc: $(tail -2 err.txt))" test "$rc" -eq 0
"$TECHZINE" send mini/issue.xml --test 'proef@example.nl' --smtp "smtp://127.0.0.1:$port" --insecure-no-tls 2>err.txt; rc=$?
check "test send exits 0 (got $rc)" test "$rc" -eq 0
msgs=(recv/*.eml)
check "seven messages received (got ${#msgs[@]})" test "${#msgs[@]}" -eq 7
check "embedded images in the second send" bash -c 'grep -l "Content-ID:" recv/*.eml | grep -q .'
check "UTF-8 name encoded in To" bash -c 'grep -q "^To: =?UTF-8?" recv/*.eml'
check "\"Hoffmann, Lars\" is greeted as Lars Hoffmann" /usr/bin/python3 -c '
import email, email.policy, glob, sys
for f in glob.glob("recv/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    if "lars@example.org" in str(m["To"]):
        t = m.get_body(("plain",)).get_content()
        h = m.get_body(("html",)).get_content()
        sys.exit(0 if "Dear Lars Hoffmann," in t and "Dear Lars Hoffmann," in h else 1)
sys.exit(1)'
check "every message has two DKIM-Signatures" bash -c \
	'for f in recv/*.eml; do [ "$(grep -c "^DKIM-Signature:" "$f")" -eq 2 ] || exit 1; done'
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${msgs[@]}" > py.txt 2>&1; rc=$?
check "python3-dkim: all signatures pass ($(grep -v ' pass$' py.txt | head -3))" test "$rc" -eq 0
check "python3-dkim checked 14 signatures" test "$(grep -c ' pass$' py.txt)" -eq 14
check "python3-dkim saw both algorithms" bash -c 'grep -q "a=rsa-sha256 .* pass" py.txt && grep -q "a=ed25519-sha256 .* pass" py.txt'
bash "$V/opendkim_verify.sh" zone.txt "${msgs[@]}" > od.txt 2>&1; rc=$?
check "opendkim-testmsg: all signatures pass ($(grep -v ' pass$' od.txt | head -3))" test "$rc" -eq 0
check "opendkim-testmsg checked 14 signatures" test "$(grep -c ' pass$' od.txt)" -eq 14

# --- tampering fails both verifiers
f=${msgs[0]}
perl -pe 'if (!$h && /^\r?$/) { $h = 1 } elsif ($h && !$done && /\S/) { s/^(.)/X$1/; $done = 1 }' "$f" > body.eml
perl -pe 's/^Subject: /Subject: Re: /' "$f" > subject.eml
perl -pe 'print "From: Boef <boef\@example.net>\r\n" if $. == 1' "$f" > from.eml
check "tampered copies differ" bash -c "! cmp -s '$f' body.eml && ! cmp -s '$f' subject.eml"
for t in body subject from; do
	/usr/bin/python3 "$V/verify.py" zone.txt $t.eml > /dev/null 2>&1; rc=$?
	check "python3-dkim fails the changed $t (got $rc)" test "$rc" -eq 1
	bash "$V/opendkim_verify.sh" zone.txt $t.eml > /dev/null 2>&1; rc=$?
	check "opendkim-testmsg fails the changed $t (got $rc)" test "$rc" -eq 1
done
# a key that does not match the published record fails too
sed 's/p=MII[A-Za-z0-9+\/]\{40\}/p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx101Okpjh5f1lT9u/' zone.txt > wrong.zone
bash "$V/opendkim_verify.sh" wrong.zone "$f" > od-wrong.txt 2>&1; rc=$?
check "opendkim-testmsg fails a signature against another key (got $rc)" test "$rc" -eq 1

# --- options: one signer from the command line; --no-dkim
rm -rf recv2
port2=$(free_port)
send_start_server "$port2" "$TZ_TMP/recv2"
"$TECHZINE" send mini/issue.xml --test 'opt@example.nl' --smtp "smtp://127.0.0.1:$port2" --insecure-no-tls \
	--dkim-domain dutchtechzone.example --dkim-selector ed2026 --dkim-key keys/ed.pem 2>err.txt; rc=$?
check "--dkim-* options send (got $rc: $(tail -1 err.txt))" test "$rc" -eq 0
m2=(recv2/*.eml)
check "options: one Ed25519 signature" bash -c "[ \"\$(grep -c '^DKIM-Signature:' '${m2[0]}')\" -eq 1 ] && grep -q 'a=ed25519-sha256' '${m2[0]}'"
/usr/bin/python3 "$V/verify.py" zone.txt "${m2[0]}" > /dev/null 2>&1; rc=$?
check "options: python3-dkim passes (got $rc)" test "$rc" -eq 0
"$TECHZINE" send mini/issue.xml --test 'nodkim@example.nl' --smtp "smtp://127.0.0.1:$port2" --insecure-no-tls --no-dkim 2>err.txt; rc=$?
check "--no-dkim sends (got $rc)" test "$rc" -eq 0
check "--no-dkim: no signature" bash -c '! grep -l "nodkim@example.nl" recv2/*.eml | xargs grep -q "^DKIM-Signature:"'
"$TECHZINE" send mini/issue.xml --test 'x@example.nl' --outbox ob0 --dkim-domain dutchtechzone.example 2>err.txt; rc=$?
check "--dkim-domain alone is a usage error (got $rc)" test "$rc" -eq 2

# --- the outbox (Maildir, LF line ends) is signed too
"$TECHZINE" send mini/issue.xml --list list.csv --outbox ob 2>err.txt; rc=$?
check "outbox send exits 0 (got $rc)" test "$rc" -eq 0
ob=(ob/new/*)
/usr/bin/python3 "$V/verify.py" --min 2 zone.txt "${ob[@]}" > /dev/null 2>&1; rc=$?
check "outbox messages verify with python3-dkim (got $rc)" test "$rc" -eq 0
bash "$V/opendkim_verify.sh" zone.txt "${ob[@]}" > /dev/null 2>&1; rc=$?
check "outbox messages verify with opendkim-testmsg (got $rc)" test "$rc" -eq 0

# --- key files that are refused (exit 1, file:line, nothing sent)
chmod 640 keys/rsa.pem
"$TECHZINE" send mini/issue.xml --list list.csv --outbox ob-refused 2>err.txt; rc=$?
check "group-readable key refused (got $rc)" test "$rc" -eq 1
check "refusal names the mode and chmod ($(cat err.txt))" grep -q "may be read by group or others (mode 0640); run chmod 600" err.txt
check "refusal names the issue line" grep -q "issue.xml:[0-9]" err.txt
check "nothing written when the key is refused" test ! -d ob-refused/new
"$TECHZINE" check --mail mini/issue.xml > /dev/null 2>err.txt; rc=$?
check "check --mail reports the readable key as an error (got $rc)" test "$rc" -eq 1
chmod 600 keys/rsa.pem
openssl genrsa -out keys/weak.pem 1024 2>/dev/null; chmod 600 keys/weak.pem
"$TECHZINE" send mini/issue.xml --test x@example.nl --outbox ob-weak --dkim-domain d.example --dkim-selector s --dkim-key keys/weak.pem 2>err.txt; rc=$?
check "RSA-1024 refused (got $rc)" test "$rc" -eq 1
check "RSA-1024 message" grep -q "RSA-1024; use at least 2048 bits" err.txt
echo "not a key" > keys/junk.pem; chmod 600 keys/junk.pem
"$TECHZINE" send mini/issue.xml --test x@example.nl --outbox ob-junk --dkim-domain d.example --dkim-selector s --dkim-key keys/junk.pem 2>err.txt; rc=$?
check "a non-key refused (got $rc)" test "$rc" -eq 1
"$TECHZINE" send mini/issue.xml --test x@example.nl --outbox ob-missing --dkim-domain d.example --dkim-selector s --dkim-key keys/missing.pem 2>err.txt; rc=$?
check "a missing key refused (got $rc)" test "$rc" -ne 0 -a "$rc" -ne 2

# --- alignment warnings
sed -e 's|bounce-domain="bounces.dutchtechzone.example"|bounce-domain="bounces.mailer.example"|' \
	-e 's|<dkim domain="dutchtechzone.example" selector="rsa2026"|<dkim domain="relay.example" selector="rsa2026"|' \
	mini/issue.xml > mini/misaligned.xml
"$TECHZINE" check --mail mini/misaligned.xml > zone2.txt 2>err.txt; rc=$?
check "misaligned: still exit 0 (warnings) (got $rc)" test "$rc" -eq 0
check "warns on the DKIM domain" grep -q "DKIM domain 'relay.example' is not aligned with the From domain 'dutchtechzone.example'" err.txt
check "warns on the bounce domain" grep -q "bounce domain 'bounces.mailer.example' is not aligned" err.txt
check "no relay: warns to name it" grep -q "name the relay that sends with --relay HOST" err.txt
finish
