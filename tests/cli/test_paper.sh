# puente keys and puente certificate: a key store made, listed and rotated
# (old key kept, retired), a wrong passphrase refused with exit 5, a key file
# others can read refused; a PDF certificate from the OB 3.0 sample with its
# text read back, a QR payload that decodes to the canonical credential, and
# refused payloads with their own messages.
. "$(dirname "$0")/lib.sh"

sample="${PU_SHARED_DATA:-/nonexistent}/vectors/ob3-peer/ob3-eddsa-jcs-2022-valid.json"

PUENTE_KEYS="$T/keys"
export PUENTE_KEYS
unset PUENTE_KEY_PASSPHRASE

expect_exit 0 "$PUENTE" help keys
expect_stdout_contains "usage: puente keys new"
expect_exit 2 "$PUENTE" keys
expect_exit 2 "$PUENTE" certificate frobnicate

# No passphrase anywhere: refused before anything is created.
expect_exit 5 "$PUENTE" keys new
expect_stderr_contains "PUENTE_KEY_PASSPHRASE"
[ -e "$T/keys" ] && fail "a key directory was created without a passphrase"

PUENTE_KEY_PASSPHRASE="correct horse battery"
export PUENTE_KEY_PASSPHRASE
expect_exit 0 "$PUENTE" keys new --json
first=$(json 'd["did"]' <"$T/out")
case $first in did:key:z6Mk*) ;; *) fail "not a did:key: $first" ;; esac
mode=$(stat -c %a "$T/keys")
expect_eq 700 "$mode" "key directory mode"
for f in "$T"/keys/*.json; do
	expect_eq 600 "$(stat -c %a "$f")" "key file mode"
done
expect_exit 1 "$PUENTE" keys new
expect_stderr_contains "rotate it instead"

# Rotation with a wrong passphrase: exit 5, nothing changed.
PUENTE_KEY_PASSPHRASE="wrong horse battery" \
	expect_exit 5 "$PUENTE" keys rotate
expect_stderr_contains "wrong passphrase"
# From a file (first line), as a service would.
printf '%s\nignored\n' "correct horse battery" >"$T/pass"
chmod 644 "$T/pass"
expect_exit 5 "$PUENTE" keys rotate --passphrase-file "$T/pass"
expect_stderr_contains "chmod 600"
chmod 600 "$T/pass"
expect_exit 0 "$PUENTE" keys rotate --passphrase-file "$T/pass"
expect_exit 0 "$PUENTE" keys list --json
expect_eq 2 "$(json 'len(d)' <"$T/out")" "keys after rotation"
expect_eq "$first" "$(json 'd[0]["did"]' <"$T/out")" "oldest key"
expect_eq retired "$(json 'd[0]["status"]' <"$T/out")" "old key status"
expect_eq active "$(json 'd[1]["status"]' <"$T/out")" "new key status"
expect_exit 0 "$PUENTE" keys list
expect_stdout_contains "retired"

# A key file others can read is refused, with the fix.
f=$(ls "$T"/keys/*.json | head -1)
chmod 644 "$f"
expect_exit 5 "$PUENTE" keys list
expect_stderr_contains "chmod 600"
chmod 600 "$f"

[ -f "$sample" ] || skip "shared data absent: certificates not tested"

# The QR payload of the sample, and back to its canonical form.
expect_exit 0 "$PUENTE" certificate payload "$sample" --svg "$T/qr.svg" --json
expect_eq 29 "$(json 'd["qrVersion"]' <"$T/out")" "QR version"
json 'd["payload"]' <"$T/out" >"$T/payload"
grep -q '^PU1:' "$T/payload" || fail "payload lacks its prefix"
grep -q '<svg' "$T/qr.svg" || fail "no SVG written"
# The SVG, as a browser draws it for the portal, reads back to the payload.
if command -v chromium >/dev/null 2>&1 && command -v zbarimg >/dev/null 2>&1
then
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--screenshot="$T/svg.png" --window-size=640,640 \
		"file://$T/qr.svg" >/dev/null 2>&1 ||
		fail "chromium could not draw the SVG"
	zbarimg --raw -q "$T/svg.png" 2>/dev/null | tr -d '\n' >"$T/scanned"
	expect_eq "$(tr -d '\n' <"$T/payload")" "$(cat "$T/scanned")" \
		"QR code of the SVG, scanned"
fi
expect_exit 0 "$PUENTE" certificate decode "$T/payload"
"$PY" -c 'import json, sys
a = json.load(open(sys.argv[1]))
b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else 1)' "$sample" "$T/out" ||
	fail "decoded credential differs from the sample"
expect_exit 0 "$PUENTE" certificate decode <"$T/payload"
expect_stdout_contains "OpenBadgeCredential"

# Refused payloads, each with its own message.
printf 'HC1:NCF\n' >"$T/bad"
expect_exit 1 "$PUENTE" certificate decode "$T/bad"
expect_stderr_contains "not a Puente QR payload"
sed 's/^PU1:/PU9:/' "$T/payload" >"$T/bad"
expect_exit 1 "$PUENTE" certificate decode "$T/bad"
expect_stderr_contains "unknown QR payload version"
sed 's/^PU1:\(.\)./PU1:\1a/' "$T/payload" >"$T/bad"
expect_exit 1 "$PUENTE" certificate decode "$T/bad"
expect_stderr_contains "bad Base45 character 'a' at offset 5"
"$PY" -c 'import sys
p = open(sys.argv[1]).read().strip()
c = p[10]
p = p[:10] + ("1" if c == "0" else "0") + p[11:]
open(sys.argv[2], "w").write(p)' "$T/payload" "$T/bad"
expect_exit 1 "$PUENTE" certificate decode "$T/bad"
expect_stderr_contains "bad checksum"

# The PDF: Spanish and English, the sample's Devanagari reported.
expect_exit 2 "$PUENTE" certificate pdf "$sample" --lang es
expect_exit 2 "$PUENTE" certificate pdf "$sample" -o "$T/c.pdf"
expect_exit 1 "$PUENTE" certificate pdf "$sample" -o "$T/c.pdf" --lang de
expect_stderr_contains "es en fr pt ht"
expect_exit 0 "$PUENTE" certificate pdf "$sample" -o "$T/c.pdf" --lang es \
	--issuer-lang en --verify-url https://puente.example.org/verify --json
expect_eq 1 "$(json 'd["pages"]' <"$T/out")" "pages"
expect_stderr_contains "U+0935"
head -c 5 "$T/c.pdf" | grep -q '%PDF-' || fail "not a PDF"
expect_exit 1 "$PUENTE" certificate pdf "$sample" -o "$T/d.pdf" --lang es \
	--strict
[ -e "$T/d.pdf" ] && fail "a refused PDF was written"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$T/c.pdf" "$T/c.txt"
	grep -q "Certificado de competencia laboral" "$T/c.txt" ||
		fail "PDF text lacks its title"
	grep -q "puente.example.org/verify" "$T/c.txt" ||
		fail "PDF text lacks the verification address"
fi
echo "ok"
