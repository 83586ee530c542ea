# Homologation on the demo catalogue: decisions and gap units, explanation,
# JSON, policy files, errors, and `puente match` for evaluation scripts.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$PUENTE" init
import_reference_data

# A Nicaraguan cook in Costa Rica: everything but costing is covered.
expect_exit 0 "$PUENTE" homologate NI-COOK-01 --to CR --json
cp "$T/out" "$T/cook.json"
expect_eq partial "$(json 'd["equivalence"]' <"$T/cook.json")" "NI cook in CR"
expect_eq CR-COOK-01 "$(json 'd["candidates"][0]["standard"]["code"]' <"$T/cook.json")" \
	"NI cook's best CR standard"
expect_eq '["U6"]' "$(json '[g["code"] for g in d["candidates"][0]["gap_units"]]' <"$T/cook.json")" \
	"NI cook's gap"
expect_eq true "$(json 'd["suggestion"] or d.get("agreement") is not None' <"$T/cook.json")" \
	"a suggestion unless an agreement decided"

# The demo agreement (data/agreements) decides the NI cook in CR: no longer a
# suggestion, and cited.
expect_exit 0 "$PUENTE" import "$PU_SOURCE_DIR"/data/agreements/*.json
expect_exit 0 "$PUENTE" homologate NI-COOK-01 --to CR --json
expect_eq false "$(json 'd["suggestion"]' <"$T/out")" "agreement: not a suggestion"
expect_eq demo-cr-ni-cook "$(json 'd["agreement"]["id"]' <"$T/out")" "agreement cited"
expect_eq '["U6"]' "$(json '[g["code"] for g in d["candidates"][0]["gap_units"]]' <"$T/out")" \
	"agreement's extra unit is the gap"

# A Mexican electrician in Chile: partial, with Chile's own units as gaps.
expect_exit 0 "$PUENTE" homologate MX/MX-ELEC-01 --to CL --json
cp "$T/out" "$T/elec.json"
expect_eq partial "$(json 'd["equivalence"]' <"$T/elec.json")" "MX electrician in CL"
gaps=$(json '" ".join(sorted(g["code"] for g in d["candidates"][0]["gap_units"]))' <"$T/elec.json")
for want in U2 U5; do
	case " $gaps " in
	*" $want "*) ;;
	*) fail "MX electrician in CL: gap units $gaps should include $want (U2: plans and SEC rules, U5: testing and declaration)" ;;
	esac
done
expect_eq lower "$(json 'd["candidates"][0]["level"]["relation"]' <"$T/elec.json")" \
	"MX level 2 against CL level 3"

# The readable explanation names units, scores, words and thresholds.
expect_exit 0 "$PUENTE" homologate NI-COOK-01 --to CR --explain
expect_stdout_contains "U6"
expect_stdout_contains "unit by unit"
expect_stdout_contains "policy: unit threshold"

# A stricter policy file changes the decision; a bad one is refused.
printf '{"authority": "CR", "unit_threshold": 0.95}\n' >"$T/strict.json"
expect_exit 0 "$PUENTE" homologate MX-ELEC-01 --to CL --policy "$T/strict.json" --json
expect_eq none "$(json 'd["candidates"][0]["equivalence"]' <"$T/out")" "strict policy"
expect_eq CR "$(json 'd["policy"]["authority"]' <"$T/out")" "policy authority"
# A file that names only unit_threshold gets exactly that threshold.
expect_eq 0.95 "$(json 'd["policy"]["unit_threshold_min"]' <"$T/out")" "floor follows the threshold"
expect_eq 0.95 "$(json 'd["candidates"][0]["unit_threshold"]' <"$T/out")" "no context below it"
printf '{"unit_threshold": 0.6, "unit_threshold_min": 0.3, "context_score": 0.4}\n' >"$T/ctx.json"
expect_exit 0 "$PUENTE" homologate MX-ELEC-01 --to CL --policy "$T/ctx.json" --json
expect_eq '[0.6, 0.3, 0.4]' "$(json '[d["policy"][k] for k in ("unit_threshold", "unit_threshold_min", "context_score")]' <"$T/out")" \
	"context policy read"
expect_eq true "$(json '0.3 <= d["candidates"][0]["unit_threshold"] <= 0.6' <"$T/out")" \
	"threshold between the floor and the threshold"
printf '{"unit_threshold": 0.3, "unit_threshold_min": 0.5}\n' >"$T/floor.json"
expect_exit 1 "$PUENTE" homologate NI-COOK-01 --to CR --policy "$T/floor.json"
expect_stderr_contains "unit_threshold_min <= unit_threshold"
printf '{"unit_threshold": 2}\n' >"$T/bad.json"
expect_exit 1 "$PUENTE" homologate NI-COOK-01 --to CR --policy "$T/bad.json"
expect_stderr_contains "bad.json"
printf '{"unit_treshold": 0.5}\n' >"$T/typo.json"
expect_exit 1 "$PUENTE" homologate NI-COOK-01 --to CR --policy "$T/typo.json"
expect_stderr_contains "unit_treshold"

# Errors: unknown standard, unknown country, same country, missing --to.
expect_exit 3 "$PUENTE" homologate NO-SUCH-01 --to CR
expect_stderr_contains "NO-SUCH-01"
expect_exit 3 "$PUENTE" homologate NI-COOK-01 --to ZZ
expect_stderr_contains "ZZ"
expect_exit 1 "$PUENTE" homologate NI-COOK-01 --to NI
expect_stderr_contains "already a standard of NI"
expect_exit 2 "$PUENTE" homologate NI-COOK-01

# match: a free text query and a pair, one JSON line each.
"$PUENTE" export -o "$T/catalog.json" || fail "export"
printf '%s\n' '{"id": "q1", "text": "albañil", "language": "es"}' \
	'{"id": "q2", "source": {"country": "NI", "code": "NI-COOK-01"}, "destination": {"country": "CR", "code": "CR-COOK-01"}}' \
	>"$T/queries.jsonl"
expect_exit 0 "$PUENTE" match --db "$T/cache.db" --catalog "$T/catalog.json" \
	--queries "$T/queries.jsonl" --top 3
[ "$(wc -l <"$T/out")" -eq 2 ] || { show_last; fail "match: two lines expected"; }
head -1 "$T/out" >"$T/m1.json"
tail -1 "$T/out" >"$T/m2.json"
expect_eq q1 "$(json 'd["id"]' <"$T/m1.json")" "match id"
expect_eq MASON "$(json 'd["results"][0]["code"].split("-")[1]' <"$T/m1.json")" \
	"albañil finds a mason"
expect_eq '["U6"]' "$(json 'd["results"][0]["gap_units"]' <"$T/m2.json")" "pair gap units"
[ "$(json '"explanation" in d' <"$T/m2.json")" = false ] ||
	fail "match: no explanation without --explain"
# --explain adds the whole explanation: the gap unit, by its pair.
expect_exit 0 "$PUENTE" match --db "$T/cache.db" --catalog "$T/catalog.json" \
	--queries "$T/queries.jsonl" --top 3 --explain
tail -1 "$T/out" >"$T/m3.json"
expect_eq U6 "$(json 'd["explanation"]["candidates"][0]["gap_units"][0]["code"]' <"$T/m3.json")" \
	"match --explain names the gap unit"
expect_eq true "$(json 'all("score" in u for u in d["explanation"]["candidates"][0]["units"])' <"$T/m3.json")" \
	"match --explain scores every unit"
printf 'not json\n' >"$T/bad.jsonl"
expect_exit 1 "$PUENTE" match --catalog "$T/catalog.json" --queries "$T/bad.jsonl"
expect_stderr_contains "line 1"

# An agreement overrides a computed result: MX -> CL electrician is computed
# partial; an agreement says full.
cat >"$T/agreement.json" <<'JSON'
{"format": "puente/1", "agreements": [{"id": "test-mx-cl-elec",
 "title": {"en": "Test agreement"}, "parties": ["MX", "CL"],
 "legal_reference": "Test decree 1/2026", "valid_from": "2020-01-01",
 "entries": [{"source": {"country": "MX", "code": "MX-ELEC-01"},
   "destination": {"country": "CL", "code": "CL-ELEC-01"},
   "equivalence": "full"}]}]}
JSON
expect_exit 0 "$PUENTE" homologate MX-ELEC-01 --to CL --json
expect_eq partial "$(json 'd["equivalence"]' <"$T/out")" "computed before the agreement"
expect_exit 0 "$PUENTE" import "$T/agreement.json"
expect_exit 0 "$PUENTE" homologate MX-ELEC-01 --to CL --json
expect_eq full "$(json 'd["equivalence"]' <"$T/out")" "the agreement overrides"
expect_eq "Test decree 1/2026" "$(json 'd["agreement"]["legal_reference"]' <"$T/out")" \
	"the agreement's legal reference is cited"
expect_exit 0 "$PUENTE" homologate MX-ELEC-01 --to CL
expect_stdout_contains "agreement: test-mx-cl-elec (Test decree 1/2026)"
expect_stdout_contains "Decided by an official agreement."

# A code two countries have: refused as in `standards show` (3, says how to
# choose), and accepted with its country.
printf '{"format": "puente/1", "standards": [{"country": "PA", "code": "NI-COOK-01",
 "language": "es", "title": {"es": "Cocina panameña"}}]}\n' >"$T/pa.json"
expect_exit 0 "$PUENTE" import "$T/pa.json"
expect_exit 3 "$PUENTE" homologate NI-COOK-01 --to CR
expect_stderr_contains "several countries have NI-COOK-01; say which (CC/NI-COOK-01)"
expect_exit 0 "$PUENTE" homologate NI/NI-COOK-01 --to CR --json
