#!/bin/bash
# tests/dkim/opendkim_verify.sh ZONE MSG... - verify every DKIM-Signature of
# every message with OpenDKIM's opendkim-testmsg, one signature at a time
# (the message is given with only that one DKIM-Signature, so a good second
# signature cannot hide a bad first one).
#
# opendkim-testmsg can only fetch keys from DNS. The script re-runs itself
# in a private user, mount and network namespace (unshare -rmn): loopback
# only, /etc/resolv.conf bind-mounted to "nameserver 127.0.0.1", and
# tests/dkim/txtserver.py answering from ZONE. Nothing outside is touched.
# Prints "FILE sig N pass|fail"; exit 0 only when all pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${TZ_IN_NS:-}" != 1 ]; then
	exec env TZ_IN_NS=1 unshare -rmn --kill-child bash "$0" "$@"
fi
zone=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/tz-odkim.XXXXXX")
trap 'kill $dnspid 2>/dev/null; rm -rf "$work"' EXIT
ip link set lo up || { echo "cannot bring up loopback in the namespace" >&2; exit 3; }
echo "nameserver 127.0.0.1" > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf || { echo "cannot bind-mount resolv.conf" >&2; exit 3; }
/usr/bin/python3 "$here/txtserver.py" "$zone" > "$work/dns.out" 2>&1 &
dnspid=$!
for _ in $(seq 100); do
	grep -q ready "$work/dns.out" && break
	sleep 0.1
done
grep -q ready "$work/dns.out" || { echo "txtserver.py did not start: $(cat "$work/dns.out")" >&2; exit 3; }
bad=0
for msg in "$@"; do
	n=$(grep -c '^DKIM-Signature:' "$msg")
	[ "$n" -ge 1 ] || { echo "$msg no signature"; bad=1; continue; }
	for ((i = 1; i <= n; i++)); do
		# keep the i-th DKIM-Signature field (with its folded lines), drop the others
		awk -v keep="$i" '
			BEGIN { k = 0; skip = 0; body = 0 }
			body { print; next }
			/^\r?$/ { body = 1; print; next }
			/^[ \t]/ { if (!skip) print; next }
			/^DKIM-Signature:/ { k++; skip = (k != keep); if (!skip) print; next }
			{ skip = 0; print }' "$msg" | sed 's/\r$//' > "$work/one.eml"
		if TMPDIR=$work opendkim-testmsg < "$work/one.eml" > "$work/err" 2>&1 && [ ! -s "$work/err" ]; then
			echo "$msg sig $i pass"
		else
			echo "$msg sig $i fail: $(cat "$work/err")"
			bad=1
		fi
	done
done
exit $bad
