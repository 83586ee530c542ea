# Shared by tests/cli/test_*.sh (sourced). POSIX sh.
#
# Environment (set by ctest, see tests/CMakeLists.txt):
#   PUENTE          the puente binary under test
#   PU_SOURCE_DIR   the repository root
#   PU_SHARED_DATA  the real data folder (may be absent)
#
# Each test runs in its own temporary folder $T (removed on exit), with
# PUENTE_DB pointing at $T/puente.db so nothing touches var/puente.db.
#
# run CMD...                      runs CMD; $rc, $T/out and $T/err hold the result
# expect_exit CODE CMD...         run, and fail unless the exit code is CODE
# expect_stdout_contains TEXT     about the last run (fixed strings)
# expect_stderr_contains TEXT
# expect_stdout_lacks TEXT
# expect_eq WANT GOT WHAT         compare two strings
# expect_ge MIN GOT WHAT          compare two integers
# json EXPR < FILE                prints a Python expression over d = the JSON
# db_state FILE                   writes `status --json` (without size and path)
#                                 and a full export, to compare two states
# fail MESSAGE / skip MESSAGE     exit 1 / exit 77

set -u

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "skipped: $*"
	exit 77
}

: "${PUENTE:?PUENTE must name the puente binary}"
: "${PU_SOURCE_DIR:?PU_SOURCE_DIR must name the repository root}"
# Absolute paths: the tests run in their temporary folder.
case $PUENTE in /*) ;; *) PUENTE=$(pwd)/$PUENTE ;; esac
case $PU_SOURCE_DIR in /*) ;; *) PU_SOURCE_DIR=$(pwd)/$PU_SOURCE_DIR ;; esac
[ -x "$PUENTE" ] || fail "PUENTE=$PUENTE is not an executable"
PY=/usr/bin/python3
[ -x "$PY" ] || skip "$PY absent (needed to read JSON output)"

T=$(mktemp -d "${TMPDIR:-/tmp}/puente-cli.XXXXXX") || fail "mktemp -d"
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 130' HUP INT TERM
cd "$T" || fail "cd $T"
PUENTE_DB="$T/puente.db"
export PUENTE_DB

# The last command, for messages.
last=""
rc=0

run() {
	last="$*"
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
}

show_last() {
	echo "  command: $last" >&2
	echo "  exit:    $rc" >&2
	echo "  stdout:" >&2
	head -c 2000 "$T/out" | sed 's/^/    /' >&2
	echo "  stderr:" >&2
	head -c 2000 "$T/err" | sed 's/^/    /' >&2
}

expect_exit() {
	want=$1
	shift
	run "$@"
	if [ "$rc" -ne "$want" ]; then
		show_last
		fail "expected exit $want, got $rc"
	fi
}

expect_stdout_contains() {
	if ! grep -qF -- "$1" "$T/out"; then
		show_last
		fail "stdout lacks \"$1\""
	fi
}

expect_stdout_lacks() {
	if grep -qF -- "$1" "$T/out"; then
		show_last
		fail "stdout has \"$1\""
	fi
}

expect_stderr_contains() {
	if ! grep -qF -- "$1" "$T/err"; then
		show_last
		fail "stderr lacks \"$1\""
	fi
}

expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected \"$1\", got \"$2\""
}

expect_ge() {
	[ "$2" -ge "$1" ] 2>/dev/null || fail "$3: expected at least $1, got \"$2\""
}

json() {
	"$PY" -c 'import json, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1])
print(json.dumps(r) if isinstance(r, (dict, list, bool)) or r is None else r)' "$1" ||
		fail "json: cannot evaluate $1"
}

db_state() {
	"$PUENTE" status --json >"$T/state.status" 2>&1 ||
		fail "db_state: status failed: $(cat "$T/state.status")"
	"$PUENTE" export -o "$T/state.export" ||
		fail "db_state: export failed"
	{
		"$PY" -c 'import json, sys
d = json.load(sys.stdin)
d.pop("bytes", None)
d.pop("database", None)
print(json.dumps(d, sort_keys=True))' <"$T/state.status" ||
			fail "db_state: status --json is not JSON"
		cat "$T/state.export"
	} >"$1"
}

# Imports the reference data in the order it needs: frameworks, referencing,
# then the demo catalogue.
import_reference_data() {
	for dir in frameworks referencing catalog; do
		for f in "$PU_SOURCE_DIR/data/$dir"/*.json; do
			expect_exit 0 "$PUENTE" import "$f"
		done
	done
}
