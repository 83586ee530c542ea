# The command line itself: help, exit codes, options, where the database is.
. "$(dirname "$0")/lib.sh"

# help: usage, the verbs and the exit code table.
expect_exit 0 "$PUENTE" help
expect_stdout_contains "usage: puente"
expect_stdout_contains "import"
expect_stdout_contains "Exit codes:"
for code in 0 1 2 3 4; do
	grep -q "^  $code  " "$T/out" || fail "help lacks exit code $code"
done
expect_exit 0 "$PUENTE" --help
expect_stdout_contains "Exit codes:"

expect_exit 0 "$PUENTE" help import
expect_stdout_contains "usage: puente import"
expect_stdout_contains "--lang"
expect_stdout_contains "Exit codes:"
expect_stdout_contains "3  what was asked for does not exist"
expect_exit 0 "$PUENTE" import --help
expect_stdout_contains "usage: puente import"
expect_exit 2 "$PUENTE" help nosuchverb
expect_stderr_contains "nosuchverb"

# Wrong command lines exit 2 and say what was wrong.
expect_exit 2 "$PUENTE"
expect_stderr_contains "usage: puente"
expect_exit 2 "$PUENTE" frobnicate
expect_stderr_contains "frobnicate"
expect_exit 2 "$PUENTE" --frobnicate status
expect_stderr_contains "--frobnicate"
expect_exit 2 "$PUENTE" status --frobnicate
expect_stderr_contains "unknown option --frobnicate"
expect_exit 2 "$PUENTE" status extra-argument
expect_exit 2 "$PUENTE" import
expect_stderr_contains "which files"
expect_exit 2 "$PUENTE" import --format nosuch x.json
expect_stderr_contains "nosuch"
expect_exit 2 "$PUENTE" standards
expect_exit 2 "$PUENTE" standards search --limit many
expect_exit 2 "$PUENTE" levels compare eqf
expect_exit 2 "$PUENTE" status --db
expect_stderr_contains "--db needs a path"

# status on a missing database: 3, and the message says how to make one.
expect_exit 3 "$PUENTE" status
expect_stderr_contains "$PUENTE_DB"
expect_stderr_contains "puente init"
[ -e "$PUENTE_DB" ] && fail "status created $PUENTE_DB"

# init, twice.
expect_exit 0 "$PUENTE" init
expect_stdout_contains "schema version"
[ -f "$PUENTE_DB" ] || fail "init did not create $PUENTE_DB"
expect_exit 0 "$PUENTE" init
expect_exit 0 "$PUENTE" status
expect_stdout_contains "$PUENTE_DB"

# status --json is JSON, with the counts.
expect_exit 0 "$PUENTE" status --json
"$PY" -m json.tool "$T/out" >/dev/null || fail "status --json is not JSON"
expect_eq 0 "$(json 'd["counts"]["standards"]' <"$T/out")" "standards of a new database"
expect_eq 0 "$(json 'd["catalog_version"]' <"$T/out")" "catalog_version of a new database"
expect_eq "$PUENTE_DB" "$(json 'd["database"]' <"$T/out")" "database"

# Where the database is: --db before or after the verb, with or without "=",
# beats PUENTE_DB; PUENTE_DB alone is used; a missing folder is created by init.
other="$T/sub/other.db"
expect_exit 0 "$PUENTE" --db "$other" init
[ -f "$other" ] || fail "--db before the verb: $other not created"
printf '{"format": "puente/1", "standards": [{"country": "CR", "code": "T-1",
 "language": "es", "title": {"es": "Prueba de ruta"}}]}\n' >"$T/one.json"
expect_exit 0 "$PUENTE" import --db "$other" "$T/one.json"
for form in "--db $other status --json" "status --json --db $other" \
	"--db=$other status --json" "status --json --db=$other" \
	"--json --db $other status"; do
	# shellcheck disable=SC2086 # split on purpose; $T has no blanks
	expect_exit 0 "$PUENTE" $form
	expect_eq "$other" "$(json 'd["database"]' <"$T/out")" "database of: $form"
	expect_eq 1 "$(json 'd["counts"]["standards"]' <"$T/out")" "standards of: $form"
done
# The verbs with subcommands take it too.
expect_exit 0 "$PUENTE" --db "$other" standards search prueba
expect_stdout_contains "T-1"
expect_exit 0 "$PUENTE" --db "$other" standards show CR/T-1
expect_stdout_contains "Prueba de ruta"
expect_exit 0 "$PUENTE" --db "$other" --json standards show T-1
expect_eq "T-1" "$(json 'd["code"]' <"$T/out")" "show --json with --db first"
expect_exit 0 "$PUENTE" standards show --db "$other" T-1
expect_stdout_contains "Prueba de ruta"
# PUENTE_DB alone, and --db over PUENTE_DB.
expect_exit 0 env PUENTE_DB="$other" "$PUENTE" status --json
expect_eq "$other" "$(json 'd["database"]' <"$T/out")" "PUENTE_DB"
expect_exit 0 env PUENTE_DB="$T/nowhere.db" "$PUENTE" status --json --db "$other"
expect_eq "$other" "$(json 'd["database"]' <"$T/out")" "--db over PUENTE_DB"
expect_exit 3 env PUENTE_DB="$T/nowhere.db" "$PUENTE" status
expect_stderr_contains "$T/nowhere.db"

# Verbs that read need a database; none of them makes one.
for verb in export frameworks "standards search x" "levels compare eqf eqf"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$PUENTE" --db "$T/none.db" $verb
	expect_stderr_contains "puente init"
done
[ -e "$T/none.db" ] && fail "a reading verb created a database"

# A file that is not a database is refused, and left alone.
echo "just some text" >"$T/notes.txt"
cp "$T/notes.txt" "$T/notes.orig"
expect_exit 4 "$PUENTE" --db "$T/notes.txt" status
expect_stderr_contains "not a Puente database"
cmp -s "$T/notes.txt" "$T/notes.orig" || fail "status changed a non-database file"

echo "ok: test_basics"
