#!/usr/bin/env bash
# bounces_imap.sh - `techzine bounces --imap` against a real Dovecot started
# here (unprivileged config in the scratch folder, 127.0.0.1, IMAPS and
# IMAP+STARTTLS with a self-signed certificate): reports change statuses,
# handled messages become \Seen, unrecognised ones stay unseen; the
# certificate is verified (a wrong CA fails, exit 3, nothing changes);
# credentials from the environment or ~/.netrc; a wrong password fails.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/send_lib.bash"
if [ ! -x /usr/sbin/dovecot ]; then
	echo "SKIP: dovecot-imapd is not installed (scripts/setup installs it)" >&2
	finish
	exit
fi
cd "$TZ_TMP"
export TECHZINE_TOKEN_SECRET=imap-e2e-secret-0123456789 TECHZINE_TODAY=2026-12-01
unset TECHZINE_DEMO TECHZINE_IMAP_USER TECHZINE_IMAP_PASSWORD
PY=/usr/bin/python3
D=$TZ_TMP/dovecot
mkdir -p "$D/run" "$D/state" "$D/home/bounces/Maildir/new" "$D/home/bounces/Maildir/cur" "$D/home/bounces/Maildir/tmp"
send_make_cert "$D"
other=$TZ_TMP/other-ca
send_make_cert "$other"
# mail is owned by an unprivileged user (Dovecot refuses uid 0 for mail)
if [ "$(id -u)" = 0 ]; then muser=nobody; mgroup=$(id -gn nobody); else muser=$(id -un); mgroup=$(id -gn); fi
for f in postfix-hard exchange-hard arf-complaint unsubscribe-reply autoreply forged-dsn; do
	$PY "$TZ_SRC/tests/fixtures/bounces/fill.py" "$TECHZINE_TOKEN_SECRET" \
		"$TZ_SRC/tests/fixtures/bounces/$f.eml" "$D/home/bounces/Maildir/new/$f"
done
[ "$(id -u)" = 0 ] && chown -R "$muser:$mgroup" "$D/home"
chmod 755 "$TZ_TMP" "$D"
p_imaps=$(free_port)
p_imap=$(free_port)
cat > "$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$D/cert.pem
ssl_key = <$D/key.pem
auth_mechanisms = plain
service imap-login {
  chroot =
  inet_listener imap {
    port = $p_imap
  }
  inet_listener imaps {
    port = $p_imaps
    ssl = yes
  }
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = static
  args = uid=$muser gid=$mgroup home=$D/home/%u
}
mail_location = maildir:~/Maildir
CONF
[ "$(id -u)" = 0 ] || printf 'default_internal_user = %s\ndefault_login_user = %s\n' "$muser" "$muser" >> "$D/dovecot.conf"
echo 'bounces:{PLAIN}imap-pass-123::::::' > "$D/passwd"
/usr/sbin/dovecot -F -c "$D/dovecot.conf" > "$D/stdout.log" 2>&1 &
dpid=$!
TZ_PIDS+=($dpid)
up=0
# until it listens or has exited (then SKIP); the bound only stops a hung start
for _ in $(seq 1200); do
	(exec 3<>"/dev/tcp/127.0.0.1/$p_imaps") 2>/dev/null && { up=1; break; }
	kill -0 "$dpid" 2>/dev/null || break
	sleep 0.05
done
if [ "$up" != 1 ]; then
	echo "SKIP: dovecot did not start here: $(cat "$D/stdout.log" "$D/dovecot.log" 2>/dev/null | tail -3)" >&2
	finish
	exit
fi
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
URL=imaps://127.0.0.1:$p_imaps/INBOX
status() {
	$PY -c "
import csv
for r in csv.DictReader(open('subscribers/demo.csv', encoding='utf-8')):
    if r['email'] == '$1': print(r['status'])"
}
flags() { # flags: "name:flags" of every message in the Maildir, sorted
	for f in "$D"/home/bounces/Maildir/new/* "$D"/home/bounces/Maildir/cur/*; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		case "$b" in *:2,*S*) echo "${b%%:*} seen";; *) echo "${b%%:*} unseen";; esac
	done | sort
}

# a CA that did not sign the server's certificate: refused, nothing changes
cp subscribers/demo.csv demo.orig
TECHZINE_IMAP_USER=bounces TECHZINE_IMAP_PASSWORD=imap-pass-123 \
	"$TECHZINE" bounces --imap "$URL" --cacert "$other/cert.pem" > badca.out 2> badca.err; rc=$?
check "wrong CA: exit 3 (got $rc)" test "$rc" -eq 3
check "wrong CA: says the certificate is not trusted" grep -qi "certificate" badca.err
check "wrong CA: the list is unchanged" cmp -s subscribers/demo.csv demo.orig
# the wrong password
TECHZINE_IMAP_USER=bounces TECHZINE_IMAP_PASSWORD=wrong \
	"$TECHZINE" bounces --imap "$URL" --cacert "$D/cert.pem" > badpw.out 2> badpw.err; rc=$?
check "wrong password: refused (exit $rc)" sh -c "[ $rc -ne 0 ] && grep -q 'TECHZINE_IMAP_USER' badpw.err"

# credentials from ~/.netrc, IMAPS
mkdir home
printf 'machine 127.0.0.1 login bounces password imap-pass-123\n' > home/.netrc
chmod 600 home/.netrc
HOME=$TZ_TMP/home "$TECHZINE" bounces --imap "$URL" --cacert "$D/cert.pem" > run1.out 2> run1.err; rc=$?
check "IMAPS with .netrc: exit 0 (got $rc; $(tail -1 run1.err))" test "$rc" -eq 0
check "6 messages seen by techzine" grep -q "^bounces: 6 messages: 2 hard bounces, 0 soft bounces (0 reached the limit of 3), 1 complaints, 1 unsubscribe replies, 0 delivery notices; 2 not recognised" run1.out
check "Postfix DSN over IMAP: bounced" test "$(status jan-willem.ijzerman@example.nl)" = bounced
check "Exchange DSN over IMAP: bounced" test "$(status a.bakker-oosting@example.org)" = bounced
check "ARF over IMAP: complained" test "$(status s.oconnor@example.org)" = complained
check "unsubscribe reply over IMAP: unsubscribed" test "$(status chloe.van.t.hek@example.org)" = unsubscribed
check "forged token over IMAP: unchanged" test "$(status noor.el.idrissi@example.nl)" = active
want="arf-complaint seen
autoreply unseen
exchange-hard seen
forged-dsn unseen
postfix-hard seen
unsubscribe-reply seen"
check "handled ones \\Seen, the rest still unseen ($(flags | tr '\n' ' '))" test "$(flags)" = "$want"
check "nothing deleted" test "$(flags | wc -l)" -eq 6

# IMAP with STARTTLS, credentials from the environment: the two unread again
TECHZINE_IMAP_USER=bounces TECHZINE_IMAP_PASSWORD=imap-pass-123 \
	"$TECHZINE" bounces --imap "imap://127.0.0.1:$p_imap/INBOX" --cacert "$D/cert.pem" > run2.out 2> run2.err; rc=$?
check "IMAP+STARTTLS: exit 0 (got $rc; $(tail -1 run2.err))" test "$rc" -eq 0
check "only the two unrecognised are looked at again" grep -q "^bounces: 2 messages: .* 2 not recognised" run2.out
check "... and stay unseen" test "$(flags)" = "$want"
finish
