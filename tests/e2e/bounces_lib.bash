# tests/e2e/bounces_lib.bash - helpers shared by the bounces_*.sh suites
# (sourced after lib.bash, in the scratch folder).

# bounces_maildir FIXTURE_DIR: the demo list in subscribers/, and a Maildir
# mb/ holding every FIXTURE_DIR/*.eml with its tokens filled in by the
# independent Python HMAC of fill.py (secret: TECHZINE_TOKEN_SECRET)
bounces_maildir() {
	mkdir -p subscribers mb/new mb/cur mb/tmp
	cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
	local f
	for f in "$1"/*.eml; do
		/usr/bin/python3 "$TZ_SRC/tests/fixtures/bounces/fill.py" "$TECHZINE_TOKEN_SECRET" \
			"$f" "mb/new/$(basename "$f" .eml)"
	done
}

# bounces_status ADDRESS [LIST]: "status soft_bounces" of ADDRESS in
# subscribers/LIST.csv (default demo)
bounces_status() {
	/usr/bin/python3 - "$1" "subscribers/${2:-demo}.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    if r['email'] == sys.argv[1]:
        print(r['status'], r.get('soft_bounces') or '0')
PY
}
