# Recognition cases through the command line, the two first journeys of
# issue 6: a Nicaraguan cook with no documents starts a case at a Costa
# Rican body, is assessed on every unit and receives a statement of
# attainment; a Mexican electrician's certificate is recognised in Chile as
# partial and the new case holds only the gap units. On the way: scope
# refusals (an assessor outside scope, another centre, another country's
# authority), steps out of order, a forbidden upload, the candidate's PIN,
# erasure, and the audit chain verified after all of it. Then the third
# journey as far as the library goes: a Venezuelan with a Colombian migrant
# permit certified in Colombia, the credential id recorded.
. "$(dirname "$0")/lib.sh"

PW="correct horse battery"
printf '%s\n' "$PW" >"$T/pw"

user() {
	"$PUENTE" user add "$@" --password-file "$T/pw" >/dev/null ||
		fail "user add $*"
}

expect_exit 0 "$PUENTE" help case
expect_stdout_contains "usage: puente case candidate"
expect_exit 0 "$PUENTE" help accredit
expect_exit 0 "$PUENTE" help recognition
expect_exit 2 "$PUENTE" case frobnicate
expect_exit 0 "$PUENTE" init
import_reference_data

# Costa Rica: its authority accredits INA as a certification body for the
# cooking standards, and two assessors, one of them for waiting only.
user cr-auth --role authority --country CR
user ni-auth --role authority --country NI
user cr-staff --role centre --country CR --centre INA-CR --as cr-auth
user cr-other --role centre --country CR --centre OTRO --as cr-auth
user ana --role assessor --country CR --centre INA-CR --as cr-auth
user ben --role assessor --country CR --centre INA-CR --as cr-auth

expect_exit 5 "$PUENTE" accredit body add INA-CR --name "INA" --country CR
expect_stderr_contains "may not accredit CR's centres"
expect_exit 5 "$PUENTE" accredit body add INA-CR --name "INA" --country CR \
	--as ni-auth
expect_exit 0 "$PUENTE" accredit body add INA-CR \
	--name "Instituto Nacional de Aprendizaje" --standard 'CR/CR-*' \
	--as cr-auth
expect_exit 0 "$PUENTE" accredit centre add OTRO --name "Otro centro" \
	--standard 'CR/CR-*' --as cr-auth
expect_exit 0 "$PUENTE" accredit assessor add ana --standard 'CR/CR-COOK-*' \
	--as cr-auth
expect_exit 0 "$PUENTE" accredit assessor add ben --standard CR/CR-WAIT-01 \
	--as cr-auth
expect_exit 0 "$PUENTE" accredit body list --country CR --json
expect_eq 1 "$(json 'len(d)' <"$T/out")" "bodies of CR"
expect_eq "CR-*" "$(json 'd[0]["grants"][0]["standard"]' <"$T/out")" "scope"

# Journey 1: Rosa, a cook from Nicaragua without documents.
expect_exit 1 "$PUENTE" case open --standard CR/CR-COOK-01 --name "Rosa" \
	--documents none --consent statistics --as cr-staff
expect_stderr_contains '"rpl" is required'
expect_exit 0 "$PUENTE" case open --standard CR/CR-COOK-01 \
	--name "Rosa Amelia Chavarría" --birth-year 1986 --languages es \
	--documents none --consent rpl,statistics --as cr-staff --json
code=$(json 'd["case"]' <"$T/out")
pin=$(json 'd["pin"]' <"$T/out")
cand=$(json 'd["candidate"]' <"$T/out")
expect_eq C-1 "$code" "case code"
expect_eq 10 "${#pin}" "PIN length"
expect_exit 0 "$PUENTE" audit list --json
expect_stdout_lacks "Rosa"

expect_exit 1 "$PUENTE" case decide "$code" --as cr-staff
expect_stderr_contains "case C-1 is in intake"
expect_exit 0 "$PUENTE" case self-assess "$code" --unit U1 \
	--can-do "Mantengo la cocina limpia" --where "Comedor en Chinandega" \
	--months 96 --as cr-staff
printf '{"work": "cocinera 8 años", "documents": "perdidos", "interviewers": "ana"}\n' \
	>"$T/interview.json"
expect_exit 0 "$PUENTE" case evidence add "$code" --interview "$T/interview.json" \
	--interviewer ana --as cr-staff
expect_exit 0 "$PUENTE" case evidence add "$code" \
	--testimony "Cocinó en mi comedor 8 años" --witness "Dueña" --unit U2 \
	--as cr-staff
printf '%%PDF-1.4 carta de recomendación\n' >"$T/carta.pdf"
expect_exit 0 "$PUENTE" case evidence add "$code" --file "$T/carta.pdf" \
	--as cr-staff
expect_stdout_contains "evidence stored as sha256:"
sha=$(sed 's/.*sha256://' "$T/out")
[ -f "$T/evidence/sha256/$(printf %.2s "$sha")/$sha" ] ||
	fail "evidence file not stored under its digest"
printf 'MZ\220\000\003' >"$T/tool.exe"
expect_exit 1 "$PUENTE" case evidence add "$code" --file "$T/tool.exe" \
	--as cr-staff
expect_stderr_contains "this type of file is not accepted"
expect_exit 0 "$PUENTE" case fee "$code" --step intake --amount 0 \
	--currency CRC --status waived --reason "sin recursos" --as cr-staff
expect_exit 0 "$PUENTE" case fee "$code" --step assessment --amount 1500000 \
	--currency CRC --as cr-staff

# Another centre neither reads nor writes it; an assessor cannot plan.
expect_exit 5 "$PUENTE" case show "$code" --as cr-other
expect_stderr_contains "centre staff of CR/OTRO may not read centre INA-CR"
expect_exit 5 "$PUENTE" case plan "$code" --as ana
expect_exit 0 "$PUENTE" case plan "$code" --as cr-staff
expect_exit 1 "$PUENTE" case self-assess "$code" --unit U2 --can-do x \
	--as cr-staff
expect_stderr_contains "case C-1 is in assessment"

# ben is accredited for waiting only.
expect_exit 5 "$PUENTE" case assess "$code" --unit U1 --method observation \
	--verdict competent --as ben
expect_stderr_contains "assessor ben of CR/INA-CR is not accredited for CR/CR-COOK-01"
for u in U1 U2 U3 U4 U5; do
	expect_exit 0 "$PUENTE" case assess "$code" --unit $u \
		--method observation --verdict competent --as ana
done
expect_exit 1 "$PUENTE" case decide "$code" --as cr-staff
expect_stderr_contains "it cannot be decided before every planned unit has a verdict (none yet for U6)"
expect_exit 0 "$PUENTE" case assess "$code" --unit U6 --method test \
	--verdict not_yet_competent --notes "Inventario" --as ana
expect_exit 5 "$PUENTE" case decide "$code" --as ana
expect_exit 0 "$PUENTE" case decide "$code" --as cr-staff --json
expect_eq attainment "$(json 'd["outcome"]' <"$T/out")" "outcome"

# The candidate follows the case with its code and PIN.
printf '%s\n' "$pin" | "$PUENTE" case follow "$code" --json >"$T/out" ||
	fail "case follow with the right PIN"
expect_eq case.next.certificate "$(json 'd["next"]' <"$T/out")" "next step"
expect_eq U1,U2,U3,U4,U5 "$(json 'd["params"]["units"]' <"$T/out")" \
	"units achieved"
expect_eq 1500000 "$(json 'd["due"]' <"$T/out")" "due fees"
printf '0000000000\n' | "$PUENTE" case follow "$code" >/dev/null 2>"$T/err" &&
	fail "a wrong PIN was accepted"
grep -qF "wrong case code or PIN" "$T/err" || fail "wrong PIN message"

expect_exit 5 "$PUENTE" case certificate "$code" --credential urn:x \
	--as ni-auth
expect_exit 0 "$PUENTE" case certificate "$code" \
	--credential urn:uuid:7d3c1f0e --as cr-auth
expect_exit 0 "$PUENTE" case show "$code" --as cr-staff --json
expect_eq certified "$(json 'd["state"]' <"$T/out")" "state"
expect_eq attainment "$(json 'd["outcome"]' <"$T/out")" "outcome shown"
expect_eq 5 "$(json 'sum(u["verdict"] == "competent" for u in d["units"])' <"$T/out")" \
	"competent units"
expect_eq 3 "$(json 'len(d["evidence"])' <"$T/out")" "evidence items"
expect_exit 1 "$PUENTE" case withdraw "$code" --reason "se fue" --as cr-staff
expect_stderr_contains "case C-1 is certified"

# Erasure: the person's data goes, the audit chain stays intact.
expect_exit 0 "$PUENTE" case erase-candidate "$cand" --as cr-staff
[ -f "$T/evidence/sha256/$(printf %.2s "$sha")/$sha" ] &&
	fail "the erased candidate's evidence file is still there"
expect_exit 0 "$PUENTE" case show "$code" --as cr-staff --json
expect_eq "" "$(json 'd["units"][0]["can_do"]' <"$T/out")" "wiped text"
expect_eq certified "$(json 'd["state"]' <"$T/out")" "state kept"
expect_exit 0 "$PUENTE" audit verify
expect_stdout_contains "intact"

# Journey 2: a Mexican electrician's certificate presented in Chile.
user cl-auth --role authority --country CL
user pe-auth --role authority --country PE
user cl-staff --role centre --country CL --centre OTEC-SANTIAGO --as cl-auth
user carla --role assessor --country CL --centre OTEC-SANTIAGO --as cl-auth
expect_exit 0 "$PUENTE" accredit body add OTEC-SANTIAGO --name "OTEC Santiago" \
	--standard 'CL/CL-ELEC-*' --as cl-auth
expect_exit 0 "$PUENTE" accredit assessor add carla --standard CL/CL-ELEC-01 \
	--as cl-auth
expect_exit 0 "$PUENTE" case candidate --name "Juan Pérez" --languages es \
	--documents passport:MX --consent rpl --as cl-staff --json
expect_eq substantial "$(json 'd["assurance"]' <"$T/out")" "assurance"
juan=$(json 'd["candidate"]' <"$T/out")
expect_exit 0 "$PUENTE" case candidate show "$juan" --as cl-staff --json
expect_eq "Juan Pérez" "$(json 'd["name"]' <"$T/out")" "candidate shown"
expect_eq passport "$(json 'd["documents"][0]["kind"]' <"$T/out")" "document"
expect_exit 5 "$PUENTE" case candidate show "$juan" --as cr-staff
expect_exit 5 "$PUENTE" recognition add --from MX/MX-ELEC-01 \
	--decision partial --centre OTEC-SANTIAGO --candidate "$juan" \
	--as cl-staff
expect_exit 0 "$PUENTE" recognition add --from MX/MX-ELEC-01 \
	--decision partial --presented paper --credential "CONOCER EC0001 2019" \
	--centre OTEC-SANTIAGO --candidate "$juan" --as cl-auth --json
expect_eq CL-ELEC-01 "$(json 'd["standard"]' <"$T/out")" "recognised as"
gap=$(json 'd["gap_units"]' <"$T/out")
expect_eq U2,U5 "$gap" "gap units"
code2=$(json 'd["case"]' <"$T/out")
expect_eq C-2 "$code2" "the gap case"
expect_exit 0 "$PUENTE" recognition list --as pe-auth --json
expect_eq 0 "$(json 'len(d)' <"$T/out")" "Peru sees none of Chile's decisions"
expect_exit 0 "$PUENTE" case plan "$code2" --as cl-staff
expect_exit 0 "$PUENTE" case show "$code2" --as cl-staff --json
expect_eq U2,U5 "$(json '",".join(u["code"] for u in d["units"] if u["planned"])' <"$T/out")" \
	"planned units"
expect_eq U1,U3,U4 "$(json '",".join(u["code"] for u in d["units"] if u["credited"])' <"$T/out")" \
	"credited units"
expect_exit 1 "$PUENTE" case assess "$code2" --unit U1 --method test \
	--verdict competent --as carla
expect_stderr_contains "unit U1 is not in the assessment plan"
expect_exit 0 "$PUENTE" case assess "$code2" --unit U2 --method interview \
	--verdict competent --as carla
expect_exit 0 "$PUENTE" case assess "$code2" --unit U5 --method test \
	--verdict competent --as carla
expect_exit 5 "$PUENTE" case decide "$code2" --as cr-staff
expect_exit 0 "$PUENTE" case decide "$code2" --as cl-staff --json
expect_eq full "$(json 'd["outcome"]' <"$T/out")" "full after the gap units"
expect_exit 0 "$PUENTE" case list --as cl-staff --json
expect_eq 1 "$(json 'len(d)' <"$T/out")" "Chile's centre sees its case only"

# Journey 3, up to the certificate step: a Venezuelan with a Colombian
# migrant permit (PPT) is certified in Colombia; the credentials work issues
# the credential and the case records its id.
user co-auth --role authority --country CO
user sena-staff --role centre --country CO --centre SENA-BOG --as co-auth
user diego --role assessor --country CO --centre SENA-BOG --as co-auth
expect_exit 0 "$PUENTE" accredit body add SENA-BOG --name "SENA Bogotá" \
	--standard CO/CO-WELD-01 --as co-auth
expect_exit 0 "$PUENTE" accredit assessor add diego --standard CO/CO-WELD-01 \
	--as co-auth
expect_exit 0 "$PUENTE" case open --standard CO/CO-WELD-01 --name "Luis Rangel" \
	--documents migrant_permit:CO,national_id:VE --consent rpl \
	--as sena-staff --json
code3=$(json 'd["case"]' <"$T/out")
expect_exit 0 "$PUENTE" case plan "$code3" --as sena-staff
for u in U1 U2 U3 U4 U5; do
	expect_exit 0 "$PUENTE" case assess "$code3" --unit $u --method product \
		--verdict competent --as diego
done
expect_exit 0 "$PUENTE" case decide "$code3" --as sena-staff --json
expect_eq full "$(json 'd["outcome"]' <"$T/out")" "Luis is fully certified"
expect_exit 5 "$PUENTE" case certificate "$code3" --credential urn:x --as cl-auth
expect_exit 0 "$PUENTE" case certificate "$code3" --credential urn:uuid:co-1 \
	--as co-auth

expect_exit 0 "$PUENTE" audit verify
expect_stdout_contains "intact"
echo "ok"
