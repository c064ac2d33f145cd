#!/usr/bin/env bash
# subscribers_import.sh - `techzine subscribers import` on messy spreadsheet
# exports written here: semicolons and a BOM with Dutch headers, Windows-1252
# "Müller", duplicate case variants, quoted line breaks, empty lines, an IDN
# domain (checked against Python's own IDNA codec), rejected rows reported
# with their line numbers, --dry-run writing nothing, an old export never
# re-activating an unsubscribed address, 100,000 rows; and export's CSV
# formula guard, masking, validate.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
export TECHZINE_TODAY=2026-12-01
mkdir subscribers
cp "$TZ_SRC/subscribers/demo.csv" subscribers/demo.csv
PY=/usr/bin/python3

# 1. Excel "CSV UTF-8" with semicolons, BOM, CRLF, Dutch headers
printf '\xef\xbb\xbfE-mailadres;Voornaam;Tussenvoegsel;Achternaam;Gemeente;Taal;Interesses;Datum toestemming;Bron;Telefoon\r\n' > nl.csv
printf 'Anna.Boer@Voorbeeld.NL;Anna;de;Boer;Emmen;Nederlands;onderwijs, agenda;14-3-2025;beurs Emmen;0591-123\r\n' >> nl.csv
printf ';;;;;;;;;\r\n' >> nl.csv
printf '\r\n' >> nl.csv
printf 'anna.boer@voorbeeld.nl;;;;;;parels;;;\r\n' >> nl.csv
printf 'ANNA.BOER@VOORBEELD.NL;;;;;;;;;\r\n' >> nl.csv
printf 'info@b\xc3\xbccher.example;Bert;;B\xc3\xbccher;Coevorden;en;;2025-02-03;website;\r\n' >> nl.csv
printf 'geen-adres;X;;Y;Emmen;nl;;1-1-2025;x;\r\n' >> nl.csv
printf '"piet@example.org";"Piet";;"Twee\r\nregels";Emmen;nl;;1-1-2025;x;\r\n' >> nl.csv
printf 'gerrit.ten.brinke@example.nl;Gerrit;ten;Brinke;Hardenberg;nl;parels;2020-01-01;oude export;\r\n' >> nl.csv
printf 'kees@example.nl;Kees;;K;Emmen;fr;;2025-01-01;x;\r\n' >> nl.csv
printf 'marie@example.nl;Marie;;M;Emmen;nl;;31-2-2025;x;\r\n' >> nl.csv
before=$(sha256sum subscribers/demo.csv)
"$TECHZINE" subscribers import subscribers/demo.csv nl.csv --dry-run > dry.out 2> dry.err; rc=$?
check "dry run: exit 1 because rows were rejected (got $rc)" test "$rc" -eq 1
check "dry run: the list is not touched" test "$(sha256sum subscribers/demo.csv)" = "$before"
check "dry run says so" grep -q "dry run: subscribers/demo.csv was not changed" dry.out
"$TECHZINE" subscribers import subscribers/demo.csv nl.csv > imp.out 2> imp.err; rc=$?
check "import: exit 1 (rows rejected) (got $rc)" test "$rc" -eq 1
check "BOM and separator recognised" grep -q "nl.csv: utf-8 with BOM, separator ';'" imp.out
check "summary counts" grep -q "9 rows: 3 added, 0 updated, 0 unchanged, 2 merged duplicates, 1 skipped, 0 suppressed, 3 rejected; 2 empty lines ignored" imp.out
check "line 5 merged into line 2" grep -q "^nl.csv:5: merged: 'anna.boer@voorbeeld.nl' is a duplicate of line 2" imp.out
check "line 6 (upper case) merged too" grep -q "^nl.csv:6: merged: 'ANNA.BOER@voorbeeld.nl' is a duplicate of line 2" imp.out
check "line 8 rejected: invalid address" grep -q "^nl.csv:8: rejected: invalid address 'geen-adres': no '@'" imp.out
check "line 9 (quoted line break in a name) folded, with a warning" grep -q "^nl.csv:9: name had a line break inside its cell (Alt+Enter in a spreadsheet?); folded to one space: 'Twee regels'" imp.out
check "line 11 skipped: unsubscribed before" grep -q "^nl.csv:11: skipped: 'gerrit.ten.brinke@example.nl' is unsubscribed in the list" imp.out
check "line 12 rejected: language" grep -q "^nl.csv:12: rejected: unknown language 'fr'" imp.out
check "line 13 rejected: date" grep -q "^nl.csv:13: rejected: consent date '31-2-2025' is not a date" imp.out
check "unknown column reported" grep -q "column 'Telefoon' is not imported" imp.out
n_lines=$(grep -c '^nl.csv:[0-9]*: \(merged\|rejected\|skipped\)' imp.out)
check "every row that is not added has its own line in the report ($n_lines)" test "$n_lines" -eq 6
$PY - subscribers/demo.csv > rows.txt <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")):
    print("|".join([r["email"], r["name"], r["language"], r["municipality"], r["interests"], r["status"], r["consent_date"], r["consent_source"], r["last_change"]]))
PY
check "Anna added once, names joined, interests merged, date converted" grep -qx "Anna.Boer@voorbeeld.nl|Anna de Boer|nl|Emmen|onderwijs;agenda;parels|active|2025-03-14|beurs Emmen|2026-12-01" rows.txt
idn=$($PY -c 'print("bücher".encode("idna").decode())')
check "IDN domain to punycode ($idn)" grep -q "^info@$idn.example|Bert Bücher|en|Coevorden" rows.txt
check "Piet added with the two-line name on one line" grep -q "^piet@example.org|Piet Twee regels|nl|Emmen|" rows.txt
check "Gerrit stays unsubscribed" grep -q "^gerrit.ten.brinke@example.nl|Gerrit ten Brinke|nl|Hardenberg|.*|unsubscribed|" rows.txt
check "the rest of the list is unchanged" test "$(head -13 subscribers/demo.csv | sha256sum)" = "$(sha256sum < "$TZ_SRC/subscribers/demo.csv")"

# 2. Windows-1252 with commas (an older Excel "CSV")
printf 'Naam,E-mail,Gemeente,Aangemeld op\r\nM\xfcller,h.mueller@example.de,Emmen,02/05/2025\r\n"Fran\xe7ois ""Frans"" d\x92Ancona",fr@example.org,Hoogeveen,03.05.2025\r\n' > win.csv
"$TECHZINE" subscribers import subscribers/demo.csv win.csv --consent-source "beurs 2025" > win.out 2>&1; rc=$?
check "windows-1252 import exit 0 (got $rc)" test "$rc" -eq 0
check "detected as windows-1252" grep -q "win.csv: windows-1252, separator ','" win.out
check "Müller converted to UTF-8" $PY -c "
import csv,sys
rows={r['email']:r for r in csv.DictReader(open('subscribers/demo.csv',encoding='utf-8'))}
assert rows['h.mueller@example.de']['name']=='Müller', rows['h.mueller@example.de']
assert rows['h.mueller@example.de']['consent_date']=='2025-05-02'
assert rows['fr@example.org']['name']=='François \"Frans\" d\u2019Ancona', rows['fr@example.org']['name']
assert rows['fr@example.org']['consent_source']=='beurs 2025'
"
"$TECHZINE" subscribers import subscribers/demo.csv win.csv > again.out 2>&1
check "the same file again: nothing added" grep -q "2 rows: 0 added, 0 updated, 2 unchanged" again.out
check "the same file again: a line for each unchanged row (issue 21)" \
	grep -qE "^win.csv:[0-9]+: unchanged: 'h.mueller@example.de' is already on the list with these details" again.out
check "the same file again: two unchanged lines" [ "$(grep -c ': unchanged: ' again.out)" -eq 2 ]

# 3. an unsubscribe sticks: an old export cannot bring her back
"$TECHZINE" subscribers unsubscribe subscribers/demo.csv h.mueller@example.de > /dev/null 2>&1
"$TECHZINE" subscribers import subscribers/demo.csv win.csv > old.out 2>&1
check "old export: Müller skipped" grep -q "^win.csv:2: skipped: 'h.mueller@example.de' is suppressed" old.out
check "still unsubscribed" grep -q "^h.mueller@example.de,Müller,,Emmen,,unsubscribed," subscribers/demo.csv
"$TECHZINE" subscribers add subscribers/demo.csv H.Mueller@example.de --consent-source form > add.out 2> add.err; rc=$?
check "add of a suppressed address refused (exit $rc)" test "$rc" -eq 1
check "add says why" grep -q "is suppressed (unsubscribed" add.err
"$TECHZINE" subscribers add subscribers/demo.csv h.mueller@example.de --consent-source "nieuw formulier" --resubscribe > /dev/null 2>&1; rc=$?
check "--resubscribe with new consent works (exit $rc)" test "$rc" -eq 0
check "active again, suppression entry gone" sh -c "grep -q '^h.mueller@example.de,Müller,,Emmen,,active,2026-12-01,nieuw formulier' subscribers/demo.csv && ! grep -q unsubscribed subscribers/suppressed.csv"

# 4. no address column, UTF-16: clear errors, exit 1
printf 'Naam;Plaats\nA;B\n' > noaddr.csv
"$TECHZINE" subscribers import subscribers/demo.csv noaddr.csv > /dev/null 2> noaddr.err; rc=$?
check "no address column: exit 1 with a message (got $rc)" sh -c "[ $rc -eq 1 ] && grep -q 'no address column' noaddr.err"
printf '\xff\xfee\x00m\x00' > u16.csv
"$TECHZINE" subscribers import subscribers/demo.csv u16.csv > /dev/null 2> u16.err; rc=$?
check "UTF-16 refused with what to do (got $rc)" sh -c "[ $rc -eq 1 ] && grep -q 'CSV UTF-8' u16.err"

# 5. 100,000 rows (with 1,000 duplicates in other case and 500 bad rows)
$PY - > big.csv <<'PY'
import random
random.seed(7)
print("E-mailadres;Naam;Gemeente;Taal;Interesses;Datum toestemming\r", end="\n")
towns = ["Emmen", "Coevorden", "Hardenberg", "Hoogeveen", "Borger-Odoorn"]
for i in range(100000):
    if i % 200 == 199:
        print("kapot-%d;Kapot;Emmen;nl;;2025-01-01\r" % i)
    elif i % 100 == 50:
        print("Lid%05d@Bedrijf%d.Example;Lid;%s;en;agenda;2025-01-01\r" % (i - 50, (i - 50) % 97, towns[i % 5]))
    else:
        print("lid%05d@bedrijf%d.example;Lid %d;%s;nl;onderwijs;%d-%d-2025\r" % (i, i % 97, i, towns[i % 5], 1 + i % 28, 1 + i % 12))
PY
start=$(date +%s.%N)
"$TECHZINE" subscribers import subscribers/big.csv big.csv > big.out 2>&1; rc=$?
end=$(date +%s.%N)
check "100,000 rows: exit 1 (500 rejected) (got $rc)" test "$rc" -eq 1
check "100,000 rows: counts" grep -q "100000 rows: 98500 added, 0 updated, 0 unchanged, 1000 merged duplicates, 0 skipped, 0 suppressed, 500 rejected" big.out
check "every rejected row is reported with its line" test "$(grep -c '^big.csv:[0-9]*: rejected: invalid address' big.out)" -eq 500
check "list has 98,500 valid rows" $PY -c "
import csv
rows = list(csv.DictReader(open('subscribers/big.csv', encoding='utf-8', newline='')))
assert len(rows) == 98500, len(rows)
assert len({r['email'].lower() for r in rows}) == 98500
"
"$TECHZINE" subscribers validate subscribers/big.csv 2> val.err; rc=$?
check "the imported list validates (got $rc)" test "$rc" -eq 0
echo "import of 100,000 rows: $(awk "BEGIN{print $end - $start}") s"

# 6. export: formulas defused, masking; validate reports file:line
"$TECHZINE" subscribers add subscribers/demo.csv evil@example.org --name "=cmd|' /C calc'!A0" --consent-source "=HYPERLINK(x)" > /dev/null 2>&1
"$TECHZINE" subscribers export subscribers/demo.csv -o export.csv 2>/dev/null; rc=$?
check "export exit 0 (got $rc)" test "$rc" -eq 0
check "formula cells start with an apostrophe" $PY -c "
import csv
rows = {r['email']: r for r in csv.DictReader(open('export.csv', encoding='utf-8'))}
assert rows['evil@example.org']['name'] == \"'=cmd|' /C calc'!A0\", rows['evil@example.org']
assert rows['evil@example.org']['consent_source'] == \"'=HYPERLINK(x)\"
assert rows['renee.devries@example.nl']['name'] == 'Renée de Vries'
"
check "the list itself keeps the value as given" grep -q "^evil@example.org,=cmd|' /C calc'!A0," subscribers/demo.csv
"$TECHZINE" subscribers export subscribers/demo.csv --mask > masked.csv 2>/dev/null
check "masked export shows no address" sh -c "! grep -q 'renee.devries@' masked.csv && grep -q '^r\*\*\*@e\*\*\*.nl,Renée de Vries' masked.csv"
"$TECHZINE" subscribers list subscribers/demo.csv --mask --where municipality=Coevorden > list.out 2>/dev/null
check "list --mask --where" sh -c "grep -q '^l\*\*\*@e\*\*\*.org' list.out && ! grep -q '@example' list.out && [ \$(wc -l < list.out) -eq 3 ]"
printf 'broken@,X,nl,Emmen,,active,2025-01-01,x,2025-01-01\n' >> subscribers/demo.csv
"$TECHZINE" subscribers validate subscribers/demo.csv 2> val2.err; rc=$?
check "validate finds the bad row at its line (exit $rc)" sh -c "[ $rc -eq 1 ] && grep -q \"^subscribers/demo.csv:$(wc -l < subscribers/demo.csv): error: invalid address 'broken@'\" val2.err"
finish
