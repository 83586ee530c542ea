# puente agreements: import, list, show, confirm; bad files refused with the
# database unchanged; agreements in the export round trip.
. "$(dirname "$0")/lib.sh"

demo="$PU_SOURCE_DIR/data/agreements/demo.json"

expect_exit 0 "$PUENTE" help agreements
expect_stdout_contains "usage: puente agreements import"
expect_stdout_contains "confirm"
expect_exit 2 "$PUENTE" agreements
expect_stderr_contains "import|list|show|confirm"
expect_exit 2 "$PUENTE" agreements frobnicate

expect_exit 0 "$PUENTE" init
import_reference_data
expect_exit 0 "$PUENTE" agreements list
expect_stderr_contains "no agreement found"

# Import: the same importer as `puente import`, which also reports them.
expect_exit 0 "$PUENTE" agreements import "$demo"
expect_stdout_contains "demo.json: 1 agreements"
expect_exit 0 "$PUENTE" import "$demo"
expect_stdout_contains ", 1 agreements in"
expect_exit 0 "$PUENTE" agreements import --json "$demo"
expect_eq 1 "$(json 'd[0]["agreements"]' <"$T/out")" "agreements import --json"

# status counts them.
expect_exit 0 "$PUENTE" status --json
expect_eq '[1, 2]' "$(json '[d["counts"]["agreements"], d["counts"]["agreement_entries"]]' <"$T/out")" \
	"agreements in status"
expect_exit 0 "$PUENTE" status
expect_stdout_contains "agreements:   1 (2 pairs of standards)"

# List, with the country filter.
expect_exit 0 "$PUENTE" agreements list
expect_stdout_contains "demo-cr-ni-cook"
expect_stdout_contains "CR, NI  2024-01-01 to -  2 entries"
expect_stdout_contains "Demonstration agreement, not an official instrument"
expect_exit 0 "$PUENTE" agreements list --country NI
expect_stdout_contains "demo-cr-ni-cook"
expect_exit 0 "$PUENTE" agreements list --country MX
expect_stdout_lacks "demo-cr-ni-cook"
expect_exit 0 "$PUENTE" agreements list --json
expect_eq 1 "$(json 'len(d)' <"$T/out")" "agreements in list --json"
expect_eq '["U6"]' "$(json 'd[0]["entries"][0]["extra_units"]' <"$T/out")" \
	"extra units of the demo entry"

# Show: text, and JSON equal to the file's record.
expect_exit 0 "$PUENTE" agreements show demo-cr-ni-cook
expect_stdout_contains "parties: CR, NI"
expect_stdout_contains "NI/NI-COOK-01 -> CR/CR-COOK-01: partial; extra units U6"
expect_stdout_contains "CR/CR-COOK-01 -> NI/NI-COOK-01: full"
expect_exit 0 "$PUENTE" agreements show --lang es demo-cr-ni-cook
expect_stdout_contains "Acuerdo de demostración"
expect_exit 0 "$PUENTE" agreements show --json demo-cr-ni-cook
cp "$T/out" "$T/shown.json"
"$PY" -c 'import json, sys
a = json.load(open(sys.argv[1]))["agreements"][0]
b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else 1)' "$demo" "$T/shown.json" ||
	fail "agreements show --json differs from the imported record"
expect_exit 3 "$PUENTE" agreements show no-such-agreement
expect_stderr_contains "no agreement \"no-such-agreement\""
expect_exit 2 "$PUENTE" agreements show

# Confirm: creates the reviewers' agreement, then replaces the pair's entry.
expect_exit 0 "$PUENTE" agreements confirm NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence partial --extra-units "U6, U5" --reviewer "Ana Pérez" \
	--note "Revisado en la oficina" --lang es
expect_stdout_contains "confirmed NI/NI-COOK-01 -> CR/CR-COOK-01: partial; extra units U6, U5"
expect_stdout_contains "confirmed-ni-cr"
# The demonstration agreement covers the same pair and takes precedence.
expect_stdout_contains "demo-cr-ni-cook applies to this pair and takes precedence"
expect_exit 0 "$PUENTE" agreements show --json confirmed-ni-cr
expect_eq 1 "$(json 'len(d["entries"])' <"$T/out")" "entries after one confirmation"
expect_eq "Ana Pérez" "$(json 'd["entries"][0]["confirmed_by"]' <"$T/out")" "confirmed_by"
expect_eq "Revisado en la oficina" "$(json 'd["entries"][0]["conditions"]["es"]' <"$T/out")" \
	"the note"
expect_eq true "$(json 'bool(__import__("re").fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["entries"][0]["confirmed_at"]))' <"$T/out")" \
	"confirmed_at is a UTC time"
expect_exit 0 "$PUENTE" agreements confirm --json NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence full --reviewer Bo
expect_eq confirmed-ni-cr "$(json 'd["agreement"]' <"$T/out")" "confirm --json agreement"
expect_eq demo-cr-ni-cook "$(json 'd["applies"]' <"$T/out")" "confirm --json applies"
expect_exit 0 "$PUENTE" agreements show --json confirmed-ni-cr
expect_eq 1 "$(json 'len(d["entries"])' <"$T/out")" "entries after confirming the pair again"
expect_eq full "$(json 'd["entries"][0]["equivalence"]' <"$T/out")" "equivalence replaced"
expect_eq Bo "$(json 'd["entries"][0]["confirmed_by"]' <"$T/out")" "reviewer replaced"
expect_eq false "$(json '"extra_units" in d["entries"][0]' <"$T/out")" "extra units dropped"
# A pair no instrument covers: the confirmation is what applies.
expect_exit 0 "$PUENTE" agreements confirm MX/MX-COOK-01 CR/CR-COOK-01 \
	--equivalence none --reviewer Bo
expect_stdout_lacks "takes precedence"
expect_exit 0 "$PUENTE" agreements list --country MX
expect_stdout_contains "confirmed-mx-cr"

# Refused confirmations change nothing.
db_state "$T/before"
expect_exit 1 "$PUENTE" agreements confirm NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence partial --extra-units U9 --reviewer Ana
expect_stderr_contains "CR/CR-COOK-01 has no unit \"U9\""
expect_exit 1 "$PUENTE" agreements confirm NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence full --extra-units U6 --reviewer Ana
expect_stderr_contains "only a partial equivalence has extra units"
expect_exit 3 "$PUENTE" agreements confirm NI/NO-SUCH CR/CR-COOK-01 \
	--equivalence full --reviewer Ana
expect_stderr_contains "no standard NI/NO-SUCH"
expect_exit 2 "$PUENTE" agreements confirm NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence maybe --reviewer Ana
expect_stderr_contains "unknown equivalence \"maybe\""
expect_exit 2 "$PUENTE" agreements confirm NI/NI-COOK-01 CR/CR-COOK-01 \
	--equivalence full
expect_stderr_contains "--reviewer"
expect_exit 2 "$PUENTE" agreements confirm NI-COOK-01 CR/CR-COOK-01 \
	--equivalence full --reviewer Ana
db_state "$T/after"
cmp -s "$T/before" "$T/after" || fail "a refused confirmation changed the database"

# Bad files: refused with the file, record and field named; nothing written.
agreement_doc() {
	printf '{"format": "puente/1", "agreements": [%s]}\n' "$1"
}
entry='{"source": {"country": "NI", "code": "NI-COOK-01"},
 "destination": {"country": "CR", "code": "CR-COOK-01"}'
agreement_doc "{\"id\": \"demo-cr-ni-cook\", \"title\": \"Changed\", \"parties\": [\"CR\", \"NI\"]},
 {\"id\": \"bad-units\", \"title\": \"Bad\", \"parties\": [\"CR\", \"NI\"],
  \"entries\": [$entry, \"equivalence\": \"partial\", \"extra_units\": [\"U99\"]}]}" \
	>"$T/bad-units.json"
expect_exit 1 "$PUENTE" agreements import "$T/bad-units.json"
expect_stderr_contains "$T/bad-units.json: agreements[1] (bad-units): entries[0].extra_units[0]: CR/CR-COOK-01 has no unit \"U99\""
agreement_doc "{\"id\": \"typo\", \"title\": \"T\", \"parties\": [\"CR\", \"NI\"],
  \"entries\": [$entry, \"equivalence\": \"full\", \"condition\": \"x\"}]}" >"$T/typo.json"
expect_exit 1 "$PUENTE" agreements import "$T/typo.json"
expect_stderr_contains "agreements[0] (typo): entries[0].\"condition\": unknown field"
agreement_doc "{\"id\": \"dates\", \"title\": \"T\", \"parties\": [\"CR\", \"NI\"],
  \"valid_from\": \"2025-01-01\", \"valid_to\": \"2024-01-01\"}" >"$T/dates.json"
expect_exit 1 "$PUENTE" agreements import "$T/dates.json"
expect_stderr_contains "agreements[0] (dates): valid_to: 2024-01-01 is before valid_from 2025-01-01"
printf '{"format": "puente/1", "agreements": [\n' >"$T/broken.json"
expect_exit 1 "$PUENTE" agreements import "$T/broken.json"
expect_stderr_contains "$T/broken.json: line"
expect_exit 3 "$PUENTE" agreements import "$T/absent.json"
db_state "$T/after"
cmp -s "$T/before" "$T/after" || fail "a refused import changed the database"

# Agreements in the export: export -> import -> export is byte-identical.
expect_exit 0 "$PUENTE" export -o "$T/one.json"
expect_eq "confirmed-mx-cr confirmed-ni-cr demo-cr-ni-cook" \
	"$(json '" ".join(a["id"] for a in d["agreements"])' <"$T/one.json")" \
	"agreements in the export, by id"
expect_exit 0 "$PUENTE" --db "$T/two.db" import "$T/one.json"
expect_exit 0 "$PUENTE" --db "$T/two.db" export -o "$T/two.json"
cmp "$T/one.json" "$T/two.json" || fail "export -> import -> export with agreements differs"
expect_exit 0 "$PUENTE" export --country MX -o "$T/mx.json"
expect_eq "confirmed-mx-cr" \
	"$(json '" ".join(a["id"] for a in d["agreements"])' <"$T/mx.json")" \
	"agreements in the MX export"

echo "ok: test_agreements"
