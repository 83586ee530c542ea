# Export -> import -> export gives the same bytes; export -o is atomic; one
# country's export stands on its own.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$PUENTE" init
import_reference_data

# Round trip through a fresh database.
expect_exit 0 "$PUENTE" export -o "$T/one.json"
[ -s "$T/one.json" ] || fail "export -o wrote nothing"
"$PY" -m json.tool "$T/one.json" >/dev/null || fail "the export is not JSON"
expect_exit 0 "$PUENTE" export
cmp -s "$T/out" "$T/one.json" || fail "export to stdout and to -o differ"
expect_exit 0 "$PUENTE" --db "$T/two.db" import "$T/one.json"
expect_exit 0 "$PUENTE" --db "$T/two.db" export -o "$T/two.json"
cmp "$T/one.json" "$T/two.json" || fail "export -> import -> export is not byte-identical"
# Same content, as status sees it.
expect_exit 0 "$PUENTE" status --json
json 'd["counts"]' <"$T/out" >"$T/counts.one"
expect_exit 0 "$PUENTE" --db "$T/two.db" status --json
json 'd["counts"]' <"$T/out" >"$T/counts.two"
cmp -s "$T/counts.one" "$T/counts.two" ||
	fail "counts differ: $(cat "$T/counts.one") vs $(cat "$T/counts.two")"
# Importing the export over the database it came from changes nothing.
expect_exit 0 "$PUENTE" import "$T/one.json"
expect_exit 0 "$PUENTE" export -o "$T/three.json"
cmp "$T/one.json" "$T/three.json" || fail "re-importing an export changed the export"

# export -o is atomic: when the export fails, the target is left as it was and
# no temporary file stays behind.
echo "precious" >"$T/target.json"
expect_exit 3 "$PUENTE" --db "$T/missing.db" export -o "$T/target.json"
expect_stderr_contains "puente init"
expect_eq precious "$(cat "$T/target.json")" "target after export from a missing database"
expect_exit 4 "$PUENTE" export -o "$T/no/such/dir/out.json"
expect_stderr_contains "$T/no/such/dir/out.json"
# A failure halfway through: a stored text that is not JSON.
cp "$PUENTE_DB" "$T/broken.db"
"$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
n = c.execute("update standard set title = ? where code = ?", ("{broken", "MX-COOK-01")).rowcount
c.commit()
sys.exit(0 if n == 1 else 1)' "$T/broken.db" || fail "could not break $T/broken.db"
expect_exit 4 "$PUENTE" --db "$T/broken.db" export -o "$T/target.json"
expect_eq precious "$(cat "$T/target.json")" "target after a failed export"
for f in "$T"/target.json.*; do
	[ -e "$f" ] && fail "export left a temporary file: $f"
done
# And a good export replaces the target whole.
expect_exit 0 "$PUENTE" export -o "$T/target.json"
cmp -s "$T/one.json" "$T/target.json" || fail "export -o over an existing file"

# One country: carries the frameworks it needs (its own, and the regional one
# its referencing points to), and imports alone into an empty database.
expect_exit 0 "$PUENTE" export --country MX -o "$T/mx.json"
expect_eq "eqf mx-conocer" "$(json '" ".join(f["id"] for f in d["frameworks"])' <"$T/mx.json")" \
	"frameworks of the MX export"
expect_eq true "$(json 'all(s["country"] == "MX" for s in d["standards"])' <"$T/mx.json")" \
	"standards of the MX export"
expect_exit 0 "$PUENTE" --db "$T/mx.db" init
expect_exit 0 "$PUENTE" --db "$T/mx.db" frameworks --json
expect_eq 0 "$(json 'len(d)' <"$T/out")" "frameworks before the MX import"
expect_exit 0 "$PUENTE" --db "$T/mx.db" import "$T/mx.json"
expect_exit 0 "$PUENTE" status --json
mx=$(json '[c for c in d["countries"] if c["country"] == "MX"]' <"$T/out")
expect_exit 0 "$PUENTE" --db "$T/mx.db" status --json
expect_eq "$mx" "$(json 'd["countries"]' <"$T/out")" "countries after the MX import"
expect_eq 2 "$(json 'd["counts"]["frameworks"]' <"$T/out")" "frameworks after the MX import"
expect_exit 0 "$PUENTE" --db "$T/mx.db" levels compare --json mx-conocer:2 eqf:3
expect_eq exact "$(json 'd["relation"]' <"$T/out")" "mx-conocer:2 vs eqf:3 after the MX import"
expect_exit 0 "$PUENTE" --db "$T/mx.db" export --country MX -o "$T/mx2.json"
cmp "$T/mx.json" "$T/mx2.json" || fail "MX export -> import -> export is not byte-identical"
# A country with no standards exports a valid, empty document.
expect_exit 0 "$PUENTE" export --country ZZ -o "$T/zz.json"
expect_eq 0 "$(json 'len(d.get("standards", []))' <"$T/zz.json")" "standards of ZZ"

# A byte order mark at the start of a file (Windows editors write one) is no
# part of any record: the MX export with one imports as JSON, and as JSON Lines.
printf '\357\273\277' >"$T/bom.json"
cat "$T/mx.json" >>"$T/bom.json"
expect_exit 0 "$PUENTE" --db "$T/bom.db" import "$T/bom.json"
expect_exit 0 "$PUENTE" --db "$T/bom.db" export --country MX -o "$T/bom-out.json"
cmp "$T/mx.json" "$T/bom-out.json" || fail "a JSON file with a BOM did not import whole"
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.stdout.write("\ufeff")
for s in d["standards"]:
    print(json.dumps(s, ensure_ascii=False))' "$T/mx.json" >"$T/bom.jsonl"
expect_exit 0 "$PUENTE" --db "$T/bom2.db" import "$PU_SOURCE_DIR/data/frameworks/mx-conocer.json" \
	"$T/bom.jsonl"
expect_exit 0 "$PUENTE" --db "$T/bom2.db" status --json
expect_eq "$(json 'len(d["standards"])' <"$T/mx.json")" "$(json 'd["counts"]["standards"]' <"$T/out")" \
	"standards of a JSON Lines file with a BOM"

echo "ok: test_roundtrip"
