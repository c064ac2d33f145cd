# tests/relay/relay.bash - a PRIVATE Postfix relay for the send tests and the
# bench, sourced after tests/e2e/lib.bash (for TZ_TMP and free_port) or by
# itself with RELAY_DIR set.
#
# relay_start starts a Postfix instance of its own (`postfix -c DIR start`:
# its own main.cf/master.cf, queue_directory, data_directory and
# maillog_file under DIR, nothing under /etc/postfix or /var/spool/postfix
# is touched, the system's Postfix may run or not) with
#   RELAY_PORT  plain SMTP on 127.0.0.1 (no STARTTLS, no AUTH), relays for
#               127.0.0.1 (mynetworks)
#   RELAY_SUB   submission on 127.0.0.1: STARTTLS required
#               (smtpd_tls_security_level=encrypt, smtpd_tls_auth_only),
#               SASL through a private Dovecot (its own base_dir, state_dir
#               and passwd-file), only authenticated clients may send
# a self-signed certificate made here (RELAY_CERT, for --cacert), virtual
# Maildir delivery for the domain example.nl (RELAY_MAIL/<user>/new), and
# smtpd_forbid_unauth_pipelining / smtpd_forbid_bare_newline (Postfix 3.7.10+).
# Users: RELAY_USER / RELAY_PASSWORD. relay_stop (or the EXIT trap, which
# relay_start chains in front of the caller's) stops Postfix and Dovecot.
#
# Postfix's master must run as root: without root relay_start returns 77
# (ctest's skip code) after saying so.

RELAY_USER=${RELAY_USER:-sender@dutchtechzone.example}
RELAY_PASSWORD=${RELAY_PASSWORD:-relay-secret-0123}

# relay_start [RCPT-COUNT]: the instance, with lezer1..N@example.nl as
# mailboxes (default 300); every other example.nl address is unknown (550)
relay_start() {
	local n=${1:-300} i
	if [ "$(id -u)" != 0 ]; then
		echo "relay: Postfix's master needs root; skipped" >&2
		return 77
	fi
	RELAY_DIR=${RELAY_DIR:-$TZ_TMP/relay}
	RELAY_CONF=$RELAY_DIR/conf
	RELAY_MAIL=$RELAY_DIR/mail
	RELAY_LOG=$RELAY_DIR/maillog
	RELAY_CERT=$RELAY_DIR/cert.pem
	RELAY_PORT=$(free_port)
	RELAY_SUB=$(free_port)
	mkdir -p "$RELAY_CONF" "$RELAY_DIR/queue" "$RELAY_DIR/data" "$RELAY_MAIL" "$RELAY_DIR/dovecot"
	# Postfix's daemons (user postfix) and virtual (nobody) must reach
	# their folders: a private tree under a 0700 mktemp folder is opened up
	chmod 755 "$RELAY_DIR" "$(dirname "$RELAY_DIR")"
	chown postfix "$RELAY_DIR/data"
	chown nobody:nogroup "$RELAY_MAIL"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$RELAY_DIR/key.pem" -out "$RELAY_CERT" \
		-days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
		>/dev/null 2>&1 || { echo "relay: openssl failed" >&2; return 1; }
	chmod 600 "$RELAY_DIR/key.pem"
	for ((i = 1; i <= n; i++)); do echo "lezer$i@example.nl example.nl/lezer$i/"; done \
		> "$RELAY_CONF/vmailbox"
	relay_main_cf > "$RELAY_CONF/main.cf"
	relay_master_cf > "$RELAY_CONF/master.cf"
	: > "$RELAY_CONF/sender_logins"
	# the trap stops what was started, before the caller's own clean-up
	# (which removes the folder): set before anything starts
	RELAY_TRAP_PREV=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
	trap 'relay_stop; '"$RELAY_TRAP_PREV" EXIT
	relay_dovecot || return 1
	/usr/sbin/postfix -c "$RELAY_CONF" check > "$RELAY_DIR/check.out" 2>&1 ||
		{ echo "relay: postfix check failed: $(script -qec "/usr/sbin/postfix -c $RELAY_CONF check" /dev/null)" >&2; return 1; }
	/usr/sbin/postfix -c "$RELAY_CONF" start > "$RELAY_DIR/start.out" 2>&1 ||
		{ echo "relay: postfix start failed: $(cat "$RELAY_DIR/start.out")" >&2; return 1; }
	RELAY_STARTED=1
	relay_wait_port "$RELAY_PORT" && relay_wait_port "$RELAY_SUB"
}

relay_main_cf() {
	cat <<EOF
compatibility_level = 3.6
queue_directory = $RELAY_DIR/queue
data_directory = $RELAY_DIR/data
maillog_file = $RELAY_LOG
maillog_file_prefixes = $RELAY_DIR
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = relay.test.example
mydomain = test.example
myorigin = \$myhostname
mydestination =
mynetworks = 127.0.0.0/8
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = no
biff = no
virtual_mailbox_domains = example.nl
virtual_mailbox_base = $RELAY_MAIL
virtual_mailbox_maps = texthash:$RELAY_CONF/vmailbox
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
virtual_minimum_uid = 1
smtpd_tls_cert_file = $RELAY_CERT
smtpd_tls_key_file = $RELAY_DIR/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_sasl_type = dovecot
smtpd_sasl_path = $RELAY_DIR/dovecot/auth-client
smtpd_sasl_auth_enable = no
smtpd_sender_login_maps = regexp:$RELAY_CONF/sender_logins
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_forbid_unauth_pipelining = yes
smtpd_forbid_bare_newline = yes
smtpd_client_connection_rate_limit = 0
anvil_rate_time_unit = 60s
message_size_limit = 10240000
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 1000
smtpd_hard_error_limit = 2000
smtpd_client_event_limit_exceptions =
delay_warning_time = 0
relay_submission_sender_restrictions =
EOF
}

relay_master_cf() {
	# only the services a relay with virtual delivery needs, none chrooted
	# (the queue folder is private, without a chroot's copies of /etc).
	# max_use=1: an smtpd exits after its one session. After relay_set's
	# reload, an old idle smtpd still polls the listen socket until it
	# notices the master's closed status pipe; on a loaded core it could
	# take the next session with the old settings (relay/reject, pinned).
	cat <<EOF
pickup    unix  n - n 60    1 pickup
cleanup   unix  n - n -     0 cleanup
qmgr      unix  n - n 300   1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -     - trivial-rewrite
bounce    unix  - - n -     0 bounce
defer     unix  - - n -     0 bounce
trace     unix  - - n -     0 bounce
verify    unix  - - n -     1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -     - proxymap
proxywrite unix - - n -     1 proxymap
smtp      unix  - - n -     - smtp
relay     unix  - - n -     - smtp
showq     unix  n - n -     - showq
error     unix  - - n -     - error
retry     unix  - - n -     - error
discard   unix  - - n -     - discard
local     unix  - n n -     - local
virtual   unix  - n n -     - virtual
anvil     unix  - - n -     1 anvil
scache    unix  - - n -     1 scache
postlog   unix-dgram n - n - 1 postlogd
127.0.0.1:$RELAY_PORT inet n - n - - smtpd
  -o max_use=1
  -o smtpd_tls_security_level=none
127.0.0.1:$RELAY_SUB inet n - n - - smtpd
  -o max_use=1
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o mynetworks=
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_sender_restrictions=\$relay_submission_sender_restrictions
EOF
}

relay_dovecot() {
	local d=$RELAY_DIR/dovecot
	printf '%s:{PLAIN}%s\n' "$RELAY_USER" "$RELAY_PASSWORD" > "$d/passwd"
	chmod 644 "$d/passwd"
	cat > "$d/dovecot.conf" <<EOF
instance_name = tz-relay-$$
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
protocols =
ssl = no
auth_mechanisms = plain login
disable_plaintext_auth = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener $d/auth-client {
    mode = 0666
  }
}
service anvil {
  chroot =
}
EOF
	mkdir -p "$d/run" "$d/state"
	/usr/sbin/dovecot -c "$d/dovecot.conf" > "$d/start.out" 2>&1 ||
		{ echo "relay: dovecot failed: $(cat "$d/start.out") $(cat "$d/dovecot.log" 2>/dev/null)" >&2; return 1; }
	RELAY_DOVECOT=1
	for _ in $(seq 200); do
		[ -S "$d/auth-client" ] && return 0
		sleep 0.05
	done
	echo "relay: dovecot's auth socket did not appear: $(cat "$d/dovecot.log" 2>/dev/null)" >&2
	return 1
}

relay_wait_port() {
	for _ in $(seq 300); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	echo "relay: port $1 does not answer: $(tail -5 "$RELAY_LOG" 2>/dev/null)" >&2
	return 1
}

# relay_wait_log REGEX [COUNT [SECONDS]]: until the maillog has COUNT lines
# matching (default 1; at most SECONDS, default 60)
relay_wait_log() {
	local re=$1 want=${2:-1} secs=${3:-60} i
	for ((i = 0; i < secs * 20; i++)); do
		[ "$(grep -Ec -- "$re" "$RELAY_LOG" 2>/dev/null)" -ge "$want" ] && return 0
		sleep 0.05
	done
	echo "relay: waited ${secs}s for $want x '$re' in the maillog" >&2
	return 1
}

# relay_mark: remember where the log is now; relay_log prints what came after
relay_mark() { RELAY_MARK=$(wc -l < "$RELAY_LOG" 2>/dev/null || echo 0); }
relay_log() { tail -n +"$((${RELAY_MARK:-0} + 1))" "$RELAY_LOG"; }

# relay_set KEY=VALUE...: change main.cf and reload, waiting for the reload
relay_set() {
	local before
	before=$(grep -c 'reload -- version' "$RELAY_LOG" 2>/dev/null)
	/usr/sbin/postconf -c "$RELAY_CONF" -e "$@" || return 1
	/usr/sbin/postfix -c "$RELAY_CONF" reload > /dev/null 2>&1 || return 1
	relay_wait_log 'reload -- version' $((before + 1))
}

# relay_delivered: messages delivered into the Maildirs (the count of
# "status=sent" lines from virtual would need the queue to drain: count files)
relay_delivered() { find "$RELAY_MAIL" -path '*/new/*' -type f | wc -l; }

# relay_wait_delivered N [SECONDS]: until N messages are in the Maildirs
relay_wait_delivered() {
	local want=$1 secs=${2:-120} i
	for ((i = 0; i < secs * 20; i++)); do
		[ "$(relay_delivered)" -ge "$want" ] && return 0
		sleep 0.05
	done
	echo "relay: $(relay_delivered) of $want messages delivered after ${secs}s" >&2
	return 1
}

# relay_sessions [SERVICE]: "mail=N" of every session that ended, one a
# line, from the relay's disconnect lines since relay_mark (SERVICE:
# smtpd for the plain port, submission for the submission port)
# (sessions without a command, relay_wait_port's probes, are left out)
relay_sessions() {
	relay_log | grep -E "postfix/${1:-(smtpd|submission/smtpd)}\[[0-9]+\]: disconnect from" |
		grep -v ' commands=0/0$' | sed -nE 's/.* mail=([0-9]+)(\/[0-9]+)? .*/\1/p; t; s/.*/0/p'
}

# relay_has REGEX: a line since relay_mark matches
relay_has() { relay_log | grep -Eq -- "$1"; }

# relay_warnings: warning/fatal/panic lines since relay_mark
relay_warnings() { relay_log | grep -E ': (warning|fatal|panic|error): ' || true; }

relay_stop() {
	if [ "${RELAY_STARTED:-0}" = 1 ]; then
		/usr/sbin/postfix -c "$RELAY_CONF" stop > /dev/null 2>&1
		RELAY_STARTED=0
	fi
	if [ "${RELAY_DOVECOT:-0}" = 1 ]; then
		/usr/sbin/dovecot -c "$RELAY_DIR/dovecot/dovecot.conf" stop > /dev/null 2>&1
		RELAY_DOVECOT=0
	fi
}

# relay_pause: `postfix stop` (the listeners close) and relay_resume:
# `postfix start` again, for the restart test
relay_pause() {
	/usr/sbin/postfix -c "$RELAY_CONF" stop > /dev/null 2>&1
	# postfix stop returns when the master is told; wait for the port to close
	for _ in $(seq 300); do
		(exec 3<>"/dev/tcp/127.0.0.1/$RELAY_SUB") 2>/dev/null || return 0
		sleep 0.05
	done
	return 1
}
relay_resume() {
	/usr/sbin/postfix -c "$RELAY_CONF" start > /dev/null 2>&1 &&
		relay_wait_port "$RELAY_PORT" && relay_wait_port "$RELAY_SUB"
}
