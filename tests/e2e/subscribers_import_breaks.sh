#!/usr/bin/env bash
# subscribers_import_breaks.sh - a spreadsheet cell with a line break
# (Alt+Enter: a quoted name over two lines, CRLF or LF) is a formatting
# accident: the subscriber is imported with the break folded to one space
# and the report warns with file:line; nobody is lost.
. "$(dirname "$0")/lib.bash"
cd "$TZ_TMP"
mkdir subscribers
printf 'email,name,language,status\n' > subscribers/leden.csv
# Excel's Dutch export: ';', CRLF rows, a cell with CRLF inside, one with LF
# and blanks around the break, one with the break in a first-name column
printf 'E-mail;Naam;Taal\r\nanna@example.nl;"Anna\r\nde Vries";nl\r\nbram@example.nl;Bram;en\r\ncees@example.nl;"Cees  \n  van Dijk";nl\r\n' > export.csv
"$TECHZINE" subscribers import subscribers/leden.csv export.csv --consent-date 2026-11-01 \
	--consent-source formulier > out.txt 2>&1; rc=$?
check "import with line breaks in names: exit 0 (got $rc; $(tail -1 out.txt))" test "$rc" -eq 0
check "all three added, none rejected" grep -q "3 rows: 3 added, .* 0 rejected" out.txt
check "anna's name folded to one space" grep -q '^anna@example.nl,Anna de Vries,nl,active' subscribers/leden.csv
check "cees's name folded, blanks around the break gone" grep -q '^cees@example.nl,Cees van Dijk,nl,active' subscribers/leden.csv
check "a warning with file:line for anna (row on line 2)" \
	grep -q "^export.csv:2: name had a line break inside its cell (Alt+Enter in a spreadsheet?); folded to one space: 'Anna de Vries'" out.txt
check "a warning for cees (row on line 5: anna's cell spans two)" \
	grep -q "^export.csv:5: name had a line break .*'Cees van Dijk'" out.txt
check "no warning for bram" bash -c "! grep -q 'export.csv:4:' out.txt"
check "the list file stays one row per line" test "$(wc -l < subscribers/leden.csv)" -eq 4
"$TECHZINE" subscribers validate subscribers/leden.csv > val.txt 2>&1; rc=$?
check "the list validates (got $rc; $(head -2 val.txt))" test "$rc" -eq 0
finish
