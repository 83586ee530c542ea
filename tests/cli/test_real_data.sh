# Real public data from $PU_SHARED_DATA: Mexico's RENEC catalogue (CONOCER) and
# ESCO occupations in English and Spanish.
. "$(dirname "$0")/lib.sh"

data=${PU_SHARED_DATA:-}
renec="$data/conocer/renec_ec_standards_catalog.json"
esco_en="$data/esco/occupations_v1.2.0_en.csv"
esco_es="$data/esco/occupations_v1.2.0_es.csv"
[ -n "$data" ] || skip "PU_SHARED_DATA is not set (real data absent)"
[ -d "$data/conocer" ] || skip "$data/conocer absent"
[ -d "$data/esco" ] || skip "$data/esco absent"
for f in "$renec" "$esco_en" "$esco_es"; do
	[ -f "$f" ] || skip "$f absent"
done

expect_exit 0 "$PUENTE" init
# RENEC needs the mx-conocer levels.
for f in "$PU_SOURCE_DIR"/data/frameworks/*.json; do
	expect_exit 0 "$PUENTE" import "$f"
done

# CONOCER: all 1477 standards, as MX, with their level.
expect_exit 0 "$PUENTE" import --json "$renec"
expect_eq conocer "$(json 'd[0]["format"]' <"$T/out")" "format of the RENEC file"
expect_eq 1477 "$(json 'd[0]["standards"]' <"$T/out")" "standards imported from RENEC"
expect_exit 0 "$PUENTE" status --json
expect_eq 1477 "$(json '[c["standards"] for c in d["countries"] if c["country"] == "MX"][0]' <"$T/out")" \
	"MX standards"
expect_exit 0 "$PUENTE" standards show --json MX/EC0217.01
expect_eq CONOCER "$(json 'd["body"]' <"$T/out")" "body of EC0217.01"
expect_eq mx-conocer "$(json 'd["level"]["framework"]' <"$T/out")" "framework of EC0217.01"
expect_eq es "$(json 'd["language"]' <"$T/out")" "language of EC0217.01"
# Importing it again replaces, it does not add.
expect_exit 0 "$PUENTE" import "$renec"
expect_exit 0 "$PUENTE" status --json
expect_eq 1477 "$(json 'd["counts"]["standards"]' <"$T/out")" "standards after importing RENEC twice"

# ESCO: English, then Spanish merged into the same 3039 occupations.
expect_exit 0 "$PUENTE" import --json "$esco_en"
expect_eq esco "$(json 'd[0]["format"]' <"$T/out")" "format of the ESCO file"
expect_eq 3039 "$(json 'd[0]["standards"]' <"$T/out")" "occupations imported from ESCO en"
expect_exit 0 "$PUENTE" import "$esco_es"
expect_exit 0 "$PUENTE" status --json
expect_eq 3039 "$(json '[c["standards"] for c in d["countries"] if c["country"] == "EU"][0]' <"$T/out")" \
	"EU occupations after en and es"
expect_eq 4516 "$(json 'd["counts"]["standards"]' <"$T/out")" "all standards"
# Every occupation has both titles.
expect_exit 0 "$PUENTE" export --country EU -o "$T/eu.json"
expect_eq 3039 "$(json 'len(d["standards"])' <"$T/eu.json")" "EU export"
expect_eq 3039 "$(json 'sum(1 for s in d["standards"] if s["title"].get("en") and s["title"].get("es"))' <"$T/eu.json")" \
	"EU occupations with en and es titles"

# One of them in detail: find the bricklayer, then show it.
expect_exit 0 "$PUENTE" standards search --json --country EU bricklayer
uuid=$(json '[h["code"] for h in d["results"] if h["title"].get("en") == "bricklayer"][0]' <"$T/out")
[ -n "$uuid" ] || { show_last; fail "no ESCO bricklayer"; }
expect_exit 0 "$PUENTE" standards show --json "EU/$uuid"
expect_eq bricklayer "$(json 'd["title"]["en"]' <"$T/out")" "en title of EU/$uuid"
expect_eq albañil "$(json 'd["title"]["es"]' <"$T/out")" "es title of EU/$uuid"
expect_eq occupation "$(json 'd["kind"]' <"$T/out")" "kind of EU/$uuid"
expect_eq ESCO "$(json 'd["body"]' <"$T/out")" "body of EU/$uuid"
expect_eq 7112 "$(json 'd["codes"]["isco08"][0]' <"$T/out")" "ISCO-08 of EU/$uuid"
expect_eq true "$(json 'bool(d["description"].get("en")) and bool(d["description"].get("es"))' <"$T/out")" \
	"descriptions of EU/$uuid"
expect_eq "http://data.europa.eu/esco/occupation/$uuid" \
	"$(json '[n["code"] for n in d["codes"]["national"] if n["scheme"] == "esco-uri"][0]' <"$T/out")" \
	"esco-uri of EU/$uuid"
expect_exit 0 "$PUENTE" standards show "$uuid"
expect_stdout_contains "EU/$uuid  bricklayer"
expect_exit 0 "$PUENTE" standards show --lang es "$uuid"
expect_stdout_contains "EU/$uuid  albañil"

# search_has QUERY... -- COUNTRY CODE: the search finds COUNTRY/CODE.
search_has() {
	want_country=$1
	want_code=$2
	shift 2
	expect_exit 0 "$PUENTE" standards search --json --limit 50 "$@"
	found=$(json "any(h['country'] == '$want_country' and h['code'] == '$want_code' for h in d['results'])" <"$T/out")
	[ "$found" = true ] || { show_last; fail "search \"$*\" does not find $want_country/$want_code"; }
}

# With and without accents, in Spanish ESCO and in RENEC.
search_has EU "$uuid" --country EU albañil
search_has EU "$uuid" --country EU albanil
search_has EU "$uuid" --country EU ALBAÑIL
search_has EU "$uuid" bricklayer
search_has MX EC0326 albañilería
search_has MX EC0326 albanileria
expect_exit 0 "$PUENTE" standards search --json --country EU --language en electricista
expect_ge 3 "$(json 'len(d["results"])' <"$T/out")" "ESCO electricista"
expect_eq true "$(json 'all("electri" in h["title"]["en"] for h in d["results"][:3])' <"$T/out")" \
	"ESCO electricista finds electricians"
expect_exit 0 "$PUENTE" standards search --json EC0217
expect_eq MX/EC0217.01 "$(json 'd["results"][0]["country"] + "/" + d["results"][0]["code"]' <"$T/out")" \
	"EC0217 finds EC0217.01 first"
search_has MX EC0217.01 impartición de cursos
search_has MX EC0217.01 imparticion de cursos
search_has MX EC0217.01 --country MX --level mx-conocer:3 IMPARTICIÓN DE CURSOS
expect_exit 0 "$PUENTE" standards search --json --country MX --limit 500 imparticion de cursos
cp "$T/out" "$T/plain.json"
expect_exit 0 "$PUENTE" standards search --json --country MX --limit 500 impartición de cursos
cmp -s "$T/out" "$T/plain.json" || fail "accented and plain searches differ"
expect_ge 5 "$(json 'len(d["results"])' <"$T/out")" "impartición de cursos"

# ESCO's language comes from the file name; a name without one needs --lang.
cp "$esco_es" "$T/occupations.csv"
db_state "$T/before"
expect_exit 1 "$PUENTE" import "$T/occupations.csv"
expect_stderr_contains "$T/occupations.csv"
expect_stderr_contains "--lang"
db_state "$T/after"
cmp -s "$T/before" "$T/after" || fail "a refused ESCO import changed the database"
expect_exit 1 "$PUENTE" import --lang "not a tag" "$T/occupations.csv"
expect_stderr_contains "not a language tag"
# --lang overrides (here the Spanish labels are filed as French).
expect_exit 0 "$PUENTE" import --lang fr "$T/occupations.csv"
expect_exit 0 "$PUENTE" standards show --json "EU/$uuid"
expect_eq albañil "$(json 'd["title"]["fr"]' <"$T/out")" "fr title after --lang fr"
expect_eq bricklayer "$(json 'd["title"]["en"]' <"$T/out")" "en title kept after --lang fr"
expect_eq albañil "$(json 'd["title"]["es"]' <"$T/out")" "es title kept after --lang fr"
expect_exit 0 "$PUENTE" status --json
expect_eq 3039 "$(json '[c["standards"] for c in d["countries"] if c["country"] == "EU"][0]' <"$T/out")" \
	"EU occupations after --lang fr"
# --lang also beats a language in the file name.
cp "$esco_es" "$T/occupations_pt.csv"
expect_exit 0 "$PUENTE" import --lang it "$T/occupations_pt.csv"
expect_exit 0 "$PUENTE" standards show --json "EU/$uuid"
expect_eq '["en", "es", "fr", "it"]' "$(json 'sorted(d["title"])' <"$T/out")" "languages after --lang it"

echo "ok: test_real_data"
