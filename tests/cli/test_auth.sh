# puente user and puente audit: accounts made and listed, disabled and
# enabled, API tokens; an authority's import (--as) refused outside its
# country with nothing written; the audit log verified, then tampered with
# SQL and found broken, and a cut tail found against a recorded head.
. "$(dirname "$0")/lib.sh"

PW="correct horse battery"
printf '%s\n' "$PW" >"$T/pw"
data="$PU_SOURCE_DIR/data"

# SQL on the database file, as an intruder would (Python's sqlite3: the
# sqlite3 shell may be absent).
sql() {
	"$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(sys.argv[2])
c.commit()' "$PUENTE_DB" "$1" || fail "sql: $1"
}

add_user() {
	printf '%s\n' "$PW" | "$PUENTE" user add "$@"
}

expect_exit 0 "$PUENTE" help user
expect_stdout_contains "usage: puente user add"
expect_exit 0 "$PUENTE" help audit
expect_stdout_contains "usage: puente audit verify"
expect_exit 2 "$PUENTE" user
expect_exit 2 "$PUENTE" user frobnicate
expect_exit 2 "$PUENTE" audit

expect_exit 0 "$PUENTE" init

# Accounts: the password from standard input or a file, never argv.
expect_exit 0 add_user ana --role admin
expect_stdout_contains "added user 1: ana (admin)"
expect_exit 0 "$PUENTE" user add cl-auth --role authority --country CL \
	--password-file "$T/pw"
expect_exit 0 "$PUENTE" user add --json pe-auth --role authority \
	--country PE --password-file "$T/pw"
expect_eq 3 "$(json 'd["id"]' <"$T/out")" "id of the third user"
expect_exit 0 "$PUENTE" user add cl-staff --role centre --country CL \
	--centre STGO-1 --password-file "$T/pw" --as cl-auth
printf 'too short\n' >"$T/weak"
expect_exit 1 "$PUENTE" user add weak --role admin --password-file "$T/weak"
expect_stderr_contains "at least 12 characters"
expect_exit 1 add_user ana --role admin
expect_stderr_contains "already exists"
expect_exit 2 add_user root --role superuser
expect_exit 1 add_user nocountry --role authority
expect_exit 5 "$PUENTE" user add pe-staff --role centre --country PE \
	--centre LIMA --password-file "$T/pw" --as cl-auth
expect_stderr_contains "authority of CL may not manage PE's accounts"
expect_exit 1 "$PUENTE" user add x --role admin --password-file "$T/none"

expect_exit 0 "$PUENTE" user list
expect_stdout_contains "cl-auth"
expect_stdout_contains "STGO-1"
expect_exit 0 "$PUENTE" user list --json
expect_eq 4 "$(json 'len(d)' <"$T/out")" "accounts listed"
expect_eq authority "$(json '[u["role"] for u in d if u["name"] == "cl-auth"][0]' <"$T/out")" \
	"role of cl-auth"
expect_eq '[]' "$(json '[u for u in d if "password" in u]' <"$T/out")" \
	"no password in the listing"
expect_exit 0 "$PUENTE" user list --json --as cl-auth
expect_eq 2 "$(json 'len(d)' <"$T/out")" "accounts an authority of CL sees"

# Scope: the authority of Chile writes Chile's data, not Peru's.
expect_exit 0 "$PUENTE" import "$data/frameworks/eqf.json"
expect_exit 0 "$PUENTE" import "$data/frameworks/pe-mncp.json"
expect_exit 0 "$PUENTE" import --as cl-auth "$data/frameworks/cl-mctp.json"
db_state "$T/before"
expect_exit 5 "$PUENTE" import --as cl-auth "$data/catalog/pe-trades.json"
expect_stderr_contains "pe-trades.json: standards[0] (PE/"
expect_stderr_contains "authority of CL may not write PE's catalogue"
db_state "$T/after"
cmp -s "$T/before" "$T/after" || fail "a refused import changed the database"
expect_exit 5 "$PUENTE" import --as cl-auth "$data/frameworks/pe-mncp.json"
expect_stderr_contains "may not write PE's frameworks"
expect_exit 0 "$PUENTE" import --as pe-auth "$data/catalog/pe-trades.json"
expect_exit 0 "$PUENTE" import --as cl-auth "$data/catalog/cl-trades.json"
expect_exit 5 "$PUENTE" import --as cl-staff "$data/catalog/cl-trades.json"
expect_stderr_contains "centre staff of CL/STGO-1 may not write CL's catalogue"
expect_exit 5 "$PUENTE" import --as ghost "$data/catalog/cl-trades.json"
expect_stderr_contains "no user ghost"

# Disabled accounts act no more.
expect_exit 0 "$PUENTE" user disable cl-auth
expect_exit 0 "$PUENTE" user list
expect_stdout_contains "disabled"
expect_exit 5 "$PUENTE" import --as cl-auth "$data/catalog/cl-trades.json"
expect_stderr_contains "disabled"
expect_exit 0 "$PUENTE" user enable cl-auth
expect_exit 0 "$PUENTE" import --as cl-auth "$data/catalog/cl-trades.json"
expect_exit 3 "$PUENTE" user disable ghost

# API tokens: shown once.
expect_exit 0 "$PUENTE" user token cl-auth --label nightly
case $(cat "$T/out") in
pua_???????????????????????????????????????????) ;;
*) show_last; fail "not an API token" ;;
esac
expect_stderr_contains "shown once"
expect_exit 0 "$PUENTE" user token --json cl-auth --label ci
id=$(json 'd["id"]' <"$T/out")
expect_exit 0 "$PUENTE" user revoke "$id"
expect_exit 0 "$PUENTE" user tokens --json cl-auth
expect_eq '[false, true]' "$(json '[t["revoked"] for t in d]' <"$T/out")" \
	"tokens listed, the second revoked"
expect_stdout_lacks "pua_"
expect_exit 3 "$PUENTE" user revoke 999
expect_exit 2 "$PUENTE" user token cl-auth
expect_exit 0 "$PUENTE" user password cl-auth --password-file "$T/pw"

# The audit log: who did what, and the chain intact.
expect_exit 0 "$PUENTE" audit list
expect_stdout_contains "cl-auth"
expect_stdout_contains "cl-trades.json"
expect_stdout_contains "user.disable"
expect_stdout_lacks "$T"
expect_exit 0 "$PUENTE" audit list --json --limit 3
expect_eq 3 "$(json 'len(d)' <"$T/out")" "audit list --limit 3"
expect_eq token.revoke "$(json 'd[1]["action"]' <"$T/out")" "action"
expect_exit 0 "$PUENTE" audit list --json --as pe-auth
expect_eq '["PE"]' "$(json 'sorted(set(e["country"] for e in d))' <"$T/out")" \
	"an authority reads its country's entries"
expect_exit 5 "$PUENTE" audit list --as pe-auth --country CL
expect_exit 5 "$PUENTE" audit verify --as pe-auth
expect_exit 2 "$PUENTE" audit list --limit zero
expect_exit 0 "$PUENTE" audit verify
expect_stdout_contains "audit log intact"
expect_exit 0 "$PUENTE" audit verify --json
expect_eq true "$(json 'd["intact"]' <"$T/out")" "intact"
n=$(json 'd["checked"]' <"$T/out")
head="$(json 'd["head"]["seq"]' <"$T/out"):$(json 'd["head"]["hash"]' <"$T/out")"
expect_ge 15 "$n" "audit entries"
expect_exit 0 "$PUENTE" audit verify --head "$head"
expect_exit 2 "$PUENTE" audit verify --head nonsense

# Tampering: an edited row, then a deleted one, then a cut tail.
cp "$PUENTE_DB" "$T/clean.db"
sql "UPDATE audit SET actor = 'pe-auth' WHERE seq = 6"
expect_exit 1 "$PUENTE" audit verify
expect_stdout_contains "BROKEN at entry 6 (edited)"
expect_exit 1 "$PUENTE" audit verify --json
expect_eq edited "$(json 'd["problem"]' <"$T/out")" "problem"
expect_eq 6 "$(json 'd["broken_seq"]' <"$T/out")" "broken entry"

cp "$T/clean.db" "$PUENTE_DB"
rm -f "$PUENTE_DB-wal" "$PUENTE_DB-shm"
expect_exit 0 "$PUENTE" audit verify
sql "DELETE FROM audit WHERE seq = 4"
expect_exit 1 "$PUENTE" audit verify
expect_stdout_contains "entry 4 is missing"

cp "$T/clean.db" "$PUENTE_DB"
rm -f "$PUENTE_DB-wal" "$PUENTE_DB-shm"
sql "DELETE FROM audit WHERE seq >= $((n - 1))"
expect_exit 0 "$PUENTE" audit verify
expect_exit 1 "$PUENTE" audit verify --head "$head"
expect_stdout_contains "(truncated)"
exit 0
