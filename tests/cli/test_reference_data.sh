# The reference data of data/: import, counts, frameworks, level comparison,
# search and show.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$PUENTE" init
import_reference_data

# Counts.
expect_exit 0 "$PUENTE" status --json
cp "$T/out" "$T/status.json"
expect_ge 30 "$(json 'd["counts"]["standards"]' <"$T/status.json")" "standards"
expect_ge 6 "$(json 'len(d["countries"])' <"$T/status.json")" "countries"
expect_ge 8 "$(json 'd["counts"]["frameworks"]' <"$T/status.json")" "frameworks"
expect_ge 1 "$(json 'd["counts"]["referencing"]' <"$T/status.json")" "referencing"
expect_ge 1 "$(json 'd["counts"]["criteria"]' <"$T/status.json")" "criteria"
expect_eq "$(json 'sum(c["standards"] for c in d["countries"])' <"$T/status.json")" \
	"$(json 'd["counts"]["standards"]' <"$T/status.json")" "standards per country add up"
# Importing the same files again is harmless: same counts.
import_reference_data
expect_exit 0 "$PUENTE" status --json
expect_eq "$(json 'd["counts"]' <"$T/status.json")" "$(json 'd["counts"]' <"$T/out")" \
	"counts after importing everything twice"

# Frameworks.
expect_exit 0 "$PUENTE" frameworks
expect_stdout_contains "eqf"
expect_stdout_contains "mx-conocer"
expect_stdout_contains "cr-mnc-eftp"
expect_exit 0 "$PUENTE" frameworks --json
expect_eq true "$(json '"eqf" in [f["id"] for f in d]' <"$T/out")" "eqf in frameworks --json"
expect_exit 0 "$PUENTE" frameworks eqf --json
expect_eq 8 "$(json 'len(d["level_list"])' <"$T/out")" "EQF levels"
expect_eq 8 "$(json 'd["levels"]' <"$T/out")" "EQF level count"
expect_eq "1 2 3 4 5 6 7 8" "$(json '" ".join(l["code"] for l in d["level_list"])' <"$T/out")" \
	"EQF level codes in order"
expect_exit 0 "$PUENTE" frameworks ie-nfq
expect_stdout_contains "referenced to eqf (official)"
expect_exit 3 "$PUENTE" frameworks no-such-framework
expect_stderr_contains "no-such-framework"

# Level comparison: official referencing (Ireland)...
expect_exit 0 "$PUENTE" levels compare ie-nfq:6 eqf:5
expect_stdout_contains "the same level as"
expect_stdout_contains "official"
expect_stdout_lacks "illustrative"
expect_exit 0 "$PUENTE" levels compare --json ie-nfq:6 eqf:5
expect_eq exact "$(json 'd["relation"]' <"$T/out")" "ie-nfq:6 vs eqf:5"
expect_eq official "$(json 'd["status"]' <"$T/out")" "ie-nfq:6 vs eqf:5 status"
# ...the team's illustrative referencing, by country code...
expect_exit 0 "$PUENTE" levels compare CR:2 MX:2 --json
expect_eq exact "$(json 'd["relation"]' <"$T/out")" "CR:2 vs MX:2"
expect_eq illustrative "$(json 'd["status"]' <"$T/out")" "CR:2 vs MX:2 status"
expect_eq cr-mnc-eftp "$(json 'd["a"]["framework"]' <"$T/out")" "CR stands for"
expect_eq mx-conocer "$(json 'd["b"]["framework"]' <"$T/out")" "MX stands for"
expect_exit 0 "$PUENTE" levels compare CR:2 MX:2
expect_stdout_contains "illustrative"
# ...no framework, or no such level: 3, with the reason.
expect_exit 3 "$PUENTE" levels compare CO:2 MX:2
expect_stderr_contains "CO"
expect_stderr_contains "no national framework"
expect_exit 3 "$PUENTE" levels compare eqf:9 ie-nfq:1
expect_stderr_contains "no level \"9\""
# The table of every pair.
expect_exit 0 "$PUENTE" levels compare cr-mnc-eftp mx-conocer
expect_stdout_contains "mx-conocer levels across"
expect_stdout_contains "exact"
[ "$(grep -c '^[1-5] ' "$T/out")" -eq 5 ] || { show_last; fail "table: expected 5 rows"; }
expect_exit 0 "$PUENTE" levels compare --json cr-mnc-eftp mx-conocer
expect_eq 25 "$(json 'len(d["comparisons"])' <"$T/out")" "table --json: 5 x 5 pairs"

# Search: accents and case do not matter.
expect_exit 0 "$PUENTE" standards search albanil
expect_stdout_contains "GT-MASON-01"
expect_stdout_contains "MX-MASON-01"
cp "$T/out" "$T/albanil.txt"
expect_exit 0 "$PUENTE" standards search ALBAÑIL
cmp -s "$T/out" "$T/albanil.txt" || { show_last; fail "ALBAÑIL and albanil differ"; }
expect_exit 0 "$PUENTE" standards search --json albañil
expect_eq true "$(json 'all(h["code"].endswith("-MASON-01") for h in d["results"]) and len(d["results"]) >= 2' <"$T/out")" \
	"albañil finds masons only"
# Filters.
expect_exit 0 "$PUENTE" standards search --json --country MX
expect_ge 1 "$(json 'len(d["results"])' <"$T/out")" "--country MX"
expect_eq true "$(json 'all(h["country"] == "MX" for h in d["results"])' <"$T/out")" "--country MX only"
expect_exit 0 "$PUENTE" standards search --json --country MX albanil
expect_eq MX-MASON-01 "$(json '",".join(h["code"] for h in d["results"])' <"$T/out")" "--country MX albanil"
expect_exit 0 "$PUENTE" standards search --json --language fr
expect_ge 1 "$(json 'len(d["results"])' <"$T/out")" "--language fr"
expect_eq true "$(json 'all(h["language"] == "fr" for h in d["results"])' <"$T/out")" "--language fr only"
expect_stdout_contains "HT-"
expect_exit 0 "$PUENTE" standards search --json --level mx-conocer:2
expect_ge 1 "$(json 'len(d["results"])' <"$T/out")" "--level mx-conocer:2"
expect_eq true "$(json 'all(h["level"] == {"framework": "mx-conocer", "level": "2"} for h in d["results"])' <"$T/out")" \
	"--level mx-conocer:2 only"
expect_exit 0 "$PUENTE" standards search --json --isco 74
expect_ge 1 "$(json 'len(d["results"])' <"$T/out")" "--isco 74"
expect_eq true "$(json 'all(h["isco08"].startswith("74") for h in d["results"])' <"$T/out")" "--isco 74 only"
expect_stdout_contains "-ELEC-01"
expect_exit 0 "$PUENTE" standards search --json --sector construccion
expect_ge 1 "$(json 'len(d["results"])' <"$T/out")" "--sector construccion"
expect_eq true "$(json 'all("onstrucci" in h["sector"] for h in d["results"])' <"$T/out")" "--sector only"
expect_exit 0 "$PUENTE" standards search --json --limit 2
expect_eq 2 "$(json 'len(d["results"])' <"$T/out")" "--limit 2"
expect_exit 0 "$PUENTE" standards search --json zzzqqqxxx
expect_eq 0 "$(json 'len(d["results"])' <"$T/out")" "nonsense finds nothing"
expect_exit 0 "$PUENTE" standards search zzzqqqxxx
expect_stderr_contains "no standard found"

# Show.
expect_exit 0 "$PUENTE" standards show CR-COOK-01
expect_stdout_contains "CR/CR-COOK-01"
expect_stdout_contains "Cocina"
expect_stdout_contains "level 2 of cr-mnc-eftp"
expect_stdout_contains "U1 "
expect_exit 0 "$PUENTE" standards show --json CR/CR-COOK-01
expect_eq CR "$(json 'd["country"]' <"$T/out")" "show --json country"
expect_eq CR-COOK-01 "$(json 'd["code"]' <"$T/out")" "show --json code"
expect_eq cr-mnc-eftp "$(json 'd["level"]["framework"]' <"$T/out")" "show --json level"
expect_ge 1 "$(json 'len(d["units"])' <"$T/out")" "show --json units"
expect_ge 1 "$(json 'len(d["units"][0]["elements"][0]["criteria"])' <"$T/out")" "show --json criteria"
expect_exit 0 "$PUENTE" standards show --lang en CR-COOK-01
expect_stdout_contains "Basic restaurant cookery"
# Unknown: 3.
expect_exit 3 "$PUENTE" standards show NO-SUCH-01
expect_stderr_contains "NO-SUCH-01"
expect_exit 3 "$PUENTE" standards show MX/CR-COOK-01
expect_stderr_contains "MX/CR-COOK-01"
# Ambiguous (two countries have the code): 3, and says how to choose.
printf '{"format": "puente/1", "standards": [{"country": "PA", "code": "CR-COOK-01",
 "language": "es", "title": {"es": "Cocina panameña"}}]}\n' >"$T/pa.json"
expect_exit 0 "$PUENTE" import "$T/pa.json"
expect_exit 3 "$PUENTE" standards show CR-COOK-01
expect_stderr_contains "several countries"
expect_stderr_contains "CC/CR-COOK-01"
expect_exit 0 "$PUENTE" standards show PA/CR-COOK-01
expect_stdout_contains "Cocina panameña"

echo "ok: test_reference_data"
