# tests/e2e/send_lib.bash - helpers shared by the send_*.sh suites (sourced
# after lib.bash): a test issue with ë/€ in the subject and a body line
# starting with ".", a self-signed certificate, and the aiosmtpd server.

# send_make_issue DIR: tests/fixtures/mini with full mail settings
send_make_issue() {
	cp -r "$TZ_SRC/tests/fixtures/mini" "$1"
	sed -i -e 's|<subject>.*</subject>|<subject>TechZine mini: Drënthe investeert € 5 miljoen</subject>|' \
		-e 's|<mail [^>]*/>|<mail from="TechZine Redactie \&lt;nieuwsbrief@dutchtechzone.example\&gt;" reply-to="redactie@dutchtechzone.example" list-id="techzine.dutchtechzone.example" base-url="https://dutchtechzone.example/techzine/mini" unsubscribe-url="https://dutchtechzone.example/u/" unsubscribe-mailto="afmelden@dutchtechzone.example" bounce-domain="bounces.dutchtechzone.example"/>|' \
		"$1/issue.xml"
	# the text edition shows headline and lead: a line ".punt ..." and a
	# line with a lone "." (which ends an SMTP DATA unless dot-stuffed)
	perl -0pi -e 's|<headline>.*?</headline>|<headline>.</headline>|s; s|<lead>.*?</lead>|<lead>.punt aan het begin</lead>|s' \
		"$1/stories/een.xml"
}

# send_make_cert DIR: self-signed certificate for 127.0.0.1
send_make_cert() {
	mkdir -p "$1"
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1/key.pem" -out "$1/cert.pem" \
		-days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
		>/dev/null 2>&1
}

# send_start_server PORT STOREDIR [server.py options]
send_start_server() {
	local port=$1 store=$2
	shift 2
	mkdir -p "$store"
	/usr/bin/python3 "$TZ_SRC/tests/smtp/server.py" --port "$port" --store "$store" "$@" \
		> "$store.out" 2>&1 &
	local pid=$!
	TZ_PIDS+=($pid)
	# until it is ready or has died; the bound only stops a hung start
	for _ in $(seq 1200); do
		grep -q ready "$store.out" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "server did not start: $(cat "$store.out")" >&2
	return 1
}

# send_start_sink PORT [smtp-sink options]: Postfix smtp-sink on 127.0.0.1
send_start_sink() {
	local port=$1
	shift
	# smtp-sink refuses to run as root without dropping privileges
	[ "$(id -u)" = 0 ] && set -- -u nobody "$@"
	/usr/sbin/smtp-sink "$@" "127.0.0.1:$port" 64 >/dev/null 2>&1 &
	local pid=$!
	TZ_PIDS+=($pid)
	for _ in $(seq 1200); do
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	return 1
}

# The gate of server.py --gate (send_crash, dkim_pool), from the scratch
# folder: RECV names the server's folder, the gate file is ./gate.
# lines FILE: its line count (0 when absent)
lines() { if [ -f "$1" ]; then wc -l < "$1"; else echo 0; fi; }
holding() { cat "$RECV/holding" 2>/dev/null || echo 0; }
gate() { echo "$*" > gate.tmp && mv gate.tmp gate; }
# wait_until COMMAND...: poll a condition, bounded (a hung run fails, it
# does not hang the suite); the bound is never reached on a working run
wait_until() {
	for _ in $(seq 12000); do "$@" && return 0; sleep 0.01; done
	return 1
}
# held PID: the sender is stopped at the gate (or has exited, so the
# caller's kill fails and the test reports it)
held() { [ "$(holding)" -ge 1 ] || ! kill -0 "$1" 2>/dev/null; }
released() { [ "$(holding)" -eq 0 ]; }
# term_at_gate OUT ERR: start "${SEND[@]}", SIGTERM it while messages wait
# at the gate, open the gate; its exit status
term_at_gate() {
	local pid
	"${SEND[@]}" > "$1" 2> "$2" &
	pid=$!
	wait_until held "$pid"
	kill -TERM "$pid"
	gate open
	wait "$pid"
}
