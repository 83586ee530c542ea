# puente issue, verify, revoke, statuslist and trust: a certificate issued by
# an authority verifies (exit 0) against a signed trust list and the
# issuer's status lists; offline it verifies with the exported lists; after
# revocation the exported lists report it revoked (exit 1), and so does the
# QR payload of its PDF; suspension comes and goes; bulk revocation from a
# file; scope and missing reasons refused; the holder's identifier never
# appears in the credential; the audit chain stays intact.
. "$(dirname "$0")/lib.sh"

# Digital Bazaar's verifier (tests/interop), when its packages are installed:
# js_verify CREDENTIAL LISTS.json -> its exit code (0 verified, not revoked).
interop="$PU_SOURCE_DIR/tests/interop"
js_verify() {
	"$PY" -c 'import json, sys
for i, d in enumerate(json.load(open(sys.argv[1]))):
    json.dump(d, open("%s.%d.json" % (sys.argv[1], i), "w"))' "$2"
	node "$interop/interop.mjs" verify "$1" "$2".*.json >"$T/js.out" 2>&1
}
has_js=false
command -v node >/dev/null 2>&1 && [ -d "$interop/node_modules/@digitalbazaar/vc" ] && has_js=true

import_reference_data
PUENTE_KEYS="$T/keys"
PUENTE_KEY_PASSPHRASE="correct horse battery"
PUENTE_BASE_URL="https://puente.test"
export PUENTE_KEYS PUENTE_KEY_PASSPHRASE PUENTE_BASE_URL

expect_exit 0 "$PUENTE" help issue
expect_stdout_contains "usage: puente issue"
expect_exit 0 "$PUENTE" keys new --json
issuer=$(json 'd["did"]' <"$T/out")
expect_exit 0 "$PUENTE" keys new --keys "$T/akeys" --json
authority=$(json 'd["did"]' <"$T/out")

for u in auth-cr:CR auth-cl:CL; do
	printf 'correct horse battery staple\n' |
		"$PUENTE" user add "${u%%:*}" --role authority \
			--country "${u##*:}" >/dev/null 2>&1 ||
		fail "user add ${u%%:*}"
done

# Usage errors and scope.
expect_exit 2 "$PUENTE" issue --standard CR/CR-FARM-01 -o c.json
expect_stderr_contains "holder"
expect_exit 5 "$PUENTE" issue --as auth-cl --standard CR/CR-FARM-01 \
	--holder-did did:key:z6Mkholder -o c.json
expect_stderr_contains "authority of CL may not issue CR's credentials"
[ -e c.json ] && fail "a refused issue wrote a file"
expect_exit 1 "$PUENTE" issue --as auth-cr --standard CR/CR-FARM-01 \
	--units U1,U99 --holder-did did:key:z6Mkholder -o c.json
expect_stderr_contains "U99"

# Issue: a full certificate, with a hashed national id only.
expect_exit 0 "$PUENTE" issue --as auth-cr --standard CR/CR-FARM-01 \
	--holder-id 1-2345-6789 --holder-id-type nationalIdentityNumber \
	--lang en --issuer-name "INA Costa Rica" -o cred.json --json
id=$(json 'd["id"]' <"$T/out")
case $id in urn:uuid:*) ;; *) fail "credential id $id" ;; esac
grep -q '1-2345-6789' cred.json && fail "the holder's id is in the credential"
expect_eq "$issuer" "$(json 'd["issuer"]["id"]' <cred.json)" "issuer"
expect_eq Certification \
	"$(json 'd["credentialSubject"]["achievement"]["achievementType"]' <cred.json)" \
	"achievement type"

# A statement of attainment, issued by the local operator.
expect_exit 0 "$PUENTE" issue --standard CR/CR-FARM-01 --units U1 \
	--holder-did did:key:z6MkholderTwo -o part.json --json
part=$(json 'd["id"]' <"$T/out")
expect_eq 1 "$(json 'len(d["credentialSubject"]["result"])' <part.json)" \
	"units of a statement of attainment"

# The authority's trust list accrediting the issuer for Costa Rica.
expect_exit 0 "$PUENTE" trust new --id https://trust.test/sica/2026 \
	--name "SICA test" --valid-from 2020-01-01T00:00:00Z -o tl.json
expect_exit 0 "$PUENTE" trust add tl.json --did "$issuer" --country CR \
	--role authority --scope 'CR/*' --name "INA"
expect_exit 1 "$PUENTE" trust show tl.json
expect_stdout_contains "missing"
expect_exit 0 "$PUENTE" trust sign tl.json --keys "$T/akeys"
expect_exit 0 "$PUENTE" trust show tl.json
expect_stdout_contains "$issuer  CR authority  scope CR/*"
expect_stdout_contains "authority   $authority"

# Verify: valid and trusted (exit 0), each answer on its own line.
expect_exit 0 "$PUENTE" verify cred.json --trust tl.json
expect_stdout_contains "signature  valid"
expect_stdout_contains "trust      trusted"
expect_stdout_contains "status     active"
expect_stdout_contains "VALID"
expect_exit 0 "$PUENTE" verify cred.json --trust tl.json --json
expect_eq true "$(json 'd["ok"]' <"$T/out")" "report ok"
expect_eq "https://trust.test/sica/2026" "$(json 'd["trust"]["list"]' <"$T/out")" \
	"accrediting list"
# Without a trust list: not checked, so not a pass.
expect_exit 1 "$PUENTE" verify cred.json
expect_stdout_contains "not-checked"
expect_exit 0 "$PUENTE" verify cred.json --any-issuer
# Trusted only by the anchor named: another anchor refuses the list.
expect_exit 1 "$PUENTE" verify cred.json --trust tl.json --anchor "$issuer"
# Offline without status lists: unknown.
expect_exit 1 "$PUENTE" verify --offline cred.json --trust tl.json
expect_stdout_contains "status     unknown"
# Offline with the exported lists, and its QR payload too.
expect_exit 0 "$PUENTE" statuslist export -o lists.json
expect_eq 2 "$(json 'len(d)' <lists.json)" "lists exported"
expect_exit 0 "$PUENTE" verify --offline cred.json --trust tl.json \
	--status lists.json
if $has_js; then
	js_verify cred.json lists.json || fail "@digitalbazaar/vc: $(cat "$T/js.out")"
	js_verify part.json lists.json || fail "@digitalbazaar/vc: $(cat "$T/js.out")"
fi
expect_exit 0 "$PUENTE" certificate payload cred.json --json
json 'd["payload"]' <"$T/out" >payload.txt
expect_exit 0 "$PUENTE" verify --offline payload.txt --trust tl.json \
	--status lists.json
expect_stdout_contains "VALID"
# A tampered credential.
sed 's/CR-FARM-01/CR-FARM-02/' cred.json >bad.json
expect_exit 1 "$PUENTE" verify bad.json --trust tl.json
expect_stdout_contains "signature  invalid"

# Revoke: reason required, scope checked, then done.
expect_exit 2 "$PUENTE" revoke "$id"
expect_exit 5 "$PUENTE" revoke --as auth-cl "$id" --reason "test"
expect_exit 3 "$PUENTE" revoke urn:uuid:nope --reason "test"
expect_exit 0 "$PUENTE" revoke --as auth-cr "$id" --reason "assessment annulled" --json
expect_eq 1 "$(json 'd["changed"]' <"$T/out")" "revoked"
expect_eq 1 "$(json 'd["lists"]' <"$T/out")" "lists re-signed"
# The old export still says active; a new one says revoked, exit 1.
expect_exit 0 "$PUENTE" verify --offline cred.json --trust tl.json \
	--status lists.json
expect_exit 0 "$PUENTE" statuslist export -o lists2.json --ttl 3600
expect_eq 3600000 "$(json 'd[0]["credentialSubject"]["ttl"]' <lists2.json)" "ttl written"
expect_exit 1 "$PUENTE" verify --offline cred.json --trust tl.json \
	--status lists2.json
expect_stdout_contains "status     revoked"
expect_stdout_contains "NOT VALID"
if $has_js; then
	js_verify cred.json lists2.json && fail "@digitalbazaar/vc: revoked, yet $(cat "$T/js.out")"
	grep -q '"revoked":true' "$T/js.out" || fail "@digitalbazaar/vc: $(cat "$T/js.out")"
	js_verify part.json lists2.json || fail "@digitalbazaar/vc: $(cat "$T/js.out")"
fi
expect_exit 1 "$PUENTE" verify --offline payload.txt --trust tl.json \
	--status lists2.json --json
expect_eq revoked "$(json 'd["status"]["result"]' <"$T/out")" "QR status"
# The PDF's payload reads the same.
expect_exit 0 "$PUENTE" certificate pdf cred.json -o cert.pdf --lang en
expect_exit 1 "$PUENTE" verify payload.txt --trust tl.json
expect_stdout_contains "revoked"

# Suspension comes and goes.
expect_exit 0 "$PUENTE" revoke "$part" --suspend --reason "under review"
expect_exit 1 "$PUENTE" verify part.json --trust tl.json
expect_stdout_contains "status     suspended"
expect_exit 0 "$PUENTE" revoke "$part" --unsuspend --reason "review closed"
expect_exit 0 "$PUENTE" verify part.json --trust tl.json

# Bulk from a file (with a comment and a blank line), then by issuer.
for i in 1 2 3; do
	expect_exit 0 "$PUENTE" issue --standard CR/CR-FARM-01 \
		--holder-did "did:key:z6MkBulk$i" -o "b$i.json" --json
	json 'd["id"]' <"$T/out" >>ids.txt
done
printf '# annulled session\n\n' >>ids.txt
expect_exit 0 "$PUENTE" revoke --file ids.txt --reason "session annulled" --json
expect_eq 3 "$(json 'd["changed"]' <"$T/out")" "bulk from a file"
expect_exit 0 "$PUENTE" revoke --issuer "$issuer" --from 2000-01-01 \
	--reason "body closed" --json
expect_eq 5 "$(json 'd["matched"]' <"$T/out")" "bulk by issuer"
expect_eq 1 "$(json 'd["changed"]' <"$T/out")" "only the one still active"

# After a key rotation: new credentials get the new key's lists; an old one
# is still suspended with its own (retired) key, which re-signs its list.
expect_exit 0 "$PUENTE" issue --standard CR/CR-FARM-01 \
	--holder-did did:key:z6MkBeforeRotation -o old.json --json
old=$(json 'd["id"]' <"$T/out")
expect_exit 0 "$PUENTE" keys rotate
expect_exit 0 "$PUENTE" issue --standard CR/CR-FARM-01 \
	--holder-did did:key:z6MkAfterRotation -o new.json --json
newlist=$(json 'd["list"]' <"$T/out")
[ "$newlist" -gt 1 ] || fail "the new key uses list $newlist"
[ "$(json 'd["issuer"]["id"]' <new.json)" != "$issuer" ] || fail "same issuer after rotation"
expect_exit 0 "$PUENTE" revoke "$old" --suspend --reason "after rotation" --json
expect_eq 1 "$(json 'd["lists"]' <"$T/out")" "old list re-signed"
expect_exit 1 "$PUENTE" verify old.json --trust tl.json
expect_stdout_contains "status     suspended"
expect_stdout_contains "signature  valid"

# Every change audited, with its reason; the chain is intact.
expect_exit 0 "$PUENTE" audit list --json
expect_stdout_contains "credential.revoke"
expect_stdout_contains "assessment annulled"
expect_stdout_contains "credential.suspend"
expect_stdout_contains "credential.unsuspend"
expect_stdout_lacks "1-2345-6789"
expect_exit 0 "$PUENTE" audit verify
echo "ok"
