# Bad input: each bad file is refused with the documented exit code, the
# message names the file, the record (or line) and the field, and the database
# is exactly as before (import is all or nothing).
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$PUENTE" init
import_reference_data
db_state "$T/before"

# refuse CODE FILE TEXT...: importing FILE exits CODE, stderr names FILE and has
# every TEXT, and the database has not changed.
refuse() {
	code=$1
	file=$2
	shift 2
	expect_exit "$code" "$PUENTE" import "$file"
	expect_stderr_contains "$file: "
	for text in "$@"; do
		expect_stderr_contains "$text"
	done
	db_state "$T/after"
	cmp -s "$T/before" "$T/after" || { show_last; fail "$file changed the database"; }
}

# A Puente document with the given standards (JSON text).
doc() {
	printf '{"format": "puente/1", "standards": [\n%s\n]}\n' "$1"
}
# A small valid standard: std COUNTRY CODE [MORE MEMBERS].
std() {
	printf '{"country": "%s", "code": "%s", "language": "es", "title": {"es": "Prueba %s"}%s}' \
		"$1" "$2" "$2" "${3:-}"
}

# Not JSON at all.
printf '{"format": "puente/1",\n "standards": [\n' >"$T/malformed.json"
refuse 1 "$T/malformed.json" "line 3"

# Invalid UTF-8 inside a title, on line 4.
printf '{"format": "puente/1", "standards": [\n{"country": "CR", "code": "T-1",\n "language": "es",\n "title": {"es": "Alba\377il"}}]}\n' \
	>"$T/utf8.json"
refuse 1 "$T/utf8.json" "line 4"

# A required field missing.
doc '{"country": "CR", "code": "T-1", "language": "es"}' >"$T/missing.json"
refuse 1 "$T/missing.json" "standards[0] (CR/T-1)" "title: missing"
# A required field missing in a unit, after a good record.
doc "$(std CR T-1),
$(std CR T-2 ', "units": [{"code": "U1", "title": {"es": "Uno"}}, {"code": "U2"}]')" \
	>"$T/missing-unit.json"
refuse 1 "$T/missing-unit.json" "standards[1] (CR/T-2)" "units[1].title" "missing"

# A level in a framework nobody knows, and a level code the framework lacks.
doc "$(std CR T-1 ', "level": {"framework": "xx-none", "level": "1"}')" >"$T/fw.json"
refuse 1 "$T/fw.json" "standards[0] (CR/T-1)" "level: unknown framework \"xx-none\""
doc "$(std CR T-1 ', "level": {"framework": "cr-mnc-eftp", "level": "99"}')" >"$T/level.json"
refuse 1 "$T/level.json" "standards[0] (CR/T-1)" "level:" "\"99\""

# The same standard twice in one file: the first one is not kept either.
doc "$(std CR T-1),
$(std CR T-1)" >"$T/dup.json"
refuse 1 "$T/dup.json" "standards[1] (CR/T-1)" "code:" "appears twice"

# A supersession loop within the file.
doc "$(std CR T-A ', "superseded_by": "T-B"'),
$(std CR T-B ', "superseded_by": "T-A"')" >"$T/loop.json"
refuse 1 "$T/loop.json" "CR/T-A" "superseded_by" "loops"

# A 20 KiB title (the limit is 16 KiB).
big=$(head -c 20480 /dev/zero | tr '\0' a)
doc "$(std CR T-1 ", \"alt_titles\": {\"es\": [\"ok\"]}, \"description\": {\"es\": \"$big\"}")" >"$T/big.json"
refuse 1 "$T/big.json" "standards[0] (CR/T-1)" "description.es" "16384"
doc "{\"country\": \"CR\", \"code\": \"T-1\", \"language\": \"es\", \"title\": {\"es\": \"$big\"}}" >"$T/bigtitle.json"
refuse 1 "$T/bigtitle.json" "standards[0] (CR/T-1)" "title.es" "16384"

# A field the format does not have (a typo).
doc "$(std CR T-1 ', "sectr": "Turismo"')" >"$T/unknown.json"
refuse 1 "$T/unknown.json" "standards[0] (CR/T-1)" "\"sectr\": unknown field"

# JSON nested 40 levels deep inside "extra".
deep=$(i=0; while [ $i -lt 40 ]; do printf '{"a": '; i=$((i + 1)); done
	printf 1; i=0; while [ $i -lt 40 ]; do printf '}'; i=$((i + 1)); done)
doc "$(std CR T-1 ", \"extra\": $deep")" >"$T/deep.json"
refuse 1 "$T/deep.json" "standards[0]" "extra" "nested deeper"

# Document-level problems.
printf '{"format": "puente/2", "standards": []}\n' >"$T/format.json"
refuse 1 "$T/format.json" "format:" "puente/2"
printf '{"format": "puente/1", "standard": []}\n' >"$T/top.json"
refuse 1 "$T/top.json" "\"standard\": unknown field"

# A good framework and a bad standard in one file: the framework is not kept.
printf '{"format": "puente/1",
 "frameworks": [{"id": "zz-test", "type": "national", "country": "ZZ",
   "name": {"en": "Test"}, "levels": [{"code": "1", "name": {"en": "One"}}]}],
 "standards": [%s]}\n' "$(std ZZ T-1 ', "level": {"framework": "zz-test", "level": "2"}')" \
	>"$T/fw-and-std.json"
refuse 1 "$T/fw-and-std.json" "standards[0] (ZZ/T-1)" "level:" "\"2\""
# A bad framework, and a bad referencing statement (which would have replaced
# the one in the database).
printf '{"format": "puente/1", "frameworks": [{"id": "zz-test", "type": "national",
 "country": "ZZ", "name": {"en": "Test"},
 "levels": [{"code": "1", "name": {"en": "One"}}, {"code": "1", "name": {"en": "Again"}}]}]}\n' \
	>"$T/badfw.json"
refuse 1 "$T/badfw.json" "frameworks[0] (zz-test)" "levels[1].code"
printf '{"format": "puente/1", "referencing": [{"from": "cr-mnc-eftp", "to": "eqf",
 "status": "official", "levels": [{"level": "9", "to": ["3"]}]}]}\n' >"$T/badref.json"
refuse 1 "$T/badref.json" "referencing[0] (cr-mnc-eftp -> eqf)" "levels[0].level" "\"9\""

# CSV: an unknown column, a row missing its title, a quote never closed.
printf 'country,code,title,language,colour\nCR,T-1,Uno,es,rojo\n' >"$T/column.csv"
refuse 1 "$T/column.csv" "line 1" "unknown column \"colour\""
printf 'country,code,title,language\nCR,T-1,Uno,es\nCR,T-2,,es\n' >"$T/row.csv"
refuse 1 "$T/row.csv" "line 3 (T-2)" "title: missing"
printf 'country,code,title,language\nCR,T-1,"Uno,es\n' >"$T/quote.csv"
refuse 1 "$T/quote.csv" "line 2" "not closed"

# JSON Lines: the third line is bad, the first two are not kept.
{
	std CR T-1
	echo
	std CR T-2
	echo
	echo '{"country": "CR", "code": "T-3", "language": "es",'
} >"$T/lines.jsonl"
refuse 1 "$T/lines.jsonl" "line 3"
{
	std CR T-1
	echo
	echo
	std CR T-2 ', "level": {"framework": "cr-mnc-eftp", "level": "99"}'
	echo
} >"$T/blank.jsonl"
refuse 1 "$T/blank.jsonl" "line 3" "level:" "\"99\""

# Not a file: a directory (whatever its name says), a missing file.
mkdir "$T/folder.json" "$T/folder.jsonl" "$T/folder.csv"
refuse 4 "$T/folder.json" "not a regular file"
refuse 4 "$T/folder.jsonl" "Is a directory"
refuse 4 "$T/folder.csv" "not a regular file"
refuse 3 "$T/absent.json" "cannot open"
refuse 3 "$T/absent.jsonl" "cannot open"
# A file we may not read (root reads everything, so only when not root).
if [ "$(id -u)" -ne 0 ]; then
	doc "$(std CR T-1)" >"$T/secret.json"
	chmod 000 "$T/secret.json"
	refuse 4 "$T/secret.json" "cannot open"
fi

# Several files: each is its own transaction; the bad one stops the run and
# only the good one before it is kept.
doc "$(std CR T-OK)" >"$T/good.json"
expect_exit 1 "$PUENTE" import "$T/good.json" "$T/dup.json" "$T/good.json"
expect_stdout_contains "$T/good.json: "
expect_stderr_contains "$T/dup.json: "
expect_exit 0 "$PUENTE" standards show CR/T-OK

# A loop closed against the database: T-A is replaced by T-B (already in the
# database), then a file says T-B is replaced by T-A.
doc "$(std CR T-A ', "superseded_by": "T-B"')" >"$T/a.json"
doc "$(std CR T-B ', "superseded_by": "T-A"')" >"$T/b.json"
expect_exit 0 "$PUENTE" import "$T/a.json"
db_state "$T/before"
refuse 1 "$T/b.json" "CR/T-B" "superseded_by" "loops" "T-B -> T-A -> T-B"
expect_exit 3 "$PUENTE" standards show CR/T-B

# Writing to something that is not a database: refused, and left alone.
printf 'not a database, but precious\n' >"$T/notes.txt"
cp "$T/notes.txt" "$T/notes.orig"
expect_exit 4 "$PUENTE" --db "$T/notes.txt" import "$T/good.json"
expect_stderr_contains "$T/notes.txt"
expect_stderr_contains "not a Puente database"
cmp -s "$T/notes.txt" "$T/notes.orig" || fail "import changed a file that is not a database"
expect_exit 4 "$PUENTE" --db "$T/notes.txt" init
cmp -s "$T/notes.txt" "$T/notes.orig" || fail "init changed a file that is not a database"
# (An SQLite database of someone else is not ours either.)
"$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("create table t (x)"); c.commit()' "$T/other.sqlite"
cp "$T/other.sqlite" "$T/other.orig"
expect_exit 4 "$PUENTE" --db "$T/other.sqlite" import "$T/good.json"
cmp -s "$T/other.sqlite" "$T/other.orig" || fail "import changed someone else's SQLite database"

# After all that, the database still takes good data.
expect_exit 0 "$PUENTE" import "$T/good.json"

echo "ok: test_bad_input"
